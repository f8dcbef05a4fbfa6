"""Reads of patient data, split by sub-domain and re-exported here."""

from journal.selectors.pasient import Pasientvisning, Sokeresultat, pasient_get, pasient_search
from journal.selectors.tilgang import (
    FLAGS,
    Loggfilter,
    Loggrad,
    akuttilganger_for_review,
    logganalyse,
    logganalyse_side,
    loggfilter_default,
    loggrader,
    tilgangslogg_for_pasient,
)

__all__ = [
    "FLAGS",
    "Loggfilter",
    "Loggrad",
    "Pasientvisning",
    "Sokeresultat",
    "akuttilganger_for_review",
    "logganalyse",
    "logganalyse_side",
    "loggfilter_default",
    "loggrader",
    "pasient_get",
    "pasient_search",
    "tilgangslogg_for_pasient",
]
