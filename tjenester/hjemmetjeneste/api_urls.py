"""Home-care API URLs (config/urls.py api_v1: prefix hjemmetjeneste/)."""

from django.urls import URLPattern, path

from tjenester.hjemmetjeneste import apis

urlpatterns: list[URLPattern] = [
    path("dagsliste/", apis.DagslisteApi.as_view(), name="hjemmetjeneste-dagsliste"),
    path(
        "dagsliste/optimaliser/",
        apis.DagslisteOptimaliserApi.as_view(),
        name="hjemmetjeneste-dagsliste-optimaliser",
    ),
    path("besok/<uuid:besok_id>/", apis.BesoekDetailApi.as_view(), name="hjemmetjeneste-besok"),
    path(
        "besok/<uuid:besok_id>/sjekk-inn/",
        apis.BesoekSjekkInnApi.as_view(),
        name="hjemmetjeneste-besok-sjekk-inn",
    ),
    path(
        "besok/<uuid:besok_id>/sjekk-ut/",
        apis.BesoekSjekkUtApi.as_view(),
        name="hjemmetjeneste-besok-sjekk-ut",
    ),
    path(
        "besok/<uuid:besok_id>/oppgaver/<uuid:oppgave_id>/",
        apis.OppgaveRegistrerApi.as_view(),
        name="hjemmetjeneste-oppgave-registrer",
    ),
]
