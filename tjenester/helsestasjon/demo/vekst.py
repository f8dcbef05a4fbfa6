"""Demo growth (idempotent): every child under five at a demo health station gets the
measurements of the programme's visits so far, along its own centile with a little noise;
at each station one child falls off its weight centile (crosses two lines) and one child is
born at 31+2 weeks (corrected age on the charts). Built through the services, relative to
today, acting as the station's health nurse."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction

from core.acting import acting_context
from core.audit import AuditEvent, audit_log_many
from core.context import request_context
from core.klokke import idag
from core.models import EnhetType, Tilknytning
from journal.access import access_basis
from journal.models import Behandlingsrelasjon, Kjoenn, Pasient, RelasjonGrunnlag
from tjenester.helsestasjon.lib.vekst import Kjonn, Maaletype, alder_calculate, verdi_for_sds
from tjenester.helsestasjon.models import Vekstmaaling
from tjenester.helsestasjon.services import (
    VekstmaalingData,
    fodselsopplysning_save,
)
from tjenester.helsestasjon.services.vekst import vekstmaaling_validate

# Days of age of the programme's visits where growth is measured (birth weight at day 0).
BESOKSDAGER = (0, 7, 42, 91, 152, 183, 304, 365, 456, 548, 730, 1461)
MAKS_ALDER_DAGER = 5 * 365
# Growth for this many children per station (one INSERT per child).
MAKS_BARN_PER_STASJON = 8


@dataclass
class VekstDemo:
    barn: int
    maalinger: int


def _child(
    actor_tilknytning: Tilknytning, pasient_id: uuid.UUID, rng: random.Random, rolle: str
) -> int:
    pasient = Pasient.objects.get(pk=pasient_id)
    kjonn = {Kjoenn.MANN: Kjonn.GUTT, Kjoenn.KVINNE: Kjonn.JENTE}.get(Kjoenn(pasient.kjonn))
    if kjonn is None:
        return 0
    actor = actor_tilknytning.ansatt
    uker = 31 if rolle == "preterm" else None
    if uker is not None:
        fodselsopplysning_save(
            actor=actor, pasient_id=pasient.pk, svangerskapsuker=uker, svangerskapsdager=2
        )
    sds = {m: rng.gauss(0, 0.8) for m in Maaletype}
    idag_ = idag()
    antall = 0
    maalinger: list[Vekstmaaling] = []
    for dag in BESOKSDAGER:
        dato = pasient.fodselsdato + dt.timedelta(days=dag)
        if dato > idag_:
            break
        alder = alder_calculate(
            fodselsdato=pasient.fodselsdato, dato=dato, svangerskapsuker=uker, svangerskapsdager=2
        )
        plott = max(0, alder.dager)
        if rolle == "faller" and dag >= 183:
            sds[Maaletype.VEKT] -= 0.55  # a child falling off its weight centile
        verdier = {
            m: verdi_for_sds(maaletype=m, kjonn=kjonn, dager=plott, sds=sds[m] + rng.gauss(0, 0.12))
            for m in Maaletype
        }
        data = VekstmaalingData(
            dato=dato,
            vekt_g=round(verdier[Maaletype.VEKT] * 1000),
            lengde_mm=round(verdier[Maaletype.LENGDE] * 10),
            hodeomkrets_mm=round(verdier[Maaletype.HODEOMKRETS] * 10) if dag <= 730 else None,
            maalemetode="liggende" if dag < 730 else "staaende",
            merknad="",
            bekreft_avvik=True,
        )
        vekstmaaling_validate(data, fodselsdato=pasient.fodselsdato)
        maalinger.append(
            Vekstmaaling(
                pasient=pasient,
                enhet_id=actor_tilknytning.enhet_id,
                dato=data.dato,
                vekt_g=data.vekt_g,
                lengde_mm=data.lengde_mm,
                hodeomkrets_mm=data.hodeomkrets_mm,
                maalemetode=data.maalemetode,
                maalt_av=actor,
                merknad="",
            )
        )
        antall += 1
    # The measurements in one INSERT, audited as the service does (VEKSTMAALING_CREATED).
    Vekstmaaling.objects.bulk_create(maalinger)
    audit_log_many(
        actor=actor,
        event=AuditEvent.VEKSTMAALING_CREATED,
        targets=maalinger,
        grunnlag=access_basis(actor, pasient.pk).kode,
        extra={"bekreftet_avvik": False},
    )
    return antall


def vekst_demo_build() -> VekstDemo:
    barn = maalinger = 0
    idag_ = idag()
    for tilknytning in (
        Tilknytning.objects.filter(
            enhet__type=EnhetType.HELSESTASJON, rolle__kode="helsesykepleier"
        )
        .select_related("ansatt", "enhet", "rolle")
        .order_by("enhet__navn", "ansatt__username")
        .distinct("enhet__navn")
    ):
        enhet = tilknytning.enhet
        rng = random.Random(enhet.navn)  # noqa: S311 - deterministic demo data
        pasient_ids = list(
            Behandlingsrelasjon.objects.active()
            .filter(
                enhet=enhet,
                grunnlag=RelasjonGrunnlag.HELSESTASJON,
                pasient__fodselsdato__gt=idag_ - dt.timedelta(days=MAKS_ALDER_DAGER),
            )
            .order_by("pasient__fodselsdato", "pasient_id")
            .values_list("pasient_id", flat=True)
            .distinct()[:MAKS_BARN_PER_STASJON]
        )
        with request_context(acting_context(tilknytning)):
            for index, pasient_id in enumerate(pasient_ids):
                if Vekstmaaling.objects.filter(pasient_id=pasient_id).exists():
                    continue
                rolle = {0: "faller", 1: "preterm"}.get(index, "")
                with transaction.atomic():
                    antall = _child(tilknytning, pasient_id, rng, rolle)
                barn += 1 if antall else 0
                maalinger += antall
    return VekstDemo(barn=barn, maalinger=maalinger)
