"""The ward's task list: grouping by part of the day and resident, ticks, read-only days,
audit per patient and a query-count guard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.tjenester.sykehjem.conftest import Oppgaveoppsett, plan_with, resident, seng_make
from tjenester.sykehjem.models import Fravaerstype, OppgaveStatus
from tjenester.sykehjem.selectors import avdelingsoppgaver_get, dagsperiode
from tjenester.sykehjem.services import avdelingsoppgave_tick, fravaer_create

pytestmark = pytest.mark.django_db

I_DAG = idag()


def _shape(liste: Any) -> list[tuple[str, str, str, list[str]]]:
    return [
        (p.kode, b.pasient_navn, b.rom, [f"{o.tidspunkt_verdi} {o.tekst}" for o in b.oppgaver])
        for p in liste.perioder
        for b in p.beboere
    ]


def test_list_groups_the_wards_tiltak_by_part_of_day_and_room(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt
) -> None:
    # when
    with acting_as(sykepleier_avd):
        liste = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG)
    # then: home care's tiltak is not on the ward's list
    assert _shape(liste) == [
        ("dagen", "Kari Østby", "101 A", [" Inspiser huden"]),
        ("morgen", "Kari Østby", "101 A", ["08:00 Tilby drikke"]),
        ("morgen", "Berit Beboer", "101 B", ["08:00 Gi legemidler"]),
        ("kveld", "Kari Østby", "101 A", ["20:00 Tilby drikke"]),
    ]
    assert (liste.antall, liste.kvittert) == (4, 0)
    assert liste.kan_kvittere


def test_ticks_show_on_the_list_with_who_and_reason(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, hfa_avd: Ansatt
) -> None:
    # given
    with acting_as(hfa_avd):
        avdelingsoppgave_tick(
            actor=hfa_avd,
            tiltak_id=oppgaver.legemidler.pk,
            dato=I_DAG,
            tidspunkt=dt.time(8),
            status=OppgaveStatus.IKKE_UTFORT,
            grunn="Sov, gis kl. 09",
        )
    # when
    with acting_as(sykepleier_avd):
        liste = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG, periode="morgen")
    # then
    berit = next(b for p in liste.perioder for b in p.beboere if b.pasient_navn == "Berit Beboer")
    kvittering = berit.oppgaver[0].kvittering
    assert kvittering is not None
    assert (kvittering.status, kvittering.grunn, kvittering.utfort_av) == (
        OppgaveStatus.IKKE_UTFORT,
        "Sov, gis kl. 09",
        hfa_avd,
    )
    assert (liste.antall, liste.kvittert) == (2, 1)


def test_other_days_and_roles_without_register_visit_are_read_only(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, leder: Ansatt
) -> None:
    # when
    with acting_as(sykepleier_avd):
        i_morgen = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG + dt.timedelta(days=1))
    with acting_as(leder):
        lederens = avdelingsoppgaver_get(actor=leder, dato=I_DAG)
    # then
    assert i_morgen.antall == 4
    assert not i_morgen.kan_kvittere
    assert lederens.antall == 4
    assert not lederens.kan_kvittere


def test_resident_on_leave_is_marked(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, leder: Ansatt
) -> None:
    # given
    from tjenester.sykehjem.models import Opphold

    opphold = Opphold.objects.get(pasient=oppgaver.berit)
    with acting_as(leder):
        fravaer_create(actor=leder, opphold_id=opphold.pk, type=Fravaerstype.PERMISJON, fra=I_DAG)
    # when
    with acting_as(sykepleier_avd):
        liste = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG, periode="morgen")
    # then
    fravar = {b.pasient_navn: b.fravar_tekst for p in liste.perioder for b in p.beboere}
    assert fravar == {"Kari Østby": "", "Berit Beboer": "Permisjon"}


def test_only_patients_the_actor_may_see(
    oppgaver: Oppgaveoppsett,
    sykepleier_avd: Ansatt,
    lege_med_relasjon: Ansatt,
    avdeling: Enhet,
    enhet: Enhet,
) -> None:
    # given: home care's doctor plans a ward tiltak for a patient the ward has no relation to
    utenfor = PasientFactory(fornavn="Ulf", etternavn="Utenfor", relasjon_til=enhet)
    plan_with(lege_med_relasjon, utenfor, [("Tilsyn", avdeling, (dt.time(8),))])
    # when
    with acting_as(sykepleier_avd):
        liste = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG)
    # then
    navn = {b.pasient_navn for p in liste.perioder for b in p.beboere}
    assert navn == {"Kari Østby", "Berit Beboer"}


def test_ward_of_another_municipality_is_not_found(
    oppgaver: Oppgaveoppsett, lege_med_relasjon: Ansatt, avdeling: Enhet
) -> None:
    # when / then: the named actors work in another virksomhet
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        avdelingsoppgaver_get(actor=lege_med_relasjon, dato=I_DAG, enhet_id=avdeling.pk)


def test_acting_unit_must_be_a_ward(lege_med_relasjon: Ansatt) -> None:
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(ApplicationError, match="avdelingen"):
        avdelingsoppgaver_get(actor=lege_med_relasjon, dato=I_DAG)


def test_listing_is_audited_per_patient(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    with acting_as(sykepleier_avd):
        avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG)
    # then
    rows = AuditLogg.objects.filter(
        aktor_id=sykepleier_avd.pk, hendelse=AuditEvent.AVDELINGSOPPGAVER_LISTED
    )
    assert {r.pasient_id for r in rows} == {oppgaver.kari.pk, oppgaver.berit.pk}
    assert (
        AuditLogg.objects.filter(
            aktor_id=sykepleier_avd.pk, hendelse=AuditEvent.TILTAK_FOREKOMSTER_LISTED
        ).count()
        == 2
    )


def test_query_count_does_not_grow_with_residents(
    oppgaver: Oppgaveoppsett,
    sykepleier_avd: Ansatt,
    leder: Ansatt,
    avdeling: Enhet,
    django_assert_max_num_queries: Any,
) -> None:
    # given: eight more residents with plans and ticks
    for nummer in range(8):
        pasient = PasientFactory()
        resident(leder, seng_make(avdeling, f"2{nummer:02d}", "A"), pasient)
        plan_with(sykepleier_avd, pasient, [("Snu", avdeling, (dt.time(23),))])
    with acting_as(sykepleier_avd):
        avdelingsoppgave_tick(
            actor=sykepleier_avd,
            tiltak_id=oppgaver.drikke.pk,
            dato=I_DAG,
            tidspunkt=dt.time(8),
            status=OppgaveStatus.UTFORT,
        )
        # when / then
        with django_assert_max_num_queries(12):
            liste = avdelingsoppgaver_get(actor=sykepleier_avd, dato=I_DAG)
    assert liste.antall == 12
    assert liste.kvittert == 1


@pytest.mark.parametrize(
    ("tid", "periode"),
    [
        (None, "dagen"),
        (dt.time(5, 59), "natt"),
        (dt.time(6), "morgen"),
        (dt.time(9, 59), "morgen"),
        (dt.time(10), "formiddag"),
        (dt.time(13), "ettermiddag"),
        (dt.time(18), "kveld"),
        (dt.time(21, 59), "kveld"),
        (dt.time(22), "natt"),
    ],
)
def test_part_of_day(tid: dt.time | None, periode: str) -> None:
    assert dagsperiode(tid) == periode
