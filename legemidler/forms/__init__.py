"""Forms of the medication pages. Areas: forordning, samstemming, utdeling."""

from legemidler.forms.forordning import ForordningForm, SeponerForm
from legemidler.forms.samstemming import (
    BeslutningForm,
    GjennomgangForm,
    LinjeForm,
    SamstemmingStartForm,
)
from legemidler.forms.utdeling import (
    BehovForm,
    EffektForm,
    KontrollForm,
    KorrigeringForm,
    LukkForm,
    SigneringForm,
)

__all__ = [
    "BehovForm",
    "BeslutningForm",
    "EffektForm",
    "ForordningForm",
    "GjennomgangForm",
    "KontrollForm",
    "KorrigeringForm",
    "LinjeForm",
    "LukkForm",
    "SamstemmingStartForm",
    "SeponerForm",
    "SigneringForm",
]
