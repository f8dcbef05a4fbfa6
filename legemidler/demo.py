"""Demo data of medication, built through the services (idempotent).

- the demo catalogue (our own small FEST extract, `legemidler/data/fest_demo.xml`, marked
  demo), unless a real FEST has been loaded;
- a believable medication list for every nursing-home resident (ordered by the ward's
  doctor) and home-care patient (ordered by their GP in the GP office), from a handful of
  common regimes, with a few PRN orders and some stopped ones;
- the first resident of the demo ward `lege` and `sykepleier` share gets morphine depot
  tablets and oxycodone as needed (group A: two signatures when given), the second a
  weekly methotrexate, the third an interacting
  drug (warfarin + ibuprofen) ordered with an override and its reason, and the fourth a
  telephone order `sykepleier` registered that `lege` has not confirmed;
- reconciliations signed for most residents and most patients of the demo nurse's home-care
  district; the first residents of each ward are left not reconciled (one in progress),
  and so are the other districts, so the banner shows it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from core import klokke
from core.acting import acting_as
from core.models import Ansatt, Enhet, EnhetType, Tilknytning
from journal.models import Behandlingsrelasjon, Pasient
from legemidler.models import Forordning, Katalogimport, Legemiddel
from legemidler.seeds import ukentlige_seed
from legemidler.services import (
    KontrollStopp,
    forordning_create,
    forordning_stop,
    katalog_demo_load,
    samstemming_line_decide,
    samstemming_sign,
    samstemming_start,
)
from legemidler.services.utdeling_demo import utdeling_demo_seed

DEMO_AVDELING = "Kongsvinger sykehjem, avdeling 1 (langtid)"
DEMO_SONE = "Hjemmetjenesten Kongsvinger sone nord"
IKKE_SAMSTEMT = 3  # patients per unit left without a signed reconciliation


@dataclass(frozen=True)
class Ordre:
    """One order of a demo regime."""

    varenavn: str
    indikasjon: str
    type: str = "fast"
    tider: tuple[tuple[str, str], ...] = ()
    ukedager: tuple[int, ...] = ()
    enhet: str = "tablett"
    vei: str = "oral"
    prn: tuple[str, str, int] | None = None  # dose, max per 24 h, min interval (minutes)
    merknad: str = ""
    multidose: bool = False
    stoppes: str = ""  # stopped again with this reason (an ended order on the list)


REGIMER: list[list[Ordre]] = [
    [
        Ordre(
            "Paracetamol", "Artrosesmerter", tider=(("08:00", "1"), ("14:00", "1"), ("20:00", "1"))
        ),
        Ordre("Furix", "Hjertesvikt", tider=(("08:00", "1"),)),
        Ordre("Simvastatin", "Forebygging hjerte-kar", tider=(("20:00", "1"),)),
        Ordre(
            "Laxoberal",
            "Obstipasjon",
            type="behov",
            enhet="draape",
            prn=("10", "20", 720),
        ),
    ],
    [
        Ordre("Metformin", "Diabetes type 2", tider=(("08:00", "1"), ("20:00", "1"))),
        Ordre("Levaxin", "Hypotyreose", tider=(("08:00", "1"),), merknad="Tas fastende"),
        Ordre("Albyl-E", "Sekundærforebygging etter hjerneinfarkt", tider=(("08:00", "1"),)),
        Ordre("Paracet", "Smerter", type="behov", prn=("2", "6", 240)),
    ],
    [
        Ordre("Donepezil", "Alzheimers sykdom", tider=(("20:00", "1"),)),
        Ordre("Sertralin", "Depresjon", tider=(("08:00", "1"),)),
        Ordre("Selo-Zok", "Hypertensjon", tider=(("08:00", "1"),)),
        Ordre("Imovane", "Søvnvansker", type="behov", prn=("1", "1", 720)),
        Ordre(
            "Trimetoprim",
            "Urinveisinfeksjon",
            tider=(("08:00", "1"), ("20:00", "1")),
            stoppes="Kur ferdig",
        ),
    ],
    [
        Ordre("Eliquis", "Atrieflimmer", tider=(("08:00", "1"), ("20:00", "1"))),
        Ordre("Furix", "Ødemer", tider=(("08:00", "1"),)),
        Ordre("Paralgin forte", "Smerter", type="behov", prn=("1", "4", 360)),
    ],
]
ANDEL_UTENFOR_DEMOSONEN = 3  # outside the demo district, every third home-care patient
MULTIDOSE_HJEMME = True  # home-care patients' fixed drugs come in multidose
# The catalogue's products by trade name, during one build (`legemidler_demo_build`).
_LEGEMIDLER: dict[str, Legemiddel | None] = {}


@dataclass
class LegemidlerDemo:
    ukentlige: int = 0
    katalog: str = ""
    pasienter: int = 0
    forordninger: int = 0
    samstemt: int = 0
    hoppet_over: list[str] = field(default_factory=list)


def _dosering(o: Ordre) -> dict[str, Any]:
    if o.type == "behov" and o.prn is not None:
        dose, maks, intervall = o.prn
        return {
            "behov_dose": dose,
            "behov_maks_per_doegn": maks,
            "behov_min_intervall_min": intervall,
        }
    return {"tider": [{"tid": t, "dose": d} for t, d in o.tider], "ukedager": list(o.ukedager)}


def _order(
    lege: Ansatt, pasient: Pasient, o: Ordre, *, start: dt.datetime, multidose: bool, **extra: Any
) -> Forordning | None:
    if o.varenavn not in _LEGEMIDLER:  # looked up once per build, not once per order
        _LEGEMIDLER[o.varenavn] = Legemiddel.objects.filter(
            varenavn=o.varenavn, utgaatt_at__isnull=True
        ).first()
    legemiddel = _LEGEMIDLER[o.varenavn]
    if legemiddel is None:
        return None
    try:
        return forordning_create(
            actor=lege,
            pasient_id=pasient.pk,
            legemiddel_id=legemiddel.pk,
            doseringstype=o.type,
            dosering=_dosering(o),
            dose_enhet=o.enhet,
            administrasjonsvei=o.vei,
            indikasjon=o.indikasjon,
            start=start,
            merknad=o.merknad,
            multidose=multidose and o.type != "behov",
            **extra,
        )
    except KontrollStopp:
        # A demo patient's CAVE or other orders stop it: the demo leaves it out rather than
        # invent a doctor's reason (only the deliberate interaction below is overridden).
        return None


def _regime(
    lege: Ansatt, pasient: Pasient, regime: list[Ordre], rng: random.Random, hjemme: bool
) -> int:
    made = 0
    for o in regime:
        start = klokke.naa() - dt.timedelta(days=rng.randint(3, 28), hours=rng.randint(0, 6))
        forordning = _order(lege, pasient, o, start=start, multidose=hjemme and MULTIDOSE_HJEMME)
        if forordning is None:
            continue
        made += 1
        if o.stoppes:
            forordning_stop(actor=lege, forordning_id=forordning.pk, grunn=o.stoppes)
    return made


def _reconcile(lege: Ansatt, pasient: Pasient, anledning: str, *, sign: bool) -> bool:
    if not Forordning.objects.filter(pasient=pasient, status="aktiv").exists():
        return False
    s = samstemming_start(
        actor=lege, pasient_id=pasient.pk, anledning=anledning, kilde="Fastlegens legemiddelliste"
    )
    if not sign:
        return False
    linjer = list(s.linjer.all())
    if not linjer:
        return False
    for linje in linjer:
        samstemming_line_decide(
            actor=lege, linje_id=linje.pk, beslutning="fortsett", begrunnelse="Som før"
        )
    samstemming_sign(actor=lege, samstemming_id=s.pk)
    return True


def _ward_doctor(avdeling: Enhet) -> Ansatt | None:
    """The ward's doctor: the demo login `lege` where they work, else the first one."""
    leger = [
        t.ansatt
        for t in Tilknytning.objects.filter(
            enhet=avdeling, rolle__kode="lege", ansatt__is_active=True
        )
        .exclude(ansatt__hpr_nummer__isnull=True)
        .select_related("ansatt")
        .order_by("ansatt__username")
        if t.is_active()
    ]
    return next((a for a in leger if a.username == "lege"), leger[0] if leger else None)


