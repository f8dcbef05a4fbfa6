"""Children's records go through the health station's services (audited), not the admin.

Only the reference data lives here: the programme and the vaccine schedule, dated, which
administrators correct or supersede (a new version gets a later `gyldig_fra`)."""

from __future__ import annotations

from django.contrib import admin

from tjenester.helsestasjon.models import Programpunkt, Vaksinedose


@admin.register(Programpunkt)
class ProgrampunktAdmin(admin.ModelAdmin[Programpunkt]):
    list_display = ["navn", "alder_verdi", "alder_enhet", "gyldig_fra", "gyldig_til", "verifisert"]
    list_filter = ["verifisert", "skolehelse"]
    ordering = ["rekkefolge", "kode"]


@admin.register(Vaksinedose)
class VaksinedoseAdmin(admin.ModelAdmin[Vaksinedose]):
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
