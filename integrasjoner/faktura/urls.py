from django.urls import path

from integrasjoner.faktura import views

app_name = "faktura"

urlpatterns = [
    path("", views.kjoringer, name="kjoringer"),
    path("kjoringer/<uuid:kjoring_id>/", views.kjoring, name="kjoring"),
    path("kjoringer/<uuid:kjoring_id>/send/", views.kjoering_send_view, name="kjoering_send"),
    path("kjoringer/<uuid:kjoring_id>/fil.csv", views.kjoering_fil, name="kjoering_fil"),
    path("satser/", views.satser, name="satser"),
]
