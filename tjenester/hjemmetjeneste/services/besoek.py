"""Writes of home care: visits generated from plans, the day list (assignment, order,
route), check-in/out, tasks, notes, vitals and deviations from a visit, missed-visit alerts.

Every write checks a right (journal.access) and is audited in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import klokke
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import (
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    pasient_access,
)
from journal.models import Journalnotat
from journal.selectors.tiltaksplan import tiltak_forekomster
from journal.services import journalnotat_create, journalnotat_sign
from journal.services.notat import notattyper_for_enhet
from tjenester.hjemmetjeneste.lib.gruppering import Forekomst, Gruppe, besoek_grupper
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Avvik,
    AvvikKategori,
    Besoek,
    Besoeksoppgave,
    BesoekStatus,
)

MAX_GRUNN = 300
MAX_NOTAT = 2000
NOTATTYPE = "sykepleienotat"
NOTAT_OVERSKRIFT = "Observasjon"


ForekomstKilde = Callable[[Ansatt | None, list[uuid.UUID], dt.date, dt.date], Sequence[Forekomst]]


def plan_forekomster(
    actor: Ansatt | None, enhet_ids: list[uuid.UUID], fra: dt.date, til: dt.date
) -> Sequence[Forekomst]:
    """The occurrences of the units' scheduled plan tiltak (journal's task-list interface),
    of the patients the actor (None: the system) may see."""
    return tiltak_forekomster(actor=actor, enhet_ids=enhet_ids, fra=fra, til=til)


# --- helpers ---------------------------------------------------------------------------------


def besoek_qs() -> QuerySet[Besoek]:
    return Besoek.objects.select_related("pasient", "ansatt", "enhet")


def besoek_lock(actor: Ansatt | None, besok_id: uuid.UUID | str, action: Action) -> Besoek:
    """The visit, locked, when the actor may use it: a visit of the acting district or on the
    actor's own list, of a patient the actor may see. NotFound for missing and not allowed."""
    actor_require(actor, action)
    scope = Q(enhet_id=acting_enhet_id())
    if actor is not None:
        scope |= Q(ansatt_id=actor.pk)
    qs = Besoek.objects.select_for_update(of=("self",)).select_related("pasient").filter(scope)
    return access_scoped(actor, qs, besok_id, action=action)


def besoek_audit(actor: Ansatt | None, event: AuditEvent, besok: Besoek, **extra: object) -> None:
    basis = access_basis(actor, besok.pasient_id)
    audit_log(
        actor=actor,
        event=event,
        target=besok,
        pasient_id=besok.pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra=dict(extra) or None,
    )


@dataclass(frozen=True)
class Genereringsresultat:
    opprettet: int
    endret: int
    fjernet: int
    uendret: int


def _modifiable(besok: Besoek, naa: dt.datetime) -> bool:
    """Only future visits that nobody has started may follow a changed plan."""
    return (
        besok.status == BesoekStatus.PLANLAGT
        and besok.innsjekk_at is None
        and besok.start_at() > naa
    )


def _sync_oppgaver(besok: Besoek, gruppe: Gruppe) -> bool:
    existing = {o.tiltak_id: o for o in besok.oppgaver.all() if o.tiltak_id is not None}
    wanted = {f.tiltak_id: f for f in gruppe.oppgaver}
    changed = False
    gone = [o.pk for t, o in existing.items() if t not in wanted]
    if gone:
        Besoeksoppgave.objects.filter(pk__in=gone).delete()
        changed = True
    for tiltak_id, f in wanted.items():
        oppgave = existing.get(tiltak_id)
        if oppgave is None:
            Besoeksoppgave.objects.create(
                besok=besok, tiltak_id=tiltak_id, tekst=f.tekst[:500], tidspunkt=f.tidspunkt
            )
            changed = True
        elif (oppgave.tekst, oppgave.tidspunkt) != (f.tekst[:500], f.tidspunkt):
            oppgave.tekst, oppgave.tidspunkt = f.tekst[:500], f.tidspunkt
            oppgave.save(update_fields=["tekst", "tidspunkt", "updated_at"])
            changed = True
    return changed


