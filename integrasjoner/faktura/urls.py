from django.urls import path

from integrasjoner.faktura import views

app_name = "faktura"

urlpatterns = [
    path("", views.kjoringer, name="kjoringer"),
    path("kjoringer/<uuid:kjoring_id>/", views.kjoring, name="kjoring"),
    path("kjoringer/<uuid:kjoring_id>/send/", views.kjoring_send_view, name="kjoring_send"),
    path("kjoringer/<uuid:kjoring_id>/fil.csv", views.kjoring_fil, name="kjoring_fil"),
    path("satser/", views.satser, name="satser"),
]