def _gp_unit(pasient: Pasient) -> tuple[Ansatt, Enhet] | None:
    """A doctor of the GP office the patient has a relationship with (their own GP there
    when they work there), and that office."""
    enheter = set(
        Behandlingsrelasjon.objects.active()
        .filter(pasient=pasient, enhet__type=EnhetType.LEGEKONTOR)
        .values_list("enhet_id", flat=True)
    )
    leger = [
        t
        for t in Tilknytning.objects.filter(
            enhet_id__in=enheter, rolle__kode="lege", ansatt__is_active=True
        )
        .exclude(ansatt__hpr_nummer__isnull=True)
        .select_related("enhet", "ansatt")
        .order_by("ansatt__username")
        if t.is_active()
    ]
    t = next((t for t in leger if t.ansatt_id == pasient.fastlege_id), leger[0] if leger else None)
    return (t.ansatt, t.enhet) if t is not None else None


def _patients(enhet_type: str) -> list[tuple[Pasient, Enhet]]:
    seen: set[object] = set()
    result = []
    for r in (
        Behandlingsrelasjon.objects.active()
        .filter(enhet__type=enhet_type, pasient__dodsdato__isnull=True)
        .select_related("pasient__fastlege", "enhet")
        .order_by("enhet__navn", "pasient__etternavn", "pasient__fornavn", "pasient_id")
    ):
        if r.pasient_id not in seen:
            seen.add(r.pasient_id)
            result.append((r.pasient, r.enhet))
    return result


