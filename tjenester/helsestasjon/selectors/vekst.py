"""Reads of growth: a child's measurements placed on the WHO reference, with the flags."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt
from journal.access import access_basis, actor_can, pasient_access
from journal.models import Kjoenn, Pasient
from tjenester.helsestasjon.lib.vekst import (
    NAVN,
    Alder,
    Flagg,
    Kjonn,
    Maaletype,
    Punkt,
    alder_calculate,
    flagg_find,
    lengde_adjust,
    sds_calculate,
)
from tjenester.helsestasjon.models import Fodselsopplysning, Maalemetode, Vekstmaaling

# A chart shows at most this many of the newest points (years of monthly visits fit).
MAKS_PUNKTER = 400
KJONN = {Kjoenn.MANN: Kjonn.GUTT, Kjoenn.KVINNE: Kjonn.JENTE}


@dataclass(frozen=True)
class Vekstserie:
    """One measure's points on the reference, oldest first, and its flags."""

    maaletype: Maaletype
    punkter: list[Punkt]
    flagg: list[Flagg] = field(default_factory=list)
    maaling_ids: list[uuid.UUID] = field(default_factory=list)  # one per point

    @property
    def navn(self) -> str:
        return str(NAVN[self.maaletype])

    @property
    def siste(self) -> Punkt | None:
        return self.punkter[-1] if self.punkter else None


@dataclass(frozen=True)
class Vekstoversikt:
    """What the growth page shows: the child, the series per measure, the listed page."""

    pasient: Pasient
    kjonn: Kjonn | None
    fodselsopplysning: Fodselsopplysning | None
    serier: list[Vekstserie]
    side: Side[Vekstmaaling]
    kan_registrere: bool

    def punkter_for(self, maaling: Vekstmaaling) -> dict[Maaletype, Punkt]:
        """The measurement's values on the reference, by measure (for the API's rows)."""
        return {
            s.maaletype: p
            for s in self.serier
            for p, m_id in zip(s.punkter, s.maaling_ids, strict=True)
            if m_id == maaling.pk
        }

    @property
    def flagg(self) -> list[Flagg]:
        return [f for s in self.serier for f in s.flagg]

    @property
    def korrigert(self) -> bool:
        return any(p.alder.korrigert for s in self.serier for p in s.punkter)


def _verdi(maaling: Vekstmaaling, maaletype: Maaletype, alder: Alder) -> float | None:
    if maaletype is Maaletype.VEKT:
        return None if maaling.vekt_g is None else maaling.vekt_g / 1000
    if maaletype is Maaletype.HODEOMKRETS:
        return None if maaling.hodeomkrets_mm is None else maaling.hodeomkrets_mm / 10
    if maaling.lengde_mm is None:
        return None
    liggende = maaling.maalemetode == Maalemetode.LIGGENDE or (
        not maaling.maalemetode and alder.kronologisk_dager < 731
    )
    return lengde_adjust(maaling.lengde_mm / 10, dager=alder.dager, liggende=liggende)


def vekstserier_build(
    maalinger: list[Vekstmaaling],
    *,
    pasient: Pasient,
    kjonn: Kjonn | None,
    fodselsopplysning: Fodselsopplysning | None,
) -> list[Vekstserie]:
    """The three series (weight, length/height, head) of measurements in date order."""
    uker = fodselsopplysning.svangerskapsuker if fodselsopplysning else None
    dager = fodselsopplysning.svangerskapsdager if fodselsopplysning else 0
    serier = []
    for maaletype in Maaletype:
        punkter = []
        ids: list[uuid.UUID] = []
        for maaling in maalinger:
            alder = alder_calculate(
                fodselsdato=pasient.fodselsdato,
                dato=maaling.dato,
                svangerskapsuker=uker,
                svangerskapsdager=dager,
            )
            verdi = _verdi(maaling, maaletype, alder)
            if verdi is None:
                continue
            sds = (
                None
                if kjonn is None
                else sds_calculate(maaletype=maaletype, kjonn=kjonn, dager=alder.dager, verdi=verdi)
            )
            punkter.append(Punkt(maaling.dato, alder, verdi, sds))
            ids.append(maaling.pk)
        flagg = flagg_find(punkter, navn=NAVN[maaletype])
        serier.append(Vekstserie(maaletype, punkter, flagg, ids))
    return serier


def vekst_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = 25
) -> Vekstoversikt:
    """The child's growth: every measurement on the WHO reference (newest MAKS_PUNKTER),
    the flags, and one page of the list (newest first). NotFound for missing and not
    allowed alike; audited as VEKSTKURVE_READ with the basis of the access."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    with transaction.atomic(savepoint=False):
        basis = access_basis(actor, pasient.pk)
        qs = Vekstmaaling.objects.filter(pasient=pasient)
        maalinger = list(qs.order_by("-dato", "-created_at")[:MAKS_PUNKTER])
        maalinger.reverse()
        page = side_fetch(
            qs.select_related("maalt_av", "enhet").order_by("-dato", "-created_at"),
            nummer=side,
            storrelse=storrelse,
        )
        opplysning = Fodselsopplysning.objects.filter(pasient=pasient).first()
        audit_log(
            actor=actor,
            event=AuditEvent.VEKSTKURVE_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"side": side, "antall": len(maalinger)},
        )
    kjonn = KJONN.get(Kjoenn(pasient.kjonn)) if pasient.kjonn in Kjoenn.values else None
    return Vekstoversikt(
        pasient=pasient,
        kjonn=kjonn,
        fodselsopplysning=opplysning,
        serier=vekstserier_build(
            maalinger, pasient=pasient, kjonn=kjonn, fodselsopplysning=opplysning
        ),
        side=page,
        kan_registrere=actor_can(actor, Action.WRITE_NOTE),
    )


def vekst_for_utskrift(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Vekstoversikt | None:
    """The growth charts for the journal print: None (nothing read, nothing audited) when the
    patient has no growth measurements, as for every adult; else `vekst_get`. NotFound for
    a patient the actor may not see, as everywhere."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    if not Vekstmaaling.objects.filter(pasient=pasient).exists():
        return None
    return vekst_get(actor=actor, pasient_id=pasient_id)
