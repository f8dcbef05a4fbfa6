"""Tildeling reads (selectors), one module per area, re-exported here."""

from tildeling.selectors.klage import (
    klage_get,
    klager_list,
)
from tildeling.selectors.rapport import (
    Rapport,
    rapport_get,
)
from tildeling.selectors.sak import (
    Arbeidsliste,
    Sakrad,
    Saksvisning,
    arbeidsliste,
    frist_merke,
    sak_get,
    soeknader_list,
)
from tildeling.selectors.varsel import (
    varsler_list,
    varsler_scope,
)
from tildeling.selectors.vedtak import (
    Vedtaksvisning,
    tjenestetyper_gyldige,
    utfoerende_enheter,
    vedtak_get,
    vedtak_list,
)

__all__ = [
    "Arbeidsliste",
    "Rapport",
    "Sakrad",
    "Saksvisning",
    "Vedtaksvisning",
    "arbeidsliste",
    "frist_merke",
    "klage_get",
    "klager_list",
    "rapport_get",
    "sak_get",
    "soeknader_list",
    "tjenestetyper_gyldige",
    "utfoerende_enheter",
    "varsler_list",
    "varsler_scope",
    "vedtak_get",
    "vedtak_list",
]
