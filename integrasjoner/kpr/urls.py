from django.urls import path

from integrasjoner.kpr import views

app_name = "kpr"

urlpatterns = [
    path("", views.rapporter, name="rapporter"),
    path("rapporter/<uuid:rapport_id>/", views.rapport, name="rapport"),
    path("rapporter/<uuid:rapport_id>/send/", views.rapport_send_view, name="rapport_send"),
]
