from django.apps import AppConfig


class LegemidlerConfig(AppConfig):
    name = "legemidler"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The patient banner says when the medication list is not reconciled; journal
        # cannot import legemidler, so legemidler registers its notice.
        from journal.selectors import banner_source_register
        from legemidler.selectors.samstemming import samstemming_banner

        banner_source_register(samstemming_banner)
