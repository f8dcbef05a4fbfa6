from integrasjoner.meldinger.forms.adresse import AdresseSokForm, KommunikasjonspartForm
from integrasjoner.meldinger.forms.melding import KoblingForm, SvarForm
from integrasjoner.meldinger.forms.utgaaende import (
    DialogForm,
    DialogSvarForm,
    InnleggelsesrapportForm,
)

__all__ = [
    "AdresseSokForm",
    "DialogForm",
    "DialogSvarForm",
    "InnleggelsesrapportForm",
    "KoblingForm",
    "KommunikasjonspartForm",
    "SvarForm",
]
