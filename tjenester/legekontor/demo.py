"""Demo data for the GP offices (idempotent; after demo_journal): in each kommune's
legesenter two or three GPs with a list of patients from the kommune (a few hundred in
all), a GP, nurse and lab resource with weekday slot templates, the last two working days
with signed consultations (ICPC-2, fee codes, the patient's share; a few no-shows and a
cancellation) and the coming working days booked. Demo logins: `lege`, `helsesekretaer`."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from core.acting import acting_as
from core.klokke import idag, naa
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Diagnose, DiagnoseStatus, Kodeverk, Pasient
from tjenester.legekontor.models import (
    Fastlegeliste,
    Ressurs,
    RessursType,
    Tidstype,
    Timemal,
)
from tjenester.legekontor.seeds import takster_seed
from tjenester.legekontor.services import (
    fastlegeliste_create,
    konsultasjon_diagnose_add,
    konsultasjon_open,
    konsultasjon_sign,
    konsultasjon_update,
    listeplasser_add,
    takstlinje_add,
    time_cancel,
    time_no_show,
    timer_book_many,
)

OSLO = ZoneInfo("Europe/Oslo")
LEGER_PER_KONTOR = 3
LISTE_PER_LEGE = 40
TIMER_PER_DAG = 7
TIDLIGERE_DAGER = 2
KOMMENDE_DAGER = 3
# (ICPC-2, reason, time spent): the demo's consultations
KONTAKTER = [
    ("T90", "Kontroll diabetes", 25),
    ("K86", "Blodtrykkskontroll", 15),
    ("R74", "Sår hals og feber", 15),
    ("L03", "Korsryggsmerter", 20),
    ("P76", "Nedstemthet", 40),
    ("R96", "Astma, kontroll", 15),
]
NOTAT = {
    "Anamnese": "Kommer til avtalt kontroll.",
    "Funn": "Upåfallende.",
    "Vurdering": "Stabil.",
    "Tiltak": "Ny kontroll om tre måneder.",
}


@dataclass
class LegekontorDemo:
    kontorer: int = 0
    leger: int = 0
    listeplasser: int = 0
    timer: int = 0
    konsultasjoner: int = 0


def _arbeidsdager(fra: dt.date, antall: int, retning: int) -> list[dt.date]:
    dager: list[dt.date] = []
    dag = fra
    while len(dager) < antall:
        dag += dt.timedelta(days=retning)
        if dag.weekday() < 5:
            dager.append(dag)
    return sorted(dager)


def _ressurs(kontor: Enhet, navn: str, type_: str, ansatt: Ansatt | None) -> Ressurs:
    ressurs = Ressurs.objects.create(enhet=kontor, navn=navn, type=type_, ansatt=ansatt)
    ressurs.refresh_from_db(fields=["nummer"])
    maler = [
        (dt.time(8), dt.time(11), Tidstype.ORDINAER),
        (dt.time(11), dt.time(12), Tidstype.BLOKKERT),
        (dt.time(12), dt.time(15), Tidstype.ORDINAER),
        (dt.time(15), dt.time(16), Tidstype.AKUTT),
    ]
    Timemal.objects.bulk_create(
        Timemal(ressurs=ressurs, ukedag=d, fra=fra, til=til, lengde_min=20, type=type_)
        for d in range(5)
        for fra, til, type_ in maler
    )
    return ressurs


def _leger(kontor: Enhet) -> list[Ansatt]:
    leger = list(
        Ansatt.objects.filter(
            tilknytninger__enhet=kontor, tilknytninger__rolle__kode="lege", is_active=True
        )
        .distinct()
        .order_by("username")
    )
    leger.sort(key=lambda a: a.username != "lege")
    return leger[:LEGER_PER_KONTOR]


def _kontor_build(kontor: Enhet, rng: random.Random, result: LegekontorDemo) -> None:
    leger = _leger(kontor)
    if not leger:
        return
    pasienter = list(
        Pasient.objects.filter(kommune=kontor.virksomhet.kommune, dodsdato__isnull=True).order_by(
            "identifikator"
        )[: LISTE_PER_LEGE * len(leger)]
    )
    ressurser = []
    for nummer, lege in enumerate(leger):
        with acting_as(lege, kontor):
            liste = fastlegeliste_create(
                actor=lege, lege_id=lege.pk, kapasitet=rng.choice([800, 1000, 1200])
            )
            mine = pasienter[nummer * LISTE_PER_LEGE : (nummer + 1) * LISTE_PER_LEGE]
            listeplasser_add(
                actor=lege,
                liste_id=liste.pk,
                pasient_ids=[p.pk for p in mine],
                fra={p.pk: idag() - dt.timedelta(days=rng.randint(30, 3000)) for p in mine},
            )
        result.listeplasser += len(mine)
        ressurser.append(
            (lege, _ressurs(kontor, f"Dr. {lege.last_name}", RessursType.LEGE, lege), mine)
        )
    _ressurs(kontor, "Sykepleier", RessursType.SYKEPLEIER, None)
    _ressurs(kontor, "Laboratoriet", RessursType.LAB, None)
    result.kontorer += 1
    result.leger += len(leger)
    for lege, ressurs, mine in ressurser:
        if mine:
            _uke_build(kontor, lege, ressurs, mine, rng, result)


def _uke_build(
    kontor: Enhet,
    lege: Ansatt,
    ressurs: Ressurs,
    pasienter: list[Pasient],
    rng: random.Random,
    result: LegekontorDemo,
) -> None:
    idag_ = idag()
    # The demo GP `lege` sees patients for the problems the journal demo gave them (their
    # active ICPC-2 diagnoses are reused, so the journal demo's own counts stay as they are).
    kjente: dict[uuid.UUID, str] = {}
    if lege.username == "lege":
        for pasient_id, kode in Diagnose.objects.filter(
            pasient__in=pasienter, status=DiagnoseStatus.AKTIV, kode__kodeverk=Kodeverk.ICPC2
        ).values_list("pasient_id", "kode__kode"):
            kjente.setdefault(pasient_id, kode)
    tidligere = _arbeidsdager(idag_, TIDLIGERE_DAGER, -1)
    dager = [
        *tidligere,
        *([idag_] if idag_.weekday() < 5 else []),
        *_arbeidsdager(idag_, KOMMENDE_DAGER, 1),
    ]
    with acting_as(lege, kontor):
        for dag in dager:
            plan = []
            for slot in range(TIMER_PER_DAG):
                start = dt.datetime.combine(dag, dt.time(8), tzinfo=OSLO) + dt.timedelta(
                    minutes=20 * slot
                )
                pasient = rng.choice(pasienter)
                kode, aarsak, minutter = rng.choice(KONTAKTER)
                if lege.username == "lege" and dag in tidligere:
                    if not kjente:
                        continue
                    pasient_id = rng.choice(sorted(kjente, key=str))
                    pasient = next(p for p in pasienter if p.pk == pasient_id)
                    kode = kjente[pasient_id]
                plan.append((slot, start, kode, aarsak, minutter, pasient))
            # the day's bookings in one call (the book's rules, one INSERT and one audit)
            timer = timer_book_many(
                actor=None,
                ressurs_id=ressurs.pk,
                bookinger=[(p.pk, start, aarsak) for _s, start, _k, aarsak, _m, p in plan],
                enhet_id=kontor.pk,
                tillat_fortid=True,
            )
            result.timer += len(timer)
            for (slot, start, kode, aarsak, minutter, _p), time in zip(plan, timer, strict=True):
                if dag not in tidligere or start > naa():
                    continue
                if lege.username != "lege" and dag != tidligere[-1]:
                    continue  # the other GPs' older day stays booked (keeps the demo quick)
                if slot >= 6:
                    continue  # left booked in the past: the desk has not closed the day
                if slot == 3:
                    time_no_show(actor=None, time_id=time.pk, enhet_id=kontor.pk)
                    continue
                if slot == 5:
                    time_cancel(
                        actor=None, time_id=time.pk, grunn="Pasienten ble syk", enhet_id=kontor.pk
                    )
                    continue
                konsultasjon = konsultasjon_open(actor=lege, timeavtale_id=time.pk)
                konsultasjon_update(
                    actor=lege,
                    konsultasjon_id=konsultasjon.pk,
                    kontaktaarsak=aarsak,
                    tidsbruk_min=minutter,
                    frikort=rng.random() < 0.15,
                )
                konsultasjon_diagnose_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode=kode)
                takstlinje_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="2ad")
                if minutter > 20:
                    takstlinje_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="2cd")
                konsultasjon_sign(actor=lege, konsultasjon_id=konsultasjon.pk, innhold=NOTAT)
                result.konsultasjoner += 1
            if dag > idag_:
                # one cancellation a coming day
                siste = ressurs.timer.filter(start__date=dag).order_by("-start").first()
                if siste is not None:
                    time_cancel(
                        actor=None,
                        time_id=siste.pk,
                        grunn="Pasienten avbestilte",
                        enhet_id=kontor.pk,
                    )


def legekontor_demo_build(seed: int = 20261205) -> LegekontorDemo:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    result = LegekontorDemo()
    takster_seed()
    for kontor in Enhet.objects.filter(type=EnhetType.LEGEKONTOR, aktiv=True).order_by("navn"):
        if Fastlegeliste.objects.filter(enhet=kontor).exists():
            continue
        with transaction.atomic():
            _kontor_build(kontor, rng, result)
    return result
