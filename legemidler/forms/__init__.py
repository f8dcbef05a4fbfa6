"""Forms of the medication pages. Areas: forordning, samstemming."""

from legemidler.forms.forordning import ForordningForm, SeponerForm
from legemidler.forms.samstemming import (
    BeslutningForm,
    GjennomgangForm,
    LinjeForm,
    SamstemmingStartForm,
)

__all__ = [
    "BeslutningForm",
    "ForordningForm",
    "GjennomgangForm",
    "LinjeForm",
    "SamstemmingStartForm",
    "SeponerForm",
]
