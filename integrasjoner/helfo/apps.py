from django.apps import AppConfig
from django.conf import settings


class HelfoConfig(AppConfig):
    name = "integrasjoner.helfo"
    label = "helfo"
    verbose_name = "HELFO (behandlerkrav)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # HELFO receives each claim sent (a LOM message) over the outbox.
        if settings.USE_HELFO:
            from core.outbox import mottaker_register
            from integrasjoner.helfo.services import HELFO, HELFO_HENDELSER, krav_deliver

            mottaker_register(HELFO, HELFO_HENDELSER, krav_deliver)
