from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from core.models import (
    Ansatt,
    AuditLogg,
    Enhet,
    Kommune,
    Rolle,
    RolleRettighet,
    Tilknytning,
    Vakt,
    Virksomhet,
)


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin[Kommune]):
    list_display = ["nummer", "navn"]
    search_fields = ["nummer", "navn"]


@admin.register(Virksomhet)
class VirksomhetAdmin(admin.ModelAdmin[Virksomhet]):
    list_display = ["navn", "kommune", "organisasjonsnummer", "her_id"]
    list_filter = ["kommune"]


@admin.register(Enhet)
class EnhetAdmin(admin.ModelAdmin[Enhet]):
    list_display = ["navn", "type", "virksomhet", "forelder", "her_id", "aktiv"]
    list_filter = ["type", "virksomhet__kommune", "aktiv"]
    search_fields = ["navn"]


class RolleRettighetInline(admin.TabularInline[RolleRettighet, Rolle]):
    model = RolleRettighet
    extra = 1


@admin.register(Rolle)
class RolleAdmin(admin.ModelAdmin[Rolle]):
    list_display = ["navn", "kode"]
    inlines = [RolleRettighetInline]


class TilknytningInline(admin.TabularInline[Tilknytning, Ansatt]):
    model = Tilknytning
    extra = 1
    autocomplete_fields = ["enhet"]


@admin.register(Ansatt)
class AnsattAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "first_name", "last_name", "helsepersonellkategori", "hpr_nummer"]
    search_fields = ["username", "first_name", "last_name", "hpr_nummer"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Helsepersonell", {"fields": ("hpr_nummer", "helsepersonellkategori", "stilling")}),
    )
    inlines = [TilknytningInline]


@admin.register(AuditLogg)
class AuditLoggAdmin(admin.ModelAdmin[AuditLogg]):
    """Read-only: the audit log cannot be changed, by anyone."""

    list_display = ["tidspunkt", "hendelse", "aktor_navn", "pasient_id", "objekt_type", "ip"]
    list_filter = ["hendelse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Vakt)
class VaktAdmin(admin.ModelAdmin[Vakt]):
    """Shifts, read-only (registered through each service's shift page)."""

    list_display = ["ansatt", "enhet", "dato", "fra_tid", "til_tid"]
    list_filter = ["enhet", "dato"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Vakt | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Vakt | None = None) -> bool:
        return False
