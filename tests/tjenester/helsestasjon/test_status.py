"""The child's status stored on the enrolment (hs): kept by every service that changes
what is due, recomputed after a programme edit, and read by the worklist on any day
without a write."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.klokke import idag, klokke_set
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.tjenester.helsestasjon.conftest import child, innskrivning_of
from tjenester.helsestasjon.admin import ProgrampunktAdmin
from tjenester.helsestasjon.lib.program import FORFALLER, FORFALT, add_months
from tjenester.helsestasjon.models import (
    Foresatt,
    Innskrivning,
    Programpunkt,
    Vaksinasjon,
    Vaksinedose,
)
from tjenester.helsestasjon.selectors import arbeidsliste_list, barn_status
from tjenester.helsestasjon.services import (
    SysvakDose,
    innskrivning_transfer,
    konsultasjon_register,
    vaksinasjon_give,
    vaksinasjon_invalidate,
    vaksinasjon_refuse,
    vaksinasjoner_sysvak_import,
)

pytestmark = pytest.mark.django_db
AKTUELL = {FORFALLER, FORFALT}


def _give(nurse: Ansatt, pasient: Pasient, kode: str) -> None:
    vaksinasjon_give(
        actor=nurse,
        pasient_id=pasient.pk,
        vaksinedose_id=Vaksinedose.objects.get(kode=kode).pk,
        preparat="Preparat",
        batch="B1",
        sted="laar_v",
    )


def _due(nurse: Ansatt, stasjon: Enhet, pasient: Pasient) -> dict[str, str]:
    """What the worklist shows for the child today: code → status."""
    with acting_as(nurse, stasjon):
        liste = arbeidsliste_list(actor=nurse)
    for rad in liste.side.items:
        if rad.innskrivning.pasient_id == pasient.pk:
            return {p.kode: s.status for p, s in rad.punkter} | {
                d.kode: s.status for d, s in rad.doser
            }
    return {}


def test_enrolment_stores_the_next_consultation_and_dose(ettaaring: Pasient) -> None:
    inn = innskrivning_of(ettaaring)
    # turns one today: the 12-month consultation is the current one; no dose given yet,
    # the first of the 3-month doses (rotavirus is past its highest age)
    assert inn.neste_konsultasjon == "12-mnd"
    assert inn.neste_konsultasjon_forfall == idag()
    assert inn.neste_vaksinedose == "dtp-ipv-hib-hepb-1"
    assert inn.neste_vaksinedose_forfall == add_months(ettaaring.fodselsdato, 3)
    assert inn.status_beregnet == idag()
    assert inn.aktuell_fra is not None
    assert inn.aktuell_fra <= idag()


def test_a_consultation_held_moves_the_next_due(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    assert _due(helsesykepleier, stasjon, ettaaring)["12-mnd"] == "forfaller"
    with acting_as(helsesykepleier, stasjon):
        konsultasjon_register(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            programpunkt_id=Programpunkt.objects.get(kode="12-mnd").pk,
            status="utfort",
            notat="Går langs møblene.",
        )
    inn = innskrivning_of(ettaaring)
    assert inn.neste_konsultasjon == "15-mnd"
    assert inn.neste_konsultasjon_forfall == add_months(ettaaring.fodselsdato, 15)
    assert "12-mnd" not in _due(helsesykepleier, stasjon, ettaaring)


def test_a_dose_given_then_corrected_moves_the_next_dose(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon):
        _give(helsesykepleier, ettaaring, "dtp-ipv-hib-hepb-1")
    inn = innskrivning_of(ettaaring)
    assert inn.neste_vaksinedose == "pkv-1"
    assert "dtp-ipv-hib-hepb-1" not in _due(helsesykepleier, stasjon, ettaaring)
    with acting_as(helsesykepleier, stasjon):
        vaksinasjon_invalidate(
            actor=helsesykepleier,
            vaksinasjon_id=Vaksinasjon.objects.get(pasient=ettaaring, status="gitt").pk,
            grunn="Feil barn valgt.",
        )
    assert innskrivning_of(ettaaring).neste_vaksinedose == "dtp-ipv-hib-hepb-1"
    assert _due(helsesykepleier, stasjon, ettaaring)["dtp-ipv-hib-hepb-1"] == "forfalt"


def test_a_refusal_takes_the_dose_off_the_worklist(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, mor: Foresatt
) -> None:
    assert _due(helsesykepleier, stasjon, ettaaring)["dtp-ipv-hib-hepb-1"] == "forfalt"
    with acting_as(helsesykepleier, stasjon):
        vaksinasjon_refuse(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=Vaksinedose.objects.get(kode="dtp-ipv-hib-hepb-1").pk,
            foresatt_id=mor.pk,
        )
    assert innskrivning_of(ettaaring).neste_vaksinedose == "pkv-1"
    assert "dtp-ipv-hib-hepb-1" not in _due(helsesykepleier, stasjon, ettaaring)


def test_doses_from_sysvak_update_the_status(ettaaring: Pasient, stasjon: Enhet) -> None:
    tid = timezone.make_aware(
        dt.datetime.combine(add_months(ettaaring.fodselsdato, 3), dt.time(10))
    )
    vaksinasjoner_sysvak_import(
        pasient_id=ettaaring.pk,
        enhet_id=stasjon.pk,
        doser=[SysvakDose("DTP-IPV-Hib-HepB", 1, tid), SysvakDose("Pneumokokk", 1, tid)],
    )
    assert innskrivning_of(ettaaring).neste_vaksinedose == "dtp-ipv-hib-hepb-2"


def test_a_transferred_child_brings_its_status(
    ettaaring: Pasient, stasjon: Enhet, annen_stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon):
        ny = innskrivning_transfer(
            actor=helsesykepleier,
            innskrivning_id=innskrivning_of(ettaaring).pk,
            til_enhet_id=annen_stasjon.pk,
        )
    ny.refresh_from_db()
    assert ny.neste_konsultasjon == "12-mnd"
    assert ny.status_beregnet == idag()


def test_a_programme_edit_is_recomputed_by_the_command_and_the_admin(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    punkt = Programpunkt.objects.get(kode="12-mnd")
    Programpunkt.objects.filter(pk=punkt.pk).update(alder_verdi=13)
    assert innskrivning_of(ettaaring).neste_konsultasjon == "12-mnd"  # not yet
    call_command("helsestasjon_status", stdout=None)
    # now a month away: the 10-month consultation is still the current one, overdue
    inn = innskrivning_of(ettaaring)
    assert inn.neste_konsultasjon == "10-mnd"
    assert inn.neste_konsultasjon_forfall == add_months(ettaaring.fodselsdato, 10)
    due = _due(helsesykepleier, stasjon, ettaaring)
    assert due["10-mnd"] == "forfalt"
    assert "12-mnd" not in due
    punkt.refresh_from_db()
    punkt.alder_verdi = 12
    ProgrampunktAdmin(Programpunkt, None).save_model(None, punkt, None, True)  # type: ignore[arg-type]
    assert innskrivning_of(ettaaring).neste_konsultasjon == "12-mnd"


def test_the_clock_moving_two_weeks_makes_a_child_overdue_without_a_write(
    stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    # 21 days old, home visit held: the 4-week consultation is a week away (next week)
    barn = child(stasjon, helsesykepleier, idag() - dt.timedelta(days=21))
    with acting_as(helsesykepleier, stasjon):
        konsultasjon_register(
            actor=helsesykepleier,
            pasient_id=barn.pk,
            programpunkt_id=Programpunkt.objects.get(kode="hjemmebesok").pk,
            status="utfort",
            dato=idag() - dt.timedelta(days=13),
            notat="Trives.",
        )
    assert _due(helsesykepleier, stasjon, barn) == {}
    stored = Innskrivning.objects.values().get(pasient=barn)
    klokke_set(dt.timedelta(days=14))
    assert _due(helsesykepleier, stasjon, barn) == {"4-uker": "forfalt"}
    assert Innskrivning.objects.values().get(pasient=barn) == stored


def test_the_migration_backfill_uses_the_same_computation(ettaaring: Pasient) -> None:
    want = Innskrivning.objects.values().get(pasient=ettaaring)
    Innskrivning.objects.update(
        neste_konsultasjon="", aktuell_fra=None, forfall=[], status_beregnet=None
    )
    migration = importlib.import_module(
        "tjenester.helsestasjon.migrations.0004_innskrivning_status"
    )
    migration.backfill(apps, SimpleNamespace(connection=connection))
    got = Innskrivning.objects.values().get(pasient=ettaaring)
    assert {k: v for k, v in got.items() if k != "updated_at"} == {
        k: v for k, v in want.items() if k != "updated_at"
    }


@pytest.mark.parametrize("dager", [-40, -3, 0, 5, 17, 60, 400])
def test_the_worklist_shows_what_the_full_schedule_shows_on_any_day(
    stasjon: Enhet, helsesykepleier: Ansatt, dager: int
) -> None:
    """Same content and order as the schedule computed from the records, on days before
    (the clock moved back) and after the status was stored."""
    barna = [
        child(stasjon, helsesykepleier, idag() - dt.timedelta(days=d), etternavn=f"Barn {d}")
        for d in (3, 20, 45, 100, 200, 370, 500, 800, 2400, 4000)
    ]
    with acting_as(helsesykepleier, stasjon):
        konsultasjon_register(
            actor=helsesykepleier,
            pasient_id=barna[3].pk,
            programpunkt_id=Programpunkt.objects.get(kode="3-mnd").pk,
            status="utfort",
            notat="Fint.",
        )
        _give(helsesykepleier, barna[3], "dtp-ipv-hib-hepb-1")
        _give(helsesykepleier, barna[5], "mmr-1")
    day = idag() + dt.timedelta(days=dager)
    with acting_as(helsesykepleier, stasjon):
        liste = arbeidsliste_list(actor=helsesykepleier, day=day)
    got = [
        (
            r.innskrivning.pasient.etternavn,
            [(p.kode, s) for p, s in r.punkter],
            [(d.kode, s) for d, s in r.doser],
        )
        for r in liste.side.items
    ]
    want = []
    for barn in barna:
        punkter, doser, _ = barn_status(barn, day)
        p = [(r.punkt.kode, r.status) for r in punkter if r.status.status in AKTUELL]
        d = [(r.dose.kode, r.status) for r in doser if r.status.status in AKTUELL]
        if p or d:
            want.append((barn.etternavn, p, d))
    monday = day - dt.timedelta(days=day.weekday())

    def key(row: tuple[str, list, list]) -> tuple[bool, dt.date, str]:  # type: ignore[type-arg]
        forfall = [s.forfall for _, s in row[1] + row[2]]
        return (
            min(forfall) >= monday,
            min(forfall),
            Pasient.objects.get(etternavn=row[0]).sok_etternavn,
        )

    want.sort(key=key)
    assert got == want
    assert got  # the children of these ages always have something due or overdue


def test_the_nightly_task_recomputes_what_no_service_wrote(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    # given: the programme changed without the admin or a service (as a version whose
    # start date has come does), so the stored status is stale
    from config.celery import app
    from tjenester.helsestasjon.tasks import status_recompute_all

    Programpunkt.objects.filter(kode="12-mnd").update(alder_verdi=13)
    assert innskrivning_of(ettaaring).neste_konsultasjon == "12-mnd"
    # when: the beat schedule's nightly task runs
    planned = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert status_recompute_all.name in planned
    antall = status_recompute_all()
    # then: the worklist shows the 10-month consultation as overdue, not the 12-month one
    assert antall >= 1
    assert innskrivning_of(ettaaring).neste_konsultasjon == "10-mnd"
    due = _due(helsesykepleier, stasjon, ettaaring)
    assert due["10-mnd"] == "forfalt"
    assert "12-mnd" not in due
