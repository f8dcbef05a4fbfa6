"""From what a patient used in a month (selectors/kilder.Forbruk) to invoice lines, with the
rates, G and income in force. Pure: the run (services/kjoring.py) loads the inputs, this
decides the lines.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from integrasjoner.faktura.lib import beregning as fee
from integrasjoner.faktura.models import Tjenestekode
from integrasjoner.faktura.selectors.kilder import Forbruk


@dataclass(frozen=True)
class Satsversjon:
    """A Satser row (with its bands) as the calculator needs it."""

    id: str
    gyldig_fra: dt.date
    timepris: Decimal
    tak_under_2g: Decimal
    korttid_per_dogn: Decimal
    dag_natt_per_dogn: Decimal
    fribelop: Decimal
    kurdognpris: Decimal
    trygghetsalarm: Decimal
    matombringing: Decimal
    trinn: tuple[fee.Trinn, ...] = ()


@dataclass(frozen=True)
class Inntekt:
    aar: int
    husstandsinntekt: Decimal | None
    netto_inntekt: Decimal | None


@dataclass(frozen=True)
class Linje:
    """An invoice line before it is stored."""

    pasient_id: uuid.UUID
    tjeneste: str
    nokkel: str
    periode_fra: dt.date
    periode_til: dt.date
    antall: Decimal
    enhet: str
    enhetspris: Decimal
    belop: Decimal
    grunnlag: dict[str, Any] = field(default_factory=dict)
    merknad: str = ""


@dataclass(frozen=True)
class Avvik:
    """Something that could not be charged (e.g. vederlag without a known income)."""

    pasient_id: uuid.UUID
    tekst: str


def nokkel(pasient_id: uuid.UUID, tjeneste: str, kilde_id: str, maned: dt.date) -> str:
    return f"{pasient_id}:{tjeneste}:{kilde_id}:{maned:%Y-%m}"


def _basis(sats: Satsversjon, g: Decimal, g_fra: dt.date, **more: Any) -> dict[str, Any]:
    return {
        "satser_id": sats.id,
        "satser_fra": sats.gyldig_fra.isoformat(),
        "g": str(g),
        "g_fra": g_fra.isoformat(),
        **{k: str(v) if isinstance(v, Decimal) else v for k, v in more.items()},
    }


def linjer_for_pasient(
    *,
    pasient_id: uuid.UUID,
    maned: dt.date,
    forbruk: Iterable[Forbruk],
    sats: Satsversjon,
    g: Decimal,
    g_fra: dt.date,
    inntekt: Inntekt | None,
) -> tuple[list[Linje], list[Avvik]]:
    """The lines of one patient for one month. Free services give no line; lines with a
    zero amount (e.g. a month spent on leave) are left out."""
    lines: list[Linje] = []
    avvik: list[Avvik] = []
    # The 60-døgn count runs on through the month's korttid stays in date order.
    korttid_hittil: int | None = None
    for item in sorted(forbruk, key=lambda f: (f.fra, f.tjeneste, f.kilde_id)):
        if item.tjeneste in fee.GRATIS_TJENESTER or item.tjeneste not in Tjenestekode.values:
            continue
        key = nokkel(pasient_id, item.tjeneste, item.kilde_id, maned)
        tilstede = max(0, item.dogn - item.fravar_dogn)
        fravar = {"permisjon": item.permisjonsdogn, "sykehus": item.sykehusdogn}

        def line(
            tjeneste: str,
            antall: Decimal | int,
            enhet: str,
            pris: Decimal,
            belop: Decimal,
            basis: dict[str, Any],
            merknad: str = "",
            key: str = key,
            item: Forbruk = item,
        ) -> None:
            if belop == 0:
                return
            lines.append(
                Linje(
                    pasient_id=pasient_id,
                    tjeneste=tjeneste,
                    nokkel=key if tjeneste == item.tjeneste else f"{key}:{tjeneste}",
                    periode_fra=item.fra,
                    periode_til=item.til,
                    antall=Decimal(antall),
                    enhet=enhet,
                    enhetspris=pris.quantize(Decimal("0.0001")),
                    belop=belop,
                    grunnlag=basis,
                    merknad=merknad,
                )
            )

        if item.tjeneste == Tjenestekode.PRAKTISK_BISTAND:
            husstand = inntekt.husstandsinntekt if inntekt else None
            pb = fee.praktisk_bistand(
                timer=item.timer,
                timepris=sats.timepris,
                inntekt=husstand,
                g=g,
                tak_under_2g=sats.tak_under_2g,
                trinn=sats.trinn,
            )
            basis = _basis(
                sats, g, g_fra, trinn=pb.trinn, tak=pb.tak, inntekt_aar=inntekt and inntekt.aar
            )
            note = "" if husstand is not None else "Inntekt ukjent: laveste tak brukt"
            if pb.tak is not None and item.timer * sats.timepris > pb.tak:
                note = (note + "; " if note else "") + f"Begrenset til tak {pb.tak}"
            line(item.tjeneste, item.timer, "time", sats.timepris, pb.belop, basis, note)
        elif item.tjeneste in (Tjenestekode.TRYGGHETSALARM, Tjenestekode.MATOMBRINGING):
            pris = (
                sats.trygghetsalarm
                if item.tjeneste == Tjenestekode.TRYGGHETSALARM
                else sats.matombringing
            )
            belop = fee.abonnement(pris_per_maned=pris, aktive_dager=item.dogn, maned=maned)
            antall = Decimal(min(item.dogn, fee.dager_i_maaned(maned))) / fee.dager_i_maaned(maned)
            line(
                item.tjeneste,
                antall.quantize(Decimal("0.01")),
                "måned",
                pris,
                belop,
                _basis(sats, g, g_fra, aktive_dager=item.dogn),
            )
        elif item.tjeneste == Tjenestekode.DAG_NATT:
            basis = _basis(sats, g, g_fra, fravar=fravar)
            belop = fee.per_dogn(sats=sats.dag_natt_per_dogn, dogn=tilstede)
            line(item.tjeneste, tilstede, "døgn", sats.dag_natt_per_dogn, belop, basis)
        elif item.tjeneste == Tjenestekode.KORTTID:
            if korttid_hittil is None:
                korttid_hittil = item.korttid_tidligere
            deling = fee.korttid_deling(dogn=tilstede, tidligere_i_aar=korttid_hittil)
            for_denne = korttid_hittil
            basis = _basis(sats, g, g_fra, fravar=fravar, korttid_tidligere=for_denne)
            korttid_hittil += tilstede
            belop = fee.per_dogn(sats=sats.korttid_per_dogn, dogn=deling.korttid_dogn)
            line(item.tjeneste, deling.korttid_dogn, "døgn", sats.korttid_per_dogn, belop, basis)
            if deling.vederlag_dogn:
                _vederlag(
                    line,
                    avvik,
                    pasient_id=pasient_id,
                    tjeneste=Tjenestekode.KORTTID_VEDERLAG,
                    dogn=deling.vederlag_dogn,
                    maned=maned,
                    sats=sats,
                    g=g,
                    g_fra=g_fra,
                    inntekt=inntekt,
                    extra={
                        "fravar": fravar,
                        "korttid_tidligere": for_denne,
                        "over_60_dogn": deling.vederlag_dogn,
                    },
                )
        elif item.tjeneste == Tjenestekode.LANGTID:
            _vederlag(
                line,
                avvik,
                pasient_id=pasient_id,
                tjeneste=Tjenestekode.LANGTID,
                dogn=tilstede,
                maned=maned,
                sats=sats,
                g=g,
                g_fra=g_fra,
                inntekt=inntekt,
                extra={"fravar": fravar},
            )
    return lines, avvik


def _vederlag(
    line: Any,
    avvik: list[Avvik],
    *,
    pasient_id: uuid.UUID,
    tjeneste: str,
    dogn: int,
    maned: dt.date,
    sats: Satsversjon,
    g: Decimal,
    g_fra: dt.date,
    inntekt: Inntekt | None,
    extra: dict[str, Any],
) -> None:
    if dogn <= 0:
        return
    if inntekt is None or inntekt.netto_inntekt is None:
        avvik.append(
            Avvik(
                pasient_id=pasient_id,
                tekst=f"Vederlag ({maned:%m.%Y}) ikke beregnet: netto inntekt mangler",
            )
        )
        return
    v = fee.vederlag_for_doegn(
        inntekt=inntekt.netto_inntekt,
        g=g,
        fribelop=sats.fribelop,
        kurdognpris=sats.kurdognpris,
        dogn=dogn,
        maned=maned,
    )
    basis = _basis(
        sats,
        g,
        g_fra,
        inntekt_aar=inntekt.aar,
        fribelop=sats.fribelop,
        kurdognpris=sats.kurdognpris,
        vederlag_maned=v.vederlag_maned,
        dogn_i_maned=fee.dager_i_maaned(maned),
        **extra,
    )
    note = "Begrenset til faktiske kostnader" if v.begrenset_til_kostnad else ""
    line(tjeneste, dogn, "døgn", v.per_dogn, v.belop, basis, note)


def g_for(dato: dt.date, tabell: Sequence[tuple[dt.date, Decimal]]) -> tuple[dt.date, Decimal]:
    """The G in force on `dato` from (gyldig_fra, beløp) rows; LookupError if none."""
    gyldige = [row for row in tabell if row[0] <= dato]
    if not gyldige:
        raise LookupError(dato)
    return max(gyldige)
