"""Journal models, one module per concept, re-exported here."""

from journal.models.kartlegging import Kartlegging, Kartleggingsskjema, KartleggingStatus
from journal.models.kritisk import (
    Alvorlighet,
    Diagnose,
    DiagnoseStatus,
    Kode,
    Kodeverk,
    KritiskInformasjon,
    KritiskType,
    Sikkerhet,
)
from journal.models.maaling import Bevissthet, Maaling, News2Nivaa, News2Unntak
from journal.models.notat import Journalnotat, JournalnotatVersjon, NotatStatus, Notattype
from journal.models.pasient import Kjoenn, Maalform, Paaroerende, Pasient, PasientScopedModel
from journal.models.tilgang import (
    Behandlingsrelasjon,
    BehandlingsrelasjonQuerySet,
    RelasjonGrunnlag,
    Sperring,
    SperringMal,
    SperringQuerySet,
    Tilgangsgrunn,
    TilgangType,
    UtvidetTilgang,
    UtvidetTilgangQuerySet,
)

# Care plans (tiltaksplan)
from journal.models.tiltaksplan import (
    Behov,
    BehovStatus,
    Evaluering,
    Frekvens,
    Maal,
    MaalStatus,
    PlanStatus,
    Tiltak,
    Tiltaksplan,
    TiltakStatus,
)
from journal.models.tjeneste import Tjeneste, TjenesteStatus

__all__ = [
    "Alvorlighet",
    "Behandlingsrelasjon",
    "BehandlingsrelasjonQuerySet",
    "Bevissthet",
    "Diagnose",
    "DiagnoseStatus",
    "Journalnotat",
    "JournalnotatVersjon",
    "Kartlegging",
    "KartleggingStatus",
    "Kartleggingsskjema",
    "Kjoenn",
    "Kode",
    "Kodeverk",
    "KritiskInformasjon",
    "KritiskType",
    "Maalform",
    "Maaling",
    "News2Nivaa",
    "News2Unntak",
    "NotatStatus",
    "Notattype",
    "Paaroerende",
    "Pasient",
    "PasientScopedModel",
    "RelasjonGrunnlag",
    "Sikkerhet",
    "Sperring",
    "SperringMal",
    "SperringQuerySet",
    "TilgangType",
    "Tilgangsgrunn",
    "Tjeneste",
    "TjenesteStatus",
    "UtvidetTilgang",
    "UtvidetTilgangQuerySet",
]

# Care plans (tiltaksplan)
__all__ += [
    "Behov",
    "BehovStatus",
    "Evaluering",
    "Frekvens",
    "Maal",
    "MaalStatus",
    "PlanStatus",
    "Tiltak",
    "TiltakStatus",
    "Tiltaksplan",
]
