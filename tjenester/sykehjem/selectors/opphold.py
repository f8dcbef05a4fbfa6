"""Reads for nursing homes: wards and beds, the occupancy board, stays, the waiting list,
and absence days for the fee (fravar_per_pasient).

Bed counts are not patient data and are shown for every ward of the municipality; who
lies in a bed is shown only where journal.access allows it, and every such row is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import access_scoped, actor_can, actor_require, restrict_scoped
from journal.models import Pasient, Tjeneste, TjenesteStatus
from journal.selectors.tiltaksplan import tiltak_forekomster
from journal.units import enhet_subtree_ids
from tjenester.sykehjem.models import (
    OPPHOLD_TJENESTEKODER,
    Avdelingsoppgave,
    Fravar,
    Fravarstype,
    Opphold,
    OppholdStatus,
    Rom,
    Seng,
    Sengeperiode,
    Vakt,
    Venteliste,
    VentelisteStatus,
)

# How far ahead the occupancy board may look.
MAX_DAGER_FRAM = 366


def _acting() -> tuple[uuid.UUID, uuid.UUID]:
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None or ctx.virksomhet_id is None:
        raise NotFound
    return ctx.enhet_id, ctx.virksomhet_id


def avdelinger_i_kommunen() -> QuerySet[Enhet]:
    """The active wards of the acting person's virksomhet (municipality)."""
    _enhet_id, virksomhet_id = _acting()
    return Enhet.objects.filter(
        virksomhet_id=virksomhet_id, type=EnhetType.SYKEHJEMSAVDELING, aktiv=True
    ).order_by("navn")


def avdelinger_i_scope() -> set[uuid.UUID]:
    """The wards at or below the acting unit (a ward, or a nursing home with its wards)."""
    enhet_id, _virksomhet_id = _acting()
    return set(
        Enhet.objects.filter(
            pk__in=enhet_subtree_ids(enhet_id), type=EnhetType.SYKEHJEMSAVDELING
        ).values_list("pk", flat=True)
    )


def avdeling_get(*, enhet_id: uuid.UUID | str) -> Enhet:
    """A ward of the acting person's municipality, or NotFound."""
    try:
        key = uuid.UUID(str(enhet_id))
    except ValueError as exc:
        raise NotFound from exc
    enhet = avdelinger_i_kommunen().filter(pk=key).first()
    if enhet is None:
        raise NotFound
    return enhet


def acting_avdeling(actor: Ansatt) -> Enhet:
    """The ward the person acts in; beds and stays are managed from the ward itself."""
    actor_require(actor, Action.MANAGE_STAYS)
    enhet_id, _virksomhet_id = _acting()
    enhet = Enhet.objects.filter(pk=enhet_id, type=EnhetType.SYKEHJEMSAVDELING).first()
    if enhet is None:
        raise ApplicationError(
            _("Velg avdelingen du jobber på som enhet for å administrere senger og opphold.")
        )
    return enhet


# --- rooms and beds ---------------------------------------------------------------------------


def rom_for_avdeling(*, enhet_id: uuid.UUID) -> list[Rom]:
    """Rooms of a ward with their beds (two queries)."""
    return list(Rom.objects.filter(enhet_id=enhet_id).prefetch_related("senger").order_by("navn"))


def senger_for_avdeling(*, actor: Ansatt, enhet_id: uuid.UUID | str) -> list[Seng]:
    """Every bed of a ward in the municipality (no patient data)."""
    actor_require(actor, Action.VIEW)
    enhet = avdeling_get(enhet_id=enhet_id)
    return list(
        Seng.objects.filter(enhet=enhet).select_related("rom").order_by("rom__navn", "navn")
    )


def ledige_senger(*, dato: dt.date, enhet_ids: set[uuid.UUID] | None = None) -> list[Seng]:
    """Active beds with nobody in them on `dato`, in the given wards (default: the
    municipality's), for choosing a bed. Later bookings are checked when saving."""
    avdelinger = avdelinger_i_kommunen()
    if enhet_ids is not None:
        avdelinger = avdelinger.filter(pk__in=enhet_ids)
    opptatt = Sengeperiode.objects.filter(_covering(dato)).values("seng_id")
    return list(
        Seng.objects.filter(enhet__in=avdelinger, aktiv=True)
        .exclude(pk__in=opptatt)
        .select_related("rom", "enhet")
        .order_by("enhet__navn", "rom__navn", "navn")
    )


# --- the occupancy board ----------------------------------------------------------------------


class Sengestatus:
    LEDIG = "ledig"
    BELAGT = "belagt"
    RESERVERT = "reservert"
    INAKTIV = "inaktiv"


