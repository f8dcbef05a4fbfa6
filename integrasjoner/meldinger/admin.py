"""Read-only admin views; HER-id mappings are written through `enhet_herid_save`, messages
only by receiving them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integrasjoner.meldinger.models import Applikasjonskvittering, EnhetHerId, Melding


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EnhetHerId)
class EnhetHerIdAdmin(_ReadOnly):
    list_display = ["herid", "tjenestetype", "enhet", "aktiv"]


@admin.register(Melding)
class MeldingAdmin(_ReadOnly):
    list_display = ["created_at", "meldingstype", "status", "avsender_navn", "mottaker_herid"]
    list_filter = ["status", "meldingstype", "retning"]
    exclude = ["xml"]


@admin.register(Applikasjonskvittering)
class ApplikasjonskvitteringAdmin(_ReadOnly):
    list_display = ["created_at", "status", "melding"]
