"""Demo data for the nursing homes (idempotent): 12 rooms with 24 beds in each demo ward,
about 20 residents per ward (a few on leave, one in hospital), a short waiting list, and
the demo leader `leder` as leader of the first long-term ward as well, and the demo nurse
`sykepleier` working there too, with a care plan of ward tiltak for each of its residents
(so the ward's task list is full)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction

from core import klokke
from core.acting import acting_context
from core.context import request_context
from core.models import Ansatt, Enhet, EnhetType, Rolle, Tilknytning, Vakt
from journal.lib.timeplan import Timeplan
from journal.models import (
    Frekvens,
    Pasient,
    PlanStatus,
    RelasjonGrunnlag,
    Tiltak,
    Tiltaksplan,
    TiltakStatus,
)
from journal.services.tilgang import relasjon_insert
from journal.services.tiltaksplan import behov_add, maal_add, tiltak_add, tiltaksplan_create
from tjenester.sykehjem.models import (
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Rom,
    Seng,
    Sengetype,
    Venteliste,
)
from tjenester.sykehjem.services import fravaer_create, opphold_create, venteliste_create

ROM_PER_AVDELING = 12
BEBOERE_PER_AVDELING = 20
VENTENDE = 4
LEDER_AVDELING = "Kongsvinger sykehjem, avdeling 1 (langtid)"


@dataclass
class SykehjemDemo:
    avdelinger: int
    senger: int
    opphold: int
    venteliste: int


def _beds(avdeling: Enhet, korttid: bool) -> None:
    if Rom.objects.filter(enhet=avdeling).exists():
        return
    for nummer in range(1, ROM_PER_AVDELING + 1):
        rom = Rom.objects.create(enhet=avdeling, navn=f"{nummer:02d}")
        for navn in ("A", "B"):
            if korttid:
                type_ = Sengetype.AVLASTNING if nummer > 10 else Sengetype.KORTTID
            else:
                type_ = Sengetype.DEMENS if nummer > 8 else Sengetype.LANGTID
            Seng.objects.create(rom=rom, enhet=avdeling, navn=navn, type=type_)


def _candidates(avdeling: Enhet, count: int) -> list[Pasient]:
    """Living patients of the ward's municipality, eldest first, not in a stay already;
    those the demo already related to this ward by a stay come first."""
    today = klokke.idag()
    free = (
        Pasient.objects.filter(
            kommune__virksomheter=avdeling.virksomhet,
            dodsdato__isnull=True,
            fodselsdato__lte=today - dt.timedelta(days=18 * 366),
        )
        .exclude(pk__in=Opphold.objects.exclude(status=OppholdStatus.AVSLUTTET).values("pasient"))
        .exclude(pk__in=Venteliste.objects.filter(status="venter").values("pasient"))
    )
    related = list(
        free.filter(
            relasjoner__enhet=avdeling, relasjoner__grunnlag=RelasjonGrunnlag.OPPHOLD
        ).order_by("identifikator")[:count]
    )
    rest = list(
        free.exclude(pk__in=[p.pk for p in related]).order_by("fodselsdato", "identifikator")[
            : count - len(related)
        ]
    )
    return related + rest


def _stays(avdeling: Enhet, korttid: bool, rng: random.Random) -> None:
    if Opphold.objects.filter(enhet=avdeling).exists():
        return
    today = klokke.idag()
    senger = list(Seng.objects.filter(enhet=avdeling).order_by("rom__navn", "navn"))
    pasienter = _candidates(avdeling, BEBOERE_PER_AVDELING)
    for index, (seng, pasient) in enumerate(zip(senger, pasienter, strict=False)):
        if korttid:
            fra, til = (
                today - dt.timedelta(days=rng.randint(1, 18)),
                today + dt.timedelta(days=rng.randint(2, 21)),
            )
            type_ = (
                Oppholdstype.AVLASTNING
                if seng.type == Sengetype.AVLASTNING
                else Oppholdstype.KORTTID
            )
        else:
            fra, til, type_ = (
                today - dt.timedelta(days=rng.randint(20, 1500)),
                None,
                Oppholdstype.LANGTID,
            )
        opphold = opphold_create(
            actor=None, seng_id=seng.pk, pasient_id=pasient.pk, type=type_, fra=fra, til=til
        )
        if index in (3, 11):
            fravaer_create(
                actor=None,
                opphold_id=opphold.pk,
                type=Fravaerstype.PERMISJON,
                fra=today - dt.timedelta(days=1),
                til=today + dt.timedelta(days=2),
                merknad="Hjemme hos datter",
            )
        elif index == 7:
            fravaer_create(
                actor=None,
                opphold_id=opphold.pk,
                type=Fravaerstype.SYKEHUS,
                fra=today - dt.timedelta(days=2),
                merknad="Innlagt med lungebetennelse",
            )
        elif index == 5 and not korttid:
            # an earlier leave, for the monthly fee
            fravaer_create(
                actor=None,
                opphold_id=opphold.pk,
                type=Fravaerstype.PERMISJON,
                fra=max(fra, today - dt.timedelta(days=15)),
                til=max(fra, today - dt.timedelta(days=15)) + dt.timedelta(days=3),
            )


def _waiting_list(avdeling: Enhet, rng: random.Random) -> None:
    if Venteliste.objects.filter(enhet=avdeling).exists():
        return
    today = klokke.idag()
    for number, pasient in enumerate(_candidates(avdeling, VENTENDE)):
        # the decision on a long-term place relates the ward to the patient
        relasjon_insert(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=avdeling.pk,
            grunnlag=RelasjonGrunnlag.VEDTAK,
        )
        soknad = today - dt.timedelta(days=rng.randint(5, 90))
        venteliste_create(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=avdeling.pk,
            prioritet=1 + number % 3,
            soknadsdato=soknad,
            vedtaksdato=soknad + dt.timedelta(days=rng.randint(1, 4)),
            merknad="Søkt langtidsplass" if number else "Bor alene, økende fallrisiko",
        )


def _leader() -> None:
    leder = Ansatt.objects.filter(username="leder").first()
    avdeling = Enhet.objects.filter(navn=LEDER_AVDELING).first()
    rolle = Rolle.objects.filter(kode="leder").first()
    if leder and avdeling and rolle:
        Tilknytning.objects.get_or_create(
            ansatt=leder, enhet=avdeling, rolle=rolle, defaults={"gyldig_fra": dt.date(2024, 1, 1)}
        )


# The ward's daily care for the task list: (problem, goal, [(tiltak, times, minutes)]).
AVDELINGSPLAN: list[tuple[str, str, list[tuple[str, tuple[dt.time, ...], int]]]] = [
    (
        "Trenger hjelp til personlig hygiene",
        "Velstelt og komfortabel hver dag",
        [("Morgenstell med hjelp", (dt.time(8),), 30), ("Kveldsstell", (dt.time(20),), 20)],
    ),
    (
        "Nedsatt væskeinntak",
        "Drikker minst 1,5 liter om dagen",
        [("Tilby drikke og før drikkeliste", (dt.time(11), dt.time(15)), 10)],
    ),
    (
        "Legemiddelhåndtering",
        "Får legemidlene riktig hver dag",
        [("Gi legemidler fra multidose", (dt.time(8), dt.time(14), dt.time(20)), 5)],
    ),
    (
        "Fare for trykksår",
        "Hel hud på sete og hæler",
        [("Snu i seng og inspiser huden", (dt.time(23), dt.time(3)), 10)],
    ),
    (
        "Uro på kveldstid",
        "Rolige kvelder",
        [("Tilsyn og samtale", (), 15)],
    ),
]


def _nurse() -> Tilknytning | None:
    """The demo nurse `sykepleier` works in the first long-term ward too (to tick tasks)."""
    sykepleier = Ansatt.objects.filter(username="sykepleier").first()
    avdeling = Enhet.objects.filter(navn=LEDER_AVDELING).first()
    rolle = Rolle.objects.filter(kode="sykepleier").first()
    if not (sykepleier and avdeling and rolle):
        return None
    tilknytning, _created = Tilknytning.objects.get_or_create(
        ansatt=sykepleier,
        enhet=avdeling,
        rolle=rolle,
        defaults={"gyldig_fra": dt.date(2024, 1, 1)},
    )
    return tilknytning


def _ward_plan(ansatt: Ansatt, pasient_id: uuid.UUID, avdeling: Enhet, rng: random.Random) -> None:
    """Ward tiltak on the resident's active plan (a new plan when there is none), written
    through journal's plan services (audited)."""
    plan = Tiltaksplan.objects.filter(pasient_id=pasient_id, status=PlanStatus.AKTIV).first()
    if plan is None:
        plan = tiltaksplan_create(actor=ansatt, pasient_id=pasient_id)
    temaer = [AVDELINGSPLAN[0], *rng.sample(AVDELINGSPLAN[1:], rng.randint(1, 3))]
    for problem, mal, tiltak in temaer:
        behov = behov_add(actor=ansatt, pasient_id=pasient_id, plan_id=plan.pk, tekst=problem)
        maal_add(actor=ansatt, pasient_id=pasient_id, behov_id=behov.pk, tekst=mal)
        for tekst, tider, minutter in tiltak:
            tiltak_add(
                actor=ansatt,
                pasient_id=pasient_id,
                plan_id=plan.pk,
                behov_id=behov.pk,
                tekst=tekst,
                ansvarlig_enhet_id=avdeling.pk,
                timeplan=Timeplan(
                    frekvens=Frekvens.DAGLIG, tidspunkter=tider, varighet_min=minutter
                ),
                start_dato=klokke.idag() - dt.timedelta(days=rng.randint(1, 30)),
            )


