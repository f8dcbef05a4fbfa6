"""API URLs for claims to HELFO (added to config.urls api_v1)."""

from django.urls import URLPattern, path

from integrasjoner.helfo import apis

urlpatterns: list[URLPattern] = [
    path("helfo/krav/", apis.KravCollectionApi.as_view(), name="helfo-krav"),
    path(
        "helfo/krav/<uuid:krav_id>/linjer/", apis.KravLinjerApi.as_view(), name="helfo-krav-linjer"
    ),
    path("helfo/krav/<uuid:krav_id>/send/", apis.KravSendApi.as_view(), name="helfo-krav-send"),
]
