"""Writes of the administration round: signing a dose (given, another dose, not given),
the second signature, corrections, PRN doses and their effect, and the missed-dose flags
(unsigned doses found by the sweep, a dispenser's missed-dose events) and closing them.

Immutability and double signing are enforced by PostgreSQL (migration 0003_utdeling);
these services give the Norwegian message before the database would refuse."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_require
from legemidler.lib.dosering import (
    BEHOV,
    OSLO,
    behov_check,
    dose_format,
    dose_validate,
    forfall_expand,
)
from legemidler.lib.utdeling import er_forsinket, er_glemt
from legemidler.models import (
    Administrasjon,
    AdministrasjonKilde,
    AdministrasjonStatus,
    Dosevarsel,
    DosevarselKilde,
    Effektvurdering,
    Forordning,
    ForordningStatus,
    IkkeGittGrunn,
)
from legemidler.selectors.utdeling import (
    acting_unit,
    dobbel_kreves,
    oppsett_get,
    ordrer_i_vindu_q,
)

MAX_MERKNAD = 500
MAX_TILTAK = 1000
# How far ahead of its due time a dose may be signed (the round starts before the dose).
TIDLIGST_FOER_FORFALL = dt.timedelta(hours=3)
# How far back the sweep looks for unsigned doses.
SVEIP_TILBAKE = dt.timedelta(hours=24)


def _navn(ansatt: Ansatt) -> str:
    return ansatt.get_full_name() or ansatt.username


def _klokke(moment: dt.datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m. kl. %H:%M")


def _forordning_get(actor: Ansatt, forordning_id: uuid.UUID | str) -> Forordning:
    """The order, when the person may give medication to its patient; else NotFound."""
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    acting_unit()
    return access_scoped(
        actor,
        Forordning.objects.select_related("legemiddel", "pasient"),
        forordning_id,
        action=Action.ADMINISTER_MEDICATION,
    )


def _values(a: Administrasjon) -> dict[str, Any]:
    return {
        "forordning": str(a.forordning_id),
        "forfall": a.forfall_at.isoformat() if a.forfall_at else None,
        "status": a.status,
        "grunn": a.grunn,
        "dose": dose_format(a.dose) if a.dose is not None else None,
        "dose_enhet": a.dose_enhet,
        "gitt_at": a.gitt_at.isoformat(),
        "forsinket": a.forsinket,
        "krever_dobbel": a.krever_dobbel,
        "kilde": a.kilde,
    }


def _status_fields(
    forordning: Forordning,
    *,
    status: str,
    planlagt: Decimal | None,
    dose: Decimal | None,
    grunn: str,
) -> tuple[Decimal | None, str]:
    """Validate status, dose and reason together; returns (dose given, reason)."""
    if status not in AdministrasjonStatus.values:
        raise ValidationError({"status": [_("Velg gitt, gitt med annen dose eller ikke gitt.")]})
    if status == AdministrasjonStatus.IKKE_GITT:
        if grunn not in IkkeGittGrunn.values:
            raise ValidationError({"grunn": [_("Velg hvorfor dosen ikke ble gitt.")]})
        return None, grunn
    if status == AdministrasjonStatus.GITT:
        if planlagt is None:
            raise ValidationError({"dose": [_("Skriv dosen som ble gitt.")]})
        return planlagt, ""
    if dose is None:
        raise ValidationError({"dose": [_("Skriv dosen som ble gitt.")]})
    dose_validate(dose, forordning.dose_enhet)
    if planlagt is not None and dose == planlagt:
        raise ValidationError(
            {"dose": [_("Dosen er den forordnede. Velg «Gitt» i stedet for «annen dose».")]}
        )
    return dose, ""


def _save(a: Administrasjon, duplikat: Callable[[], str]) -> Administrasjon:
    """Insert in a savepoint; a unique violation becomes the Norwegian `duplikat()`, read
    after the other transaction committed (it names who signed and when)."""
    a.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            a.save(force_insert=True)
    except IntegrityError as exc:
        raise ApplicationError(duplikat()) from exc
    # krever_dobbel is decided by the database trigger: read what it decided.
    a.krever_dobbel = Administrasjon.objects.values_list("krever_dobbel", flat=True).get(pk=a.pk)
    return a


def _allerede_signert(forordning: Forordning, forfall: dt.datetime) -> str:
    forrige = (
        Administrasjon.objects.filter(
            forordning=forordning, forfall_at=forfall, korrigerer__isnull=True
        )
        .select_related("signert_av")
        .first()
    )
    if forrige is None:  # pragma: no cover - the unique constraint named it
        return _("Dosen ble nettopp signert av en annen. Last siden på nytt.")
    return _("Dosen er allerede signert av %(navn)s %(tid)s (%(status)s).") % {
        "navn": _navn(forrige.signert_av),
        "tid": _klokke(forrige.signert_at),
        "status": forrige.get_status_display().lower(),
    }


@transaction.atomic
def dose_sign(
    *,
    actor: Ansatt,
    forordning_id: uuid.UUID | str,
    forfall_at: dt.datetime,
    status: str,
    dose: Decimal | None = None,
    grunn: str = "",
    merknad: str = "",
    gitt_at: dt.datetime | None = None,
    kilde: str = AdministrasjonKilde.RUNDE,
    besoek_id: uuid.UUID | None = None,
) -> Administrasjon:
    """Sign one due dose of an order: given, given with another dose (`dose`), or not given
    with a reason (`grunn`, IkkeGittGrunn). A dose signed later than the unit's limit after
    it was due is marked given late. A group A/B drug (or one the unit marks) waits for a
    second signature (`dose_cosign`).

    Needs ADMINISTER_MEDICATION and access to the patient (NotFound alike for missing and
    other units' patients). A dose already signed is refused with who signed it and when;
    two nurses at the same moment: the unique constraint lets exactly one through.
    Audited ADMINISTRASJON_SIGNED."""
    forordning = _forordning_get(actor, forordning_id)
    now = naa()
    gitt_at = gitt_at or now
    if forordning.doseringstype == BEHOV:
        raise ApplicationError(_("Behovsdoser gis med «Gi ved behov», ikke fra runden."))
    if gitt_at > now + dt.timedelta(minutes=1):
        raise ValidationError({"gitt_at": [_("Tidspunktet kan ikke være frem i tid.")]})
    if forfall_at > now + TIDLIGST_FOER_FORFALL:
        raise ApplicationError(_("Dosen er ikke forfalt ennå og kan ikke signeres nå."))
    forfall = forfall_expand(
        forordning.plan,
        start=forordning.start,
        fra=forfall_at,
        til=forfall_at + dt.timedelta(seconds=1),
        sluttdato=forordning.sluttdato,
        stoppet=forordning.seponert_at,
    )
    if not forfall:
        raise ApplicationError(_("Forordningen har ingen dose til dette tidspunktet."))
    planlagt = forfall[0].dose
    dose_gitt, grunn = _status_fields(
        forordning, status=status, planlagt=planlagt, dose=dose, grunn=grunn
    )
    merknad = merknad.strip()
    if len(merknad) > MAX_MERKNAD:
        raise ValidationError(
            {"merknad": [_("Merknaden kan være høyst %(n)d tegn.") % {"n": MAX_MERKNAD}]}
        )
    oppsett = oppsett_get(acting_unit())
    a = Administrasjon(
        pasient_id=forordning.pasient_id,
        enhet_id=oppsett.enhet_id,
        forordning=forordning,
        forfall_at=forfall[0].tidspunkt,
        planlagt_dose=planlagt,
        status=status,
        grunn=grunn,
        dose=dose_gitt,
        dose_enhet=forordning.dose_enhet,
        gitt_at=gitt_at,
        forsinket=status != AdministrasjonStatus.IKKE_GITT
        and er_forsinket(forfall[0].tidspunkt, gitt_at, oppsett.varsel_etter_min),
        merknad=merknad,
        kilde=kilde,
        besoek_id=besoek_id,
        signert_av=actor,
        signert_at=now,
        krever_dobbel=dobbel_kreves(forordning, oppsett),
    )
    a = _save(a, lambda: _allerede_signert(forordning, forfall[0].tidspunkt))
    audit_log(
        actor=actor,
        event=AuditEvent.ADMINISTRASJON_SIGNED,
        target=a,
        pasient_id=a.pasient_id,
        extra=_values(a),
    )
    return a


def _administrasjon_get(
    actor: Ansatt, administrasjon_id: uuid.UUID | str, *, for_update: bool = False
) -> Administrasjon:
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    acting_unit()
    qs = Administrasjon.objects.select_related(
        "forordning__legemiddel", "forordning__pasient", "signert_av", "kontrollert_av"
    )
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return access_scoped(actor, qs, administrasjon_id, action=Action.ADMINISTER_MEDICATION)


@transaction.atomic
def dose_cosign(*, actor: Ansatt, administrasjon_id: uuid.UUID | str) -> Administrasjon:
    """The second signature of a dose that needs double signing: a different person than
    the one who gave it, once. Refused in Norwegian for the same person, a dose already
    checked, or one that needs no check; the database refuses the same (CHECK and
    trigger). Audited ADMINISTRASJON_COSIGNED."""
    a = _administrasjon_get(actor, administrasjon_id, for_update=True)
    if hasattr(a, "korrigert_av"):
        raise ApplicationError(_("Dosen er korrigert; kontroller den nye registreringen."))
    if not a.krever_dobbel or a.status == AdministrasjonStatus.IKKE_GITT:
        raise ApplicationError(_("Denne dosen krever ikke dobbeltkontroll."))
    if a.kontrollert_av is not None:
        raise ApplicationError(
            _("Dosen er allerede kontrollert av %(navn)s %(tid)s.")
            % {"navn": _navn(a.kontrollert_av), "tid": _klokke(a.kontrollert_at or a.gitt_at)}
        )
    if a.signert_av_id == actor.pk:
        raise ApplicationError(_("Andre signatur må gis av en annen person enn den som ga dosen."))
    a.kontrollert_av, a.kontrollert_at = actor, naa()
    try:
        with transaction.atomic():
            a.save(update_fields=["kontrollert_av", "kontrollert_at", "updated_at"])
    except IntegrityError as exc:  # pragma: no cover - guarded above
        raise ApplicationError(
            _("Andre signatur må gis av en annen person enn den som ga dosen.")
        ) from exc
    audit_log(
        actor=actor,
        event=AuditEvent.ADMINISTRASJON_COSIGNED,
        target=a,
        pasient_id=a.pasient_id,
        extra={"signert_av": str(a.signert_av_id), **_values(a)},
    )
    return a


@transaction.atomic
def administrasjon_correct(
    *,
    actor: Ansatt,
    administrasjon_id: uuid.UUID | str,
    status: str,
    korreksjonsgrunn: str,
    dose: Decimal | None = None,
    grunn: str = "",
    merknad: str = "",
) -> Administrasjon:
    """Correct a signed administration: a new row with the right values and the reason,
    pointing at the one it corrects (which stays as it was). One correction per row; a
    correction may itself be corrected. Audited ADMINISTRASJON_CORRECTED with both."""
    gammel = _administrasjon_get(actor, administrasjon_id, for_update=True)
    korreksjonsgrunn = korreksjonsgrunn.strip()
    if not korreksjonsgrunn:
        raise ValidationError({"korreksjonsgrunn": [_("Skriv hvorfor registreringen rettes.")]})
    if len(korreksjonsgrunn) > MAX_MERKNAD:
        raise ValidationError(
            {"korreksjonsgrunn": [_("Grunnen kan være høyst %(n)d tegn.") % {"n": MAX_MERKNAD}]}
        )
    forordning = gammel.forordning
    if gammel.forfall_at is None and status == AdministrasjonStatus.IKKE_GITT:
        raise ValidationError({"status": [_("En behovsdose rettes med riktig dose.")]})
    planlagt = gammel.planlagt_dose if gammel.forfall_at else (dose or gammel.dose)
    dose_gitt, grunn = _status_fields(
        forordning, status=status, planlagt=planlagt, dose=dose, grunn=grunn
    )
    ny = Administrasjon(
        pasient_id=gammel.pasient_id,
        enhet_id=gammel.enhet_id,
        forordning=forordning,
        forfall_at=gammel.forfall_at,
        planlagt_dose=gammel.planlagt_dose,
        status=status,
        grunn=grunn,
        dose=dose_gitt,
        dose_enhet=gammel.dose_enhet,
        gitt_at=gammel.gitt_at,
        forsinket=gammel.forsinket and status != AdministrasjonStatus.IKKE_GITT,
        merknad=merknad.strip()[:MAX_MERKNAD],
        behov_grunn=gammel.behov_grunn,
        effekt_forfall_at=gammel.effekt_forfall_at,
        kilde=gammel.kilde,
        besoek_id=gammel.besoek_id,
        signert_av=actor,
        signert_at=naa(),
        krever_dobbel=gammel.krever_dobbel,
        korrigerer=gammel,
        korreksjonsgrunn=korreksjonsgrunn,
    )
    ny = _save(ny, lambda: _("Registreringen er allerede rettet. Last siden på nytt."))
    audit_log(
        actor=actor,
        event=AuditEvent.ADMINISTRASJON_CORRECTED,
        target=ny,
        pasient_id=ny.pasient_id,
        begrunnelse=korreksjonsgrunn,
        extra={**_values(ny), "korrigerer": str(gammel.pk), "forrige": _values(gammel)},
    )
    return ny


@transaction.atomic
def behov_give(
    *,
    actor: Ansatt,
    forordning_id: uuid.UUID | str,
    behov_grunn: str,
    dose: Decimal | None = None,
    gitt_at: dt.datetime | None = None,
    merknad: str = "",
    kilde: str = AdministrasjonKilde.RUNDE,
    besoek_id: uuid.UUID | None = None,
) -> Administrasjon:
    """Give a PRN (as needed) dose: why (`behov_grunn`, required), the dose (default the
    ordered one), checked against the maximum per 24 hours and the minimum interval of the
    order; its effect is due to be evaluated after the unit's set time. The order is locked
    while checking, so two nurses cannot both give the last allowed dose. Audited
    BEHOVSDOSE_GIVEN."""
    forordning = _forordning_get(actor, forordning_id)
    Forordning.objects.select_for_update().filter(pk=forordning.pk).first()
    if forordning.doseringstype != BEHOV:
        raise ApplicationError(_("Dette er ikke en behovsforordning."))
    if forordning.status != ForordningStatus.AKTIV:
        raise ApplicationError(_("Forordningen er seponert."))
    now = naa()
    gitt_at = gitt_at or now
    if gitt_at > now + dt.timedelta(minutes=1):
        raise ValidationError({"gitt_at": [_("Tidspunktet kan ikke være frem i tid.")]})
    if gitt_at < forordning.start:
        raise ValidationError({"gitt_at": [_("Forordningen gjaldt ikke ennå på det tidspunktet.")]})
    behov_grunn = behov_grunn.strip()
    if not behov_grunn:
        raise ValidationError({"behov_grunn": [_("Skriv hvorfor behovsdosen gis.")]})
    if len(behov_grunn) > 300:
        raise ValidationError({"behov_grunn": [_("Grunnen kan være høyst 300 tegn.")]})
    plan = forordning.plan
    dose = plan.behov_dose if dose is None else dose
    if dose is None:
        raise ValidationError({"dose": [_("Skriv dosen som ble gitt.")]})
    dose_validate(dose, forordning.dose_enhet)
    tidligere = [
        (a.gitt_at, a.dose)
        for a in Administrasjon.objects.filter(
            forordning=forordning,
            forfall_at__isnull=True,
            korrigert_av__isnull=True,
            dose__isnull=False,
            gitt_at__gte=gitt_at - dt.timedelta(hours=24),
            gitt_at__lte=gitt_at,
        )
        if a.dose is not None
    ]
    brudd = behov_check(plan, gitt=tidligere, naa=gitt_at, dose=dose)
    if brudd:
        raise ValidationError({"dose": [b.melding for b in brudd]})
    oppsett = oppsett_get(acting_unit())
    a = Administrasjon(
        pasient_id=forordning.pasient_id,
        enhet_id=oppsett.enhet_id,
        forordning=forordning,
        forfall_at=None,
        planlagt_dose=plan.behov_dose,
        status=AdministrasjonStatus.GITT
        if dose == plan.behov_dose
        else AdministrasjonStatus.GITT_ANNEN_DOSE,
        dose=dose,
        dose_enhet=forordning.dose_enhet,
        gitt_at=gitt_at,
        merknad=merknad.strip()[:MAX_MERKNAD],
        behov_grunn=behov_grunn,
        effekt_forfall_at=gitt_at + dt.timedelta(minutes=oppsett.effekt_etter_min),
        kilde=kilde,
        besoek_id=besoek_id,
        signert_av=actor,
        signert_at=now,
        krever_dobbel=dobbel_kreves(forordning, oppsett),
    )
    a = _save(a, lambda: _("Dosen ble nettopp registrert. Last siden på nytt."))
    audit_log(
        actor=actor,
        event=AuditEvent.BEHOVSDOSE_GIVEN,
        target=a,
        pasient_id=a.pasient_id,
        extra={**_values(a), "behov_grunn": behov_grunn},
    )
    return a


@transaction.atomic
def effekt_evaluate(
    *, actor: Ansatt, administrasjon_id: uuid.UUID | str, tekst: str
) -> Effektvurdering:
    """Write the evaluation of a PRN dose's effect (once). Audited EFFEKT_EVALUATED."""
    a = _administrasjon_get(actor, administrasjon_id, for_update=True)
    if a.forfall_at is not None:
        raise ApplicationError(_("Effekt vurderes bare for behovsdoser."))
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": [_("Skriv hvilken effekt dosen hadde.")]})
    if len(tekst) > MAX_TILTAK:
        raise ValidationError({"tekst": [_("Høyst %(n)d tegn.") % {"n": MAX_TILTAK}]})
    if Effektvurdering.objects.filter(administrasjon=a).exists():
        raise ApplicationError(_("Effekten av denne dosen er allerede vurdert."))
    vurdering = Effektvurdering(administrasjon=a, tekst=tekst, vurdert_av=actor, vurdert_at=naa())
    vurdering.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            vurdering.save(force_insert=True)
    except IntegrityError as exc:
        raise ApplicationError(_("Effekten av denne dosen er allerede vurdert.")) from exc
    audit_log(
        actor=actor,
        event=AuditEvent.EFFEKT_EVALUATED,
        target=a,
        pasient_id=a.pasient_id,
        extra={"tekst": tekst},
    )
    return vurdering


# --- missed doses ---------------------------------------------------------------------------


@transaction.atomic
def dosevarsel_sweep(*, enhet_ids: list[uuid.UUID] | None = None) -> int:
    """Flag every dose due in the last 24 hours that nobody signed within its unit's limit
    (a system task, run by beat). A unit's doses are those of the patients it has an active
    care relationship with. Idempotent: one flag per due dose. Returns how many were new;
    each audited DOSEVARSEL_RAISED."""
    from journal.models import Behandlingsrelasjon

    now = naa()
    fra = now - SVEIP_TILBAKE
    relasjoner = Behandlingsrelasjon.objects.active()
    if enhet_ids is not None:
        relasjoner = relasjoner.filter(enhet_id__in=enhet_ids)
    pasient_enheter: dict[uuid.UUID, list[uuid.UUID]] = {}
    for pasient_id, enhet_id in relasjoner.values_list("pasient_id", "enhet_id"):
        pasient_enheter.setdefault(pasient_id, []).append(enhet_id)
    if not pasient_enheter:
        return 0
    ordrer = list(
        Forordning.objects.filter(ordrer_i_vindu_q(fra, now), pasient_id__in=pasient_enheter)
        .exclude(doseringstype=BEHOV)
        .select_related("legemiddel")
    )
    signert = set(
        Administrasjon.objects.filter(
            forordning_id__in=[o.pk for o in ordrer], forfall_at__gte=fra
        ).values_list("forordning_id", "forfall_at")
    )
    oppsett_cache: dict[uuid.UUID, int] = {}
    nye: list[Dosevarsel] = []
    for o in ordrer:
        for f in forfall_expand(
            o.plan,
            start=o.start,
            fra=fra,
            til=now,
            sluttdato=o.sluttdato,
            stoppet=o.seponert_at,
        ):
            if (o.pk, f.tidspunkt) in signert:
                continue
            for enhet_id in pasient_enheter[o.pasient_id]:
                if enhet_id not in oppsett_cache:
                    oppsett_cache[enhet_id] = oppsett_get(enhet_id).varsel_etter_min
                if not er_glemt(f.tidspunkt, now, oppsett_cache[enhet_id]):
                    continue
                nye.append(
                    Dosevarsel(
                        pasient_id=o.pasient_id,
                        enhet_id=enhet_id,
                        kilde=DosevarselKilde.IKKE_SIGNERT,
                        forordning=o,
                        forfall_at=f.tidspunkt,
                        tekst=_("%(lm)s %(dose)s %(enhet)s %(tid)s er ikke signert.")
                        % {
                            "lm": o.legemiddel_navn,
                            "dose": dose_format(f.dose),
                            "enhet": o.get_dose_enhet_display(),
                            "tid": _klokke(f.tidspunkt),
                        },
                        oppdaget_at=now,
                    )
                )
                break  # one flag per dose: the first unit that cares for the patient
    if not nye:
        return 0
    eksisterende = set(
        Dosevarsel.objects.filter(
            kilde=DosevarselKilde.IKKE_SIGNERT,
            forordning_id__in={v.forordning_id for v in nye},
            forfall_at__gte=fra,
        ).values_list("forordning_id", "forfall_at")
    )
    nye = [v for v in nye if (v.forordning_id, v.forfall_at) not in eksisterende]
    laget = Dosevarsel.objects.bulk_create(nye, ignore_conflicts=True)
    for v in laget:
        audit_log(
            actor=None,
            event=AuditEvent.DOSEVARSEL_RAISED,
            target=v,
            pasient_id=v.pasient_id,
            extra={"kilde": v.kilde, "forordning": str(v.forordning_id)},
        )
    return len(laget)


@transaction.atomic
def dosevarsel_dispenser_register(
    *,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    tidspunkt: dt.datetime,
    hendelse_ref: str,
    tekst: str = "",
) -> Dosevarsel:
    """A medication dispenser reported a dose not taken (welfare technology): flag it on the
    unit's missed-dose list, linked to the patient's order that had a dose due nearest the
    event (within three hours), if any. Idempotent per event. Audited DOSEVARSEL_RAISED."""
    eksisterende = Dosevarsel.objects.filter(hendelse_ref=hendelse_ref).first()
    if eksisterende is not None:
        return eksisterende
    fra, til = tidspunkt - dt.timedelta(hours=3), tidspunkt + dt.timedelta(hours=3)
    beste: tuple[dt.timedelta, Forordning, dt.datetime] | None = None
    for o in (
        Forordning.objects.filter(ordrer_i_vindu_q(fra, til), pasient_id=pasient_id)
        .exclude(doseringstype=BEHOV)
        .order_by("-multidose", "start")
    ):
        for f in forfall_expand(
            o.plan, start=o.start, fra=fra, til=til, sluttdato=o.sluttdato, stoppet=o.seponert_at
        ):
            avstand = abs(f.tidspunkt - tidspunkt)
            if beste is None or avstand < beste[0]:
                beste = (avstand, o, f.tidspunkt)
    tekst = tekst.strip() or _("Medisindispenseren melder at dosen ikke er tatt.")
    if beste is not None:
        tekst = f"{tekst} ({beste[1].legemiddel_navn}, {_klokke(beste[2])})"
    varsel = Dosevarsel(
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        kilde=DosevarselKilde.DOSETTAUTOMAT,
        forordning=beste[1] if beste else None,
        forfall_at=beste[2] if beste else tidspunkt,
        hendelse_ref=hendelse_ref,
        tekst=tekst[:500],
        oppdaget_at=tidspunkt,
    )
    varsel.full_clean(validate_constraints=False)
    varsel.save(force_insert=True)
    audit_log(
        actor=None,
        event=AuditEvent.DOSEVARSEL_RAISED,
        target=varsel,
        pasient_id=pasient_id,
        extra={"kilde": varsel.kilde, "hendelse": hendelse_ref},
    )
    return varsel


@transaction.atomic
def dosevarsel_close(*, actor: Ansatt, dosevarsel_id: uuid.UUID | str, tiltak: str) -> Dosevarsel:
    """Close a missed-dose flag with what was done (required). Only flags of the unit the
    person acts in; NotFound alike for others. Audited DOSEVARSEL_CLOSED."""
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    enhet_id = acting_unit()
    varsel = access_scoped(
        actor,
        Dosevarsel.objects.select_for_update(of=("self",)).filter(enhet_id=enhet_id),
        dosevarsel_id,
        action=Action.ADMINISTER_MEDICATION,
    )
    tiltak = tiltak.strip()
    if not tiltak:
        raise ValidationError({"tiltak": [_("Skriv hva som ble gjort.")]})
    if len(tiltak) > MAX_TILTAK:
        raise ValidationError({"tiltak": [_("Høyst %(n)d tegn.") % {"n": MAX_TILTAK}]})
    if varsel.lukket_at is not None:
        raise ApplicationError(_("Varselet er allerede lukket."))
    varsel.lukket_av, varsel.lukket_at, varsel.tiltak = actor, naa(), tiltak
    varsel.full_clean(validate_constraints=False)
    varsel.save(update_fields=["lukket_av", "lukket_at", "tiltak", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.DOSEVARSEL_CLOSED,
        target=varsel,
        pasient_id=varsel.pasient_id,
        extra={"tiltak": tiltak},
    )
    return varsel
