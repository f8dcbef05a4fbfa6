from django.apps import AppConfig
from django.conf import settings


class MultidoseConfig(AppConfig):
    name = "integrasjoner.multidose"
    label = "multidose"
    verbose_name = "Multidose"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The pharmacy receives every change of a multidose order over the outbox, when on.
        if settings.USE_MULTIDOSE:
            from core.outbox import mottaker_register
            from integrasjoner.multidose.services import (
                APOTEK,
                APOTEK_HENDELSER,
                multidose_deliver,
            )

            mottaker_register(APOTEK, APOTEK_HENDELSER, multidose_deliver)
