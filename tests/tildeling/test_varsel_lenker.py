"""Alerts lead somewhere (issue 14: no link to the case or the patient, and "Hva er gjort"
was a tiny unlabelled box): the case officer gets the case, the decision and the record;
a leader the record where access allows; every link opens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tildeling.models import Tjenestetype, Vedtak
from tildeling.tasks import varsler_nattlig

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def utloper(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> Vedtak:
    """A granted decision for the district that runs out in five days: an open alert."""
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(
            saksbehandler, sak, innvilget(katalog["15"], enhet, til=idag() + dt.timedelta(days=5))
        )
    varsler_nattlig()
    return vedtak


def _links(client: Client, url: str) -> dict[str, str]:
    html = client.get(url).content.decode()
    found = re.findall(r'<a href="([^"]+)" data-testid="(varsel-[a-z]+)"', html)
    return {testid: href for href, testid in found}


def test_case_officer_gets_case_decision_and_record_and_they_open(
    saksbehandler: Ansatt, utloper: Vedtak
) -> None:
    client = logged_in(saksbehandler)
    for page in ("/tildeling/varsler/", "/tildeling/"):
        # when
        links = _links(client, page)
        # then
        assert links == {
            "varsel-sak": f"/tildeling/saker/{utloper.sak_id}/",
            "varsel-vedtak": f"/tildeling/vedtak/{utloper.pk}/",
            "varsel-pasient": f"/pasienter/{utloper.pasient_id}/",
        }
        assert {client.get(href).status_code for href in links.values()} == {200}


def test_what_was_done_is_a_labelled_field_with_help(
    saksbehandler: Ansatt, utloper: Vedtak
) -> None:
    # when
    html = logged_in(saksbehandler).get("/tildeling/varsler/").content.decode()
    # then
    field = re.search(r'<textarea id="(k-[^"]+)" name="kommentar"[^>]*>', html)
    assert field is not None
    assert f'<label for="{field.group(1)}">Hva er gjort</label>' in html
    assert f'aria-describedby="{field.group(1)}-hjelp"' in field.group(0)


def test_leader_gets_only_what_they_may_open(enhet: Enhet, utloper: Vedtak) -> None:
    # given: the district's leader (no case handling, a care relationship through the service)
    leder = actor(enhet, "leder", username="liv")
    client = logged_in(leder)
    # when
    links = _links(client, "/tildeling/varsler/")
    # then
    assert "varsel-sak" not in links
    assert "varsel-vedtak" not in links
    assert {client.get(href).status_code for href in links.values()} <= {200}
