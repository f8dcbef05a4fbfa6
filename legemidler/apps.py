from django.apps import AppConfig


class LegemidlerConfig(AppConfig):
    name = "legemidler"
    default_auto_field = "django.db.models.BigAutoField"