def _ward_plans(tilknytning: Tilknytning, rng: random.Random) -> int:
    """Plans for the residents of the nurse's ward that have no daily tiltak of the ward
    yet; idempotent. Returns the residents given ward tiltak."""
    avdeling = tilknytning.enhet
    # residents with only weekly ward tiltak (from journal's demo) get daily ones as well
    har_tiltak = Tiltak.objects.filter(
        ansvarlig_enhet=avdeling, status=TiltakStatus.AKTIV, frekvens=Frekvens.DAGLIG
    ).values("pasient_id")
    beboere = list(
        Opphold.objects.filter(enhet=avdeling, status=OppholdStatus.AKTIV)
        .exclude(pasient_id__in=har_tiltak)
        .order_by("seng__rom__navn", "seng__navn")
        .values_list("pasient_id", flat=True)
    )
    with request_context(acting_context(tilknytning)):
        for pasient_id in beboere:
            with transaction.atomic():
                _ward_plan(tilknytning.ansatt, pasient_id, avdeling, rng)
    return len(beboere)


# Day, evening and night shifts (a night shift ends the next morning).
DEMO_VAKTER = (
    (dt.time(7, 30), dt.time(15, 30)),
    (dt.time(15, 0), dt.time(22, 30)),
    (dt.time(22, 0), dt.time(7, 30)),
)


