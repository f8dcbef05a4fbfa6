from django.apps import AppConfig


class LegemidlerConfig(AppConfig):
    name = "legemidler"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A change of a multidose order goes to the pharmacy (outbox), whoever made it.
        from django.db.models.signals import post_save

        from legemidler.models import Forordning
        from legemidler.services.multidose import forordning_saved

        post_save.connect(forordning_saved, sender=Forordning, dispatch_uid="multidose")
        # The patient banner says when the medication list is not reconciled; journal
        # cannot import legemidler, so legemidler registers its notice.
        from journal.selectors import banner_source_register
        from legemidler.selectors.samstemming import samstemming_banner

        banner_source_register(samstemming_banner)
