from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.hjem, name="hjem"),
    path("logg-inn/", views.login_view, name="login"),
    path("logg-ut/", views.logout_view, name="logout"),
    path("enhet/", views.enhet_velg, name="enhet_velg"),
    path("roller/", views.roller, name="roller"),
]
