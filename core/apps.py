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
        # After every migrate (and flush), as the owner: the runtime role's rights.
        post_migrate.connect(_runtime_grants, sender=self, dispatch_uid="core_runtime_grants")
        from django.conf import settings

        if getattr(settings, "DATABASE_NEKT_SUPERBRUKER", False):
            from django.db.backends.signals import connection_created

            connection_created.connect(_refuse_superuser, dispatch_uid="core_no_superuser")


def _refuse_superuser(connection: Any, **kwargs: Any) -> None:
    from core.dbroller import superuser_refuse

    superuser_refuse(connection)