@dataclass
class Sengerad:
    """One bed on the board on one day."""

    seng: Seng
    status: str
    opphold: Opphold | None = None  # only when the person may see who lies there
    fravar: str = ""  # Fravarstype while the resident is away (the bed is still theirs)

    @property
    def status_tekst(self) -> str:
        tekster = {
            Sengestatus.LEDIG: _("Ledig"),
            Sengestatus.BELAGT: _("Belagt"),
            Sengestatus.RESERVERT: _("Reservert"),
            Sengestatus.INAKTIV: _("Ute av drift"),
        }
        return tekster[self.status]

    @property
    def fravar_tekst(self) -> str:
        return str(Fravarstype(self.fravar).label) if self.fravar else ""


@dataclass
class Avdelingsbelegg:
    """The counts of one ward, and its beds when the board shows them."""

    enhet: Enhet
    ledig: int = 0
    belagt: int = 0
    reservert: int = 0
    permisjon: int = 0
    sykehus: int = 0
    inaktiv: int = 0
    senger: list[Sengerad] = field(default_factory=list)
    vis_senger: bool = False

    @property
    def totalt(self) -> int:
        return self.ledig + self.belagt + self.reservert


@dataclass
class Beleggsoversikt:
    dato: dt.date
    avdelinger: list[Avdelingsbelegg]
    kan_administrere: bool
    vedtak_uten_opphold: list[Tjeneste] = field(default_factory=list)

    @property
    def sum(self) -> Avdelingsbelegg:
        total = Avdelingsbelegg(enhet=Enhet(navn=_("Hele kommunen")))
        for a in self.avdelinger:
            for name in ("ledig", "belagt", "reservert", "permisjon", "sykehus", "inaktiv"):
                setattr(total, name, getattr(total, name) + getattr(a, name))
        return total


def _covering(dato: dt.date) -> Q:
    return Q(fra__lte=dato) & (Q(til__isnull=True) | Q(til__gt=dato))


