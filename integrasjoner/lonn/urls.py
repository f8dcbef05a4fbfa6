from django.urls import path

from integrasjoner.lonn import views

app_name = "lonn"

urlpatterns = [
    path("", views.perioder, name="perioder"),
    path("<uuid:periode_id>/", views.periode, name="periode"),
    path("<uuid:periode_id>/fremdrift/", views.fremdrift, name="fremdrift"),
    path("<uuid:periode_id>/bygg/", views.bygg, name="bygg"),
    path("<uuid:periode_id>/lukk/", views.lukk, name="lukk"),
    path("<uuid:periode_id>/fil.csv", views.fil, name="fil"),
]
