"""API URLs for the GP office, under /api/v1/legekontor/ (names "api:legekontor-*")."""

from django.urls import URLPattern, path

from tjenester.legekontor import apis

TIME = "timer/<uuid:time_id>/"
KONS = "konsultasjoner/<uuid:konsultasjon_id>/"

urlpatterns: list[URLPattern] = [
    # the appointment book
    path("ressurser/", apis.RessursListApi.as_view(), name="legekontor-ressurser"),
    path(
        "ressurser/<uuid:ressurs_id>/dag/",
        apis.TimebokDagApi.as_view(),
        name="legekontor-timebok-dag",
    ),
    path("timer/", apis.TimeBookApi.as_view(), name="legekontor-timer"),
    path(f"{TIME}flytt/", apis.TimeMoveApi.as_view(), name="legekontor-time-flytt"),
    path(f"{TIME}avlys/", apis.TimeCancelApi.as_view(), name="legekontor-time-avlys"),
    path(f"{TIME}ankommet/", apis.TimeArriveApi.as_view(), name="legekontor-time-ankommet"),
    path(f"{TIME}ikke-mott/", apis.TimeNoShowApi.as_view(), name="legekontor-time-ikke-mott"),
    path("venterom/", apis.VenteromApi.as_view(), name="legekontor-venterom"),
    # consultations
    path(
        "konsultasjoner/",
        apis.KonsultasjonCollectionApi.as_view(),
        name="legekontor-konsultasjoner",
    ),
    path(KONS, apis.KonsultasjonDetailApi.as_view(), name="legekontor-konsultasjon"),
    path(
        f"{KONS}diagnoser/",
        apis.KonsultasjonDiagnoseApi.as_view(),
        name="legekontor-konsultasjon-diagnoser",
    ),
    path(
        f"{KONS}takster/",
        apis.KonsultasjonTakstApi.as_view(),
        name="legekontor-konsultasjon-takster",
    ),
    path(
        f"{KONS}signer/", apis.KonsultasjonSignApi.as_view(), name="legekontor-konsultasjon-signer"
    ),
]
