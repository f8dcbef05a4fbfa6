"""Tildeling API (DRF), one module per area: applications and cases, decisions with the
letter, appeals."""

from tildeling.apis.klage import KlageCollectionApi, KlageSerializer
from tildeling.apis.sak import (
    SakDetailApi,
    SakListApi,
    SakSerializer,
    SoeknadCollectionApi,
    SoeknadSerializer,
    SoeknadTjenesteSerializer,
)
from tildeling.apis.vedtak import (
    VedtakDetailApi,
    VedtakListApi,
    VedtaksbrevApi,
    VedtakSerializer,
)

__all__ = [
    "KlageCollectionApi",
    "KlageSerializer",
    "SakDetailApi",
    "SakListApi",
    "SakSerializer",
    "SoeknadCollectionApi",
    "SoeknadSerializer",
    "SoeknadTjenesteSerializer",
    "VedtakDetailApi",
    "VedtakListApi",
    "VedtakSerializer",
    "VedtaksbrevApi",
]
