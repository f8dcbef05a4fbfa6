from integrasjoner.meldinger.views import adresse, utgaaende

__all__ = ["adresse", "utgaaende"]
