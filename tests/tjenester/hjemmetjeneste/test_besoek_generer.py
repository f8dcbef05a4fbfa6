"""besok_generer: occurrences grouped into visits; idempotent; plan changes reach only
future planned visits; never past, started or done ones."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from core import klokke
from core.audit import AuditEvent
from core.context import system_context
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Pasient
from tests.acting import acting_as
from tests.tjenester.hjemmetjeneste.factories import Forekomst
from tjenester.hjemmetjeneste.lib.gruppering import besoek_grupper
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.hjemmetjeneste.services import besoek_generate

pytestmark = pytest.mark.django_db

I_MORGEN = klokke.idag() + dt.timedelta(days=1)
MORGEN = timezone.make_aware(dt.datetime.combine(I_MORGEN, dt.time(0, 0)))
MEDISIN, STROMPER, DUSJ, KVELD = (uuid.uuid4() for _ in range(4))


def _plan(pasient: Pasient, enhet: Enhet, *items: tuple[uuid.UUID, str, str | None, int]):  # type: ignore[no-untyped-def]
    def kilde(
        actor: Ansatt | None, enhet_ids: list[uuid.UUID], fra: dt.date, til: dt.date
    ) -> list[Forekomst]:
        days = [fra + dt.timedelta(days=d) for d in range((til - fra).days + 1)]
        return [
            Forekomst(
                pasient_id=pasient.pk,
                tiltak_id=tiltak_id,
                dato=day,
                tidspunkt=dt.time.fromisoformat(tid) if tid else None,
                varighet_min=varighet,
                tekst=tekst,
                enhet_id=enhet.pk,
            )
            for day in days
            for tiltak_id, tekst, tid, varighet in items
        ]

    return kilde


STANDARD = (
    (MEDISIN, "Gi morgenmedisin", "08:00", 10),
    (STROMPER, "Ta på støttestrømper", "08:30", 10),
    (DUSJ, "Dusj", None, 20),
    (KVELD, "Gi kveldsmedisin", "21:00", 10),
)


def _generate(enhet: Enhet, kilde, naa: dt.datetime = MORGEN, dager: int = 0):  # type: ignore[no-untyped-def]
    with system_context():
        return besoek_generate(
            enhet_id=enhet.pk,
            fra=I_MORGEN,
            til=I_MORGEN + dt.timedelta(days=dager),
            naa=naa,
            kilde=kilde,
        )


def test_close_occurrences_make_one_visit_and_the_day_task_joins_the_first(
    enhet: Enhet, pasient: Pasient
) -> None:
    # when
    result = _generate(enhet, _plan(pasient, enhet, *STANDARD))
    # then: a morning visit (medicine, stockings, shower) and an evening visit
    besok = list(Besoek.objects.filter(pasient=pasient).order_by("fra_tid"))
    assert result.opprettet == 2
    assert [(b.fra_tid, b.til_tid, b.varighet_min) for b in besok] == [
        (dt.time(7, 30), dt.time(9, 0), 40),
        (dt.time(20, 30), dt.time(21, 30), 10),
    ]
    assert sorted(o.tekst for o in besok[0].oppgaver.all()) == [
        "Dusj",
        "Gi morgenmedisin",
        "Ta på støttestrømper",
    ]
    assert all(b.status == BesoekStatus.PLANLAGT and b.enhet_id == enhet.pk for b in besok)
    assert AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_PLANNED).count() == 2


def test_running_twice_never_duplicates(enhet: Enhet, pasient: Pasient) -> None:
    # given
    kilde = _plan(pasient, enhet, *STANDARD)
    _generate(enhet, kilde, dager=6)
    # when
    again = _generate(enhet, kilde, dager=6)
    # then
    assert Besoek.objects.filter(pasient=pasient).count() == 14
    assert (again.opprettet, again.endret, again.fjernet, again.uendret) == (0, 0, 0, 14)


def test_a_changed_plan_updates_future_planned_visits(enhet: Enhet, pasient: Pasient) -> None:
    # given
    _generate(enhet, _plan(pasient, enhet, *STANDARD))
    # when: the stockings are dropped, the evening medicine moved to 22:00
    changed = _plan(
        pasient,
        enhet,
        (MEDISIN, "Gi morgenmedisin (ny dose)", "08:00", 10),
        (DUSJ, "Dusj", None, 20),
        (KVELD, "Gi kveldsmedisin", "22:00", 10),
    )
    result = _generate(enhet, changed)
    # then
    morgen = Besoek.objects.get(pasient=pasient, kilde_nokkel="0800")
    assert sorted(o.tekst for o in morgen.oppgaver.all()) == ["Dusj", "Gi morgenmedisin (ny dose)"]
    assert morgen.varighet_min == 30
    assert list(
        Besoek.objects.filter(pasient=pasient, fra_tid__gte=dt.time(12)).values_list(
            "fra_tid", flat=True
        )
    ) == [dt.time(21, 30)]
    assert (result.opprettet, result.endret, result.fjernet) == (1, 1, 1)
    assert AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_REMOVED).count() == 1


def test_past_started_and_done_visits_are_never_touched(enhet: Enhet, pasient: Pasient) -> None:
    # given: tomorrow's visits exist; the morning one has started
    _generate(enhet, _plan(pasient, enhet, *STANDARD))
    morgen = Besoek.objects.get(pasient=pasient, kilde_nokkel="0800")
    Besoek.objects.filter(pk=morgen.pk).update(
        status=BesoekStatus.PAAGAAR, innsjekk_at=MORGEN + dt.timedelta(hours=7, minutes=40)
    )
    # when: the plan is emptied, seen from noon tomorrow (the morning is past)
    result = _generate(enhet, _plan(pasient, enhet), naa=MORGEN + dt.timedelta(hours=12))
    # then: the started morning visit stays with its tasks; only the evening one goes
    assert list(Besoek.objects.filter(pasient=pasient).values_list("kilde_nokkel", flat=True)) == [
        "0800"
    ]
    assert Besoek.objects.get(pk=morgen.pk).oppgaver.count() == 3
    assert (result.fjernet, result.uendret) == (1, 1)


def test_slots_already_past_are_not_created_backwards(enhet: Enhet, pasient: Pasient) -> None:
    # when: generated at 10:00 tomorrow
    result = _generate(enhet, _plan(pasient, enhet, *STANDARD), naa=MORGEN + dt.timedelta(hours=10))
    # then: only the evening visit
    assert result.opprettet == 1
    assert Besoek.objects.get(pasient=pasient).kilde_nokkel == "2100"


def test_grouping_starts_a_new_visit_after_an_hour() -> None:
    # given
    p, e = uuid.uuid4(), uuid.uuid4()
    items = [
        Forekomst(p, uuid.uuid4(), I_MORGEN, dt.time.fromisoformat(t), 10, t, e)
        for t in ("08:00", "08:45", "09:30", "13:00")
    ]
    # when
    grupper = besoek_grupper(items)
    # then: 08:00 and 08:45 together; 09:30 is more than an hour after the window opened
    assert [len(g.oppgaver) for g in grupper] == [2, 1, 1]
    assert [g.nokkel for g in grupper] == ["0800", "0930", "1300"]


def test_a_person_without_the_plan_right_may_not_generate(
    kollega_samme_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # when / then: a health worker's role does not grant PLAN
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        besoek_generate(
            actor=kollega_samme_enhet,
            enhet_id=enhet.pk,
            fra=I_MORGEN,
            til=I_MORGEN,
            kilde=_plan(pasient, enhet, *STANDARD),
        )
    assert not Besoek.objects.exists()
