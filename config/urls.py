from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.api.auth import TokenCreateApi, TokenRevokeApi
from core.api.meg import MegApi

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenCreateApi.as_view(), name="token"),
    path("auth/logout/", TokenRevokeApi.as_view(), name="logout"),
    path("meg/", MegApi.as_view(), name="meg"),
    path("", include("journal.api_urls")),
    path("", include("tildeling.api_urls")),
    path("", include("integrasjoner.velferdsteknologi.api_urls")),
    path("sykehjem/", include("tjenester.sykehjem.api_urls")),
    path("", include("integrasjoner.faktura.api_urls")),
    path("hjemmetjeneste/", include("tjenester.hjemmetjeneste.api_urls")),
    path("", include("integrasjoner.lonn.api_urls")),
    path("", include("legemidler.api_urls")),
    path("legekontor/", include("tjenester.legekontor.api_urls")),  # legekontor
    path("", include("integrasjoner.helfo.api_urls")),  # helfo
    path("helsestasjon/", include("tjenester.helsestasjon.api_urls")),  # helsestasjon
]

urlpatterns = [
    path("", include("core.urls")),
    path("pasienter/", include("journal.urls")),
    path("tildeling/", include("tildeling.urls")),
    path("health/", core_views.health, name="health"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", core_views.api_not_found, name="api-ikke-funnet"),
    path("admin/", admin.site.urls),
    path("velferdsteknologi/", include("integrasjoner.velferdsteknologi.urls")),
    path("integrasjoner/", include("integrasjoner.urls")),
    path("meldinger/", include("integrasjoner.meldinger.urls")),  # meldinger_inn + meldinger_ut
    path("sykehjem/", include("tjenester.sykehjem.urls")),
    path("faktura/", include("integrasjoner.faktura.urls")),
    path("hjemmetjeneste/", include("tjenester.hjemmetjeneste.urls")),
    path("lonn/", include("integrasjoner.lonn.urls")),
    path("legemidler/", include("legemidler.urls")),
    path("legekontor/", include("tjenester.legekontor.urls")),  # legekontor
    path("integrasjoner/helfo/", include("integrasjoner.helfo.urls")),  # helfo
    path("helsestasjon/", include("tjenester.helsestasjon.urls")),  # helsestasjon
    path("kpr/", include("integrasjoner.kpr.urls")),  # kpr: KPR/IPLOS report
    path("fhir/", include("integrasjoner.fhir.urls")),  # fhir: FHIR R4 API
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
