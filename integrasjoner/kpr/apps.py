from django.apps import AppConfig
from django.conf import settings


class KprConfig(AppConfig):
    name = "integrasjoner.kpr"
    label = "kpr"
    verbose_name = "KPR/IPLOS-rapportering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # KPR (Helsedirektoratet) receives each sent report over the outbox.
        if settings.USE_KPR:
            from core.outbox import mottaker_register
            from integrasjoner.kpr.services import KPR_HENDELSER, KPR_MOTTAKER, rapport_deliver

            mottaker_register(KPR_MOTTAKER, KPR_HENDELSER, rapport_deliver)
