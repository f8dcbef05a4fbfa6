"""Medication configuration in the admin. Orders are written through services (audited);
the catalogue comes from FEST (`manage.py fest_last`) and is read-only here."""

from __future__ import annotations

from django.contrib import admin

from legemidler.models import UkentligLegemiddel


@admin.register(UkentligLegemiddel)
class UkentligLegemiddelAdmin(admin.ModelAdmin[UkentligLegemiddel]):
    list_display = ["navn", "atc", "aktiv"]
    list_filter = ["aktiv"]
    search_fields = ["navn", "atc"]
