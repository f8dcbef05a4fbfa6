"""Home-care forms, split by area and re-exported here."""

from tjenester.hjemmetjeneste.forms.besok import (
    AvvikForm,
    DatoForm,
    IkkeUtfortForm,
    NotatForm,
)
from tjenester.hjemmetjeneste.forms.dagsliste import (
    FlyttForm,
    OptimaliserForm,
    TildelForm,
)
from tjenester.hjemmetjeneste.forms.oppgave import (
    OppgaveForm,
)

__all__ = [
    "AvvikForm",
    "DatoForm",
    "FlyttForm",
    "IkkeUtfortForm",
    "NotatForm",
    "OppgaveForm",
    "OptimaliserForm",
    "TildelForm",
]
