from django.urls import path

from integrasjoner.meldinger import views

app_name = "meldinger"

urlpatterns = [
    # a unit's inbox and one message
    path("", views.innboks, name="innboks"),
    path("<uuid:melding_id>/", views.melding, name="melding"),
    path("<uuid:melding_id>/haandter/", views.melding_haandter, name="melding_haandter"),
    # manual matching
    path("kobling/", views.koblingsko, name="koblingsko"),
    path("<uuid:melding_id>/kobl/", views.kobl, name="kobl"),
    # admins: rejected messages
    path("avviste/", views.avviste, name="avviste"),
    # conversations per patient
    path("pasient/<uuid:pasient_id>/samtaler/", views.samtaler, name="samtaler"),
]
