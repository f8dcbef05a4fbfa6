"""Writes of medication. Areas: katalog (FEST load), forordning (orders and checks)."""

from legemidler.services.katalog import katalog_demo_load, katalog_load

__all__ = ["katalog_demo_load", "katalog_load"]
