from django.apps import AppConfig
from django.conf import settings


class FakturaConfig(AppConfig):
    name = "integrasjoner.faktura"
    label = "faktura"
    verbose_name = "Faktura (brukerbetaling)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The economy system receives each finished invoice run over the outbox.
        if settings.USE_FAKTURA:
            from core.outbox import mottaker_register
            from integrasjoner.faktura.services import (
                OKONOMISYSTEM,
                OKONOMISYSTEM_HENDELSER,
                kjoering_deliver,
            )

            mottaker_register(OKONOMISYSTEM, OKONOMISYSTEM_HENDELSER, kjoering_deliver)
