"""Demo data for home care (idempotent): for each district up to 40 patients with address
points (around Kongsvinger or Skarnes) and key information, staff shifts for a week, and
visits for today and the next days from the patients' plans (or, for patients without a
plan, from a fixed demo schedule). Today's visits are routed among the staff on shift, so
the demo `sykepleier` has a list; the visits of the early morning are done (performed
time for the leader) except one, which is left missed."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core import klokke
from core.acting import acting_context
from core.context import RequestContext, new_request_id, request_context
from core.models import Action, Ansatt, Enhet, EnhetType, Tilknytning, Vakt
from journal.models import Behandlingsrelasjon, Pasient
from tjenester.hjemmetjeneste import services
from tjenester.hjemmetjeneste.models import Adressepunkt, Besoek, BesoekStatus
from tjenester.hjemmetjeneste.selectors import ansatte_for_tildeling

PASIENTER_PER_DISTRIKT = 40
DAGER = 7
SENTRUM = {"Kongsvinger": (60.1905, 11.9977), "Sør-Odal": (60.2485, 11.6600)}
NORD_SOR = {"nord": 0.025, "sør": -0.025}
NOKLER = [
    "Nøkkelboks ved hoveddør, kode {kode}",
    "Nøkkelboks på baksiden (ved garasjen), kode {kode}",
    "Nøkkel hos nabo i nr. {nr}; ring på først",
    "Elektronisk lås – åpne med tjenestemobilen",
]
# (time, text, minutes): a believable home-care day; each patient gets a subset
TIMEPLAN = [
    ("07:45", "Morgenstell og påkledning", 25),
    ("08:00", "Gi morgenmedisin fra dosett", 10),
    ("08:15", "Ta på støttestrømper", 10),
    ("11:30", "Tilsyn og lunsj", 20),
    ("14:00", "Sårstell legg", 20),
    ("16:00", "Middag og væskeinntak", 20),
    ("21:00", "Gi kveldsmedisin", 10),
    ("21:15", "Kveldsstell", 20),
]
DEMO_NS = uuid.UUID("6d1c1a52-8f3e-4f7e-9d0b-3a5d2b9c0e11")


@dataclass(frozen=True)
class DemoForekomst:
    pasient_id: uuid.UUID
    tiltak_id: uuid.UUID
    dato: dt.date
    tidspunkt: dt.time | None
    varighet_min: int
    tekst: str
    enhet_id: uuid.UUID


def _context(enhet: Enhet) -> RequestContext:
    return RequestContext(
        request_id=new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
    )


def _pasienter(enhet: Enhet) -> list[Pasient]:
    ids = (
        Behandlingsrelasjon.objects.active()
        .filter(enhet=enhet, pasient__dodsdato__isnull=True)
        .values_list("pasient_id", flat=True)
    )
    return list(
        Pasient.objects.filter(pk__in=ids).order_by("identifikator")[:PASIENTER_PER_DISTRIKT]
    )


def _adressepunkter(enhet: Enhet, pasienter: list[Pasient]) -> None:
    kommune = enhet.virksomhet.kommune.navn
    lat0, lon0 = SENTRUM.get(kommune, SENTRUM["Kongsvinger"])
    lat0 += next((v for k, v in NORD_SOR.items() if k in enhet.navn), 0.0)
    have = set(Adressepunkt.objects.filter(enhet=enhet).values_list("pasient_id", flat=True))
    for pasient in pasienter:
        if pasient.pk in have:
            continue
        pick = random.Random(f"adresse-{pasient.identifikator}")  # noqa: S311 - demo data
        services.adressepunkt_save(
            actor=None,
            pasient_id=pasient.pk,
            adresse=" ".join(
                p for p in (pasient.adresse, pasient.postnummer, pasient.poststed) if p
            )
            or f"Demoveien {pick.randint(1, 120)}, 2211 {kommune}",
            lat=round(lat0 + pick.uniform(-0.03, 0.03), 5),
            lon=round(lon0 + pick.uniform(-0.07, 0.07), 5),
            nokkelinfo=pick.choice(NOKLER).format(
                kode=pick.randint(1000, 9999), nr=pick.randint(1, 60)
            ),
        )


def _vakter(enhet: Enhet, today: dt.date) -> list[Ansatt]:
    staff = list(ansatte_for_tildeling(enhet.pk, today))
    # the demo nurse works days; the others alternate day and evening shifts
    staff.sort(key=lambda a: (a.username != "sykepleier", a.username))
    have = set(Vakt.objects.filter(enhet=enhet, dato__gte=today).values_list("ansatt_id", "dato"))
    for d in range(DAGER + 1):
        dato = today + dt.timedelta(days=d)
        for i, ansatt in enumerate(staff):
            if (ansatt.pk, dato) in have:
                continue
            fra, til = (dt.time(7), dt.time(15)) if i % 2 == 0 else (dt.time(15), dt.time(22))
            services.vakt_save(actor=None, ansatt_id=ansatt.pk, dato=dato, fra_tid=fra, til_tid=til)
    return staff


def _timeplan(enhet: Enhet, pasienter: list[Pasient]) -> services.ForekomstKilde:
    """Plan occurrences where the patients have plans; a fixed demo schedule for the rest."""

    def kilde(
        actor: Ansatt | None, enhet_ids: list[uuid.UUID], fra: dt.date, til: dt.date
    ) -> list[DemoForekomst]:
        fra_plan = services.plan_forekomster(actor, enhet_ids, fra, til)
        med_plan = {f.pasient_id for f in fra_plan}
        result: list[DemoForekomst] = [
            DemoForekomst(
                f.pasient_id, f.tiltak_id, f.dato, f.tidspunkt, f.varighet_min, f.tekst, f.enhet_id
            )
            for f in fra_plan
        ]
        for pasient in pasienter:
            if pasient.pk in med_plan:
                continue
            pick = random.Random(f"timeplan-{pasient.identifikator}")  # noqa: S311
            items = sorted(pick.sample(TIMEPLAN, pick.randint(2, 5)))
            for d in range((til - fra).days + 1):
                dato = fra + dt.timedelta(days=d)
                for tid, tekst, minutter in items:
                    result.append(
                        DemoForekomst(
                            pasient_id=pasient.pk,
                            tiltak_id=uuid.uuid5(DEMO_NS, f"{pasient.pk}-{tekst}"),
                            dato=dato,
                            tidspunkt=dt.time.fromisoformat(tid),
                            varighet_min=minutter,
                            tekst=tekst,
                            enhet_id=enhet.pk,
                        )
                    )
        return result

    return kilde


def _history_today(enhet: Enhet, today: dt.date) -> None:
    """Visits whose window has ended today: done by their staff (check-in at the window's
    start), except the first, left missed. Demo history, written directly."""
    now = timezone.localtime()
    past = list(
        Besoek.objects.filter(
            enhet=enhet,
            dato=today,
            status=BesoekStatus.PLANLAGT,
            innsjekk_at__isnull=True,
            til_tid__lt=now.time(),
        ).order_by("fra_tid", "id")
    )
    for besok in past[1:]:
        start = besok.start_at() + dt.timedelta(minutes=10)
        minutes = besok.varighet_min + (hash(besok.pk) % 7) - 3
        Besoek.objects.filter(pk=besok.pk).update(
            status=BesoekStatus.UTFORT,
            innsjekk_at=start,
            utsjekk_at=start + dt.timedelta(minutes=max(1, minutes)),
            faktisk_min=max(1, minutes),
            utfort_av_id=besok.ansatt_id,
        )
        besok.oppgaver.update(utfort=True, registrert_av_id=besok.ansatt_id, registrert_at=start)


def hjemmetjeneste_demo_build() -> int:
    """Build the home-care demo for every district; returns the number of visits made."""
    today = klokke.idag()
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    made = 0
    for enhet in Enhet.objects.filter(
        type=EnhetType.HJEMMETJENESTE_SONE, aktiv=True
    ).select_related("virksomhet__kommune"):
        pasienter = _pasienter(enhet)
        if not pasienter:
            continue
        with request_context(_context(enhet)), transaction.atomic():
            _adressepunkter(enhet, pasienter)
            staff = _vakter(enhet, today)
            result = services.besoek_generate(
                enhet_id=enhet.pk,
                fra=today,
                til=today + dt.timedelta(days=DAGER),
                naa=start_of_day,
                kilde=_timeplan(enhet, pasienter),
            )
            made += result.opprettet
        planner = (
            Tilknytning.objects.filter(
                enhet=enhet, rolle__rettigheter__action=Action.PLAN, ansatt__in=staff
            )
            .select_related("rolle", "enhet", "ansatt")
            .order_by("ansatt__username")
            .first()
        )
        if planner is None:
            continue
        with request_context(acting_context(planner)):
            for d in (0, 1):
                dato = today + dt.timedelta(days=d)
                if not Besoek.objects.filter(enhet=enhet, dato=dato, ansatt__isnull=True).exists():
                    continue
                services.dagsliste_optimise(actor=planner.ansatt, dato=dato, fordel=True)
        with transaction.atomic():
            _history_today(enhet, today)
        with request_context(_context(enhet)):
            services.besoek_flag_late()
    return made
