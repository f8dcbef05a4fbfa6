from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Kjerne: organisasjon, ansatte, revisjonslogg"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core import models, services

        # Cached access data (core.acting) goes stale when any of these change.
        post_save.connect(services.ansatt_saved, sender=models.Ansatt, dispatch_uid="kj-ansatt")
        post_delete.connect(
            services.tilgang_data_changed, sender=models.Ansatt, dispatch_uid="kj-ansatt-del"
        )
        post_save.connect(services.noekkel_saved, sender=models.ApiNoekkel, dispatch_uid="kj-nk")
        post_delete.connect(
            services.tilgang_data_changed, sender=models.ApiNoekkel, dispatch_uid="kj-nk-del"
        )
        for changed in (models.Tilknytning, models.RolleRettighet):
            uid = f"kj-tilgang-{changed.__name__}"
            post_save.connect(services.tilgang_data_changed, sender=changed, dispatch_uid=uid)
            post_delete.connect(services.tilgang_data_changed, sender=changed, dispatch_uid=uid)
        for model in (models.Rolle, models.Enhet, models.Virksomhet, models.Kommune):
            uid = f"kj-tilgang-{model.__name__}"
            post_save.connect(services.tilgang_data_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(services.tilgang_data_changed, sender=model, dispatch_uid=uid)
