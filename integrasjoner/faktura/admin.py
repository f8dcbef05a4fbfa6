"""Admin for invoicing: rates and G are dated configuration, edited here; income basis is
patient data and saved through the audited service; runs and lines are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integrasjoner.faktura.models import (
    Betalingstrinn,
    Fakturakjoering,
    Grunnbeloep,
    Inntektsgrunnlag,
    Satser,
)


@admin.register(Grunnbeloep)
class GrunnbeloepAdmin(admin.ModelAdmin[Grunnbeloep]):
    list_display = ["gyldig_fra", "belop", "kilde"]


class BetalingstrinnInline(admin.TabularInline[Betalingstrinn, Satser]):
    model = Betalingstrinn
    extra = 1


@admin.register(Satser)
class SatserAdmin(admin.ModelAdmin[Satser]):
    list_display = ["__str__", "gyldig_fra", "korttid_per_dogn", "fribelop", "tak_under_2g"]
    list_filter = ["kommune"]
    inlines = [BetalingstrinnInline]


@admin.register(Inntektsgrunnlag)
class InntektsgrunnlagAdmin(admin.ModelAdmin[Inntektsgrunnlag]):
    list_display = ["pasient", "aar", "husstandsinntekt", "netto_inntekt"]
    raw_id_fields = ["pasient"]

    def save_model(
        self, request: HttpRequest, obj: Inntektsgrunnlag, form: Any, change: bool
    ) -> None:
        from core.decorators import request_ansatt
        from integrasjoner.faktura.services import inntektsgrunnlag_save

        inntektsgrunnlag_save(
            actor=request_ansatt(request),
            pasient_id=obj.pasient_id,
            aar=obj.aar,
            husstandsinntekt=obj.husstandsinntekt,
            netto_inntekt=obj.netto_inntekt,
            merknad=obj.merknad,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Fakturakjoering)
class FakturakjoeringAdmin(admin.ModelAdmin[Fakturakjoering]):
    list_display = ["maned", "kommune", "status", "antall_linjer", "sum_belop"]
    list_filter = ["status", "kommune"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
