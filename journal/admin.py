"""Patients are registered and read through journal services (audited), not the admin.

Only configuration lives here: the list of reasons for access outside a relationship.
"""

from __future__ import annotations

from django.contrib import admin

from journal.models import Tilgangsgrunn


@admin.register(Tilgangsgrunn)
class TilgangsgrunnAdmin(admin.ModelAdmin[Tilgangsgrunn]):
    list_display = ["tekst", "aktiv"]
    list_filter = ["aktiv"]
