from django.apps import AppConfig
from django.conf import settings


class VelferdsteknologiConfig(AppConfig):
    name = "integrasjoner.velferdsteknologi"
    label = "velferdsteknologi"
    verbose_name = "Velferdsteknologi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The alarm central receives alarm status over the outbox, when the integration is on.
        if settings.USE_VELFERDSTEKNOLOGI:
            from core.outbox import mottaker_register
            from integrasjoner.velferdsteknologi.services import (
                ALARMSENTRAL,
                ALARMSENTRAL_HENDELSER,
                alarmstatus_deliver,
            )

            mottaker_register(ALARMSENTRAL, ALARMSENTRAL_HENDELSER, alarmstatus_deliver)
