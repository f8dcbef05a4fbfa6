from django.apps import AppConfig


class IntegrasjonerConfig(AppConfig):
    name = "integrasjoner"
    default_auto_field = "django.db.models.BigAutoField"
