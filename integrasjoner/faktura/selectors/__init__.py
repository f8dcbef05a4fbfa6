"""Reads for invoicing, by area: runs, their lines, file and rates (kjoring), and the
sources of what was used (kilder)."""

from integrasjoner.faktura.selectors.kilder import (
    Forbruk,
    Grunnlagskilde,
    Periode,
    kilde_register,
    kilde_unregister,
    kilder,
)
from integrasjoner.faktura.selectors.kjoering import (
    LINJER_SIDE,
    Linjeside,
    acting_kommune,
    fil_get,
    grunnbeloep_list,
    kjoering_get,
    kjoering_has_fil,
    kjoeringer_list,
    kjoeringer_recent,
    linjer_list,
    satser_list,
)

__all__ = [
    "LINJER_SIDE",
    "Forbruk",
    "Grunnlagskilde",
    "Linjeside",
    "Periode",
    "acting_kommune",
    "fil_get",
    "grunnbeloep_list",
    "kilde_register",
    "kilde_unregister",
    "kilder",
    "kjoering_get",
    "kjoering_has_fil",
    "kjoeringer_list",
    "kjoeringer_recent",
    "linjer_list",
    "satser_list",
]
