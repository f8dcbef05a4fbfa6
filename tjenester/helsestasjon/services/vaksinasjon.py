"""Writes of vaccination: a dose given, the parents' refusal, a wrong entry marked.

Every dose given and every correction is published to the outbox as
`sysvak.vaksinasjon` (payload: the vaccination id and what happened); the SYSVAK
integration reports it to the national immunisation register."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt
from core.outbox import outbox_publish
from core.validators import validate_ren_tekst
from journal.access import access_scoped, actor_require, pasient_access
from journal.models import Pasient
from tjenester.helsestasjon.lib.program import (
    FOR_GAMMEL,
    FOR_KORT_INTERVALL,
    FOR_UNG,
    Dose,
    dose_check,
    previous_dose_date,
)
from tjenester.helsestasjon.models import (
    Foresatt,
    Injeksjonssted,
    Vaksinasjon,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.services.barn import innskrivning_active
from tjenester.helsestasjon.services.status import innskrivning_status_refresh

SYSVAK_HENDELSE = "sysvak.vaksinasjon"
BRUDD_TEKST = {
    FOR_UNG: gettext_lazy("Barnet er yngre enn minstealderen for denne dosen (%(dager)s dager)."),
    FOR_KORT_INTERVALL: gettext_lazy(
        "Det er kortere tid enn minsteintervallet (%(dager)s dager) siden forrige dose."
    ),
    FOR_GAMMEL: gettext_lazy(
        "Barnet er eldre enn høyeste alder for denne dosen (%(dager)s dager)."
    ),
}


def dose_spec(dose: Vaksinedose) -> Dose:
    return Dose(
        kode=dose.kode,
        vaksine=dose.vaksine,
        dose_nr=dose.dose_nr,
        alder_enhet=dose.alder_enhet,
        alder_verdi=dose.alder_verdi,
        minimumsalder_dager=dose.minimumsalder_dager,
        minsteintervall_dager=dose.minsteintervall_dager,
        maksalder_dager=dose.maksalder_dager,
    )


def given_doses(pasient_id: uuid.UUID) -> dict[tuple[str, int], dt.date]:
    """(vaccine, dose number) → date given, for the child's valid doses."""
    return {
        (vaksine, nr): timezone.localtime(tid).date()
        for vaksine, nr, tid in Vaksinasjon.objects.filter(
            pasient_id=pasient_id, status=VaksinasjonStatus.GITT
        ).values_list("vaksine", "dose_nr", "tidspunkt")
    }


def dose_warnings(pasient: Pasient, dose: Vaksinedose, dag: dt.date) -> list[str]:
    """The Norwegian warnings for giving `dose` on `dag` (empty when the rules are kept)."""
    spec = dose_spec(dose)
    forrige = previous_dose_date(spec, given_doses(pasient.pk))
    dager = {
        FOR_UNG: dose.minimumsalder_dager,
        FOR_KORT_INTERVALL: dose.minsteintervall_dager,
        FOR_GAMMEL: dose.maksalder_dager,
    }
    return [
        str(BRUDD_TEKST[b]) % {"dager": dager[b]}
        for b in dose_check(pasient.fodselsdato, spec, dag, forrige)
    ]


def _dose_get(vaksinedose_id: uuid.UUID | str) -> Vaksinedose:
    try:
        return Vaksinedose.objects.get(pk=uuid.UUID(str(vaksinedose_id)))
    except (Vaksinedose.DoesNotExist, ValueError) as exc:
        raise ValidationError({"vaksinedose": [_("Velg en dose i programmet.")]}) from exc


def _already_decided(pasient: Pasient, dose: Vaksinedose) -> None:
    if Vaksinasjon.objects.filter(
        pasient=pasient, vaksine=dose.vaksine, dose_nr=dose.dose_nr, status=VaksinasjonStatus.GITT
    ).exists():
        raise ApplicationError(_("Denne dosen er allerede gitt."))


@transaction.atomic
def vaksinasjon_give(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    vaksinedose_id: uuid.UUID | str,
    preparat: str,
    batch: str,
    sted: str,
    tidspunkt: dt.datetime | None = None,
    avvik_begrunnelse: str = "",
) -> Vaksinasjon:
    """Register a dose given to a child enrolled here: product, batch (required), site,
    the giver (the actor) and the time. Below the minimum age or inside the minimum
    interval (or past the highest age) the dose is refused with a warning unless a reason
    is given. Audited (VAKSINASJON_GIVEN); published as `sysvak.vaksinasjon`."""
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    pasient = pasient_access(actor, pasient_id, action=Action.ADMINISTER_MEDICATION)
    innskrivning = innskrivning_active(actor, pasient.pk)
    dose = _dose_get(vaksinedose_id)
    errors: dict[str, list[str]] = {}
    if not preparat.strip():
        errors["preparat"] = [_("Skriv hvilket preparat som ble gitt.")]
    if not batch.strip():
        errors["batch"] = [_("Batchnummer må fylles ut.")]
    if sted not in Injeksjonssted.values:
        errors["sted"] = [_("Velg hvor vaksinen ble gitt.")]
    tid = tidspunkt or naa()
    if timezone.is_naive(tid):
        tid = timezone.make_aware(tid)
    dag = timezone.localtime(tid).date()
    if tid > naa():
        errors["tidspunkt"] = [_("Tidspunktet kan ikke være fram i tid.")]
    elif dag < pasient.fodselsdato:
        errors["tidspunkt"] = [_("Tidspunktet kan ikke være før barnet ble født.")]
    if errors:
        raise ValidationError(errors)
    for tekst in (preparat, batch, avvik_begrunnelse):
        validate_ren_tekst(tekst)
    _already_decided(pasient, dose)
    advarsler = dose_warnings(pasient, dose, dag)
    if advarsler and not avvik_begrunnelse.strip():
        raise ValidationError(
            {
                "avvik_begrunnelse": [
                    " ".join(advarsler) + " " + _("Skriv en begrunnelse for å gi dosen likevel.")
                ]
            }
        )
    vaksinasjon = Vaksinasjon(
        pasient=pasient,
        enhet_id=innskrivning.enhet_id,
        vaksinedose=dose,
        vaksine=dose.vaksine,
        dose_nr=dose.dose_nr,
        status=VaksinasjonStatus.GITT,
        tidspunkt=tid,
        preparat=preparat.strip(),
        batch=batch.strip(),
        sted=sted,
        avvik_begrunnelse=avvik_begrunnelse.strip() if advarsler else "",
        registrert_av=actor,
    )
    vaksinasjon.full_clean()
    vaksinasjon.save()
    innskrivning_status_refresh([pasient.pk])
    audit_log(
        actor=actor,
        event=AuditEvent.VAKSINASJON_GIVEN,
        target=vaksinasjon,
        pasient_id=pasient.pk,
        extra={"dose": dose.kode, "avvik": bool(advarsler)},
    )
    outbox_publish(
        hendelse=SYSVAK_HENDELSE,
        payload={"vaksinasjon_id": str(vaksinasjon.pk), "handling": "gitt"},
        pasient_id=pasient.pk,
    )
    return vaksinasjon


