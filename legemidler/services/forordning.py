"""Writes of medication orders: order (with the checks), stop, confirm a telephone order.

Only a role with the ordering right (`order_medication`, doctors) orders, stops and confirms.
A nurse with the right to give medication may register a doctor's telephone order: it names
the doctor (a user with HPR and category LE), and stays flagged until a doctor confirms it.

Ordering runs the checks of `legemidler.lib.kontroll` against the patient's active CAVE and
orders. A finding stops the order (`KontrollStopp`, nothing written) until it is overridden
with a written reason; the reasons are kept (`Overstyring`) and audited. Orders of one
patient are serialised (the patient row is locked), so two concurrent orders of the same
substance cannot both miss each other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_can, actor_require, pasient_access
from journal.models import KritiskInformasjon, KritiskType, Pasient
from legemidler.lib import dosering as lib
from legemidler.lib.kontroll import (
    Cave,
    InteraksjonData,
    Kontrollfunn,
    Produkt,
    kontroller_run,
)
from legemidler.models import (
    Administrasjonsvei,
    DoseEnhet,
    Forordning,
    ForordningStatus,
    Interaksjon,
    Legemiddel,
    Overstyring,
    Relevans,
    UkentligLegemiddel,
)
from legemidler.selectors.forordning import forordninger_active_qs

MAX_GRUNN = 500
MAX_TILBAKE = dt.timedelta(days=31)


class KontrollStopp(ApplicationError):
    """The order was stopped by checks at ordering time that were not overridden with a
    reason. `funn` are all findings (each with its check and message); the API answers 409
    with them under `kontroller`."""

    status_code = 409

    def __init__(self, funn: list[Kontrollfunn], mangler: list[Kontrollfunn]) -> None:
        super().__init__(
            _(
                "Ordineringen er stoppet av %(n)d kontroll(er). Se begrunnelsen for hver, og "
                "endre forordningen eller overstyr med en skriftlig begrunnelse."
            )
            % {"n": len(mangler)},
            extra={
                "kontroller": [
                    {"kontroll": f.kontroll, "melding": f.melding, "overstyrt": f not in mangler}
                    for f in funn
                ]
            },
        )
        self.funn = funn
        self.mangler = mangler


def _text(value: str, felt: str, *, required: bool, maks: int = MAX_GRUNN) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({felt: [_("Dette feltet må fylles ut.")]})
    if len(value) > maks:
        raise ValidationError({felt: [_("Høyst %(n)d tegn.") % {"n": maks}]})
    return value


def _legemiddel_for_order(legemiddel_id: uuid.UUID | str) -> Legemiddel:
    try:
        key = uuid.UUID(str(legemiddel_id))
    except ValueError:
        key = None
    legemiddel = (
        Legemiddel.objects.prefetch_related("virkestoffer").filter(pk=key).first() if key else None
    )
    if legemiddel is None:
        raise ValidationError({"legemiddel": [_("Velg et legemiddel fra katalogen.")]})
    if legemiddel.er_utgaatt:
        raise ValidationError(
            {
                "legemiddel": [
                    _(
                        "%(navn)s er ikke lenger i legemiddelkatalogen (utgått ved en "
                        "FEST-oppdatering). Velg et annet legemiddel."
                    )
                    % {"navn": legemiddel.navn_form_styrke}
                ]
            }
        )
    return legemiddel


def _ordering_doctor(
    actor: Ansatt, *, telefonordinasjon: bool, ordinert_av_id: uuid.UUID | str | None
) -> Ansatt:
    """Who orders: the actor (with the ordering right), or for a telephone order the doctor
    named by the nurse."""
    if not telefonordinasjon:
        actor_require(actor, Action.ORDER_MEDICATION)
        if not actor.hpr_nummer:
            raise ApplicationError(_("Du må ha HPR-nummer for å ordinere legemidler."))
        return actor
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    try:
        key = uuid.UUID(str(ordinert_av_id))
    except ValueError:
        key = None
    lege = (
        Ansatt.objects.filter(
            pk=key, is_active=True, helsepersonellkategori="LE", hpr_nummer__isnull=False
        ).first()
        if key
        else None
    )
    if lege is None:
        raise ValidationError(
            {"ordinert_av": [_("Velg legen som ga ordinasjonen på telefon (lege med HPR).")]}
        )
    return lege


def _checks_data(
    pasient: Pasient, legemiddel: Legemiddel
) -> tuple[Produkt, list[Cave], list[Produkt], list[InteraksjonData], list[tuple[str, str]]]:
    nytt = Produkt(
        navn=legemiddel.navn_form_styrke,
        atc=legemiddel.atc,
        virkestoffer=frozenset(v.navn for v in legemiddel.virkestoffer.all()),
    )
    cave = [
        Cave(tittel=k.tittel, atc=k.substans_atc, reaksjon=k.reaksjon)
        for k in KritiskInformasjon.objects.filter(
            pasient=pasient,
            aktiv=True,
            type__in=[KritiskType.ALLERGI, KritiskType.INTOLERANSE],
        ).only("tittel", "substans_atc", "reaksjon")
    ]
    aktive = [
        Produkt(navn=navn, atc=atc, virkestoffer=frozenset(v for v in stoffer if v is not None))
        for _pk, navn, atc, stoffer in forordninger_active_qs(pasient.pk)
        .values_list("pk", "legemiddel_navn", "atc")
        .annotate(stoffer=ArrayAgg("legemiddel__virkestoffer__navn"))  # one query, not three
    ]
    atc_koder = [nytt.atc, *(a.atc for a in aktive)]
    interaksjoner = []
    if aktive:
        prefixes = Q()
        for kode in atc_koder:
            # a substance entry matches a product when the product's ATC starts with it
            prefixes |= Q(substanser__atc__in=[kode[:n] for n in (1, 3, 4, 5, 7)])
        for ia in (
            Interaksjon.objects.filter(utgaatt_at__isnull=True)
            .exclude(relevans=Relevans.INGEN_TILTAK)
            .filter(prefixes)
            .distinct()
            .prefetch_related("substanser")
        ):
            interaksjoner.append(
                InteraksjonData(
                    gruppe1=tuple(s.atc for s in ia.substanser.all() if s.gruppe == 1),
                    gruppe2=tuple(s.atc for s in ia.substanser.all() if s.gruppe == 2),
                    relevans=ia.get_relevans_display(),
                    konsekvens=ia.klinisk_konsekvens,
                    handtering=ia.handtering,
                )
            )
    ukentlige = list(UkentligLegemiddel.objects.filter(aktiv=True).values_list("atc", "navn"))
    return nytt, cave, aktive, interaksjoner, ukentlige


def _plan(doseringstype: str, dosering: Mapping[str, Any], dose_enhet: str) -> lib.Doseringsplan:
    if dose_enhet not in DoseEnhet.values:
        raise ValidationError({"dose_enhet": [_("Velg en doseenhet fra listen.")]})
    plan = lib.plan_from_dict({**dosering, "type": doseringstype})
    lib.plan_validate(plan, dose_enhet)
    return plan


@transaction.atomic
def forordning_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    legemiddel_id: uuid.UUID | str,
    doseringstype: str,
    dosering: Mapping[str, Any],
    dose_enhet: str,
    administrasjonsvei: str,
    indikasjon: str,
    start: dt.datetime | None = None,
    sluttdato: dt.date | None = None,
    merknad: str = "",
    multidose: bool = False,
    telefonordinasjon: bool = False,
    ordinert_av_id: uuid.UUID | str | None = None,
    overstyringer: Mapping[str, str] | None = None,
    erstatter: Forordning | None = None,
) -> Forordning:
    """Order a drug for the patient on a dose schedule (see `legemidler.lib.dosering`).

    Bad input (no product, a withdrawn product, a dose of 0 or thousands, an end before the
    start, no indication) raises ValidationError per field in Norwegian. Then the checks run;
    any finding not overridden in `overstyringer` ({kontroll: reason}) raises
    KontrollStopp and nothing is written. Audited as FORORDNING_CREATED, plus one
    FORORDNING_CHECK_OVERRIDDEN per overridden check.
    """
    lege = _ordering_doctor(
        actor, telefonordinasjon=telefonordinasjon, ordinert_av_id=ordinert_av_id
    )
    action = Action.ADMINISTER_MEDICATION if telefonordinasjon else Action.ORDER_MEDICATION
    # One order at a time per patient (the row is locked by the access check's own
    # statement): the checks see every committed active order.
    pasient = access_scoped(
        actor,
        Pasient.objects.only("id").select_for_update(of=("self",)),
        pasient_id,
        action=action,
        pasient_field="pk",
    )
    legemiddel = _legemiddel_for_order(legemiddel_id)
    plan = _plan(doseringstype, dosering, dose_enhet)
    if administrasjonsvei not in Administrasjonsvei.values:
        raise ValidationError({"administrasjonsvei": [_("Velg administrasjonsvei.")]})
    indikasjon = _text(indikasjon, "indikasjon", required=True, maks=300)
    merknad = _text(merknad, "merknad", required=False)
    now = naa()
    start = start or now
    if start < now - MAX_TILBAKE:
        raise ValidationError({"start": [_("Start kan ikke være mer enn en måned tilbake.")]})
    startdag = start.astimezone(lib.OSLO).date()
    if sluttdato is not None and sluttdato < startdag:
        raise ValidationError({"sluttdato": [_("Planlagt slutt kan ikke være før start.")]})
    if legemiddel.kan_knuses is False and not merknad:
        merknad = _("Må ikke knuses")

    nytt, cave, aktive, interaksjoner, ukentlige = _checks_data(pasient, legemiddel)
    funn = kontroller_run(
        nytt, plan, cave=cave, aktive=aktive, interaksjoner=interaksjoner, ukentlige=ukentlige
    )
    grunner = {k: " ".join((v or "").split()) for k, v in (overstyringer or {}).items()}
    mangler = [f for f in funn if not grunner.get(f.kontroll)]
    if mangler:
        raise KontrollStopp(funn, mangler)
    for f in funn:
        _text(grunner[f.kontroll], f"overstyring_{f.kontroll}", required=True)

    forordning = Forordning(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        legemiddel=legemiddel,
        legemiddel_navn=legemiddel.navn_form_styrke,
        atc=legemiddel.atc,
        doseringstype=plan.type,
        dosering=lib.plan_to_dict(plan),
        dose_enhet=dose_enhet,
        administrasjonsvei=administrasjonsvei,
        merknad=merknad,
        indikasjon=indikasjon,
        multidose=multidose,
        start=start,
        sluttdato=sluttdato,
        ordinert_av=lege,
        ordinert_av_hpr=lege.hpr_nummer or "",
        registrert_av=actor,
        telefonordinasjon=telefonordinasjon,
        bekreftes_innen=now + dt.timedelta(hours=settings.LEGEMIDLER_TELEFONORDINASJON_FRIST_TIMER)
        if telefonordinasjon
        else None,
        erstatter=erstatter,
    )
    forordning.full_clean()
    forordning.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FORORDNING_CREATED,
        target=forordning,
        pasient_id=pasient.pk,
        extra={
            "atc": forordning.atc,
            "doseringstype": plan.type,
            "telefonordinasjon": telefonordinasjon,
            "multidose": multidose,
        },
    )
    for f in funn:
        Overstyring.objects.create(
            forordning=forordning,
            kontroll=f.kontroll,
            melding=f.melding,
            begrunnelse=grunner[f.kontroll][:MAX_GRUNN],
            overstyrt_av=actor,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.FORORDNING_CHECK_OVERRIDDEN,
            target=forordning,
            pasient_id=pasient.pk,
            begrunnelse=grunner[f.kontroll][:MAX_GRUNN],
            extra={"kontroll": f.kontroll},
        )
    return forordning


def forordning_check(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    legemiddel_id: uuid.UUID | str,
    doseringstype: str,
    dosering: Mapping[str, Any],
    dose_enhet: str,
) -> list[Kontrollfunn]:
    """The checks an order would meet now, without ordering (for a form that shows them
    before the doctor submits). Audited as FORORDNING_STOPPED_BY_CHECK when any is found."""
    if not (
        actor_can(actor, Action.ORDER_MEDICATION) or actor_can(actor, Action.ADMINISTER_MEDICATION)
    ):
        actor_require(actor, Action.ORDER_MEDICATION)
    with transaction.atomic():
        pasient = pasient_access(actor, pasient_id, action=Action.VIEW, fields=("id",))
        legemiddel = _legemiddel_for_order(legemiddel_id)
        plan = _plan(doseringstype, dosering, dose_enhet)
        nytt, cave, aktive, interaksjoner, ukentlige = _checks_data(pasient, legemiddel)
        funn = kontroller_run(
            nytt, plan, cave=cave, aktive=aktive, interaksjoner=interaksjoner, ukentlige=ukentlige
        )
        if funn:
            audit_log(
                actor=actor,
                event=AuditEvent.FORORDNING_STOPPED_BY_CHECK,
                pasient_id=pasient.pk,
                extra={"kontroller": [f.kontroll for f in funn], "atc": legemiddel.atc},
            )
    return funn


def _forordning_for_update(
    actor: Ansatt, forordning_id: uuid.UUID | str, pasient_id: uuid.UUID | str | None
) -> Forordning:
    queryset = Forordning.objects.select_for_update(of=("self",))
    if pasient_id is not None:
        try:
            queryset = queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    return access_scoped(actor, queryset, forordning_id, action=Action.ORDER_MEDICATION)


@transaction.atomic
def forordning_stop(
    *,
    actor: Ansatt,
    forordning_id: uuid.UUID | str,
    grunn: str,
    pasient_id: uuid.UUID | str | None = None,
) -> Forordning:
    """Stop (seponere) an active order now, with the reason. Audited as FORORDNING_STOPPED."""
    actor_require(actor, Action.ORDER_MEDICATION)
    forordning = _forordning_for_update(actor, forordning_id, pasient_id)
    grunn = _text(grunn, "grunn", required=True)
    if forordning.status != ForordningStatus.AKTIV:
        raise ApplicationError(_("Forordningen er allerede seponert."))
    forordning.status = ForordningStatus.SEPONERT
    forordning.seponert_at = naa()
    forordning.seponert_av = actor
    forordning.seponeringsgrunn = grunn
    forordning.full_clean()
    forordning.save(
        update_fields=["status", "seponert_at", "seponert_av", "seponeringsgrunn", "updated_at"]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.FORORDNING_STOPPED,
        target=forordning,
        pasient_id=forordning.pasient_id,
        begrunnelse=grunn,
        extra={"status": {"fra": ForordningStatus.AKTIV, "til": ForordningStatus.SEPONERT}},
    )
    return forordning


@transaction.atomic
def forordning_confirm(
    *,
    actor: Ansatt,
    forordning_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None = None,
) -> Forordning:
    """A doctor confirms a nurse's telephone order. Audited as FORORDNING_CONFIRMED, with
    whether it was after the deadline."""
    actor_require(actor, Action.ORDER_MEDICATION)
    forordning = _forordning_for_update(actor, forordning_id, pasient_id)
    if not forordning.telefonordinasjon:
        raise ApplicationError(_("Dette er ikke en telefonordinasjon; den trenger ikke bekreftes."))
    if forordning.bekreftet_at is not None:
        raise ApplicationError(
            _("Telefonordinasjonen er allerede bekreftet av %(lege)s.")
            % {"lege": forordning.bekreftet_av}
        )
    now = naa()
    forordning.bekreftet_av = actor
    forordning.bekreftet_at = now
    forordning.full_clean()
    forordning.save(update_fields=["bekreftet_av", "bekreftet_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.FORORDNING_CONFIRMED,
        target=forordning,
        pasient_id=forordning.pasient_id,
        extra={
            "etter_frist": bool(forordning.bekreftes_innen and now > forordning.bekreftes_innen)
        },
    )
    return forordning
