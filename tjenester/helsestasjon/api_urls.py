"""Health-station API URLs (config/urls.py api_v1: prefix helsestasjon/)."""

from django.urls import URLPattern, path

from tjenester.helsestasjon import apis

urlpatterns: list[URLPattern] = [
    # the worklist
    path("arbeidsliste/", apis.ArbeidslisteApi.as_view(), name="helsestasjon-arbeidsliste"),
    # the child
    path("innskrivninger/", apis.InnskrivningCreateApi.as_view(), name="helsestasjon-innskrivning"),
    path("barn/<uuid:pasient_id>/", apis.BarnDetailApi.as_view(), name="helsestasjon-barn"),
    # consultations
    path(
        "barn/<uuid:pasient_id>/konsultasjoner/",
        apis.KonsultasjonRegisterApi.as_view(),
        name="helsestasjon-konsultasjon",
    ),
    # vaccines
    path(
        "barn/<uuid:pasient_id>/vaksinasjoner/",
        apis.VaksinasjonGiveApi.as_view(),
        name="helsestasjon-vaksinasjon",
    ),
    path(
        "barn/<uuid:pasient_id>/reservasjoner/",
        apis.VaksinasjonRefuseApi.as_view(),
        name="helsestasjon-reservasjon",
    ),
    path(
        "vaksinasjoner/<uuid:vaksinasjon_id>/feilregistrer/",
        apis.VaksinasjonInvalidateApi.as_view(),
        name="helsestasjon-vaksinasjon-feilregistrer",
    ),
    # vekst (growth)
    path("barn/<uuid:pasient_id>/vekst/", apis.VekstListApi.as_view(), name="helsestasjon-vekst"),
    path(
        "barn/<uuid:pasient_id>/vekstmaalinger/",
        apis.VekstmaalingRegisterApi.as_view(),
        name="helsestasjon-vekstmaaling",
    ),
]
