from django.apps import AppConfig


class HelsestasjonConfig(AppConfig):
    name = "tjenester.helsestasjon"
    label = "helsestasjon"
    default_auto_field = "django.db.models.BigAutoField"
