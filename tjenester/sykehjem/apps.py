from django.apps import AppConfig


class SykehjemConfig(AppConfig):
    name = "tjenester.sykehjem"
    label = "sykehjem"
    default_auto_field = "django.db.models.BigAutoField"
