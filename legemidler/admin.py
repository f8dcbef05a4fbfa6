"""Medication configuration in the admin. Orders are written through services (audited);
the catalogue comes from FEST (`manage.py fest_last`) and is read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from core.audit import AuditEvent, audit_log
from core.models import Ansatt
from legemidler.models import UkentligLegemiddel, Utdelingsoppsett


@admin.register(UkentligLegemiddel)
class UkentligLegemiddelAdmin(admin.ModelAdmin[UkentligLegemiddel]):
    list_display = ["navn", "atc", "aktiv"]
    list_filter = ["aktiv"]
    search_fields = ["navn", "atc"]


# --- utdeling: a unit's round settings (rounds, limits, extra double-sign ATC codes) -------


@admin.register(Utdelingsoppsett)
class UtdelingsoppsettAdmin(admin.ModelAdmin[Utdelingsoppsett]):
    list_display = ["enhet", "varsel_etter_min", "effekt_etter_min"]
    search_fields = ["enhet__navn"]
    raw_id_fields = ["enhet"]

    def save_model(
        self, request: HttpRequest, obj: Utdelingsoppsett, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_log(
                actor=request.user if isinstance(request.user, Ansatt) else None,
                event=AuditEvent.UTDELINGSOPPSETT_SAVED,
                target=obj,
                extra={
                    "enhet": str(obj.enhet_id),
                    "runder": obj.runder,
                    "varsel_etter_min": obj.varsel_etter_min,
                    "effekt_etter_min": obj.effekt_etter_min,
                    "dobbeltkontroll_atc": list(obj.dobbeltkontroll_atc),
                },
            )
