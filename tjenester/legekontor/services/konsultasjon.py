"""Writes for the consultation: open (from the waiting room or as an emergency contact),
reason for contact and time spent, ICPC-2 diagnoses, fee lines under the tariff's rules,
signing with the GP's note (journal services), and the patient's payment."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt
from core.validators import validate_ren_tekst
from journal.access import access_scoped, actor_can, actor_require
from journal.models import (
    Behandlingsrelasjon,
    Diagnose,
    DiagnoseStatus,
    Kode,
    Kodeverk,
    Notattype,
    Pasient,
    RelasjonGrunnlag,
)
from journal.services.kritisk import diagnose_create
from journal.services.notat import journalnotat_create, journalnotat_sign
from journal.services.tilgang import relasjon_insert
from tjenester.legekontor.lib import takst as regler
from tjenester.legekontor.models import (
    Betaling,
    Konsultasjon,
    KonsultasjonStatus,
    Takst,
    Takstlinje,
    Timeavtale,
    TimeStatus,
)
from tjenester.legekontor.seeds import takstregel
from tjenester.legekontor.services.felles import kontor_for

NOTATTYPE = "legenotat"
# Foreign keys the services have just loaded (or locked): full_clean need not look them up
# again (the database enforces them all the same).
LOADED_FKS = ["pasient", "enhet", "lege", "notat", "timeavtale"]
MAX_AARSAK = 300


def _sikre_relasjon(actor: Ansatt | None, pasient_id: uuid.UUID, enhet_id: uuid.UUID) -> None:
    """A patient seen at the office without being on its lists gets a relationship for the
    contact (manual, with the reason), so the GP may write the note."""
    if (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=pasient_id, enhet_id=enhet_id)
        .exists()
    ):
        return
    relasjon_insert(
        actor=actor,
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        grunnlag=RelasjonGrunnlag.MANUELL,
        begrunnelse=_("Konsultasjon på legekontoret"),
    )


def _ny_konsultasjon(
    actor: Ansatt, pasient_id: uuid.UUID, enhet_id: uuid.UUID, **fields: Any
) -> Konsultasjon:
    _sikre_relasjon(actor, pasient_id, enhet_id)
    notattype = Notattype.objects.filter(kode=NOTATTYPE, aktiv=True).first()
    if notattype is None:
        raise ApplicationError(_("Notattypen Legenotat mangler."))
    notat = journalnotat_create(actor=actor, pasient_id=pasient_id, type_id=notattype.pk)
    start = fields.pop("start", None) or naa()
    pasient = Pasient.objects.only("fodselsdato").get(pk=pasient_id)
    konsultasjon = Konsultasjon(
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        lege=actor,
        notat=notat,
        start=start,
        # a child under 16 pays nothing from the start (frikort and others come later)
        egenandel_fritak=regler.fritak_for(
            fodselsdato=pasient.fodselsdato, dato=timezone.localtime(start).date()
        ),
        **fields,
    )
    konsultasjon.full_clean(exclude=LOADED_FKS)  # keys loaded above
    konsultasjon.save()
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_OPENED,
        target=konsultasjon,
        pasient_id=pasient_id,
        extra={"akutt": konsultasjon.akutt},
    )
    return konsultasjon


@transaction.atomic
def konsultasjon_open(*, actor: Ansatt, timeavtale_id: uuid.UUID | str) -> Konsultasjon:
    """Open the consultation of an arrived appointment (from the waiting room)."""
    actor_require(actor, Action.WRITE_NOTE)
    kontor = kontor_for(actor)
    try:
        time = Timeavtale.objects.select_for_update().filter(pk=timeavtale_id, enhet=kontor).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if time is None:
        raise NotFound
    eksisterende = Konsultasjon.objects.filter(timeavtale=time).first()
    if eksisterende is not None:
        return eksisterende
    if time.status not in (TimeStatus.ANKOMMET, TimeStatus.BOOKET):
        raise ApplicationError(_("Timen er %(s)s.") % {"s": time.get_status_display().lower()})
    konsultasjon = _ny_konsultasjon(
        actor,
        time.pasient_id,
        kontor.pk,
        timeavtale=time,
        # an appointment seen late (or the demo's history) is dated when it was
        start=min(time.start, naa()),
        akutt=time.type == "akutt",
        kontaktaarsak=time.aarsak,
    )
    time.status = TimeStatus.PAAGAAR
    time.save(update_fields=["status", "updated_at"])
    return konsultasjon


@transaction.atomic
def konsultasjon_emergency_open(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, kontaktaarsak: str = ""
) -> Konsultasjon:
    """An emergency contact without an appointment (øyeblikkelig hjelp)."""
    actor_require(actor, Action.WRITE_NOTE)
    kontor = kontor_for(actor)
    try:
        pasient = Pasient.objects.only("id").filter(pk=pasient_id).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if pasient is None:
        raise NotFound
    return _ny_konsultasjon(
        actor, pasient.pk, kontor.pk, akutt=True, kontaktaarsak=_aarsak(kontaktaarsak)
    )


def _aarsak(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_AARSAK:
        raise ValidationError({"kontaktaarsak": [_("Høyst %(n)d tegn.") % {"n": MAX_AARSAK}]})
    try:
        validate_ren_tekst(value)
    except ValidationError as exc:
        raise ValidationError({"kontaktaarsak": exc.messages}) from exc
    return value


def _aapen(
    actor: Ansatt, konsultasjon_id: uuid.UUID | str, *, action: Action = Action.WRITE_NOTE
) -> Konsultasjon:
    actor_require(actor, action)
    queryset: QuerySet[Konsultasjon] = Konsultasjon.objects.select_for_update(of=("self",)).filter(
        enhet_id=kontor_for(actor).pk
    )
    konsultasjon = access_scoped(actor, queryset, konsultasjon_id, action=action)
    if konsultasjon.status != KonsultasjonStatus.AAPEN:
        raise ApplicationError(_("Konsultasjonen er signert og kan ikke endres."))
    if konsultasjon.lege_id != actor.pk:
        raise ApplicationError(_("Bare legen som har konsultasjonen kan endre den."))
    return konsultasjon


@transaction.atomic
def konsultasjon_update(
    *,
    actor: Ansatt,
    konsultasjon_id: uuid.UUID | str,
    kontaktaarsak: str,
    tidsbruk_min: int | None = None,
    frikort: bool = False,
    fritak: str = "",
) -> Konsultasjon:
    """Reason for contact, time spent and the exemption from the patient's share."""
    konsultasjon = _aapen(actor, konsultasjon_id)
    if tidsbruk_min is not None and not 1 <= tidsbruk_min <= 600:
        raise ValidationError({"tidsbruk_min": [_("Tidsbruk må være mellom 1 og 600 minutter.")]})
    if fritak and fritak not in regler.FRITAK_KODER:
        raise ValidationError({"fritak": [_("Velg et gyldig fritak.")]})
    konsultasjon.kontaktaarsak = _aarsak(kontaktaarsak)
    konsultasjon.tidsbruk_min = tidsbruk_min
    pasient = Pasient.objects.only("fodselsdato").get(pk=konsultasjon.pasient_id)
    konsultasjon.egenandel_fritak = regler.fritak_for(
        fodselsdato=pasient.fodselsdato,
        dato=timezone.localtime(konsultasjon.start).date(),
        frikort=frikort,
        fritak=fritak,
    )
    konsultasjon.full_clean(exclude=LOADED_FKS)
    konsultasjon.save(
        update_fields=["kontaktaarsak", "tidsbruk_min", "egenandel_fritak", "updated_at"]
    )
    _belop_refresh(konsultasjon)
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_SAVED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"fritak": konsultasjon.egenandel_fritak, "tidsbruk_min": tidsbruk_min},
    )
    return konsultasjon


