"""Reference data of medication that migrations and commands load.

The weekly-only list starts with methotrexate (ATC L04AX03 for rheumatic disease and
L01BA01 as a cytostatic; WHO ATC index). Methotrexate tablets against rheumatic disease and
psoriasis are taken once a week; daily intake by mistake has caused deaths, and DMP and
Helsetilsynet have warned about it repeatedly (see docs/legemidler.md for the sources).
Admins extend the list in the admin.
"""

from __future__ import annotations

from typing import Any

UKENTLIGE: list[tuple[str, str, str]] = [
    (
        "L04AX03",
        "Metotreksat",
        "Metotreksat mot revmatisk sykdom og psoriasis doseres én gang i uken. Daglig inntak "
        "ved en feil har ført til alvorlige forgiftninger og dødsfall (DMP, Helsetilsynet).",
    ),
    (
        "L01BA01",
        "Metotreksat (cytostatikum)",
        "Metotreksattabletter doseres ukentlig i kommunehelsetjenesten; daglig dosering er "
        "bare aktuelt etter spesialistens særskilte ordinasjon.",
    ),
]


def ukentlige_seed(model: Any = None) -> int:
    """Create the weekly-only entries that are missing; never changes what admins edited.
    `model` is the historical model in a data migration."""
    if model is None:
        from legemidler.models import UkentligLegemiddel

        model = UkentligLegemiddel
    created = 0
    for atc, navn, begrunnelse in UKENTLIGE:
        _obj, was_created = model.objects.get_or_create(
            atc=atc, defaults={"navn": navn, "begrunnelse": begrunnelse}
        )
        created += int(was_created)
    return created
