"""Tildeling seed data: the starting service catalogue, IPLOS kodeverk 9151 service types
(docs/standarder.md §4).

Loaded by migration 0001 and by the demo; an admin edits it afterwards (dated rows).
The list changes over time: the codes come from finnkode as data, not from code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

HOTL = "Helse- og omsorgstjenesteloven"
GYLDIG_FRA = dt.date(2020, 1, 1)

# kode, navn, lovgrunnlag, omfang_enhet, enhetstyper, egenandel, to_personer, frist_dager
KATALOG: list[tuple[str, str, str, str, list[str], bool, bool, int | None]] = [
    (
        "1",
        "Praktisk bistand – daglige gjøremål",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "timer_uke",
        ["hjemmetjeneste", "hjemmetjeneste_sone"],
        True,
        False,
        None,
    ),
    (
        "2",
        "Praktisk bistand – opplæring",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "timer_uke",
        ["hjemmetjeneste", "hjemmetjeneste_sone"],
        True,
        False,
        None,
    ),
    (
        "3",
        "Brukerstyrt personlig assistanse (BPA)",
        f"{HOTL} § 3-8",
        "timer_uke",
        ["hjemmetjeneste"],
        True,
        True,
        None,
    ),
    (
        "4",
        "Dagaktivitetstilbud",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "dager_uke",
        ["sykehjem"],
        True,
        False,
        None,
    ),
    (
        "5",
        "Matombringing",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "antall",
        ["hjemmetjeneste"],
        True,
        False,
        None,
    ),
    (
        "6",
        "Trygghetsalarm",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "ingen",
        ["hjemmetjeneste"],
        True,
        False,
        None,
    ),
    (
        "7",
        "Avlastning utenfor institusjon",
        f"{HOTL} § 3-6 nr. 2",
        "timer_uke",
        ["hjemmetjeneste"],
        False,
        False,
        None,
    ),
    (
        "8",
        "Avlastning i institusjon",
        f"{HOTL} § 3-6 nr. 2",
        "dogn",
        ["sykehjemsavdeling"],
        False,
        False,
        None,
    ),
    (
        "9",
        "Støttekontakt",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "timer_uke",
        ["hjemmetjeneste"],
        False,
        False,
        None,
    ),
    ("11", "Omsorgsstønad", f"{HOTL} § 3-6 nr. 3", "timer_uke", [], False, True, None),
    ("12", "Omsorgsbolig", f"{HOTL} § 3-7", "ingen", ["hjemmetjeneste"], False, False, None),
    ("13", "Annen bolig", f"{HOTL} § 3-7", "ingen", [], False, False, None),
    (
        "14",
        "Tvang – somatisk helsehjelp (pasrl. kap. 4A)",
        "Pasient- og brukerrettighetsloven kap. 4A",
        "ingen",
        ["hjemmetjeneste", "hjemmetjeneste_sone", "sykehjemsavdeling"],
        False,
        True,
        14,
    ),
    (
        "15",
        "Helsetjenester i hjemmet (hjemmesykepleie)",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav a",
        "besok_uke",
        ["hjemmetjeneste", "hjemmetjeneste_sone"],
        False,
        False,
        14,
    ),
    (
        "16",
        "Re-/habilitering utenfor institusjon",
        f"{HOTL} § 3-2 første ledd nr. 5",
        "timer_uke",
        ["hjemmetjeneste"],
        False,
        False,
        None,
    ),
    (
        "17",
        "Dagopphold i institusjon",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav c",
        "dager_uke",
        ["sykehjem", "sykehjemsavdeling"],
        True,
        False,
        None,
    ),
    (
        "18",
        "Tidsbegrenset opphold – utredning/behandling",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav c",
        "dogn",
        ["sykehjemsavdeling"],
        True,
        False,
        7,
    ),
    (
        "19",
        "Tidsbegrenset opphold – habilitering/rehabilitering",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav c",
        "dogn",
        ["sykehjemsavdeling"],
        True,
        False,
        7,
    ),
    (
        "20",
        "Tidsbegrenset opphold – annet",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav c",
        "dogn",
        ["sykehjemsavdeling"],
        True,
        False,
        7,
    ),
    (
        "21",
        "Langtidsopphold i institusjon",
        f"{HOTL} § 3-2 a og § 3-2 første ledd nr. 6 bokstav c",
        "ingen",
        ["sykehjemsavdeling"],
        True,
        True,
        None,
    ),
    (
        "22",
        "Nattopphold i institusjon",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav c",
        "dogn",
        ["sykehjemsavdeling"],
        True,
        False,
        None,
    ),
    (
        "23",
        "Tvang – kap. 9 (personer med utviklingshemning)",
        f"{HOTL} kap. 9",
        "ingen",
        ["hjemmetjeneste"],
        False,
        True,
        14,
    ),
    ("24", "Tvang – rusmiddelavhengige", f"{HOTL} kap. 10", "ingen", [], False, True, 7),
    (
        "25",
        "Kommunal akutt døgnenhet (KAD)",
        f"{HOTL} § 3-5 tredje ledd",
        "dogn",
        ["sykehjemsavdeling"],
        False,
        False,
        1,
    ),
    (
        "26",
        "Lokaliseringsteknologi (GPS)",
        f"{HOTL} § 3-2 første ledd nr. 6 bokstav b",
        "ingen",
        ["hjemmetjeneste"],
        True,
        False,
        None,
    ),
    ("29", "Bolig som kommunen disponerer", f"{HOTL} § 3-7", "ingen", [], False, False, None),
]


NYNORSK = {
    "1": "Praktisk bistand – daglege gjeremål",
    "2": "Praktisk bistand – opplæring",
    "3": "Brukarstyrt personleg assistanse (BPA)",
    "4": "Dagaktivitetstilbod",
    "5": "Matombringing",
    "6": "Tryggleiksalarm",
    "7": "Avlasting utanfor institusjon",
    "8": "Avlasting i institusjon",
    "9": "Støttekontakt",
    "11": "Omsorgsstønad",
    "12": "Omsorgsbustad",
    "13": "Anna bustad",
    "14": "Tvang – somatisk helsehjelp (pasrl. kap. 4A)",
    "15": "Helsetenester i heimen (heimesjukepleie)",
    "16": "Re-/habilitering utanfor institusjon",
    "17": "Dagopphald i institusjon",
    "18": "Tidsavgrensa opphald – utgreiing/behandling",
    "19": "Tidsavgrensa opphald – habilitering/rehabilitering",
    "20": "Tidsavgrensa opphald – anna",
    "21": "Langtidsopphald i institusjon",
    "22": "Nattopphald i institusjon",
    "23": "Tvang – kap. 9 (personar med utviklingshemming)",
    "24": "Tvang – rusmiddelavhengige",
    "25": "Kommunal akutt døgneining (KAD)",
    "26": "Lokaliseringsteknologi (GPS)",
    "29": "Bustad som kommunen disponerer",
}


def tjenestetyper_seed(model: Any = None) -> int:
    """Create the catalogue rows that are missing (by code); never changes edited rows."""
    if model is None:
        from tildeling.models import Tjenestetype

        model = Tjenestetype
    created = 0
    for kode, navn, lov, enhet, typer, egenandel, to_personer, frist in KATALOG:
        if model.objects.filter(kode=kode).exists():
            continue
        model.objects.create(
            kode=kode,
            navn=navn,
            navn_nynorsk=NYNORSK.get(kode, ""),
            lovgrunnlag=lov,
            omfang_enhet=enhet,
            utforende_enhetstyper=typer,
            egenandel=egenandel,
            egenandel_tekst=(
                "Egenandel etter forskrift om egenandel for kommunale helse- og "
                "omsorgstjenester (FOR-2011-12-16-1349)."
                if egenandel
                else ""
            ),
            to_personer=to_personer,
            frist_dager=frist,
            gyldig_fra=GYLDIG_FRA,
        )
        created += 1
    return created