def belegg_dato_parse(value: str | None) -> dt.date:
    """The board's date from a query parameter: today when empty, at most a year ahead."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        dato = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(_("Skriv datoen som ÅÅÅÅ-MM-DD.")) from exc
    if dato < today - dt.timedelta(days=MAX_DAGER_FRAM) or dato > today + dt.timedelta(
        days=MAX_DAGER_FRAM
    ):
        raise ApplicationError(_("Velg en dato innen ett år fra i dag."))
    return dato


def belegg_get(
    *, actor: Ansatt, dato: dt.date, enhet_id: uuid.UUID | str | None = None
) -> Beleggsoversikt:
    """Free, occupied and reserved beds per ward of the municipality on `dato`.

    The beds themselves are listed for the chosen ward (`enhet_id`), else for the wards at
    or below the acting unit. Residents are named only where journal.access allows (VIEW);
    each named stay is audited as OPPHOLD_LISTED. A fixed number of queries.
    """
    actor_require(actor, Action.VIEW)
    avdelinger = list(avdelinger_i_kommunen())
    detalj = {avdeling_get(enhet_id=enhet_id).pk} if enhet_id else avdelinger_i_scope()
    senger = list(
        Seng.objects.filter(enhet__in=avdelinger)
        .select_related("rom")
        .order_by("rom__navn", "navn")
    )
    perioder = {
        p.seng_id: p
        for p in Sengeperiode.objects.filter(
            _covering(dato), seng__in=[s.pk for s in senger]
        ).select_related("opphold")
    }
    seng_enhet = {s.pk: s.enhet_id for s in senger}
    opphold_ids = [p.opphold_id for p in perioder.values()]
    borte = dict(
        Fravar.objects.filter(_covering(dato), opphold_id__in=opphold_ids).values_list(
            "opphold_id", "type"
        )
    )
    synlige_ids = [p.opphold_id for p in perioder.values() if seng_enhet[p.seng_id] in detalj]
    with transaction.atomic():
        synlige = (
            {
                o.pk: o
                for o in restrict_scoped(
                    Opphold.objects.filter(pk__in=synlige_ids), actor, action=Action.VIEW
                ).select_related("pasient")
            }
            if synlige_ids
            else {}
        )
        audit_log_many(
            actor=actor,
            event=AuditEvent.OPPHOLD_LISTED,
            targets=list(synlige.values()),
            extra={"belegg": dato.isoformat()},
        )
    per_avdeling = {a.pk: Avdelingsbelegg(enhet=a, vis_senger=a.pk in detalj) for a in avdelinger}
    for seng in senger:
        belegg = per_avdeling[seng.enhet_id]
        periode = perioder.get(seng.pk)
        if periode is not None:
            opphold = periode.opphold
            status = (
                Sengestatus.RESERVERT
                if opphold.status == OppholdStatus.RESERVERT
                else Sengestatus.BELAGT
            )
            rad = Sengerad(seng, status, synlige.get(opphold.pk), borte.get(opphold.pk, ""))
        elif not seng.aktiv:
            rad = Sengerad(seng, Sengestatus.INAKTIV)
        else:
            rad = Sengerad(seng, Sengestatus.LEDIG)
        setattr(belegg, rad.status, getattr(belegg, rad.status) + 1)
        if rad.fravar:
            setattr(belegg, rad.fravar, getattr(belegg, rad.fravar) + 1)
        if belegg.vis_senger:
            belegg.senger.append(rad)
    return Beleggsoversikt(
        dato=dato,
        avdelinger=list(per_avdeling.values()),
        kan_administrere=actor_can(actor, Action.MANAGE_STAYS),
        vedtak_uten_opphold=vedtak_uten_opphold(actor=actor, enhet_ids=detalj) if detalj else [],
    )


# --- stays ------------------------------------------------------------------------------------


def _opphold_qs() -> QuerySet[Opphold]:
    return Opphold.objects.select_related("pasient", "enhet", "seng", "seng__rom")


def opphold_get(
    *, actor: Ansatt, opphold_id: uuid.UUID | str, action: Action = Action.VIEW
) -> Opphold:
    """One stay with its bed periods and absences; the same 404 for missing and not allowed.
    Audited as OPPHOLD_READ."""
    with transaction.atomic():
        opphold = access_scoped(
            actor,
            _opphold_qs().prefetch_related(
                "sengeperioder__seng__rom", "sengeperioder__enhet", "fravar"
            ),
            opphold_id,
            action=action,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.OPPHOLD_READ,
            target=opphold,
            pasient_id=opphold.pasient_id,
        )
    return opphold


def opphold_list(
    *,
    actor: Ansatt,
    enhet_id: uuid.UUID | str | None = None,
    status: str | None = None,
    side: int = 1,
    storrelse: int = 50,
) -> Side[Opphold]:
    """Stays the person may see (newest first), optionally of one ward and status. Audited."""
    qs = restrict_scoped(_opphold_qs(), actor, action=Action.VIEW)
    if enhet_id:
        qs = qs.filter(enhet=avdeling_get(enhet_id=enhet_id))
    if status:
        if status not in OppholdStatus.values:
            raise ApplicationError(_("Ukjent status for opphold."))
        qs = qs.filter(status=status)
    with transaction.atomic():
        page = side_fetch(qs.order_by("-fra", "id"), nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.OPPHOLD_LISTED, targets=page.items)
    return page


@dataclass(frozen=True)
class Oppholdsvisning:
    """A stay as its page shows it, with what the person may do with it."""

    opphold: Opphold
    perioder: list[Sengeperiode]
    fravar: list[Fravar]
    kan_administrere: bool
    ledige_senger: list[Seng]

    @property
    def pagaende_fravar(self) -> Fravar | None:
        return next((f for f in self.fravar if f.til is None), None)


def oppholdsvisning_get(*, actor: Ansatt, opphold_id: uuid.UUID | str) -> Oppholdsvisning:
    opphold = opphold_get(actor=actor, opphold_id=opphold_id)
    kan = (
        actor_can(actor, Action.MANAGE_STAYS)
        and opphold.status != OppholdStatus.AVSLUTTET
        and opphold.enhet_id == _acting()[0]
    )
    return Oppholdsvisning(
        opphold=opphold,
        perioder=list(opphold.sengeperioder.all()),
        fravar=list(opphold.fravar.all()),
        kan_administrere=kan,
        ledige_senger=ledige_senger(dato=timezone.localdate()) if kan else [],
    )


# --- waiting list -----------------------------------------------------------------------------


def venteliste_list(*, actor: Ansatt, side: int = 1, storrelse: int = 50) -> Side[Venteliste]:
    """Patients waiting for a long-term place, by priority then application date. Audited."""
    qs = restrict_scoped(
        Venteliste.objects.filter(status=VentelisteStatus.VENTER).select_related(
            "pasient", "enhet"
        ),
        actor,
        action=Action.VIEW,
    ).order_by("prioritet", "soknadsdato", "created_at", "id")
    with transaction.atomic():
        page = side_fetch(qs, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.VENTELISTE_LISTED, targets=page.items)
    return page


def venteliste_get(*, actor: Ansatt, venteliste_id: uuid.UUID | str, action: Action) -> Venteliste:
    return access_scoped(
        actor,
        Venteliste.objects.filter(status=VentelisteStatus.VENTER).select_related("pasient"),
        venteliste_id,
        action=action,
    )


# --- absence days for the fee -----------------------------------------------------------------


@dataclass(frozen=True)
class Fravarsdager:
    """A stay's absence days in a period (for the fee: vederlag is reduced for them)."""

    pasient_id: uuid.UUID
    opphold_id: uuid.UUID
    enhet_id: uuid.UUID
    permisjonsdager: int
    sykehusdager: int


