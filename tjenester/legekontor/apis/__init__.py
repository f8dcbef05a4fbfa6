"""GP office API, split by area and re-exported here."""

from tjenester.legekontor.apis.konsultasjon import (
    KonsultasjonCollectionApi,
    KonsultasjonDetailApi,
    KonsultasjonDiagnoseApi,
    KonsultasjonSignApi,
    KonsultasjonTakstApi,
)
from tjenester.legekontor.apis.timebok import (
    RessursListApi,
    TimeArriveApi,
    TimebokDagApi,
    TimeBookApi,
    TimeCancelApi,
    TimeMoveApi,
    TimeNoShowApi,
    VenteromApi,
)

__all__ = [
    "KonsultasjonCollectionApi",
    "KonsultasjonDetailApi",
    "KonsultasjonDiagnoseApi",
    "KonsultasjonSignApi",
    "KonsultasjonTakstApi",
    "RessursListApi",
    "TimeArriveApi",
    "TimeBookApi",
    "TimeCancelApi",
    "TimeMoveApi",
    "TimeNoShowApi",
    "TimebokDagApi",
    "VenteromApi",
]
