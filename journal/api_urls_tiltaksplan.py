"""API URLs for care plans and the task-list interface (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_tiltaksplan as a

P = "pasienter/<uuid:pasient_id>/"
PLAN = f"{P}tiltaksplaner/<uuid:plan_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{P}tiltaksplaner/", a.TiltaksplanCollectionApi.as_view(), name="pasient-tiltaksplaner"),
    path(PLAN, a.TiltaksplanDetailApi.as_view(), name="pasient-tiltaksplan-detail"),
    path(f"{PLAN}avslutt/", a.TiltaksplanAvsluttApi.as_view(), name="pasient-tiltaksplan-avslutt"),
    path(f"{PLAN}individuell-plan/", a.TiltaksplanIpApi.as_view(), name="pasient-tiltaksplan-ip"),
    path(f"{PLAN}behov/", a.BehovCreateApi.as_view(), name="pasient-tiltaksplan-behov"),
    path(f"{PLAN}tiltak/", a.TiltakCreateApi.as_view(), name="pasient-tiltaksplan-tiltak"),
    path(
        f"{PLAN}evalueringer/",
        a.EvalueringCollectionApi.as_view(),
        name="pasient-tiltaksplan-evalueringer",
    ),
    path(f"{P}behov/<uuid:behov_id>/los/", a.BehovLosApi.as_view(), name="pasient-behov-los"),
    path(f"{P}behov/<uuid:behov_id>/maal/", a.MaalCreateApi.as_view(), name="pasient-behov-maal"),
    path(f"{P}maal/<uuid:maal_id>/naadd/", a.MaalNaaddApi.as_view(), name="pasient-maal-naadd"),
    path(
        f"{P}tiltak/<uuid:tiltak_id>/endre/",
        a.TiltakEndreApi.as_view(),
        name="pasient-tiltak-endre",
    ),
    path(
        f"{P}tiltak/<uuid:tiltak_id>/avslutt/",
        a.TiltakAvsluttApi.as_view(),
        name="pasient-tiltak-avslutt",
    ),
    path("tiltak/forekomster/", a.TiltakForekomsterApi.as_view(), name="tiltak-forekomster"),
]
