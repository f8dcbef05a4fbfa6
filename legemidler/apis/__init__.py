"""Medication API. Areas: forordning."""
