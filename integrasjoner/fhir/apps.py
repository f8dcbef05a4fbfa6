from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "integrasjoner.fhir"
    label = "fhir"
    verbose_name = "FHIR"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area registers its resource types in the route registry (selectors.register).
        from integrasjoner.fhir.selectors import (
            klinisk,
            legemidler,
            logg,
            pasient,
            personell,
            tjenester,
            vaksinasjon,
        )

        for area in (pasient, klinisk, personell, tjenester, legemidler, vaksinasjon, logg):
            area.register()
