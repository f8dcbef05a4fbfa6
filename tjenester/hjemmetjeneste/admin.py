"""Home-care admin: read-only lists (changes go through the services)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tjenester.hjemmetjeneste.models import Vakt


@admin.register(Vakt)
class VaktAdmin(admin.ModelAdmin[Vakt]):
    list_display = ["ansatt", "enhet", "dato", "fra_tid", "til_tid"]
    list_filter = ["enhet", "dato"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Vakt | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Vakt | None = None) -> bool:
        return False
