"""Children's records go through the health station's services (audited), not the admin.

Only the reference data lives here: the programme and the vaccine schedule, dated, which
administrators correct or supersede (a new version gets a later `gyldig_fra`)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from tjenester.helsestasjon.models import Programpunkt, Vaksinedose
from tjenester.helsestasjon.services import innskrivninger_status_recompute

M = TypeVar("M", bound=Model)


class _ProgramAdmin(admin.ModelAdmin[M]):
    """A programme edit changes what is due for every child: the stored status of every
    active enrolment is recomputed in the same transaction."""

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            innskrivninger_status_recompute()

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            innskrivninger_status_recompute()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            innskrivninger_status_recompute()


@admin.register(Programpunkt)
class ProgrampunktAdmin(_ProgramAdmin[Programpunkt]):
    list_display = ["navn", "alder_verdi", "alder_enhet", "gyldig_fra", "gyldig_til", "verifisert"]
    list_filter = ["verifisert", "skolehelse"]
    ordering = ["rekkefolge", "kode"]


@admin.register(Vaksinedose)
class VaksinedoseAdmin(_ProgramAdmin[Vaksinedose]):
    list_display = [
        "vaksine",
        "dose_nr",
        "alder_verdi",
        "alder_enhet",
        "minimumsalder_dager",
        "minsteintervall_dager",
        "gyldig_fra",
        "gyldig_til",
        "verifisert",
    ]
    list_filter = ["vaksine", "verifisert"]
    ordering = ["rekkefolge", "kode"]
