from django.apps import AppConfig


class LegekontorConfig(AppConfig):
    name = "tjenester.legekontor"
    label = "legekontor"
    default_auto_field = "django.db.models.BigAutoField"
