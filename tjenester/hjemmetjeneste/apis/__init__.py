"""Home-care API views, split by area and re-exported here (api_urls.py)."""

from tjenester.hjemmetjeneste.apis.besoek import (
    BesoekDetailApi,
    BesoekSerializer,
    BesoekSjekkInnApi,
    BesoekSjekkUtApi,
    OppgaveSerializer,
)
from tjenester.hjemmetjeneste.apis.dagsliste import (
    DagslisteApi,
    DagslisteOptimaliserApi,
    DagslisteradSerializer,
)
from tjenester.hjemmetjeneste.apis.oppgave import (
    OppgaveRegistrerApi,
)

__all__ = [
    "BesoekDetailApi",
    "BesoekSerializer",
    "BesoekSjekkInnApi",
    "BesoekSjekkUtApi",
    "DagslisteApi",
    "DagslisteOptimaliserApi",
    "DagslisteradSerializer",
    "OppgaveRegistrerApi",
    "OppgaveSerializer",
]
