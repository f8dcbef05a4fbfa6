"""Medication API. Areas: forordning, samstemming, utdeling (round, signing, missed
doses), kurve (the chart), multidose."""

from legemidler.apis.kurve import KurveGetApi
from legemidler.apis.multidose import MultidoseleveringListApi
from legemidler.apis.utdeling import (
    AdministrasjonCorrectApi,
    AdministrasjonCosignApi,
    AdministrasjonCreateApi,
    BehovsdoseCreateApi,
    DosevarselCloseApi,
    DosevarselListApi,
    EffektCreateApi,
    RundeListApi,
)

__all__ = [
    "AdministrasjonCorrectApi",
    "AdministrasjonCosignApi",
    "AdministrasjonCreateApi",
    "BehovsdoseCreateApi",
    "DosevarselCloseApi",
    "DosevarselListApi",
    "EffektCreateApi",
    "KurveGetApi",
    "MultidoseleveringListApi",
    "RundeListApi",
]
