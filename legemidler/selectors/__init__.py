"""Reads of medication. Areas: utdeling (the round, visit doses, missed doses), kurve (the
chart), multidose (deliveries to the pharmacy)."""

from legemidler.selectors.kurve import KURVE_DAGER, Kurve, Kurverad, kurve_dager_parse, kurve_get
from legemidler.selectors.multidose import Multidoselevering, multidose_leveringer
from legemidler.selectors.utdeling import (
    Doserad,
    Oppsett,
    Pasientdoser,
    Rundeliste,
    besoek_doser,
    besoek_medisin_ids,
    besoek_vindu,
    dobbel_kreves,
    doserad_for,
    dosevarsel_count,
    dosevarsel_list,
    oppsett_get,
    pasienter_med_doser,
    runde_list,
)

__all__ = [
    "KURVE_DAGER",
    "Doserad",
    "Kurve",
    "Kurverad",
    "Multidoselevering",
    "Oppsett",
    "Pasientdoser",
    "Rundeliste",
    "besoek_doser",
    "besoek_medisin_ids",
    "besoek_vindu",
    "dobbel_kreves",
    "doserad_for",
    "dosevarsel_count",
    "dosevarsel_list",
    "kurve_dager_parse",
    "kurve_get",
    "multidose_leveringer",
    "oppsett_get",
    "pasienter_med_doser",
    "runde_list",
]
