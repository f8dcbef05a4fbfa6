from django.apps import AppConfig
from django.conf import settings


class MeldingerConfig(AppConfig):
    name = "integrasjoner.meldinger"
    label = "meldinger"
    verbose_name = "Meldinger (PLO, dialogmelding)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outbound messages and application receipts go to the EDI 2.0 message service over
        # the outbox, when the integration is on.
        if settings.USE_MELDINGER:
            from core.outbox import mottaker_register
            from integrasjoner.meldinger.services import (
                MELDINGSTJENER,
                MELDINGSTJENER_HENDELSER,
                meldingstjener_deliver,
            )

            mottaker_register(MELDINGSTJENER, MELDINGSTJENER_HENDELSER, meldingstjener_deliver)
