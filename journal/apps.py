from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal: pasient og klinisk dokumentasjon"
    default_auto_field = "django.db.models.BigAutoField"
