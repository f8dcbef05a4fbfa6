"""API URLs for payroll (added to config.urls api_v1)."""

from django.urls import URLPattern, path

from integrasjoner.lonn import apis

urlpatterns: list[URLPattern] = [
    path("lonn/perioder/", apis.PeriodeListCreateApi.as_view(), name="lonn-perioder"),
    path("lonn/perioder/<uuid:periode_id>/", apis.PeriodeDetailApi.as_view(), name="lonn-periode"),
    path(
        "lonn/perioder/<uuid:periode_id>/bygg/",
        apis.PeriodeBuildApi.as_view(),
        name="lonn-periode-bygg",
    ),
    path(
        "lonn/perioder/<uuid:periode_id>/lukk/",
        apis.PeriodeCloseApi.as_view(),
        name="lonn-periode-lukk",
    ),
    path(
        "lonn/perioder/<uuid:periode_id>/linjer/",
        apis.LinjeListApi.as_view(),
        name="lonn-periode-linjer",
    ),
    path("lonn/perioder/<uuid:periode_id>/fil.csv", apis.FilApi.as_view(), name="lonn-periode-fil"),
]
