"""API URLs for velferdsteknologi (added to config.urls api_v1)."""

from django.urls import URLPattern, path

from integrasjoner.velferdsteknologi import apis

urlpatterns: list[URLPattern] = [
    path(
        "velferdsteknologi/hendelser/",
        apis.HendelseCreateApi.as_view(),
        name="velferdsteknologi-hendelser",
    ),
    path(
        "velferdsteknologi/hendelser/batch/",
        apis.HendelseBatchApi.as_view(),
        name="velferdsteknologi-hendelser-batch",
    ),
    path(
        "velferdsteknologi/alarmer/",
        apis.AlarmListApi.as_view(),
        name="velferdsteknologi-alarmer",
    ),
    path(
        "velferdsteknologi/alarmer/<uuid:alarm_id>/kvitter/",
        apis.AlarmAcknowledgeApi.as_view(),
        name="velferdsteknologi-alarm-kvitter",
    ),
    path(
        "velferdsteknologi/alarmer/<uuid:alarm_id>/lukk/",
        apis.AlarmCloseApi.as_view(),
        name="velferdsteknologi-alarm-lukk",
    ),
]
