"""NEWS2 (National Early Warning Score 2, Royal College of Physicians 2017): pure functions.

The score bands are those of the RCP "Chart 1: The NEWS scoring system" and the risk levels
those of "Chart 2: NEWS thresholds and triggers". NEWS2 is only defined when all seven
parameters are measured (respiration, SpO2, air or oxygen, systolic pressure, pulse,
consciousness, temperature); with one missing there is no score, never a partial one.

NEWS2 is validated for adults (16 years and older) and not for use in pregnancy (RCP 2017,
"Scope": "not validated in children under 16 or in pregnancy"). For a child or where
pregnancy is recorded no score is given; the observations are kept and the page says why
(`news2_exception` / `UNNTAK`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The values of models.maling.News2Nivaa and Bevissthet (lib code does not import models).
NIVA_INGEN = "ingen"
NIVA_LAV = "lav"
NIVA_LAV_MIDDELS = "lav_middels"
NIVA_MIDDELS = "middels"
NIVA_HOY = "hoy"
BEVISSTHET_VAKEN = "A"
BEVISSTHET_NIVAER = ("A", "C", "V", "P", "U")

# Why a full set of observations gets no score (the values of models.maling.News2Unntak).
UNNTAK_BARN = "barn"
UNNTAK_GRAVID = "gravid"
VOKSEN_FRA_ALDER = 16
UNNTAK: Mapping[str, StrOrPromise] = {
    UNNTAK_BARN: _(
        "NEWS2 beregnes ikke for barn under 16 år: skåren er bare validert for voksne. "
        "Målingene er lagret; vurder barnet klinisk og etter barnets alder."
    ),
    UNNTAK_GRAVID: _(
        "NEWS2 beregnes ikke i svangerskap: skåren er ikke validert for gravide. "
        "Målingene er lagret; vurder klinisk (jordmor eller lege ved forverring)."
    ),
}
# Recorded pregnancy: an active diagnosis with one of these codes. ICPC-2 W78 "Svangerskap"
# and W84 "Svangerskap med høy risiko" (journal/data/kodeverk/icpc2.csv); ICD-10 chapter XV
# "Svangerskap, fødsel og barseltid" (O00–O9A) and Z33–Z35 (pregnant state, supervision of
# normal and high-risk pregnancy).
SVANGERSKAP_ICPC2 = frozenset({"W78", "W84"})
SVANGERSKAP_ICD10_PREFIKS = ("O", "Z33", "Z34", "Z35")


def svangerskap_kode(kodeverk: str, kode: str) -> bool:
    """True when the diagnosis code records a pregnancy."""
    kode = kode.strip().upper()
    if kodeverk == "ICPC-2":
        return kode in SVANGERSKAP_ICPC2
    if kodeverk == "ICD-10":
        return kode.startswith(SVANGERSKAP_ICD10_PREFIKS)
    return False


def news2_exception(*, alder: int, gravid: bool) -> str:
    """Why NEWS2 must not be scored for this patient ("" when it may): a child under 16,
    or a recorded pregnancy."""
    if alder < VOKSEN_FRA_ALDER:
        return UNNTAK_BARN
    if gravid:
        return UNNTAK_GRAVID
    return ""


def news2_exception_message(unntak: str) -> str:
    return str(UNNTAK[unntak]) if unntak else ""


# (highest value in the band, score); the last band has no upper limit.
Band = tuple[Decimal | None, int]

RESPIRASJON_BANDS: Sequence[Band] = (
    (Decimal(8), 3),
    (Decimal(11), 1),
    (Decimal(20), 0),
    (Decimal(24), 2),
    (None, 3),
)
SPO2_SKALA1_BANDS: Sequence[Band] = (
    (Decimal(91), 3),
    (Decimal(93), 2),
    (Decimal(95), 1),
    (None, 0),
)
SYSTOLISK_BANDS: Sequence[Band] = (
    (Decimal(90), 3),
    (Decimal(100), 2),
    (Decimal(110), 1),
    (Decimal(219), 0),
    (None, 3),
)
PULS_BANDS: Sequence[Band] = (
    (Decimal(40), 3),
    (Decimal(50), 1),
    (Decimal(90), 0),
    (Decimal(110), 1),
    (Decimal(130), 2),
    (None, 3),
)
TEMPERATUR_BANDS: Sequence[Band] = (
    (Decimal("35.0"), 3),
    (Decimal("36.0"), 1),
    (Decimal("38.0"), 0),
    (Decimal("39.0"), 1),
    (None, 2),
)
# The band scoring 0, shaded in trend charts (kept next to the bands; tests check they agree).
NULLPOENG_OMRADE: Mapping[str, tuple[Decimal, Decimal]] = {
    "respirasjon": (Decimal(12), Decimal(20)),
    "systolisk": (Decimal(111), Decimal(219)),
    "puls": (Decimal(51), Decimal(90)),
    "temperatur": (Decimal("36.1"), Decimal("38.0")),
}

# The parameters in chart order, with the names used in "mangler …".
PARAMETRE: Mapping[str, StrOrPromise] = {
    "respirasjon": _("respirasjonsfrekvens"),
    "spo2": _("SpO₂"),
    "oksygen": _("luft eller oksygen"),
    "systolisk": _("systolisk blodtrykk"),
    "puls": _("puls"),
    "bevissthet": _("bevissthet (ACVPU)"),
    "temperatur": _("temperatur"),
}

TILTAK: Mapping[str, StrOrPromise] = {
    NIVA_INGEN: _("Fortsett rutinemessig observasjon"),
    NIVA_LAV: _("Vurdering av kompetent sykepleier"),
    NIVA_LAV_MIDDELS: _("Rask vurdering av lege"),
    NIVA_MIDDELS: _("Akutt vurdering av lege/team med akuttkompetanse"),
    NIVA_HOY: _("Akutt vurdering av team med kritisk kompetanse, vurder overflytting"),
}


def _band_score(value: Decimal | int, bands: Sequence[Band]) -> int:
    number = Decimal(value)
    for upper, score in bands:
        if upper is None or number <= upper:
            return score
    raise AssertionError("the last band has no upper limit")  # pragma: no cover


def respirasjon_score(per_minutt: int) -> int:
    return _band_score(per_minutt, RESPIRASJON_BANDS)


def spo2_skala1_score(prosent: int) -> int:
    return _band_score(prosent, SPO2_SKALA1_BANDS)


def spo2_skala2_score(prosent: int, *, oksygen: bool) -> int:
    """Scale 2 (target 88–92 %, hypercapnic respiratory failure).

    At 93 % or more the patient scores only when on oxygen: over-oxygenation is the risk.
    """
    if prosent <= 83:
        return 3
    if prosent <= 85:
        return 2
    if prosent <= 87:
        return 1
    if prosent <= 92 or not oksygen:
        return 0
    if prosent <= 94:
        return 1
    if prosent <= 96:
        return 2
    return 3


def oksygen_score(oksygen: bool) -> int:
    return 2 if oksygen else 0


def systolisk_score(mmhg: int) -> int:
    return _band_score(mmhg, SYSTOLISK_BANDS)


def puls_score(per_minutt: int) -> int:
    return _band_score(per_minutt, PULS_BANDS)


def bevissthet_score(bevissthet: str) -> int:
    """Alert scores 0; new confusion, voice, pain and unresponsive all score 3."""
    if bevissthet not in BEVISSTHET_NIVAER:
        raise ValueError(f"unknown ACVPU level {bevissthet!r}")
    return 0 if bevissthet == BEVISSTHET_VAKEN else 3


def temperatur_score(celsius: Decimal) -> int:
    return _band_score(celsius, TEMPERATUR_BANDS)


@dataclass(frozen=True)
class News2Verdier:
    """The observations NEWS2 is computed from; None (or "" for consciousness) = not measured."""

    respirasjon: int | None = None
    spo2: int | None = None
    spo2_skala: int = 1
    oksygen: bool | None = None
    systolisk: int | None = None
    puls: int | None = None
    bevissthet: str = ""
    temperatur: Decimal | None = None


@dataclass(frozen=True)
class News2Resultat:
    """Total and level (None when a parameter is missing), scores per measured parameter."""

    total: int | None
    niva: str | None
    delscorer: Mapping[str, int] = field(default_factory=dict)
    mangler: tuple[str, ...] = ()

    @property
    def tiltak(self) -> str:
        """The clinical response (escalation) for the level, or "" without a score."""
        return news2_tiltak(self.niva)

    @property
    def melding(self) -> str:
        """Why there is no score, e.g. "NEWS2 kan ikke beregnes: mangler puls, temperatur"."""
        return news2_missing_message(self.mangler)


def news2_missing(verdier: News2Verdier) -> tuple[str, ...]:
    """Keys (in chart order) of the parameters not measured."""
    present = {
        "respirasjon": verdier.respirasjon is not None,
        "spo2": verdier.spo2 is not None,
        "oksygen": verdier.oksygen is not None,
        "systolisk": verdier.systolisk is not None,
        "puls": verdier.puls is not None,
        "bevissthet": bool(verdier.bevissthet),
        "temperatur": verdier.temperatur is not None,
    }
    return tuple(key for key in PARAMETRE if not present[key])


def news2_missing_message(mangler: Sequence[str]) -> str:
    if not mangler:
        return ""
    names = ", ".join(str(PARAMETRE[key]) for key in mangler)
    return str(_("NEWS2 kan ikke beregnes: mangler %(parametre)s")) % {"parametre": names}


def news2_level(total: int, delscorer: Mapping[str, int]) -> str:
    """RCP chart 2: 7+ high, 5–6 medium, a single red score (3) low–medium, 1–4 low."""
    if total >= 7:
        return NIVA_HOY
    if total >= 5:
        return NIVA_MIDDELS
    if 3 in delscorer.values():
        return NIVA_LAV_MIDDELS
    if total >= 1:
        return NIVA_LAV
    return NIVA_INGEN


def news2_tiltak(niva: str | None) -> str:
    return str(TILTAK[niva]) if niva else ""


def news2_calculate(verdier: News2Verdier) -> News2Resultat:
    """Scores for every measured parameter; total and level only when all seven are there."""
    scores: dict[str, int] = {}
    if verdier.respirasjon is not None:
        scores["respirasjon"] = respirasjon_score(verdier.respirasjon)
    if verdier.spo2 is not None:
        if verdier.spo2_skala == 1:
            scores["spo2"] = spo2_skala1_score(verdier.spo2)
        elif verdier.oksygen is not None or verdier.spo2 <= 92:
            scores["spo2"] = spo2_skala2_score(verdier.spo2, oksygen=bool(verdier.oksygen))
    if verdier.oksygen is not None:
        scores["oksygen"] = oksygen_score(verdier.oksygen)
    if verdier.systolisk is not None:
        scores["systolisk"] = systolisk_score(verdier.systolisk)
    if verdier.puls is not None:
        scores["puls"] = puls_score(verdier.puls)
    if verdier.bevissthet:
        scores["bevissthet"] = bevissthet_score(verdier.bevissthet)
    if verdier.temperatur is not None:
        scores["temperatur"] = temperatur_score(verdier.temperatur)
    mangler = news2_missing(verdier)
    if mangler:
        return News2Resultat(total=None, niva=None, delscorer=scores, mangler=mangler)
    total = sum(scores.values())
    return News2Resultat(total=total, niva=news2_level(total, scores), delscorer=scores)
