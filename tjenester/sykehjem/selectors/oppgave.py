"""Reads for nursing homes: the ward's task list (avdelingsoppgaver)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from core.audit import AuditEvent, audit_log_many
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import actor_can, actor_require, restrict_scoped
from journal.models import Pasient
from journal.selectors.tiltaksplan import tiltak_forekomster
from tjenester.sykehjem.models import (
    Avdelingsoppgave,
    Fravaer,
    Fravaerstype,
    Sengeperiode,
)
from tjenester.sykehjem.selectors.avdeling import acting_ids, avdeling_get
from tjenester.sykehjem.selectors.seng import covering_q

# --- the ward's task list (avdelingsoppgaver) ------------------------------------------------

# Parts of the day the list is grouped in; "dagen" holds tiltak due that day at no set time.
# The night runs from 22 to 06 and is listed last (the night shift starts in the evening).
DAGSPERIODER: dict[str, StrOrPromise] = {
    "dagen": gettext_lazy("I løpet av dagen"),
    "morgen": gettext_lazy("Morgen (06–10)"),
    "formiddag": gettext_lazy("Formiddag (10–13)"),
    "ettermiddag": gettext_lazy("Ettermiddag (13–18)"),
    "kveld": gettext_lazy("Kveld (18–22)"),
    "natt": gettext_lazy("Natt (22–06)"),
}


def dagsperiode(tid: dt.time | None) -> str:
    """The part of the day (a DAGSPERIODER key) a time of day falls in."""
    if tid is None:
        return "dagen"
    for slutt, kode in ((6, "natt"), (10, "morgen"), (13, "formiddag"), (18, "ettermiddag")):
        if tid.hour < slutt:
            return kode
    return "kveld" if tid.hour < 22 else "natt"


@dataclass
class Oppgaverad:
    """One occurrence on the list with its tick (None while not ticked)."""

    tiltak_id: uuid.UUID
    pasient_id: uuid.UUID
    pasient_navn: str
    dato: dt.date
    tidspunkt: dt.time | None
    tekst: str
    varighet_min: int
    kvittering: Avdelingsoppgave | None = None

    @property
    def nokkel(self) -> str:
        """A stable id for the row in the page (HTMX swaps one row)."""
        tid = f"{self.tidspunkt:%H%M}" if self.tidspunkt else "dag"
        return f"oppg-{self.tiltak_id}-{self.dato:%Y%m%d}-{tid}"

    @property
    def tidspunkt_verdi(self) -> str:
        return f"{self.tidspunkt:%H:%M}" if self.tidspunkt else ""


@dataclass
class Beboeroppgaver:
    """A resident's occurrences in one part of the day."""

    pasient_id: uuid.UUID
    pasient_navn: str
    rom: str
    fravar: str  # Fravaerstype while the resident is away today
    oppgaver: list[Oppgaverad] = field(default_factory=list)

    @property
    def fravar_tekst(self) -> str:
        return str(Fravaerstype(self.fravar).label) if self.fravar else ""


@dataclass
class Periodeoppgaver:
    kode: str
    navn: str
    beboere: list[Beboeroppgaver] = field(default_factory=list)

    @property
    def antall(self) -> int:
        return sum(len(b.oppgaver) for b in self.beboere)

    @property
    def kvittert(self) -> int:
        return sum(1 for b in self.beboere for o in b.oppgaver if o.kvittering is not None)


@dataclass
class Oppgaveliste:
    """The task list of one ward on one day, by part of the day then resident (by room)."""

    avdeling: Enhet
    dato: dt.date
    perioder: list[Periodeoppgaver]
    kan_kvittere: bool
    periode: str = ""

    @property
    def rader(self) -> list[Oppgaverad]:
        return [o for p in self.perioder for b in p.beboere for o in b.oppgaver]

    @property
    def antall(self) -> int:
        return sum(p.antall for p in self.perioder)

    @property
    def kvittert(self) -> int:
        return sum(p.kvittert for p in self.perioder)


def oppgave_ward_get(enhet_id: uuid.UUID | str | None) -> Enhet:
    """The ward asked for (of the municipality), else the ward the person acts in."""
    if enhet_id:
        return avdeling_get(enhet_id=enhet_id)
    acting_id, _virksomhet_id = acting_ids()
    enhet = Enhet.objects.filter(pk=acting_id, type=EnhetType.SYKEHJEMSAVDELING).first()
    if enhet is None:
        raise ApplicationError(
            _("Velg avdelingen du jobber på som enhet for å se avdelingens oppgaver.")
        )
    return enhet


