from django.urls import include, path

from integrasjoner import views

app_name = "integrasjoner"

urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path("mottakere/<str:navn>/", views.mottaker, name="mottaker"),
    path(
        "leveringer/<uuid:levering_id>/send-igjen/",
        views.levering_send_igjen,
        name="levering_send_igjen",
    ),
    path("sysvak/", include("integrasjoner.sysvak.urls")),  # SYSVAK (vekst branch)
]
