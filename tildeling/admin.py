"""Configuration only: the service catalogue (dated rows) and the municipal letterhead.

Cases, decisions and appeals are handled through the tildeling services (audited).
"""

from __future__ import annotations

from django.contrib import admin

from tildeling.models import Brevhode, Tjenestetype


@admin.register(Tjenestetype)
class TjenestetypeAdmin(admin.ModelAdmin[Tjenestetype]):
    list_display = [
        "kode",
        "navn",
        "omfang_enhet",
        "egenandel",
        "to_personer",
        "frist_dager",
        "gyldig_fra",
        "gyldig_til",
    ]
    list_filter = ["egenandel", "to_personer", "omfang_enhet"]
    search_fields = ["kode", "navn"]
    ordering = ["kode", "-gyldig_fra"]


@admin.register(Brevhode)
class BrevhodeAdmin(admin.ModelAdmin[Brevhode]):
    list_display = ["navn", "kommune", "avsender", "telefon"]