@transaction.atomic
def vaksinasjon_refuse(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    vaksinedose_id: uuid.UUID | str,
    foresatt_id: uuid.UUID | str,
    begrunnelse: str = "",
) -> Vaksinasjon:
    """Record the parents' decision not to have a dose given (named parent with parental
    responsibility). The dose then shows as refused, not overdue. Audited
    (VAKSINASJON_REFUSED)."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    innskrivning = innskrivning_active(actor, pasient.pk)
    dose = _dose_get(vaksinedose_id)
    try:
        foresatt = Foresatt.objects.get(pk=uuid.UUID(str(foresatt_id)), pasient=pasient)
    except (Foresatt.DoesNotExist, ValueError) as exc:
        raise ValidationError({"foresatt": [_("Velg hvem som har bestemt.")]}) from exc
    if foresatt.foreldreansvar == "ingen":
        raise ValidationError(
            {"foresatt": [_("Bare en med foreldreansvar kan reservere barnet mot vaksine.")]}
        )
    validate_ren_tekst(begrunnelse)
    _already_decided(pasient, dose)
    if Vaksinasjon.objects.filter(
        pasient=pasient, vaksinedose=dose, status=VaksinasjonStatus.RESERVERT
    ).exists():
        raise ApplicationError(_("Reservasjonen er allerede registrert."))
    vaksinasjon = Vaksinasjon(
        pasient=pasient,
        enhet_id=innskrivning.enhet_id,
        vaksinedose=dose,
        vaksine=dose.vaksine,
        dose_nr=dose.dose_nr,
        status=VaksinasjonStatus.RESERVERT,
        tidspunkt=naa(),
        reservasjon_foresatt=f"{foresatt.navn} ({foresatt.relasjon})"[:200],
        reservasjon_begrunnelse=begrunnelse.strip(),
        registrert_av=actor,
    )
    vaksinasjon.full_clean()
    vaksinasjon.save()
    innskrivning_status_refresh([pasient.pk])
    audit_log(
        actor=actor,
        event=AuditEvent.VAKSINASJON_REFUSED,
        target=vaksinasjon,
        pasient_id=pasient.pk,
        extra={"dose": dose.kode},
    )
    return vaksinasjon


@transaction.atomic
def vaksinasjon_invalidate(
    *, actor: Ansatt, vaksinasjon_id: uuid.UUID | str, grunn: str
) -> Vaksinasjon:
    """Mark a wrong entry as feilregistrert (never deleted); a given dose's correction is
    published to SYSVAK. Audited (VAKSINASJON_INVALIDATED)."""
    actor_require(actor, Action.CORRECT)
    vaksinasjon = access_scoped(
        actor,
        Vaksinasjon.objects.select_for_update(),
        vaksinasjon_id,
        action=Action.CORRECT,
    )
    if vaksinasjon.status == VaksinasjonStatus.FEILREGISTRERT:
        raise ApplicationError(_("Vaksinasjonen er allerede feilregistrert."))
    if not grunn.strip():
        raise ValidationError({"grunn": [_("Skriv hvorfor registreringen er feil.")]})
    validate_ren_tekst(grunn)
    var_gitt = vaksinasjon.status == VaksinasjonStatus.GITT
    vaksinasjon.status = VaksinasjonStatus.FEILREGISTRERT
    vaksinasjon.feilregistrert_grunn = grunn.strip()
    vaksinasjon.full_clean()
    vaksinasjon.save(update_fields=["status", "feilregistrert_grunn", "updated_at"])
    innskrivning_status_refresh([vaksinasjon.pasient_id])
    audit_log(
        actor=actor,
        event=AuditEvent.VAKSINASJON_INVALIDATED,
        target=vaksinasjon,
        pasient_id=vaksinasjon.pasient_id,
    )
    if var_gitt:
        outbox_publish(
            hendelse=SYSVAK_HENDELSE,
            payload={"vaksinasjon_id": str(vaksinasjon.pk), "handling": "feilregistrert"},
            pasient_id=vaksinasjon.pasient_id,
        )
    return vaksinasjon