@transaction.atomic
def konsultasjon_diagnose_add(
    *, actor: Ansatt, konsultasjon_id: uuid.UUID | str, kode: str
) -> Diagnose:
    """Add an ICPC-2 diagnosis (the patient's active one with that code, or a new one in the
    journal's problem list) to the consultation."""
    konsultasjon = _aapen(actor, konsultasjon_id)
    kode = kode.strip().upper()
    kode_obj = Kode.objects.filter(kodeverk=Kodeverk.ICPC2, kode=kode, aktiv=True).first()
    if kode_obj is None:
        raise ValidationError({"kode": [_("Ukjent ICPC-2-kode: %(k)s.") % {"k": kode[:16]}]})
    diagnose = Diagnose.objects.filter(
        pasient_id=konsultasjon.pasient_id, kode=kode_obj, status=DiagnoseStatus.AKTIV
    ).first()
    if diagnose is None:
        diagnose = diagnose_create(
            actor=actor, pasient_id=konsultasjon.pasient_id, kode_id=kode_obj.pk
        )
    konsultasjon.diagnoser.add(diagnose)
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_SAVED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"diagnose": kode},
    )
    return diagnose


def _regel_for(kode: str, dato: Any) -> Takst:
    kandidater = list(Takst.objects.filter(kode=kode))
    regel = regler.gjeldende([takstregel(t) for t in kandidater], kode, dato)
    if regel is None:
        raise ValidationError(
            {
                "kode": [
                    _("Takst %(k)s finnes ikke eller gjelder ikke på datoen.") % {"k": kode[:16]}
                ]
            }
        )
    return next(t for t in kandidater if t.gyldig_fra == regel.gyldig_fra)


