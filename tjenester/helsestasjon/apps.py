from django.apps import AppConfig


class HelsestasjonConfig(AppConfig):
    name = "tjenester.helsestasjon"
    label = "helsestasjon"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The journal print shows a child's growth charts; journal cannot import this app,
        # so the section is registered here.
        from journal.selectors import utskrift_section_register
        from tjenester.helsestasjon.views.vekst import vekst_utskrift_del

        utskrift_section_register(vekst_utskrift_del)
