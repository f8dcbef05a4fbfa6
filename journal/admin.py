"""Patients are registered and read through journal services (audited), not the admin."""
