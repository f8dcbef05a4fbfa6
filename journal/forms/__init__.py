"""The journal's page forms, one module per area (the same area names as views/); the public
names are re-exported here. Names that two areas both define (DateInput, GrunnForm,
FeilregistreringForm) are imported from their area module."""

from journal.forms.kartlegging import (
    SVAR_PREFIKS,
    KartleggingForm,
    svar_felt,
)
from journal.forms.kritisk import (
    DATE_FORMATS,
    DiagnoseAvsluttForm,
    DiagnoseForm,
    KritiskForm,
)
from journal.forms.maaling import (
    DESIMALTALL,
    HELTALL,
    PERIODER,
    MaalingForm,
    PeriodeForm,
)
from journal.forms.notat import (
    DateTimeLocalInput,
    KontrasignerForm,
    NotatForm,
    NyttNotatForm,
)
from journal.forms.pasient import (
    PasientForm,
)
from journal.forms.tilgang import (
    GjennomgangForm,
    LoggfilterForm,
    SperringForm,
    UtvidetTilgangForm,
)
from journal.forms.tiltaksplan import (
    UKEDAGER,
    AvsluttPlanForm,
    BehovForm,
    EvalueringForm,
    IpForm,
    MaalForm,
    PlanForm,
    TiltakEndreForm,
    TiltakForm,
    TiltakSluttForm,
    TimeplanForm,
    koordinatorer,
)

__all__ = [
    "DATE_FORMATS",
    "DESIMALTALL",
    "HELTALL",
    "PERIODER",
    "SVAR_PREFIKS",
    "UKEDAGER",
    "AvsluttPlanForm",
    "BehovForm",
    "DateTimeLocalInput",
    "DiagnoseAvsluttForm",
    "DiagnoseForm",
    "EvalueringForm",
    "GjennomgangForm",
    "IpForm",
    "KartleggingForm",
    "KontrasignerForm",
    "KritiskForm",
    "LoggfilterForm",
    "MaalForm",
    "MaalingForm",
    "NotatForm",
    "NyttNotatForm",
    "PasientForm",
    "PeriodeForm",
    "PlanForm",
    "SperringForm",
    "TiltakEndreForm",
    "TiltakForm",
    "TiltakSluttForm",
    "TimeplanForm",
    "UtvidetTilgangForm",
    "koordinatorer",
    "svar_felt",
]
