"""Medication API. Areas: forordning, samstemming."""
