from django.apps import AppConfig


class HjemmetjenesteConfig(AppConfig):
    name = "tjenester.hjemmetjeneste"
    label = "hjemmetjeneste"
    default_auto_field = "django.db.models.BigAutoField"