@transaction.atomic
def besoek_generate(
    *,
    enhet_id: uuid.UUID,
    fra: dt.date,
    til: dt.date,
    actor: Ansatt | None = None,
    naa: dt.datetime | None = None,
    kilde: ForekomstKilde | None = None,
) -> Genereringsresultat:
    """Make the district's visits for [fra, til] match the plans (idempotent).

    Re-running never duplicates a visit (one per patient, day and slot, also enforced by a
    unique constraint). A changed plan updates, adds or removes only *future* visits that
    are still planned and not checked in (start of window after `naa`, default now); visits
    in the past, started or done are never touched. Runs as the system (actor=None) from the
    nightly task, or as a person with the PLAN right in the district. Runs for one district
    at a time (transaction-level advisory lock). Audited: BESOK_PLANNED for each visit made
    or changed, BESOK_REMOVED for each removed.
    """
    actor_require(actor, Action.PLAN)
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    naa = naa or klokke.naa()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"besok:{enhet_id}"])
    forekomster = (kilde or plan_forekomster)(actor, [enhet_id], fra, til)
    grupper = {(g.pasient_id, g.dato, g.nokkel): g for g in besoek_grupper(forekomster)}
    existing = {
        (b.pasient_id, b.dato, b.kilde_nokkel): b
        for b in Besoek.objects.filter(enhet_id=enhet_id, dato__gte=fra, dato__lte=til)
        .exclude(kilde_nokkel="")
        .prefetch_related("oppgaver")
        .select_for_update(of=("self",))
    }
    planned: list[Besoek] = []
    removed: list[Besoek] = []
    uendret = 0
    new: list[tuple[Besoek, Gruppe]] = []
    for key, gruppe in grupper.items():
        besok = existing.get(key)
        if besok is None:
            besok = Besoek(
                pasient_id=gruppe.pasient_id,
                enhet_id=enhet_id,
                dato=gruppe.dato,
                fra_tid=gruppe.fra_tid(),
                til_tid=gruppe.til_tid(),
                varighet_min=gruppe.varighet,
                kilde_nokkel=gruppe.nokkel,
                rekkefolge=gruppe.fra_min,
            )
            if not _modifiable(besok, naa):
                continue  # the slot is already past: a plan never makes visits backwards
            # foreign keys and constraints are checked by PostgreSQL at the bulk insert below
            besok.clean_fields(exclude=["pasient", "enhet"])
            new.append((besok, gruppe))
            continue
        if not _modifiable(besok, naa):
            uendret += 1
            continue
        fields = {
            "fra_tid": gruppe.fra_tid(),
            "til_tid": gruppe.til_tid(),
            "varighet_min": gruppe.varighet,
        }
        changed = [name for name, value in fields.items() if getattr(besok, name) != value]
        for name in changed:
            setattr(besok, name, fields[name])
        if changed:
            besok.full_clean()
            besok.save(update_fields=[*changed, "updated_at"])
        if _sync_oppgaver(besok, gruppe) or changed:
            planned.append(besok)
        else:
            uendret += 1
    Besoek.objects.bulk_create([b for b, _g in new])
    Besoeksoppgave.objects.bulk_create(
        [
            Besoeksoppgave(
                besok=b, tiltak_id=f.tiltak_id, tekst=f.tekst[:500], tidspunkt=f.tidspunkt
            )
            for b, g in new
            for f in {f.tiltak_id: f for f in g.oppgaver}.values()
        ]
    )
    planned.extend(b for b, _g in new)
    opprettet = len(new)
    for key, besok in existing.items():
        if key not in grupper:
            if _modifiable(besok, naa):
                removed.append(besok)
            else:
                uendret += 1
    if removed:
        audit_log_many(actor=actor, event=AuditEvent.BESOK_REMOVED, targets=removed)
        Besoek.objects.filter(pk__in=[b.pk for b in removed]).delete()
    if planned:
        audit_log_many(actor=actor, event=AuditEvent.BESOK_PLANNED, targets=planned)
    return Genereringsresultat(
        opprettet=opprettet,
        endret=len(planned) - opprettet,
        fjernet=len(removed),
        uendret=uendret,
    )


def hjemmetjeneste_enheter() -> list[uuid.UUID]:
    """The home-care districts that have visits planned: the active district units."""
    return list(
        Enhet.objects.filter(aktiv=True, type=EnhetType.HJEMMETJENESTE_SONE).values_list(
            "pk", flat=True
        )
    )