def _days(fra: dt.date, til: dt.date | None, start: dt.date, slutt: dt.date) -> int:
    """Days of the half-open absence [fra, til) inside the inclusive period [start, slutt]."""
    end = min(til or dt.date.max, slutt + dt.timedelta(days=1))
    return max(0, (end - max(fra, start)).days)


def fravar_per_pasient(
    *, fra: dt.date, til: dt.date, actor: Ansatt | None = None
) -> list[Fravarsdager]:
    """Absence days per stay in [fra, til] (both inclusive, e.g. one month).

    An absence runs from its first day up to (not including) its return day; an ongoing
    one counts to the end of the period. actor=None is the system (invoicing), allowed
    only in a system context; a person sees only the patients journal.access allows.
    """
    if til < fra:
        raise ApplicationError(_("Til-dato kan ikke være før fra-dato."))
    rows = restrict_scoped(
        Fravar.objects.filter(fra__lte=til).filter(Q(til__isnull=True) | Q(til__gt=fra)),
        actor,
        action=Action.VIEW,
    ).values_list("pasient_id", "opphold_id", "opphold__enhet_id", "type", "fra", "til")
    sums: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID], dict[str, int]] = defaultdict(
        lambda: {Fravarstype.PERMISJON: 0, Fravarstype.SYKEHUS: 0}
    )
    for pasient_id, opphold_id, enhet_id, type_, start, slutt in rows:
        sums[(pasient_id, opphold_id, enhet_id)][type_] += _days(start, slutt, fra, til)
    return [
        Fravarsdager(
            pasient_id=p,
            opphold_id=o,
            enhet_id=e,
            permisjonsdager=d[Fravarstype.PERMISJON],
            sykehusdager=d[Fravarstype.SYKEHUS],
        )
        for (p, o, e), d in sorted(sums.items(), key=lambda item: str(item[0]))
    ]


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
    fravar: str  # Fravarstype while the resident is away today
    oppgaver: list[Oppgaverad] = field(default_factory=list)

    @property
    def fravar_tekst(self) -> str:
        return str(Fravarstype(self.fravar).label) if self.fravar else ""


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
    acting_id, _virksomhet_id = _acting()
    enhet = Enhet.objects.filter(pk=acting_id, type=EnhetType.SYKEHJEMSAVDELING).first()
    if enhet is None:
        raise ApplicationError(
            _("Velg avdelingen du jobber på som enhet for å se avdelingens oppgaver.")
        )
    return enhet


