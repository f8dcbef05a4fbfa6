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
from integrasjoner.faktura.selectors.kjoring import (
    LINJER_SIDE,
    Linjeside,
    acting_kommune,
    fil_get,
    grunnbelop_list,
    kjoring_get,
    kjoring_has_fil,
    kjoringer_list,
    kjoringer_recent,
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
    "grunnbelop_list",
    "kilde_register",
    "kilde_unregister",
    "kilder",
    "kjoring_get",
    "kjoring_has_fil",
    "kjoringer_list",
    "kjoringer_recent",
    "linjer_list",
    "satser_list",
]