# --- on the visit ----------------------------------------------------------------------------


@transaction.atomic
def besoek_check_in(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besoek:
    """Record arrival: the visit is under way, done by the actor (given to them if it was
    nobody's). Audited (BESOK_CHECKED_IN)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status != BesoekStatus.PLANLAGT or besok.innsjekk_at is not None:
        raise ApplicationError(_("Besøket er allerede startet eller avsluttet."))
    besok.innsjekk_at = klokke.naa()
    besok.status = BesoekStatus.PAAGAAR
    besok.utfort_av = actor
    if besok.ansatt_id is None:
        besok.ansatt = actor
    besok.save(update_fields=["innsjekk_at", "status", "utfort_av", "ansatt", "updated_at"])
    besoek_audit(actor, AuditEvent.BESOK_CHECKED_IN, besok, forsinket=besok.varslet_at is not None)
    return besok


@transaction.atomic
def besoek_check_out(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besoek:
    """Record departure: the visit is done and its actual minutes (at least 1) are kept
    for payroll and invoicing. Audited (BESOK_CHECKED_OUT with the minutes)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status != BesoekStatus.PAAGAAR or besok.innsjekk_at is None:
        raise ApplicationError(_("Sjekk inn på besøket før du sjekker ut."))
    now = klokke.naa()
    besok.utsjekk_at = now
    besok.faktisk_min = max(1, round((now - besok.innsjekk_at).total_seconds() / 60))
    besok.status = BesoekStatus.UTFORT
    besok.save(update_fields=["utsjekk_at", "faktisk_min", "status", "updated_at"])
    besoek_audit(actor, AuditEvent.BESOK_CHECKED_OUT, besok, minutter=besok.faktisk_min)
    return besok


@transaction.atomic
def besoek_not_done(*, actor: Ansatt, besok_id: uuid.UUID | str, grunn: str) -> Besoek:
    """Record that a planned visit could not be done (nobody home, admitted …); a reason
    is required. Audited (BESOK_CHECKED_OUT with the reason)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    grunn = grunn_check(grunn, _("Skriv hvorfor besøket ikke ble utført."))
    if besok.status not in (BesoekStatus.PLANLAGT, BesoekStatus.PAAGAAR):
        raise ApplicationError(_("Besøket er allerede avsluttet."))
    besok.status = BesoekStatus.IKKE_UTFORT
    besok.ikke_utfort_grunn = grunn
    besok.utfort_av = actor
    besok.save(update_fields=["status", "ikke_utfort_grunn", "utfort_av", "updated_at"])
    besoek_audit(actor, AuditEvent.BESOK_CHECKED_OUT, besok, ikke_utfort=grunn)
    return besok


def grunn_check(grunn: str, missing: str) -> str:
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": [missing]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {"grunn": [_("Grunnen kan være høyst %(n)s tegn.") % {"n": MAX_GRUNN}]}
        )
    return grunn


@transaction.atomic
def besoek_notat_create(*, actor: Ansatt, besok_id: uuid.UUID | str, tekst: str) -> Journalnotat:
    """A short nursing note from the visit, written and signed in one step through the
    journal's note services (which check rights and audit)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": [_("Skriv notatet før du lagrer.")]})
    if len(tekst) > MAX_NOTAT:
        raise ValidationError(
            {"tekst": [_("Notatet kan være høyst %(n)s tegn.") % {"n": MAX_NOTAT}]}
        )
    notattype = notattyper_for_enhet(acting_enhet_id()).filter(kode=NOTATTYPE).first()
    if notattype is None:
        raise ApplicationError(_("Enheten kan ikke skrive sykepleienotat."))
    notat = journalnotat_create(
        actor=actor,
        pasient_id=besok.pasient_id,
        type_id=notattype.pk,
        tittel=_("Hjemmebesøk %(dato)s") % {"dato": f"{besok.dato:%d.%m.%Y}"},
        innhold={NOTAT_OVERSKRIFT: tekst},
    )
    return journalnotat_sign(actor=actor, notat_id=notat.pk, lasversjon=notat.lasversjon)


@transaction.atomic
def avvik_create(*, actor: Ansatt, besok_id: uuid.UUID | str, kategori: str, tekst: str) -> Avvik:
    """Report a deviation from a visit to the district leader. Audited (AVVIK_CREATED)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    tekst = tekst.strip()
    errors: dict[str, list[str]] = {}
    if kategori not in AvvikKategori.values:
        errors["kategori"] = [_("Velg en kategori.")]
    if not tekst:
        errors["tekst"] = [_("Beskriv hva som skjedde.")]
    if errors:
        raise ValidationError(errors)
    avvik = Avvik(
        pasient_id=besok.pasient_id,
        enhet_id=besok.enhet_id,
        besok=besok,
        kategori=kategori,
        tekst=tekst,
        meldt_av=actor,
    )
    avvik.full_clean()
    avvik.save()
    basis = access_basis(actor, besok.pasient_id)
    audit_log(
        actor=actor,
        event=AuditEvent.AVVIK_CREATED,
        target=avvik,
        pasient_id=besok.pasient_id,
        grunnlag=basis.kode,
        extra={"besok": str(besok.pk), "kategori": kategori},
    )
    return avvik


# --- master data: address points and shifts ---------------------------------------------------


@transaction.atomic
def adressepunkt_save(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID | str,
    adresse: str,
    lat: float,
    lon: float,
    nokkelinfo: str = "",
) -> Adressepunkt:
    """Save where the patient lives (coordinates) and the key-safe information for the
    acting district. Audited (ADRESSEPUNKT_SAVED, without the key information itself)."""
    actor_require(actor, Action.REGISTER_VISIT)
    enhet_id = acting_enhet_id()
    pasient = pasient_access(actor, pasient_id, action=Action.REGISTER_VISIT)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": [_("Koordinatene er ikke gyldige.")]})
    punkt = (
        Adressepunkt.objects.select_for_update().filter(pasient=pasient, enhet_id=enhet_id).first()
    )
    if punkt is None:
        punkt = Adressepunkt(pasient=pasient, enhet_id=enhet_id)
    punkt.adresse, punkt.lat, punkt.lon = adresse.strip()[:200], lat, lon
    punkt.nokkelinfo = nokkelinfo.strip()[:300]
    punkt.full_clean()
    punkt.save()
    audit_log(
        actor=actor,
        event=AuditEvent.ADRESSEPUNKT_SAVED,
        target=punkt,
        pasient_id=pasient.pk,
        extra={"har_nokkelinfo": bool(punkt.nokkelinfo)},
    )
    return punkt


# --- late and missed visits ------------------------------------------------------------------


@transaction.atomic
def besoek_flag_late(*, naa: dt.datetime | None = None, dager: int = 2) -> int:
    """Flag visits whose window has ended without a check-in (system task, every few
    minutes). Each visit is flagged once (compare-and-set on varslet_at). Looks back
    `dager` days. Audited (BESOK_MISSED per visit). Returns how many were flagged."""
    if not actor_can(None, Action.REGISTER_VISIT):
        raise NotFound
    naa = timezone.localtime(naa or klokke.naa())
    today = naa.date()
    due = (
        Besoek.objects.filter(
            status=BesoekStatus.PLANLAGT,
            innsjekk_at__isnull=True,
            varslet_at__isnull=True,
            dato__gte=today - dt.timedelta(days=dager),
        )
        .filter(Q(dato__lt=today) | Q(dato=today, til_tid__lt=naa.time()))
        .select_for_update(skip_locked=True)
    )
    besok = list(due)
    if not besok:
        return 0
    Besoek.objects.filter(pk__in=[b.pk for b in besok], varslet_at__isnull=True).update(
        varslet_at=naa
    )
    audit_log_many(actor=None, event=AuditEvent.BESOK_MISSED, targets=besok)
    return len(besok)


def besoek_generate_all(*, dager: int, naa: dt.datetime | None = None) -> dict[str, int]:
    """Generate every district's visits from today and `dager` days ahead (nightly)."""
    today = timezone.localtime(naa).date() if naa else klokke.idag()
    total = {"opprettet": 0, "endret": 0, "fjernet": 0}
    for enhet_id in hjemmetjeneste_enheter():
        result = besoek_generate(
            enhet_id=enhet_id, fra=today, til=today + dt.timedelta(days=dager), naa=naa
        )
        total["opprettet"] += result.opprettet
        total["endret"] += result.endret
        total["fjernet"] += result.fjernet
    return total