def _override_interaction(lege: Ansatt, pasient: Pasient, ibux: Legemiddel) -> None:
    """Ibuprofen for a patient on warfarin: the interaction check stops it, and the doctor
    overrides with a reason (the demo's one interaction)."""
    try:
        forordning_create(
            actor=lege,
            pasient_id=pasient.pk,
            legemiddel_id=ibux.pk,
            doseringstype="fast",
            dosering={"tider": [{"tid": "08:00", "dose": "1"}, {"tid": "20:00", "dose": "1"}]},
            dose_enhet="tablett",
            administrasjonsvei="oral",
            indikasjon="Akutt urinsyregikt",
            sluttdato=klokke.idag() + dt.timedelta(days=4),
            overstyringer={
                "interaksjon": "Kort kur i fem dager; INR måles mandag og torsdag (demo)."
            },
        )
    except KontrollStopp:
        return  # another check (e.g. a CAVE entry) stops it: left out


def _specials(lege: Ansatt, avdeling: Enhet, beboere: list[Pasient], demo: LegemidlerDemo) -> None:
    """The cases the demo must show, on the first residents of the shared demo ward."""
    if len(beboere) < 4:
        return
    morfin, mtx, interaksjon, telefon = beboere[:4]
    start = klokke.naa() - dt.timedelta(days=2)
    with acting_as(lege, avdeling), transaction.atomic():
        _order(
            lege,
            morfin,
            Ordre("Dolcontin", "Smerter ved kreft", tider=(("08:00", "1"), ("20:00", "1"))),
            start=start,
            multidose=False,
        )
        _order(
            lege,
            morfin,
            Ordre(
                "OxyNorm", "Gjennombruddssmerter", type="behov", enhet="kapsel", prn=("1", "6", 60)
            ),
            start=start,
            multidose=False,
        )
        _order(
            lege,
            mtx,
            Ordre("Metotreksat", "Revmatoid artritt", tider=(("08:00", "4"),), ukedager=(1,)),
            start=start,
            multidose=False,
        )
        _order(
            lege,
            mtx,
            Ordre("Folsyre", "Ved metotreksatbehandling", tider=(("08:00", "1"),), ukedager=(3,)),
            start=start,
            multidose=False,
        )
        _order(
            lege,
            interaksjon,
            Ordre("Marevan", "Atrieflimmer", tider=(("18:00", "1"),)),
            start=start,
            multidose=False,
        )
        ibux = Legemiddel.objects.filter(varenavn="Ibux").first()
        if ibux is not None:
            _override_interaction(lege, interaksjon, ibux)
    sykepleier = Ansatt.objects.filter(username="sykepleier").first()
    if (
        sykepleier is not None
        and Tilknytning.objects.filter(ansatt=sykepleier, enhet=avdeling).exists()
    ):
        with acting_as(sykepleier, avdeling), transaction.atomic():
            _order(
                sykepleier,
                telefon,
                Ordre(
                    "Apocillin",
                    "Halsbetennelse (telefon fra tilsynslegen)",
                    tider=(("08:00", "1"), ("14:00", "1"), ("20:00", "1")),
                ),
                start=klokke.naa() - dt.timedelta(hours=3),
                multidose=False,
                telefonordinasjon=True,
                ordinert_av_id=lege.pk,
                sluttdato=klokke.idag() + dt.timedelta(days=6),
            )


