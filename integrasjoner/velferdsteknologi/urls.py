from django.urls import path

from integrasjoner.velferdsteknologi import views

app_name = "velferdsteknologi"

urlpatterns = [
    path("", views.responssenter, name="responssenter"),
    path("alarmer/<uuid:alarm_id>/", views.alarm_detalj, name="alarm_detalj"),
    path("alarmer/<uuid:alarm_id>/kvitter/", views.alarm_kvitter, name="alarm_kvitter"),
    path("alarmer/<uuid:alarm_id>/lukk/", views.alarm_lukk, name="alarm_lukk"),
    path("parkert/", views.parkert, name="parkert"),
    path("parkert/<uuid:hendelse_id>/", views.parkert_kobl, name="parkert_kobl"),
]