def _rom_og_fravar(
    avdeling: Enhet, pasient_ids: set[uuid.UUID], dato: dt.date
) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, str]]:
    """Room of each resident in the ward on `dato` and absence type while away (2 queries)."""
    if not pasient_ids:
        return {}, {}
    perioder = Sengeperiode.objects.filter(
        _covering(dato), enhet=avdeling, pasient_id__in=pasient_ids
    ).select_related("seng__rom")
    rom = {p.pasient_id: f"{p.seng.rom.navn} {p.seng.navn}" for p in perioder}
    fravar = dict(
        Fravar.objects.filter(
            _covering(dato), pasient_id__in=pasient_ids, opphold__enhet=avdeling
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
    rom, fravar = _rom_og_fravar(avdeling, pasient_ids, dato)
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
    acting_id, _virksomhet_id = _acting()
    return Oppgaveliste(
        avdeling=avdeling,
        dato=dato,
        perioder=[p for p in perioder.values() if p.beboere],
        kan_kvittere=(
            dato == timezone.localdate()
            and avdeling.pk == acting_id
            and actor_can(actor, Action.REGISTER_VISIT)
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


# --- stays from decisions ---------------------------------------------------------------------


def _tjenester_uten_opphold(enhet_ids: set[uuid.UUID]) -> QuerySet[Tjeneste]:
    """Active stay-type services of the wards whose patient has no current or coming stay
    there (the decision is granted, the bed not yet given)."""
    opphold = Opphold.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        enhet_id=OuterRef("enhet_id"),
        status__in=[OppholdStatus.RESERVERT, OppholdStatus.AKTIV],
    )
    return (
        Tjeneste.objects.filter(
            enhet_id__in=enhet_ids,
            status=TjenesteStatus.AKTIV,
            tjenestetype_kode__in=OPPHOLD_TJENESTEKODER,
        )
        .exclude(Exists(opphold))
        .select_related("pasient", "enhet")
        .order_by("fra_dato", "created_at", "id")
    )


def vedtak_uten_opphold(
    *, actor: Ansatt, enhet_ids: set[uuid.UUID], limit: int = 50
) -> list[Tjeneste]:
    """Services granted for a stay in the wards with no stay yet, oldest first (at most
    `limit`), for the patients the person may see. Audited per service."""
    with transaction.atomic():
        rows = list(
            restrict_scoped(_tjenester_uten_opphold(enhet_ids), actor, action=Action.VIEW)[:limit]
        )
        audit_log_many(actor=actor, event=AuditEvent.VEDTAK_UTEN_OPPHOLD_LISTED, targets=rows)
    return rows


def opphold_tjeneste_choices(*, actor: Ansatt, enhet_id: uuid.UUID) -> list[tuple[str, str]]:
    """The ward's services without a stay, for the admission form (audited)."""
    return [
        (str(t.pk), f"{t.pasient.fullt_navn}: {t.navn} (fra {t.fra_dato:%d.%m.%Y})")
        for t in vedtak_uten_opphold(actor=actor, enhet_ids={enhet_id}, limit=200)
    ]


# --- shifts, for payroll ----------------------------------------------------------------


@dataclass(frozen=True)
class VaktTidRad:
    """One shift on a ward: who, which day (the day it starts), from–to and its minutes."""

    vakt_id: uuid.UUID
    dato: dt.date
    enhet_id: uuid.UUID
    ansatt_id: uuid.UUID
    fra_tid: dt.time
    til_tid: dt.time
    minutter: int


MAX_DAGER_VAKT = 92


def vakt_tid(
    *, fra: dt.date, til: dt.date, enhet_ids: list[uuid.UUID], actor: Ansatt | None = None
) -> list[VaktTidRad]:
    """Shifts starting in [fra, til] (both included) on the given wards, ordered by day,
    staff and start. For the system (payroll, actor None in a system context) or a person
    who manages stays in a ward at or above them. Shifts hold no patient data: no audit row.
    """
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    if (til - fra).days >= MAX_DAGER_VAKT:
        raise ApplicationError(_("Velg en periode på høyst %(n)s dager.") % {"n": MAX_DAGER_VAKT})
    if actor is None:
        if not actor_can(None, Action.VIEW):
            raise NotFound
    else:
        actor_require(actor, Action.MANAGE_STAYS)
        ctx = context_get()
        if ctx is None or ctx.enhet_id is None:
            raise NotFound
        if not set(enhet_ids) <= enhet_subtree_ids(ctx.enhet_id):
            raise NotFound
    rows = Vakt.objects.filter(enhet_id__in=enhet_ids, dato__gte=fra, dato__lte=til).order_by(
        "dato", "ansatt_id", "fra_tid", "id"
    )
    return [
        VaktTidRad(
            vakt_id=v.pk,
            dato=v.dato,
            enhet_id=v.enhet_id,
            ansatt_id=v.ansatt_id,
            fra_tid=v.fra_tid,
            til_tid=v.til_tid,
            minutter=v.minutter,
        )
        for v in rows
    ]


def vakter_for_avdeling(*, actor: Ansatt, fra: dt.date, til: dt.date) -> list[Vakt]:
    """The acting ward's shifts in [fra, til], for the ward manager (MANAGE_STAYS)."""
    actor_require(actor, Action.MANAGE_STAYS)
    avdeling = acting_avdeling(actor)
    if fra > til or (til - fra).days >= MAX_DAGER_VAKT:
        raise ApplicationError(_("Velg en periode på høyst %(n)s dager.") % {"n": MAX_DAGER_VAKT})
    return list(
        Vakt.objects.filter(enhet=avdeling, dato__gte=fra, dato__lte=til)
        .select_related("ansatt")
        .order_by("dato", "fra_tid", "ansatt__last_name", "id")
    )


def avdelingens_ansatte(avdeling: Enhet) -> list[Ansatt]:
    """Active staff with a membership in the ward, by name (no patient data)."""
    return list(
        Ansatt.objects.filter(tilknytninger__enhet=avdeling, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
