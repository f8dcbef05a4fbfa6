"""Nursing-home forms, split by area and re-exported here."""

from tjenester.sykehjem.forms.belegg import (
    BeleggForm,
)
from tjenester.sykehjem.forms.oppgave import (
    KvitteringForm,
)
from tjenester.sykehjem.forms.opphold import (
    DATO,
    DATO_FEIL,
    DatoForm,
    FravaerForm,
    OppholdForm,
    OverflyttForm,
    choices_set,
    dato_field,
    seng_choices,
)
from tjenester.sykehjem.forms.seng import (
    RomForm,
    SengForm,
)
from tjenester.sykehjem.forms.vakt import (
    VaktForm,
)
from tjenester.sykehjem.forms.venteliste import (
    VentelisteForm,
)

__all__ = [
    "DATO",
    "DATO_FEIL",
    "BeleggForm",
    "DatoForm",
    "FravaerForm",
    "KvitteringForm",
    "OppholdForm",
    "OverflyttForm",
    "RomForm",
    "SengForm",
    "VaktForm",
    "VentelisteForm",
    "choices_set",
    "dato_field",
    "seng_choices",
]
