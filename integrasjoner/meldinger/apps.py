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
            # Outgoing messages (meldinger_ut): a decided vedtak becomes an Orientering om
            # tjenestetilbud, a nurse's answer in a conversation a Dialogmelding, and every
            # stored outgoing message is sent to the message service.
            from integrasjoner.meldinger.services.utgaaende import (
                DIALOG_MOTTAKER,
                DIALOG_MOTTAKER_HENDELSER,
                EDI_MOTTAKER,
                EDI_MOTTAKER_HENDELSER,
                ORIENTERING_MOTTAKER,
                ORIENTERING_MOTTAKER_HENDELSER,
                dialog_svar_deliver,
                orientering_deliver,
                utgaaende_deliver,
            )

            mottaker_register(
                ORIENTERING_MOTTAKER, ORIENTERING_MOTTAKER_HENDELSER, orientering_deliver
            )
            mottaker_register(DIALOG_MOTTAKER, DIALOG_MOTTAKER_HENDELSER, dialog_svar_deliver)
            mottaker_register(EDI_MOTTAKER, EDI_MOTTAKER_HENDELSER, utgaaende_deliver)