def _rom_og_fravaer(
    avdeling: Enhet, pasient_ids: set[uuid.UUID], dato: dt.date
) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, str]]:
    """Room of each resident in the ward on `dato` and absence type while away (2 queries)."""
    if not pasient_ids:
        return {}, {}
    perioder = Sengeperiode.objects.filter(
        covering_q(dato), enhet=avdeling, pasient_id__in=pasient_ids
    ).select_related("seng__rom")
    rom = {p.pasient_id: f"{p.seng.rom.navn} {p.seng.navn}" for p in perioder}
    fravar = dict(
        Fravaer.objects.filter(
            covering_q(dato), pasient_id__in=pasient_ids, opphold__enhet=avdeling
        ).values_list("pasient_id", "type")
    )
    return rom, fravar


def avdelingsoppgaver_get(
    *,
    actor: Ansatt,
    dato: dt.date,
    enhet_id: uuid.UUID | str | None = None,
    periode: str = "",
) -> Oppgaveliste:
    """The plan tiltak the ward is responsible for, due on `dato`, with their ticks:
    grouped by part of the day, then by resident (room order). Only patients
    journal.access lets the actor see; optionally one part of the day (`periode`).

    Ticks can be made only for today, in the ward the person acts in, with the right to
    register visits. Audited: the plan read per patient (TILTAK_FOREKOMSTER_LISTED, by
    journal) and AVDELINGSOPPGAVER_LISTED per patient. Seven queries whatever the size.
    """
    actor_require(actor, Action.VIEW)
    if periode and periode not in DAGSPERIODER:
        raise ApplicationError(_("Ukjent del av døgnet."))
    avdeling = oppgave_ward_get(enhet_id)
    with transaction.atomic():
        forekomster = [
            f
            for f in tiltak_forekomster(actor=actor, enhet_ids=[avdeling.pk], fra=dato, til=dato)
            if not periode or dagsperiode(f.tidspunkt) == periode
        ]
        pasient_ids = {f.pasient_id for f in forekomster}
        kvitteringer = {
            (k.tiltak_id, k.tidspunkt): k
            for k in restrict_scoped(
                Avdelingsoppgave.objects.filter(
                    dato=dato, tiltak_id__in={f.tiltak_id for f in forekomster}
                ),
                actor,
                action=Action.VIEW,
            ).select_related("utfort_av")
        }
        audit_log_many(
            actor=actor,
            event=AuditEvent.AVDELINGSOPPGAVER_LISTED,
            targets=[Pasient(pk=p) for p in sorted(pasient_ids)],
            extra={"avdeling": str(avdeling.pk), "dato": dato.isoformat()},
        )
    rom, fravar = _rom_og_fravaer(avdeling, pasient_ids, dato)
    perioder = {kode: Periodeoppgaver(kode, str(navn)) for kode, navn in DAGSPERIODER.items()}
    beboere: dict[tuple[str, uuid.UUID], Beboeroppgaver] = {}
    for f in forekomster:
        kode = dagsperiode(f.tidspunkt)
        beboer = beboere.get((kode, f.pasient_id))
        if beboer is None:
            beboer = Beboeroppgaver(
                f.pasient_id,
                f.pasient_navn,
                rom.get(f.pasient_id, ""),
                fravar.get(f.pasient_id, ""),
            )
            beboere[(kode, f.pasient_id)] = beboer
            perioder[kode].beboere.append(beboer)
        beboer.oppgaver.append(
            Oppgaverad(
                tiltak_id=f.tiltak_id,
                pasient_id=f.pasient_id,
                pasient_navn=f.pasient_navn,
                dato=f.dato,
                tidspunkt=f.tidspunkt,
                tekst=f.tekst,
                varighet_min=f.varighet_min,
                kvittering=kvitteringer.get((f.tiltak_id, f.tidspunkt)),
            )
        )
    for p in perioder.values():
        # residents by room (those without a bed here last), then name
        p.beboere.sort(key=lambda b: (b.rom == "", b.rom, b.pasient_navn, str(b.pasient_id)))
        for b in p.beboere:
            b.oppgaver.sort(key=lambda o: (o.tidspunkt or dt.time.min, o.tekst))
    acting_id, _virksomhet_id = acting_ids()
    return Oppgaveliste(
        avdeling=avdeling,
        dato=dato,
        perioder=[p for p in perioder.values() if p.beboere],
        kan_kvittere=(
            dato == idag() and avdeling.pk == acting_id and actor_can(actor, Action.REGISTER_VISIT)
        ),
        periode=periode,
    )


def oppgaverad_for(kvittering: Avdelingsoppgave) -> Oppgaverad:
    """The list row of a tick just made (its tiltak loaded by the service; no queries)."""
    tiltak = kvittering.tiltak
    return Oppgaverad(
        tiltak_id=tiltak.pk,
        pasient_id=kvittering.pasient_id,
        pasient_navn=tiltak.pasient.fullt_navn,
        dato=kvittering.dato,
        tidspunkt=kvittering.tidspunkt,
        tekst=tiltak.tekst,
        varighet_min=tiltak.varighet_min,
        kvittering=kvittering,
    )
