"""Admin: pay type codes are edited here (through lonnsart_save); periods and lines are
read-only (they are written only by the services behind /lonn/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import Ansatt
from integrasjoner.lonn.models import Loennsart, Loennslinje, Loennsperiode
from integrasjoner.lonn.services import loennsart_save


@admin.register(Loennsart)
class LoennsartAdmin(admin.ModelAdmin[Loennsart]):
    list_display = ["kommune", "kilde", "kode", "tekst", "gyldig_fra", "gyldig_til"]
    list_filter = ["kommune", "kilde"]

    def save_model(self, request: HttpRequest, obj: Loennsart, form: Any, change: bool) -> None:
        actor = request.user if isinstance(request.user, Ansatt) else None
        loennsart_save(actor=actor, lonnsart=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # replace a code with a newer one from a date instead


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Loennsperiode)
class LoennsperiodeAdmin(_ReadOnly):
    list_display = ["kommune", "fra_dato", "til_dato", "status", "bygg_status", "lukket_at"]
    list_filter = ["kommune", "status"]
    exclude = ["fil"]


@admin.register(Loennslinje)
class LoennslinjeAdmin(_ReadOnly):
    list_display = ["periode", "enhet", "ansatt", "kilde", "lonnsart", "dato", "timer"]
    list_filter = ["kilde", "korreksjon"]
    raw_id_fields = ["periode", "enhet", "ansatt", "korreksjon_av"]
