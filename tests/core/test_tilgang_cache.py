"""The access cache kept in each process (core.acting, issue 12): a keyed API request costs
one Redis round trip once warm, a change made anywhere is seen at once, and no request
can change what the next one gets."""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.test import Client, override_settings
from rest_framework.test import APIClient

from core import acting
from core.acting import VERSION_KEY, acting_unit_resolve
from core.klokke import naa
from core.models import Ansatt, ApiNoekkel, Enhet, Tilknytning
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def key_for(username: str, password: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def redis_commands_during(action: object) -> list[str]:
    """The commands this test's Redis database received while `action()` ran (MONITOR,
    between two markers; other databases on the server are ignored)."""
    server = redis.Redis.from_url(settings.REDIS_URL)
    db = server.connection_pool.connection_kwargs.get("db", 0)
    marker = uuid.uuid4().hex
    seen: list[str] = []
    with server.monitor() as monitor:  # type: ignore[no-untyped-call]
        server.echo(f"start-{marker}")
        action()  # type: ignore[operator]
        server.echo(f"stop-{marker}")
        started = False
        while True:
            entry = monitor.next_command()
            command = entry["command"]
            if f"start-{marker}" in command:
                started = True
            elif f"stop-{marker}" in command:
                break
            elif started and int(entry["db"]) == int(db):
                seen.append(command)
    server.close()
    return seen


def test_a_warm_keyed_request_reads_only_the_version_from_redis(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given: a key that has been used once (its check and the unit list are cached)
    pasient = PasientFactory(relasjon_til=enhet)
    client = Client(HTTP_AUTHORIZATION=f"Token {key_for('lege1', password)}")
    assert client.get(f"/api/v1/pasienter/{pasient.pk}/").status_code == 200
    responses = []

    # when: the same read again
    commands = redis_commands_during(
        lambda: responses.append(client.get(f"/api/v1/pasienter/{pasient.pk}/"))
    )

    # then: one round trip, for the shared version; the key and unit come from this process
    # (the test clock's offset is read too: KLOKKE_JUSTERBAR, never set in production)
    assert responses[0].status_code == 200
    ours = [c for c in commands if "klokke" not in c]
    assert ours == [f"GET {cache.make_key(VERSION_KEY)}"], commands


def test_a_key_revoked_by_another_process_is_refused_at_once(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given: a key this process has checked and keeps
    pasient = PasientFactory(relasjon_til=enhet)
    key = key_for("lege1", password)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/pasienter/{pasient.pk}/").status_code == 200
    # when: another process revokes it (its row changed, and it bumped the shared version;
    # nothing in this process was told)
    ApiNoekkel.objects.filter(ansatt=lege_med_relasjon).update(tilbakekalt=naa())
    cache.incr(VERSION_KEY)
    # then
    response = client.get(f"/api/v1/pasienter/{pasient.pk}/")
    assert response.status_code == 401
    assert "Logg inn på nytt" in response.json()["detail"]


def test_a_unit_removed_by_another_process_is_gone_at_once(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given: a key whose person acts in one unit, used once
    pasient = PasientFactory(relasjon_til=enhet)
    client = Client(HTTP_AUTHORIZATION=f"Token {key_for('lege1', password)}")
    assert client.get(f"/api/v1/pasienter/{pasient.pk}/").status_code == 200
    # when: another process ends the assignment and bumps the version
    Tilknytning.objects.filter(ansatt=lege_med_relasjon).update(gyldig_til=F("gyldig_fra"))
    cache.incr(VERSION_KEY)
    # then: no unit to act in
    response = client.get(f"/api/v1/pasienter/{pasient.pk}/")
    assert response.status_code == 403
    assert "ingen aktiv tilknytning" in response.json()["detail"]


def test_what_one_request_changes_on_its_unit_the_next_does_not_see(
    lege_med_relasjon: Ansatt,
) -> None:
    # given: the acting unit, read twice through the cache
    first = acting_unit_resolve(ansatt=lege_med_relasjon, enhet_id=None)
    assert first is not None
    name = first.enhet.navn
    # when: a request changes its copy without saving (a failed form, say)
    first.enhet.navn = "Endret i en forespørsel"
    second = acting_unit_resolve(ansatt=lege_med_relasjon, enhet_id=None)
    # then: the next gets its own copy, as it was
    assert second is not None
    assert second.enhet is not first.enhet
    assert second.enhet.navn == name


def test_a_cached_entry_is_copied_for_each_reader_with_its_related_objects(
    lege_med_relasjon: Ansatt,
) -> None:
    # given: an entry with a model instance, its cached related objects, and plain containers
    tilknytning = (
        Tilknytning.objects.select_related("enhet__virksomhet", "rolle")
        .filter(ansatt=lege_med_relasjon)
        .first()
    )
    assert tilknytning is not None
    value = [(tilknytning, frozenset({"view"}), {"liste": [1]}, {"sett"})]
    version = 7
    acting._lokal_set("test:kopi", value, version, time.time() + 60)
    # when: the writer and a reader change what they hold
    tilknytning.enhet.navn = "Endret av den som skrev"
    first = acting._lokal_get("test:kopi", version)
    first[0][0].enhet.virksomhet.navn = "Endret av den første"
    first[0][2]["liste"].append(2)
    first[0][3].add("mer")
    second = acting._lokal_get("test:kopi", version)
    # then: the next reader gets the entry as it was stored, in objects of its own
    copy = second[0][0]
    assert copy is not first[0][0]
    assert copy.enhet is not first[0][0].enhet
    assert copy.enhet.navn != "Endret av den som skrev"
    assert copy.enhet.virksomhet.navn != "Endret av den første"
    assert copy.rolle == tilknytning.rolle
    assert copy.rolle is not tilknytning.rolle
    assert copy._state.db == "default"
    assert not copy._state.adding
    assert second[0][1] == frozenset({"view"})
    assert second[0][2] == {"liste": [1]}
    assert second[0][3] == {"sett"}


def test_the_version_is_read_again_when_its_connection_is_lost() -> None:
    # given: the version read once, on this process's own connection
    cache.set(VERSION_KEY, 41, timeout=None)
    assert acting._version_read() == 41
    held = acting._forbindelse.conn
    assert held is not None
    # when: the server drops that connection, and the version changes meanwhile
    server = redis.Redis.from_url(settings.REDIS_URL)
    held.send_command("CLIENT", "ID")
    server.client_kill_filter(_id=held.read_response())
    server.close()
    cache.incr(VERSION_KEY)
    # then: the read still answers, with the new version, and a new connection next time
    assert acting._version_read() == 42
    assert acting._version_read() == 42
    assert acting._forbindelse.conn is not held


def test_the_version_connection_follows_the_cache_settings() -> None:
    # given: the version read on this process's connection, under the usual cache
    cache.set(VERSION_KEY, 7, timeout=None)
    assert acting._version_read() == 7
    before = acting._forbindelse.conn
    # when: the cache is configured anew (same server, other options)
    changed = {"default": {**settings.CACHES["default"], "OPTIONS": {"socket_timeout": 7.5}}}
    with override_settings(CACHES=changed):
        cache.set(VERSION_KEY, 8, timeout=None)
        inside = acting._version_read()
        held = acting._forbindelse.conn
    # then: read on a connection made from the new cache's pool
    assert inside == 8
    assert held is not before
    assert held.socket_timeout == 7.5
