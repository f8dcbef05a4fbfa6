from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.decorators import request_ansatt
from core.forms import AdminLoginForm
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
from core.services import auditlogg_read_record, tilknytning_delete, tilknytning_save

# The admin login has the same lockout and audit as the web and API logins.
admin.site.login_form = AdminLoginForm


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
    """Read-only: rights change on /roller/ (rolle_rettigheter_set: history, audit, and the
    guard against removing the admin right from the admin role)."""

    model = RolleRettighet
    extra = 0
    readonly_fields = ["action"]
    verbose_name_plural = "Rettigheter (endres på siden «Roller og rettigheter», /roller/)"

    def has_add_permission(self, request: HttpRequest, obj: Rolle | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rolle | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Rolle | None = None) -> bool:
        return False


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

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        """Unit assignments go through core.services (audited), never straight to the table."""
        if formset.model is not Tilknytning:
            super().save_formset(request, form, formset, change)
            return
        actor = request_ansatt(request)
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            tilknytning_delete(actor=actor, tilknytning=removed)
        for tilknytning in instances:
            tilknytning_save(actor=actor, tilknytning=tilknytning)


@admin.register(AuditLogg)
class AuditLoggAdmin(admin.ModelAdmin[AuditLogg]):
    """Read-only: the audit log cannot be changed, by anyone."""

    list_display = ["tidspunkt", "hendelse", "aktor_navn", "pasient_id", "objekt_type", "ip"]
    list_filter = ["hendelse"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Browsing the audit log (patient ids) is audited: the filter and the patients shown."""
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            changelist = response.context_data.get("cl")
            if changelist is not None:
                shown = [str(r.pasient_id) for r in changelist.result_list if r.pasient_id]
                self._record(request, f"liste?{request.GET.urlencode()}", shown)
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            row = AuditLogg.objects.filter(pk=object_id).values_list("pasient_id", flat=True)
            shown = [str(p) for p in row if p]
            self._record(request, f"rad {object_id}", shown)
        return response

    def _record(self, request: HttpRequest, visning: str, pasient_ids: list[str]) -> None:
        actor = request_ansatt(request)
        auditlogg_read_record(actor=actor, visning=visning, pasient_ids=pasient_ids)

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
