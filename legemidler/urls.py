"""Medication pages, under /legemidler/ (namespace "legemidler")."""

from django.urls import URLPattern, path

from legemidler import views

app_name = "legemidler"

P = "pasient/<uuid:pasient_id>/"
F = f"{P}forordning/<uuid:forordning_id>/"

urlpatterns: list[URLPattern] = [
    # The medication list and orders (forordning)
    path(P, views.legemiddelliste, name="legemiddelliste"),
    path(f"{P}pdf/", views.legemiddelliste_pdf, name="legemiddelliste_pdf"),
    path(f"{P}ny/", views.forordning_ny, name="forordning_ny"),
    path(F, views.forordning_detalj, name="forordning_detalj"),
    path(f"{F}seponer/", views.forordning_seponer, name="forordning_seponer"),
    path(f"{F}bekreft/", views.forordning_bekreft, name="forordning_bekreft"),
    path("telefonordinasjoner/", views.telefonordinasjoner, name="telefonordinasjoner"),
]
