"""Home-care forms, split by area and re-exported here."""

from tjenester.hjemmetjeneste.forms.besoek import (
    AvvikForm,
    DatoForm,
    IkkeUtfoertForm,
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
    "IkkeUtfoertForm",
    "NotatForm",
    "OppgaveForm",
    "OptimaliserForm",
    "TildelForm",
]
