"""Forms of medication. Areas: utdeling."""

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
    "EffektForm",
    "KontrollForm",
    "KorrigeringForm",
    "LukkForm",
    "SigneringForm",
]
