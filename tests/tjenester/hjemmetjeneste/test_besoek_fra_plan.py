"""besok_generer through real care plans (journal's plan services and task-list interface):
visits appear from tiltak, and a changed tiltak reaches only the days from the change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core import klokke
from core.context import system_context
from core.models import Ansatt, Enhet
from journal.lib.timeplan import Timeplan
from journal.models import Pasient
from journal.services.tiltaksplan import tiltak_add, tiltak_change, tiltaksplan_create
from tests.acting import acting_as
from tjenester.hjemmetjeneste.models import Besoek
from tjenester.hjemmetjeneste.services import besoek_generate

pytestmark = pytest.mark.django_db

MORGEN = Timeplan(tidspunkter=(dt.time(8, 0),), varighet_min=15)
SEINERE = Timeplan(tidspunkter=(dt.time(10, 0),), varighet_min=25)


def _generate(enhet: Enhet, fra: dt.date, til: dt.date) -> None:
    with system_context():
        besoek_generate(
            enhet_id=enhet.pk,
            fra=fra,
            til=til,
            naa=timezone.make_aware(dt.datetime.combine(fra, dt.time.min)),
        )


def test_visits_follow_the_plan_and_a_change_only_from_its_date(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: a plan with one daily tiltak at 08:00 from tomorrow
    i_morgen = klokke.idag() + dt.timedelta(days=1)
    with acting_as(sykepleier):
        plan = tiltaksplan_create(actor=sykepleier, pasient_id=pasient.pk)
        tiltak = tiltak_add(
            actor=sykepleier,
            pasient_id=pasient.pk,
            plan_id=plan.pk,
            tekst="Gi morgenmedisin",
            ansvarlig_enhet_id=enhet.pk,
            timeplan=MORGEN,
            start_dato=i_morgen,
        )
    _generate(enhet, i_morgen, i_morgen + dt.timedelta(days=3))
    assert Besoek.objects.filter(pasient=pasient).count() == 4
    # when: from the third day the tiltak moves to 10:00 and takes longer
    tredje = i_morgen + dt.timedelta(days=2)
    with acting_as(sykepleier):
        tiltak_change(
            actor=sykepleier,
            pasient_id=pasient.pk,
            tiltak_id=tiltak.pk,
            fra=tredje,
            tekst="Gi morgenmedisin",
            ansvarlig_enhet_id=enhet.pk,
            timeplan=SEINERE,
        )
    _generate(enhet, i_morgen, i_morgen + dt.timedelta(days=3))
    # then
    rows = list(
        Besoek.objects.filter(pasient=pasient)
        .order_by("dato")
        .values_list("dato", "fra_tid", "varighet_min")
    )
    assert rows == [
        (i_morgen, dt.time(7, 30), 15),
        (i_morgen + dt.timedelta(days=1), dt.time(7, 30), 15),
        (tredje, dt.time(9, 30), 25),
        (tredje + dt.timedelta(days=1), dt.time(9, 30), 25),
    ]
    assert all(b.oppgaver.get().tekst == "Gi morgenmedisin" for b in Besoek.objects.all())
