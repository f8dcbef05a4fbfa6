from django.apps import AppConfig
from django.conf import settings


class MeldingerConfig(AppConfig):
    name = "integrasjoner.meldinger"
    label = "meldinger"
    verbose_name = "Meldinger (PLO, dialogmelding)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outbound (meldinger_ut): a decided vedtak becomes an Orientering om tjenestetilbud;
        # every stored outgoing message goes to the EDI 2.0 message service over the outbox.
        if settings.USE_MELDINGER_EDI:
            from core.outbox import mottaker_register
            from integrasjoner.meldinger.services.utgaaende import (
                EDI_MOTTAKER,
                EDI_MOTTAKER_HENDELSER,
                ORIENTERING_MOTTAKER,
                ORIENTERING_MOTTAKER_HENDELSER,
                orientering_deliver,
                utgaaende_deliver,
            )

            mottaker_register(
                ORIENTERING_MOTTAKER, ORIENTERING_MOTTAKER_HENDELSER, orientering_deliver
            )
            mottaker_register(EDI_MOTTAKER, EDI_MOTTAKER_HENDELSER, utgaaende_deliver)
