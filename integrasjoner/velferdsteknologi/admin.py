"""Read-only admin views; senders, devices and thresholds are written through services
(management command `demo_velferdsteknologi`, the parked-event page, terskel_set)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integrasjoner.velferdsteknologi.models import (
    Alarm,
    Avsendersystem,
    Terskel,
    Utstyr,
    Velferdshendelse,
)


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Avsendersystem)
class AvsendersystemAdmin(_ReadOnly):
    list_display = ["navn", "nokkel_id", "enhet", "aktiv"]
    exclude = ["hemmelighet"]


@admin.register(Utstyr)
class UtstyrAdmin(_ReadOnly):
    list_display = ["ekstern_id", "type", "avsender", "enhet", "installert_dato", "fjernet_dato"]
    list_filter = ["type", "avsender"]
    search_fields = ["ekstern_id"]


@admin.register(Terskel)
class TerskelAdmin(_ReadOnly):
    list_display = ["parameter", "minimum", "maksimum", "alvorlighet", "pasient"]


@admin.register(Velferdshendelse)
class VelferdshendelseAdmin(_ReadOnly):
    list_display = ["tidspunkt", "type", "avsender", "utstyr_ref", "status"]
    list_filter = ["status", "type"]
    exclude = ["pasient_ref", "verdier"]


@admin.register(Alarm)
class AlarmAdmin(_ReadOnly):
    list_display = ["tidspunkt", "tittel", "alvorlighet", "status"]
    list_filter = ["status", "type"]
    fields = ["tittel", "type", "kode", "alvorlighet", "tidspunkt", "status", "utfall"]
