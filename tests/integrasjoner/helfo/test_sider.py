"""Pages and API for claims to HELFO: the GP office's own claims only (the same 404 for
another unit's, 403 without the SIGN right), every patient shown audited, a bad
correction re-rendered in Norwegian with what was typed, and the worklist's correct and
resend over the real stand-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import http
from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.helfo.models import Behandlerkrav, Kravlinje, KravStatus, LinjeStatus
from integrasjoner.helfo.services import HELFO, Kravkilde, krav_create, krav_send, oppgjoer_poll
from integrasjoner.standin.server import Standin
from tests.acting import acting_as
from tests.conftest import api_client, logged_in
from tests.integrasjoner.helfo.conftest import fnr, pasient_med_fnr, regning

pytestmark = pytest.mark.django_db


@pytest.fixture
def krav(kontor: Enhet, fastlege: Ansatt) -> Behandlerkrav:
    kilder = []
    for nr, takster in ((1, (("2ad", "199"),)), (2, (("2ad", "199"), ("2cd", "150")))):
        r = regning(nr, fodselsnr=fnr(nr=300 + nr * 11), takster=takster)
        kilder.append(Kravkilde(regning=r, pasient_id=pasient_med_fnr(kontor, r.fnr).pk))
    with acting_as(fastlege):
        return krav_create(
            actor=fastlege,
            enhet=kontor,
            behandler=fastlege,
            fra=dt.date(2026, 11, 30),
            til=dt.date(2026, 12, 6),
            kilder=kilder,
        )


def _deliver() -> None:
    for lev in Levering.objects.filter(mottaker=HELFO, status="venter"):
        levering_deliver(levering_id=lev.id)


def _paths(krav: Behandlerkrav) -> list[str]:
    return [
        "/integrasjoner/helfo/",
        f"/integrasjoner/helfo/krav/{krav.pk}/",
        "/integrasjoner/helfo/avviste/",
        "/api/v1/helfo/krav/",
        f"/api/v1/helfo/krav/{krav.pk}/linjer/",
    ]


def test_the_gp_sees_claims_and_lines_and_each_patient_shown_is_audited(
    krav: Behandlerkrav, fastlege: Ansatt, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(fastlege)
    with django_assert_max_num_queries(25):
        side = client.get(f"/integrasjoner/helfo/krav/{krav.pk}/")
    liste = client.get("/integrasjoner/helfo/")
    api = api_client(fastlege).get(f"/api/v1/helfo/krav/{krav.pk}/linjer/")
    assert side.status_code == liste.status_code == api.status_code == 200
    html = side.content.decode()
    assert html.count('data-testid="linje-rad"') == 2
    assert "Validert" in liste.content.decode()
    assert [r["regning_nr"] for r in api.json()["resultater"]] == ["1", "2"]
    lest = AuditLogg.objects.filter(hendelse=AuditEvent.HELFO_KRAV_READ)
    assert lest.exclude(pasient_id=None).values("pasient_id").distinct().count() == 2


@pytest.mark.parametrize("who", ["annen_lege", "sekretaer_uten_signering"])
def test_another_unit_gets_404_and_a_role_without_signing_403(
    krav: Behandlerkrav, who: str, request: pytest.FixtureRequest
) -> None:
    ansatt: Ansatt = request.getfixturevalue(who)
    expected = 404 if who == "annen_lege" else 403
    client = logged_in(ansatt)
    for path in _paths(krav)[1:2] + _paths(krav)[4:]:
        assert client.get(path).status_code == expected, path
    assert api_client(ansatt).post(f"/api/v1/helfo/krav/{krav.pk}/send/").status_code == expected
    if who == "annen_lege":  # its own (empty) lists are fine, and show nothing of ours
        assert str(krav.pk) not in client.get("/integrasjoner/helfo/").content.decode()
    else:
        assert client.get("/integrasjoner/helfo/").status_code == 403
    assert Behandlerkrav.objects.get().status == KravStatus.VALIDERT


def test_worklist_correct_and_resend_until_paid(
    krav: Behandlerkrav,
    fastlege: Ansatt,
    helfo_standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given HELFO rejects 2cd, and the claim is sent from the page and settled
    http.post_json(f"{helfo_standin.url}/_kontroll/helfo", {"avvis_takster": ["2cd"]})
    client = logged_in(fastlege)
    with django_capture_on_commit_callbacks(execute=False):
        svar = client.post(f"/integrasjoner/helfo/krav/{krav.pk}/send/")
    assert svar.status_code == 302
    _deliver()
    with django_capture_on_commit_callbacks(execute=False):
        oppgjoer_poll()
    # when the GP opens the worklist
    side = client.get("/integrasjoner/helfo/avviste/")
    html = side.content.decode()
    assert html.count('data-testid="avvist-linje"') == 1
    assert "Takstkoden kan ikke kreves" in html
    linje = Kravlinje.objects.get(status=LinjeStatus.AVVIST)
    prefix = str(linje.pk)
    # a bad correction is shown next to the field, with what was typed
    feil = client.post(
        f"/integrasjoner/helfo/avviste/{linje.pk}/",
        {f"{prefix}-takster": "2ad tjue", f"{prefix}-diagnoser": "T90"},
    )
    assert feil.status_code == 400
    assert "har ikke et gyldig beløp" in feil.content.decode()
    assert "2ad tjue" in feil.content.decode()
    # then a good one, and resend
    ok = client.post(
        f"/integrasjoner/helfo/avviste/{linje.pk}/",
        {f"{prefix}-takster": "2ad 199", f"{prefix}-diagnoser": "T90"},
    )
    assert ok.status_code == 302
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post("/integrasjoner/helfo/avviste/send/").status_code == 302
    _deliver()
    with django_capture_on_commit_callbacks(execute=False):
        oppgjoer_poll()
    # the worklist is empty, the new claim is settled and paid
    assert 'data-testid="tom"' in client.get("/integrasjoner/helfo/avviste/").content.decode()
    nytt = Behandlerkrav.objects.get(korrigerer=krav)
    assert nytt.status == KravStatus.OPPGJORT
    assert nytt.linjer.get().status == LinjeStatus.BETALT
    api = api_client(fastlege).get("/api/v1/helfo/krav/").json()["resultater"]
    assert {k["status"] for k in api} == {"oppgjort"}


def test_build_this_week_without_consultations_says_so(fastlege: Ansatt, kontor: Enhet) -> None:
    client = logged_in(fastlege)
    svar = client.post("/integrasjoner/helfo/bygg/", follow=True)
    assert svar.status_code == 200
    assert "ingen konsultasjoner å kreve refusjon for" in svar.content.decode()
    assert not Behandlerkrav.objects.exists()


def test_the_api_sends_once(
    krav: Behandlerkrav, fastlege: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client(fastlege)
    with django_capture_on_commit_callbacks(execute=False):
        forste = client.post(f"/api/v1/helfo/krav/{krav.pk}/send/")
        andre = client.post(f"/api/v1/helfo/krav/{krav.pk}/send/")
    assert forste.status_code == andre.status_code == 202
    assert forste.json()["status"] == "sendt"
    assert Levering.objects.filter(mottaker=HELFO).count() == 1


def test_unknown_settlements_are_for_administrators(
    admin_uten_pasienttilgang: Ansatt, fastlege: Ansatt
) -> None:
    assert logged_in(fastlege).get("/integrasjoner/helfo/ukjente-oppgjoer/").status_code == 403
    svar = logged_in(admin_uten_pasienttilgang).get("/integrasjoner/helfo/ukjente-oppgjoer/")
    assert svar.status_code == 200


def test_sending_from_the_page_twice_is_harmless(
    krav: Behandlerkrav, fastlege: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False), acting_as(fastlege):
        krav_send(actor=fastlege, krav_id=krav.pk)
    client = logged_in(fastlege)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/integrasjoner/helfo/krav/{krav.pk}/send/")
    assert Levering.objects.filter(mottaker=HELFO).count() == 1


def test_the_api_refuses_to_send_a_failed_claim_in_norwegian(
    krav: Behandlerkrav, fastlege: Ansatt
) -> None:
    Behandlerkrav.objects.filter(pk=krav.pk).update(status=KravStatus.FEILET)
    svar = api_client(fastlege).post(f"/api/v1/helfo/krav/{krav.pk}/send/")
    assert svar.status_code == 400
    assert "Bare validerte krav kan sendes." in svar.content.decode()
    assert not Levering.objects.filter(mottaker=HELFO).exists()


def test_fetching_settlements_now_is_queued_for_the_gp_only(
    fastlege: Ansatt, sekretaer_uten_signering: Ansatt
) -> None:
    svar = logged_in(fastlege).post("/integrasjoner/helfo/hent-oppgjoer/", follow=True)
    assert svar.status_code == 200
    assert "Oppgjør hentes fra HELFO" in svar.content.decode()
    nektet = logged_in(sekretaer_uten_signering).post("/integrasjoner/helfo/hent-oppgjoer/")
    assert nektet.status_code == 403
