"""Demo assessments: IPLOS for the documented patients, Barthel for some."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from core.acting import acting_context
from core.context import request_context
from core.klokke import idag
from core.models import (
    Enhet,
    Tilknytning,
)
from journal.demo.dokumentasjon import DOK_DAGER, DOK_ENHET
from journal.models import (
    Kartlegging,
    Pasient,
)
from journal.services import (
    KartleggingData,
    kartlegging_create,
)

KARTLEGGING_PASIENTER = 20  # of the DOK_PASIENTER: an IPLOS assessment each, some a Barthel


def _skjemaer_seed() -> None:
    """The forms migration 0008 loads (a flush in tests removes them); idempotent."""
    from journal.seeds import skjema_load_all

    skjema_load_all()


def _iplos_svar(pick: random.Random, niva: int) -> dict[str, int]:
    """Believable IPLOS scores around a need level (1 = self-reliant … 4 = large needs);
    the senses and behaviour vary less, some social/practical items are not relevant."""
    svar: dict[str, int] = {}
    for kode in (
        "sosial_deltakelse",
        "skaffe_varer_tjenester",
        "beslutninger_dagliglivet",
        "ivareta_egen_helse",
        "bevege_seg_innendors",
        "alminnelig_husarbeid",
        "personlig_hygiene",
        "paa_og_avkledning",
        "lage_mat",
        "spise",
        "toalett",
        "bevege_seg_utendors",
    ):
        svar[kode] = max(1, min(5, niva + pick.choice((-1, 0, 0, 1))))
    for kode in ("syn", "horsel", "hukommelse", "kommunikasjon", "styre_atferd"):
        svar[kode] = max(1, min(5, niva - 1 + pick.choice((-1, 0, 0, 1))))
    if pick.random() < 0.3:
        svar["sosial_deltakelse"] = 9
    return svar


BARTHEL_PROFILER = (
    {
        "avforing": 10,
        "vannlating": 10,
        "personlig_stell": 5,
        "toalettbesok": 10,
        "spising": 10,
        "forflytning": 15,
        "mobilitet": 10,
        "paakledning": 10,
        "trapper": 5,
        "bading": 0,
    },
    {
        "avforing": 10,
        "vannlating": 5,
        "personlig_stell": 0,
        "toalettbesok": 5,
        "spising": 10,
        "forflytning": 10,
        "mobilitet": 10,
        "paakledning": 5,
        "trapper": 0,
        "bading": 0,
    },
    {
        "avforing": 5,
        "vannlating": 0,
        "personlig_stell": 0,
        "toalettbesok": 0,
        "spising": 5,
        "forflytning": 5,
        "mobilitet": 5,
        "paakledning": 0,
        "trapper": 0,
        "bading": 0,
    },
)  # totals 85, 55 and 20


def build_kartlegging(units: dict[tuple[str, int], Enhet]) -> int:
    """Completed IPLOS assessments by the demo nurse for the first patients of her unit
    (every third also one from three months ago, so change over time shows; every fourth
    a Barthel ADL index), through the services (audited). Idempotent: a patient who already
    has an assessment by her gets none added. Returns the number of patients filled in."""
    _skjemaer_seed()
    enhet = units[DOK_ENHET]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="sykepleier", enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    sykepleier = tilknytning.ansatt
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:KARTLEGGING_PASIENTER]
    )
    har = set(Kartlegging.objects.filter(utfort_av=sykepleier).values_list("pasient_id", flat=True))
    if len(har) >= KARTLEGGING_PASIENTER:
        return 0  # built before; patients related to the unit later are not assessed on a rerun
    today = idag()
    filled = 0
    with request_context(acting_context(tilknytning)):
        for index, pasient in enumerate(pasienter):
            if pasient.pk in har:
                continue
            pick = random.Random(f"kartlegging-{pasient.identifikator}")  # noqa: S311
            niva = pick.randint(1, 4)
            with transaction.atomic():
                if index % 3 == 0:
                    kartlegging_create(
                        actor=sykepleier,
                        pasient_id=pasient.pk,
                        skjema_kode="iplos",
                        data=KartleggingData(
                            dato=today - dt.timedelta(days=pick.randint(80, 100)),
                            svar=_iplos_svar(pick, max(1, niva - 1)),
                        ),
                        fullfor=True,
                    )
                kartlegging_create(
                    actor=sykepleier,
                    pasient_id=pasient.pk,
                    skjema_kode="iplos",
                    data=KartleggingData(
                        dato=today - dt.timedelta(days=pick.randint(1, DOK_DAGER)),
                        svar=_iplos_svar(pick, niva),
                        kommentar="Kartlagt ved hjemmebesøk." if index % 2 else "",
                    ),
                    fullfor=True,
                )
                if index % 4 == 1:
                    kartlegging_create(
                        actor=sykepleier,
                        pasient_id=pasient.pk,
                        skjema_kode="barthel",
                        data=KartleggingData(
                            dato=today - dt.timedelta(days=pick.randint(1, DOK_DAGER)),
                            svar=dict(BARTHEL_PROFILER[index % 3]),
                        ),
                        fullfor=True,
                    )
            filled += 1
    return filled
