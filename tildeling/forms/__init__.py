"""Tildeling forms, one module per area: types and choices only; the rules live in the
services."""

from tildeling.forms._dato import DatoForm
from tildeling.forms.klage import KlageAvgjoertForm, KlageForm, KlageVurderingForm
from tildeling.forms.rapport import RapportForm
from tildeling.forms.sak import ArbeidslisteForm, NotatForm, SoeknadForm, StatusForm
from tildeling.forms.vedtak import VedtakForm

__all__ = [
    "ArbeidslisteForm",
    "DatoForm",
    "KlageAvgjoertForm",
    "KlageForm",
    "KlageVurderingForm",
    "NotatForm",
    "RapportForm",
    "SoeknadForm",
    "StatusForm",
    "VedtakForm",
]
