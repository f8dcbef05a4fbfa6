"""The administration round's part of the medication demo (run after the demo's orders
exist, from `legemidler.demo`): every demo nursing-home ward gets its round settings, the
demo nurse has signed yesterday's doses of the demo ward (one refused, narcotics checked by
a colleague when the ward has one), and doses nobody signed since are flagged. Today's
rounds are due by themselves from the orders. Idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from core.acting import acting_as
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt, Enhet, EnhetType, Tilknytning
from legemidler.lib.dosering import BEHOV, OSLO, forfall_expand, lokal_tid
from legemidler.models import Forordning, Utdelingsoppsett
from legemidler.services.utdeling import dose_cosign, dose_sign, dosevarsel_sweep

DEMO_KOMMUNER = ["3401", "3415"]
DEMO_AVDELING = "Kongsvinger sykehjem, avdeling 1 (langtid)"


@dataclass
class UtdelingDemo:
    oppsett: int = 0
    signert: int = 0
    varsler: int = 0


def _kollega(avdeling: Enhet, ansatt: Ansatt) -> Ansatt | None:
    """Another person in the ward whose role may give medication (for second signatures)."""
    rad = (
        Tilknytning.objects.filter(
            enhet=avdeling, rolle__rettigheter__action=Action.ADMINISTER_MEDICATION.value
        )
        .exclude(ansatt=ansatt)
        .select_related("ansatt")
        .order_by("ansatt__username")
        .first()
    )
    return rad.ansatt if rad else None


def utdeling_demo_seed() -> UtdelingDemo:
    """Build (or top up) the round demo; see the module docstring."""
    resultat = UtdelingDemo()
    avdelinger = Enhet.objects.filter(
        type=EnhetType.SYKEHJEMSAVDELING, virksomhet__kommune__nummer__in=DEMO_KOMMUNER
    )
    for avdeling in avdelinger:
        _oppsett, created = Utdelingsoppsett.objects.get_or_create(enhet=avdeling)
        resultat.oppsett += int(created)
    demoavdeling = avdelinger.filter(navn=DEMO_AVDELING).first()
    sykepleier = Ansatt.objects.filter(username="sykepleier").first()
    if demoavdeling is not None and sykepleier is not None:
        resultat.signert = _yesterday_sign(demoavdeling, sykepleier)
    with transaction.atomic():
        resultat.varsler = dosevarsel_sweep(enhet_ids=[a.pk for a in avdelinger])
    return resultat


def _yesterday_sign(avdeling: Enhet, sykepleier: Ansatt) -> int:
    idag = naa().astimezone(OSLO).date()
    fra = lokal_tid(idag - dt.timedelta(days=1), dt.time(0))
    til = lokal_tid(idag, dt.time(0))
    kollega = _kollega(avdeling, sykepleier)
    antall = 0
    if not Tilknytning.objects.filter(ansatt=sykepleier, enhet=avdeling).exists():
        return 0
    ordrer = (
        Forordning.objects.filter(enhet=avdeling, start__lt=fra)
        .exclude(doseringstype=BEHOV)
        .select_related("legemiddel")
        .order_by("pasient_id", "legemiddel_navn")
    )
    for nummer, o in enumerate(ordrer):
        for f in forfall_expand(
            o.plan, start=o.start, fra=fra, til=til, sluttdato=o.sluttdato, stoppet=o.seponert_at
        ):
            nektet = nummer == 1 and f.tid.hour < 11  # one refused morning dose
            try:
                with acting_as(sykepleier, avdeling):
                    a = dose_sign(
                        actor=sykepleier,
                        forordning_id=o.pk,
                        forfall_at=f.tidspunkt,
                        status="ikke_gitt" if nektet else "gitt",
                        grunn="nektet" if nektet else "",
                        gitt_at=f.tidspunkt + dt.timedelta(minutes=10),
                    )
            except ApplicationError:
                continue  # signed by an earlier run
            antall += 1
            if a.venter_kontroll and kollega is not None:
                with acting_as(kollega, avdeling):
                    dose_cosign(actor=kollega, administrasjon_id=a.pk)
    return antall
