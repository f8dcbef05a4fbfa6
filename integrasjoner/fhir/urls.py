"""Routes made from the registry (selectors.register.REGISTER): a search and a read per
resource type, the CapabilityStatement, and an OperationOutcome for anything else."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from integrasjoner.fhir import views
from integrasjoner.fhir.selectors import REGISTER

app_name = "fhir"


def _routes() -> list[URLPattern]:
    routes = [path("metadata", views.MetadataApi.as_view(), name="metadata")]
    for type_, ressurs in REGISTER.items():
        routes.append(
            re_path(
                rf"^{type_}/?$",
                views.SoekApi.as_view(),
                {"ressurstype": type_},
                name=f"{type_}-search",
            )
        )
        if ressurs.les:
            routes.append(
                path(
                    f"{type_}/<str:ressurs_id>",
                    views.LesApi.as_view(),
                    {"ressurstype": type_},
                    name=f"{type_}-read",
                )
            )
    routes.append(re_path(r"^(?P<rest>.*)$", views.UkjentApi.as_view(), name="ukjent"))
    return routes


urlpatterns = _routes()
