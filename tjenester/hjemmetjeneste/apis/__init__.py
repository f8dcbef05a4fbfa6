"""Home-care API views, split by area and re-exported here (api_urls.py)."""

from tjenester.hjemmetjeneste.apis.besok import (
    BesokDetailApi,
    BesokSerializer,
    BesokSjekkInnApi,
    BesokSjekkUtApi,
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
    "BesokDetailApi",
    "BesokSerializer",
    "BesokSjekkInnApi",
    "BesokSjekkUtApi",
    "DagslisteApi",
    "DagslisteOptimaliserApi",
    "DagslisteradSerializer",
    "OppgaveRegistrerApi",
    "OppgaveSerializer",
]
