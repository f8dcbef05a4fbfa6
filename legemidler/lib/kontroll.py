"""The checks at ordering time, as pure functions over plain data: allergy (CAVE), interactions
with the patient's active orders, the same substance twice, a daily schedule of a drug that
is dosed weekly, and a PRN order without a maximum.

Each finding (`Kontrollfunn`) says which check (`kontroll`, the values of
`legemidler.models.Kontroll`) and why, in Norwegian. The service stops the order until every
finding is overridden with a written reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from legemidler.lib.dosering import BEHOV, Doseringsplan, plan_is_weekly_or_rarer

ALLERGI = "allergi"
INTERAKSJON = "interaksjon"
SAMME_VIRKESTOFF = "samme_virkestoff"
UKENTLIG = "ukentlig"
BEHOV_MAKS = "behov_maks"
KONTROLLER = (ALLERGI, INTERAKSJON, SAMME_VIRKESTOFF, UKENTLIG, BEHOV_MAKS)


@dataclass(frozen=True)
class Kontrollfunn:
    kontroll: str
    melding: str


@dataclass(frozen=True)
class Produkt:
    """What the checks need of a product: name, ATC code and substance names."""

    navn: str
    atc: str
    virkestoffer: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cave:
    """An active allergy or intolerance: the substance as written, and its ATC code or group
    when coded."""

    tittel: str
    atc: str = ""
    reaksjon: str = ""


@dataclass(frozen=True)
class InteraksjonData:
    """An interaction of the catalogue: the ATC codes of its two groups, severity label,
    consequence and what to do."""

    gruppe1: tuple[str, ...]
    gruppe2: tuple[str, ...]
    relevans: str
    konsekvens: str
    handtering: str = ""


def atc_matches(atc: str, moenster: str) -> bool:
    """Whether a product's ATC code falls under a code or group (J01CE02 under J01C)."""
    return bool(moenster) and atc.upper().startswith(moenster.upper())


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def allergi_check(nytt: Produkt, cave: Iterable[Cave]) -> list[Kontrollfunn]:
    """An active allergy or intolerance that the product matches: by the coded ATC code or
    group, else by the substance's name written the same way as one of the product's."""
    funn = []
    stoffer = {_norm(v) for v in nytt.virkestoffer}
    for c in cave:
        treff = atc_matches(nytt.atc, c.atc) if c.atc else _norm(c.tittel) in stoffer
        if treff:
            funn.append(
                Kontrollfunn(
                    ALLERGI,
                    _(
                        "Pasienten har registrert allergi/intoleranse: %(cave)s%(reaksjon)s. "
                        "%(produkt)s (ATC %(atc)s) hører til dette."
                    )
                    % {
                        "cave": c.tittel + (f" (ATC {c.atc})" if c.atc else ""),
                        "reaksjon": f" – {c.reaksjon}" if c.reaksjon else "",
                        "produkt": nytt.navn,
                        "atc": nytt.atc,
                    },
                )
            )
    return funn


def interaksjon_check(
    nytt: Produkt, aktive: Sequence[Produkt], interaksjoner: Iterable[InteraksjonData]
) -> list[Kontrollfunn]:
    """Interactions between the new product and each active order's product."""
    funn = []
    for ia in interaksjoner:
        for annen in aktive:
            forward = any(atc_matches(nytt.atc, a) for a in ia.gruppe1) and any(
                atc_matches(annen.atc, a) for a in ia.gruppe2
            )
            backward = any(atc_matches(nytt.atc, a) for a in ia.gruppe2) and any(
                atc_matches(annen.atc, a) for a in ia.gruppe1
            )
            if forward or backward:
                melding = _("%(relevans)s: %(ny)s og %(annen)s. %(konsekvens)s") % {
                    "relevans": ia.relevans,
                    "ny": nytt.navn,
                    "annen": annen.navn,
                    "konsekvens": ia.konsekvens,
                }
                if ia.handtering:
                    melding += " " + _("Håndtering: %(h)s") % {"h": ia.handtering}
                funn.append(Kontrollfunn(INTERAKSJON, melding))
    return funn


def samme_virkestoff_check(nytt: Produkt, aktive: Sequence[Produkt]) -> list[Kontrollfunn]:
    """An active order with the same substance (a shared substance, or the same full ATC)."""
    funn = []
    stoffer = {_norm(v) for v in nytt.virkestoffer}
    for annen in aktive:
        felles = stoffer & {_norm(v) for v in annen.virkestoffer}
        if felles or (len(nytt.atc) == 7 and nytt.atc == annen.atc):
            hva = ", ".join(sorted(felles)) if felles else f"ATC {nytt.atc}"
            funn.append(
                Kontrollfunn(
                    SAMME_VIRKESTOFF,
                    _(
                        "Pasienten har allerede en aktiv forordning med samme virkestoff "
                        "(%(hva)s): %(annen)s."
                    )
                    % {"hva": hva, "annen": annen.navn},
                )
            )
    return funn


def ukentlig_check(
    nytt: Produkt, plan: Doseringsplan, ukentlige: Iterable[tuple[str, str]]
) -> list[Kontrollfunn]:
    """A drug on the weekly-only list ((ATC, name) pairs) ordered on any schedule that can
    give it on more than one day a week (daily, several weekdays, tapering, PRN)."""
    for atc, navn in ukentlige:
        if atc_matches(nytt.atc, atc) and not plan_is_weekly_or_rarer(plan):
            return [
                Kontrollfunn(
                    UKENTLIG,
                    _(
                        "%(navn)s doseres normalt én gang i uken. Doseringen gir det på flere "
                        "dager i uken. Velg én ukedag, eller begrunn hvorfor."
                    )
                    % {"navn": navn},
                )
            ]
    return []


def behov_maks_check(plan: Doseringsplan) -> list[Kontrollfunn]:
    """A PRN order must say the most that may be given in 24 hours."""
    if plan.type == BEHOV and plan.behov_maks_per_doegn is None:
        return [
            Kontrollfunn(
                BEHOV_MAKS,
                _("Ved behov-forordningen mangler maksimal dose per døgn."),
            )
        ]
    return []


def kontroller_run(
    nytt: Produkt,
    plan: Doseringsplan,
    *,
    cave: Iterable[Cave],
    aktive: Sequence[Produkt],
    interaksjoner: Iterable[InteraksjonData],
    ukentlige: Iterable[tuple[str, str]],
) -> list[Kontrollfunn]:
    """Every check, in the order they are shown."""
    return [
        *allergi_check(nytt, cave),
        *interaksjon_check(nytt, aktive, interaksjoner),
        *samme_virkestoff_check(nytt, aktive),
        *ukentlig_check(nytt, plan, ukentlige),
        *behov_maks_check(plan),
    ]
