from django.apps import AppConfig
from django.conf import settings


class LoennConfig(AppConfig):
    name = "integrasjoner.lonn"
    label = "lonn"
    verbose_name = "Lønn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The payroll system receives each closed period's file over the outbox, when on.
        if settings.USE_LONN:
            from core.outbox import mottaker_register
            from integrasjoner.lonn.services import (
                LONNSSYSTEM,
                LONNSSYSTEM_HENDELSER,
                loennsfil_deliver,
            )

            mottaker_register(LONNSSYSTEM, LONNSSYSTEM_HENDELSER, loennsfil_deliver)
