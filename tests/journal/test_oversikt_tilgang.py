"""The overview decides access once and then reads each section by the patient only: the
same entries stay hidden (blocks of single entries, also under emergency access), the same
audit rows are written, and a refusal is the same 404 with its refusal row."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Kode, Paaroerende, Pasient, SperringMal, TilgangType
from journal.seeds import kodeverk_startsett_load
from journal.services import sperring_create, utvidet_tilgang_open
from journal.services.kritisk import diagnose_create
from tests.acting import acting_as
from tests.conftest import actor, api_client, logged_in
from tests.factories import JournalnotatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


@pytest.fixture
def saksbehandler(enhet: Enhet) -> Ansatt:
    """Registers blocks on the patient's request (has manage_blocking)."""
    return actor(enhet, "saksbehandler", username="saksb1", helsepersonellkategori="")


@pytest.fixture
def fremmed(annen_enhet: Enhet) -> Ansatt:
    """A nurse in another unit: no relationship with `pasient`."""
    return actor(annen_enhet, "sykepleier", username="spl-sor", last_name="Sørby")


def _record_with_blocked_entries(
    lege: Ansatt, saksbehandler: Ansatt, pasient: Pasient, enhet: Enhet, blokkert_for: Enhet
) -> None:
    """Two notes, two problems and two next of kin; one of each blocked for `blokkert_for`."""
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Synlig notat", signert=True)
    skjult_notat = JournalnotatFactory(
        pasient=pasient, enhet=enhet, tittel="Hemmelig notat", signert=True
    )
    with acting_as(lege):
        diagnoser = [
            diagnose_create(
                actor=lege,
                pasient_id=pasient.pk,
                kode_id=Kode.objects.get(kodeverk="ICPC-2", kode=kode).pk,
                merknad=merknad,
            )
            for kode, merknad in (("T90", "Synlig merknad"), ("P76", "Hemmelig merknad"))
        ]
    Paaroerende.objects.create(pasient=pasient, navn="Synlig Svendsen", relasjon="datter")
    skjult_paar = Paaroerende.objects.create(
        pasient=pasient, navn="Hemmelig Hansen", relasjon="bror"
    )
    with acting_as(saksbehandler):
        for objekt_type, objekt_id in (
            ("journal.Journalnotat", skjult_notat.pk),
            ("journal.Diagnose", diagnoser[1].pk),
            ("journal.Paaroerende", skjult_paar.pk),
        ):
            sperring_create(
                actor=saksbehandler,
                pasient_id=pasient.pk,
                mal=SperringMal.ENHET,
                enhet_id=blokkert_for.pk,
                objekt_type=objekt_type,
                objekt_id=str(objekt_id),
            )


def _assert_blocked_entries_hidden(data: dict[str, Any], html: str) -> None:
    assert [n["sperret"] for n in data["notater"]].count(True) == 1
    assert [n.get("tittel") for n in data["notater"] if not n["sperret"]] == ["Synlig notat"]
    assert sorted(d["sperret"] for d in data["diagnoser"]) == [False, True]
    assert [set(d) for d in data["diagnoser"] if d["sperret"]] == [{"id", "sperret"}]
    assert "Hemmelig" not in str(data)
    assert "Synlig notat" in html
    assert "Sperret notat" in html
    assert "Sperret oppføring" in html
    assert "Hemmelig" not in html


def _events(ansatt: Ansatt) -> Counter[int]:
    return Counter(AuditLogg.objects.filter(aktor_id=ansatt.pk).values_list("hendelse", flat=True))


def test_entries_blocked_for_the_unit_stay_hidden_and_every_section_is_audited(
    lege_med_relasjon: Ansatt, saksbehandler: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    _record_with_blocked_entries(lege_med_relasjon, saksbehandler, pasient, enhet, enhet)
    before = _events(lege_med_relasjon)
    # when
    data = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/").json()
    html = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/oversikt/").content.decode()
    # then: blocked entries show as "sperret" only
    _assert_blocked_entries_hidden(data, html)
    assert {"sperret": True} in data["pasient"]["paarorende"]
    # and each overview wrote the patient read, one row per note title shown, and one row
    # per section, all on the basis of the care relationship
    assert _events(lege_med_relasjon) - before == {
        AuditEvent.PASIENT_READ: 2,
        AuditEvent.NOTAT_LISTED: 2,
        AuditEvent.DIAGNOSE_READ: 2,
        AuditEvent.MALING_READ: 2,
        AuditEvent.TJENESTE_READ: 2,
        AuditEvent.OVERSIKT_READ: 2,
    }
    read = AuditLogg.objects.filter(hendelse=AuditEvent.OVERSIKT_READ).last()
    assert read is not None
    assert read.grunnlag == "relasjon"


def test_emergency_access_opens_a_blocked_record_but_not_its_blocked_entries(
    lege_med_relasjon: Ansatt,
    saksbehandler: Ansatt,
    fremmed: Ansatt,
    pasient: Pasient,
    enhet: Enhet,
    annen_enhet: Enhet,
) -> None:
    # given: the record is blocked for the other unit, and so are single entries
    _record_with_blocked_entries(lege_med_relasjon, saksbehandler, pasient, enhet, annen_enhet)
    with acting_as(saksbehandler):
        sperring_create(
            actor=saksbehandler,
            pasient_id=pasient.pk,
            mal=SperringMal.ENHET,
            enhet_id=annen_enhet.pk,
        )
    assert api_client(fremmed).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/").status_code == 404
    # when
    with acting_as(fremmed):
        utvidet_tilgang_open(
            actor=fremmed,
            identifikator=pasient.identifikator,
            type=TilgangType.AKUTT,
            begrunnelse="Pasienten har falt",
        )
    data = api_client(fremmed).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/").json()
    html = logged_in(fremmed).get(f"/pasienter/{pasient.pk}/oversikt/").content.decode()
    # then
    _assert_blocked_entries_hidden(data, html)
    rows = AuditLogg.objects.filter(aktor_id=fremmed.pk, hendelse=AuditEvent.PASIENT_READ)
    assert [(r.grunnlag, r.ekstra) for r in rows] == [("akutt", {"sperring_overstyrt": True})] * 2
    for event in (AuditEvent.MALING_READ, AuditEvent.TJENESTE_READ, AuditEvent.OVERSIKT_READ):
        row = AuditLogg.objects.filter(aktor_id=fremmed.pk, hendelse=event).first()
        assert row is not None
        assert (row.grunnlag, row.begrunnelse) == ("akutt", "Pasienten har falt")


@pytest.mark.parametrize("url", ["/pasienter/{id}/oversikt/", "/api/v1/pasienter/{id}/oversikt/"])
def test_refused_overview_is_404_with_only_the_refusal_row(
    url: str, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    client = api_client(ansatt_annen_enhet)
    client.force_login(ansatt_annen_enhet)
    response = client.get(url.format(id=pasient.pk))
    # then
    assert response.status_code == 404
    assert _events(ansatt_annen_enhet) == {AuditEvent.PASIENT_READ_REFUSED: 1}
    refused = AuditLogg.objects.get(aktor_id=ansatt_annen_enhet.pk)
    assert refused.pasient_id == pasient.pk
