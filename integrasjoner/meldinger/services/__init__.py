from integrasjoner.meldinger.services.adresse import (
    adresseregister_lookup,
    kommunikasjonspart_save,
)
from integrasjoner.meldinger.services.utgaaende import (
    apprec_register,
    dialog_reply,
    dialog_send,
    helseopplysninger_lege_send,
    innleggelsesrapport_send,
    orientering_create,
    utgaaende_create,
    utgaaende_frist_check,
    varsel_close,
)

__all__ = [
    "adresseregister_lookup",
    "apprec_register",
    "dialog_reply",
    "dialog_send",
    "helseopplysninger_lege_send",
    "innleggelsesrapport_send",
    "kommunikasjonspart_save",
    "orientering_create",
    "utgaaende_create",
    "utgaaende_frist_check",
    "varsel_close",
]