@transaction.atomic
def takstlinje_add(*, actor: Ansatt, konsultasjon_id: uuid.UUID | str, kode: str) -> Takstlinje:
    """Add a fee code valid on the consultation's date, under the tariff's combination and
    time rules; the amounts are those of the day (with the patient's exemption)."""
    konsultasjon = _aapen(actor, konsultasjon_id)
    dato = timezone.localtime(konsultasjon.start).date()
    takst = _regel_for(kode.strip(), dato)
    ny = takstregel(takst)
    eksisterende = [
        takstregel(linje.takst) for linje in konsultasjon.takstlinjer.select_related("takst")
    ]
    feil = regler.kombinasjon_feil(ny, eksisterende) or regler.tid_feil(
        ny, konsultasjon.tidsbruk_min
    )
    if feil:
        raise ValidationError({"kode": [feil]})
    antall = regler.antall_for_tid(ny, konsultasjon.tidsbruk_min)
    honorar, refusjon, egenandel = regler.linje_beloep(
        regler.Linje(ny, antall), fritak=konsultasjon.egenandel_fritak
    )
    linje = Takstlinje(
        konsultasjon=konsultasjon,
        takst=takst,
        kode=takst.kode,
        antall=antall,
        honorar=honorar,
        refusjon=refusjon,
        egenandel=egenandel,
    )
    linje.full_clean(exclude=["konsultasjon", "takst"])  # loaded above
    linje.save()
    _belop_refresh(konsultasjon)
    audit_log(
        actor=actor,
        event=AuditEvent.TAKST_ADDED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"kode": takst.kode, "antall": antall},
    )
    return linje


@transaction.atomic
def takstlinje_remove(*, actor: Ansatt, takstlinje_id: uuid.UUID | str) -> None:
    try:
        linje = Takstlinje.objects.filter(pk=takstlinje_id).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if linje is None:
        raise NotFound
    konsultasjon = _aapen(actor, linje.konsultasjon_id)
    linje.delete()
    _belop_refresh(konsultasjon)
    audit_log(
        actor=actor,
        event=AuditEvent.TAKST_REMOVED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"kode": linje.kode},
    )


