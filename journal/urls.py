from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.pasient_sok, name="pasient_sok"),
    path("ny/", views.pasient_ny, name="pasient_ny"),
    path("<uuid:pasient_id>/", views.pasient_detalj, name="pasient_detalj"),
]
