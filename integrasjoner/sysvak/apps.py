from django.apps import AppConfig
from django.conf import settings


class SysvakConfig(AppConfig):
    name = "integrasjoner.sysvak"
    label = "sysvak"
    verbose_name = "SYSVAK"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # SYSVAK receives every vaccination given and corrected, and is asked for a child's
        # earlier doses when the child moves in or a nurse asks, over the outbox, when on.
        if settings.USE_SYSVAK:
            from core.outbox import mottaker_register
            from integrasjoner.sysvak.services import (
                OPPSLAG,
                OPPSLAG_HENDELSER,
                SYSVAK,
                SYSVAK_HENDELSER,
                oppslag_deliver,
                sysvak_deliver,
            )

            mottaker_register(SYSVAK, SYSVAK_HENDELSER, sysvak_deliver)
            mottaker_register(OPPSLAG, OPPSLAG_HENDELSER, oppslag_deliver)