def _belop_refresh(konsultasjon: Konsultasjon) -> None:
    """Recompute the lines' amounts under the exemption and the contact's share."""
    linjer = list(konsultasjon.takstlinjer.select_related("takst"))
    total = Decimal(0)
    kjent = True
    for linje in linjer:
        regel = takstregel(linje.takst)
        honorar, refusjon, egenandel = regler.linje_beloep(
            regler.Linje(regel, linje.antall), fritak=konsultasjon.egenandel_fritak
        )
        if (linje.honorar, linje.refusjon, linje.egenandel) != (honorar, refusjon, egenandel):
            linje.honorar, linje.refusjon, linje.egenandel = honorar, refusjon, egenandel
            linje.save(update_fields=["honorar", "refusjon", "egenandel", "updated_at"])
        if egenandel is None:
            kjent = False
        else:
            total += egenandel
    konsultasjon.egenandel = total if kjent and linjer else (Decimal(0) if not linjer else None)
    konsultasjon.save(update_fields=["egenandel", "updated_at"])


@transaction.atomic
def konsultasjon_sign(
    *,
    actor: Ansatt,
    konsultasjon_id: uuid.UUID | str,
    innhold: Mapping[str, Any],
    lasversjon: int | None = None,
) -> Konsultasjon:
    """Sign the GP's note and close the consultation. Needs at least one ICPC-2 diagnosis
    (a claim cannot go without); fee rules are checked once more as a whole."""
    konsultasjon = _aapen(actor, konsultasjon_id, action=Action.SIGN)
    if not konsultasjon.diagnoser.exists():
        raise ValidationError({"diagnose": [_("Sett minst én ICPC-2-diagnose før du signerer.")]})
    regelsett = [
        takstregel(linje.takst) for linje in konsultasjon.takstlinjer.select_related("takst")
    ]
    feil = regler.krever_feil(regelsett)
    if feil:
        raise ValidationError({"kode": feil})
    if konsultasjon.notat is None:
        raise ApplicationError(_("Konsultasjonen mangler notat."))
    notat = konsultasjon.notat
    journalnotat_sign(
        actor=actor,
        notat_id=notat.pk,
        lasversjon=notat.lasversjon if lasversjon is None else lasversjon,
        innhold=innhold,
        pasient_id=konsultasjon.pasient_id,
    )
    konsultasjon.status = KonsultasjonStatus.SIGNERT
    konsultasjon.signert_at = naa()
    if konsultasjon.egenandel == 0 and konsultasjon.betaling == Betaling.IKKE_BETALT:
        konsultasjon.betaling = Betaling.INGEN
    konsultasjon.save(update_fields=["status", "signert_at", "betaling", "updated_at"])
    if konsultasjon.timeavtale_id:
        Timeavtale.objects.filter(pk=konsultasjon.timeavtale_id).update(
            status=TimeStatus.FERDIG, updated_at=naa()
        )
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_SIGNED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"takster": [r.kode for r in regelsett]},
    )
    return konsultasjon


@transaction.atomic
def betaling_register(
    *, actor: Ansatt, konsultasjon_id: uuid.UUID | str, betaling: str
) -> Konsultasjon:
    """Register the patient's payment of the share: at the desk or by invoice."""
    if not (actor_can(actor, Action.BOOK_TIME) or actor_can(actor, Action.WRITE_NOTE)):
        actor_require(actor, Action.BOOK_TIME)
    if betaling not in (Betaling.SKRANKE, Betaling.FAKTURA):
        raise ValidationError({"betaling": [_("Velg betalt i skranken eller faktura.")]})
    kontor = kontor_for(actor)
    try:
        konsultasjon = (
            Konsultasjon.objects.select_for_update()
            .filter(pk=konsultasjon_id, enhet=kontor)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if konsultasjon is None:
        raise NotFound
    if konsultasjon.betaling not in (Betaling.IKKE_BETALT,):
        raise ApplicationError(_("Betalingen er allerede registrert."))
    if not konsultasjon.egenandel:
        raise ApplicationError(_("Pasienten har ingen egenandel å betale."))
    konsultasjon.betaling = betaling
    konsultasjon.betalt_at = naa()
    konsultasjon.save(update_fields=["betaling", "betalt_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.BETALING_REGISTERED,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
        extra={"betaling": betaling, "egenandel": str(konsultasjon.egenandel)},
    )
    return konsultasjon