def legemidler_demo_build(*, seed: int = 20261205) -> LegemidlerDemo:
    """Build (or top up) the medication demo; run after the nursing-home and home-care
    demos (it needs their residents and patients)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    _LEGEMIDLER.clear()
    demo = LegemidlerDemo(ukentlige=ukentlige_seed())
    if not Katalogimport.objects.filter(demo=False).exists():
        katalog_demo_load()
        antall = Legemiddel.objects.filter(utgaatt_at__isnull=True).count()
        demo.katalog = f"demokatalog med {antall} legemidler"
    else:
        demo.katalog = "FEST er lastet; demokatalogen er ikke brukt"
    # Nursing homes: the ward's doctor orders.
    beboere_per_avdeling: dict[Enhet, list[Pasient]] = {}
    for pasient, avdeling in _patients(EnhetType.SYKEHJEMSAVDELING):
        beboere_per_avdeling.setdefault(avdeling, []).append(pasient)
    for avdeling, beboere in beboere_per_avdeling.items():
        avdelingslege = _ward_doctor(avdeling)
        nye = [p for p in beboere if not Forordning.objects.filter(pasient=p).exists()]
        spesielle = (
            avdelingslege is not None
            and avdeling.navn == DEMO_AVDELING
            and len(nye) == len(beboere)
        )
        if spesielle and avdelingslege is not None:
            _specials(avdelingslege, avdeling, nye, demo)
        for nummer, pasient in enumerate(nye):
            # The ward's doctor orders; a ward without one: the resident's GP, in the office.
            hvem = (avdelingslege, avdeling) if avdelingslege is not None else _gp_unit(pasient)
            if hvem is None:
                demo.hoppet_over.append(str(pasient))
                continue
            lege, enhet = hvem
            with acting_as(lege, enhet), transaction.atomic():
                if not (spesielle and nummer < 4):
                    demo.forordninger += _regime(
                        lege, pasient, REGIMER[nummer % len(REGIMER)], rng, hjemme=False
                    )
            with acting_as(lege, enhet), transaction.atomic():
                # The first few are left not reconciled (one of them in progress).
                if nummer >= IKKE_SAMSTEMT or nummer == 0:
                    demo.samstemt += _reconcile(
                        lege, pasient, "innleggelse", sign=nummer >= IKKE_SAMSTEMT
                    )
            demo.pasienter += 1
    # Home care: the GP orders, in the GP office. Every patient of the demo nurse's
    # district has a list; elsewhere every third (the lists look the same everywhere, and a
    # medication order is the demo's most expensive write: this keeps `demo_alle` quick).
    for nummer, (pasient, sone) in enumerate(_patients(EnhetType.HJEMMETJENESTE_SONE)):
        if sone.navn != DEMO_SONE and nummer % ANDEL_UTENFOR_DEMOSONEN:
            continue
        if Forordning.objects.filter(pasient=pasient).exists():
            continue
        gp = _gp_unit(pasient)
        if gp is None:
            continue
        lege, kontor = gp
        with acting_as(lege, kontor), transaction.atomic():
            demo.forordninger += _regime(
                lege, pasient, REGIMER[(nummer + 1) % len(REGIMER)], rng, hjemme=True
            )
            # Reconciled in the demo nurse's district (most of it); elsewhere the backlog
            # shows as "ikke samstemt" (and the demo stays quick to build).
            if sone.navn == DEMO_SONE and nummer % 5:
                demo.samstemt += _reconcile(lege, pasient, "hjemmetjeneste", sign=True)
        demo.pasienter += 1
    # today's rounds: round settings, yesterday's doses signed, unsigned ones flagged
    utdeling_demo_seed()
    return demo
