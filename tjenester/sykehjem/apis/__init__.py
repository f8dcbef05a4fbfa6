"""Nursing-home API views, split by area and re-exported here (api_urls.py)."""

from tjenester.sykehjem.apis.belegg import (
    BeleggApi,
)
from tjenester.sykehjem.apis.oppgave import (
    OppgaveKvitterApi,
    OppgaveListApi,
    OppgaveSerializer,
)
from tjenester.sykehjem.apis.opphold import (
    DatoSerializer,
    FravaerSerializer,
    FravaerSluttApi,
    OppholdAnnullerApi,
    OppholdCollectionApi,
    OppholdDetailApi,
    OppholdDetaljSerializer,
    OppholdDoedsfallApi,
    OppholdFravaerApi,
    OppholdInnleggApi,
    OppholdOverflyttApi,
    OppholdSerializer,
    OppholdUtskrivApi,
    SengeperiodeSerializer,
    side_schema,
)
from tjenester.sykehjem.apis.seng import (
    SengListApi,
    SengSerializer,
)
from tjenester.sykehjem.apis.venteliste import (
    VentelisteApi,
    VentelisteFjernApi,
    VentelisteSerializer,
)

__all__ = [
    "BeleggApi",
    "DatoSerializer",
    "FravaerSerializer",
    "FravaerSluttApi",
    "OppgaveKvitterApi",
    "OppgaveListApi",
    "OppgaveSerializer",
    "OppholdAnnullerApi",
    "OppholdCollectionApi",
    "OppholdDetailApi",
    "OppholdDetaljSerializer",
    "OppholdDoedsfallApi",
    "OppholdFravaerApi",
    "OppholdInnleggApi",
    "OppholdOverflyttApi",
    "OppholdSerializer",
    "OppholdUtskrivApi",
    "SengListApi",
    "SengSerializer",
    "SengeperiodeSerializer",
    "VentelisteApi",
    "VentelisteFjernApi",
    "VentelisteSerializer",
    "side_schema",
]
