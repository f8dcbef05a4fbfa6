from django.apps import AppConfig


class TildelingConfig(AppConfig):
    name = "tildeling"
    default_auto_field = "django.db.models.BigAutoField"
