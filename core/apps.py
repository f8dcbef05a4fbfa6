from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _runtime_grants(using: str, **kwargs: Any) -> None:
    from django.db import connections

    from core.dbroller import runtime_grants_apply

    runtime_grants_apply(connections[using])


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

        # After every migrate (and flush), as the owner: the runtime role's rights.
        post_migrate.connect(_runtime_grants, sender=self, dispatch_uid="core_runtime_grants")
        from django.conf import settings

        if getattr(settings, "DATABASE_NEKT_SUPERBRUKER", False):
            from django.db.backends.signals import connection_created

            connection_created.connect(_refuse_superuser, dispatch_uid="core_no_superuser")


def _refuse_superuser(connection: Any, **kwargs: Any) -> None:
    from core.dbroller import superuser_refuse

    superuser_refuse(connection)
