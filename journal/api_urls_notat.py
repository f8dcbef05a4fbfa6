"""API URLs for notat (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_notat as apis

NOTAT = "pasienter/<uuid:pasient_id>/journalnotater/<uuid:notat_id>/"

urlpatterns: list[URLPattern] = [
    path("notattyper/", apis.NotattypeListApi.as_view(), name="notattype-list"),
    path(
        "pasienter/<uuid:pasient_id>/journalnotater/",
        apis.JournalnotatCollectionApi.as_view(),
        name="pasient-journalnotat-list",
    ),
    path(
        "pasienter/<uuid:pasient_id>/journalnotater/sok/",
        apis.JournalnotatSearchApi.as_view(),
        name="pasient-journalnotat-sok",
    ),
    path(NOTAT, apis.JournalnotatDetailApi.as_view(), name="pasient-journalnotat-detail"),
    path(
        f"{NOTAT}historikk/",
        apis.JournalnotatHistorikkApi.as_view(),
        name="pasient-journalnotat-historikk",
    ),
    path(f"{NOTAT}signer/", apis.JournalnotatSignApi.as_view(), name="pasient-journalnotat-signer"),
    path(
        f"{NOTAT}korriger/",
        apis.JournalnotatCorrectApi.as_view(),
        name="pasient-journalnotat-korriger",
    ),
    path(
        f"{NOTAT}feilregistrer/",
        apis.JournalnotatFeilregistrerApi.as_view(),
        name="pasient-journalnotat-feilregistrer",
    ),
    path(
        f"{NOTAT}kontrasigner/",
        apis.JournalnotatCountersignApi.as_view(),
        name="pasient-journalnotat-kontrasigner",
    ),
]
