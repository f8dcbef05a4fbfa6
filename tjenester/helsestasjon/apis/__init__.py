"""Health station API views, one module per area, re-exported here (api_urls.py)."""

from tjenester.helsestasjon.apis.arbeidsliste import ArbeidslisteApi
from tjenester.helsestasjon.apis.barn import BarnDetailApi, InnskrivningCreateApi
from tjenester.helsestasjon.apis.konsultasjon import KonsultasjonRegisterApi
from tjenester.helsestasjon.apis.vaksinasjon import (
    VaksinasjonGiveApi,
    VaksinasjonInvalidateApi,
    VaksinasjonRefuseApi,
)
from tjenester.helsestasjon.apis.vekst import VekstListApi, VekstmaalingRegisterApi

__all__ = [
    "ArbeidslisteApi",
    "BarnDetailApi",
    "InnskrivningCreateApi",
    "KonsultasjonRegisterApi",
    "VaksinasjonGiveApi",
    "VaksinasjonInvalidateApi",
    "VaksinasjonRefuseApi",
    "VekstListApi",
    "VekstmaalingRegisterApi",
]