def _shifts(tilknytning: Tilknytning) -> None:
    """Shifts for the ward's staff the last two weeks, so payroll has nursing-home hours.
    Written straight to the table as history (a ward manager uses vakt_register)."""
    avdeling = tilknytning.enhet
    if Vakt.objects.filter(enhet=avdeling).exists():
        return
    ansatte = list(
        Ansatt.objects.filter(tilknytninger__enhet=avdeling, is_active=True)
        .distinct()
        .order_by("username")
    )
    idag = klokke.idag()
    rows = [
        Vakt(ansatt=a, enhet=avdeling, dato=idag - dt.timedelta(days=d), fra_tid=f, til_tid=t)
        for d in range(1, 15)
        for i, a in enumerate(ansatte)
        for f, t in [DEMO_VAKTER[(i + d) % len(DEMO_VAKTER)]]
        if (i + d) % 3 != 0  # days off
    ]
    Vakt.objects.bulk_create(rows)


def sykehjem_demo_build(*, seed: int = 20261122) -> SykehjemDemo:
    """Run in a system context after journal's demo data (it needs the wards and patients)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    avdelinger = list(
        Enhet.objects.filter(
            type=EnhetType.SYKEHJEMSAVDELING, virksomhet__kommune__nummer__in=["3401", "3415"]
        ).order_by("navn")
    )
    for avdeling in avdelinger:
        korttid = "korttid" in avdeling.navn
        with transaction.atomic():
            _beds(avdeling, korttid)
            _stays(avdeling, korttid, rng)
            if not korttid:
                _waiting_list(avdeling, rng)
    _leader()
    sykepleier = _nurse()
    if sykepleier is not None:
        _ward_plans(sykepleier, rng)
        _shifts(sykepleier)
    return SykehjemDemo(
        avdelinger=len(avdelinger),
        senger=Seng.objects.filter(enhet__in=avdelinger).count(),
        opphold=Opphold.objects.filter(enhet__in=avdelinger, status=OppholdStatus.AKTIV).count(),
        venteliste=Venteliste.objects.filter(enhet__in=avdelinger, status="venter").count(),
    )
