"""Growth measurements: registration with plausibility checks, and the gestational age at
birth that corrects the age of a child born preterm."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import access_basis, actor_require, pasient_access
from tjenester.helsestasjon.lib.vekst import LIGGENDE_STAAENDE_CM, TO_AAR_DAGER
from tjenester.helsestasjon.models import Fodselsopplysning, Maalemetode, Vekstmaaling

# Possible values for a child 0–18 years (inclusive), in the units stored.
VEKT_G = (300, 150_000)
LENGDE_MM = (200, 2_200)
HODEOMKRETS_MM = (200, 700)
# A child does not get shorter: more than 2 cm less than an earlier measurement (after the
# lying/standing conversion) is refused unless the nurse confirms it with a remark.
MAKS_KRYMPING_MM = 20


@dataclass(frozen=True)
class VekstmaalingData:
    """One growth measurement as entered: weight in grams, lengths in millimetres; None =
    not measured."""

    dato: dt.date
    vekt_g: int | None = None
    lengde_mm: int | None = None
    hodeomkrets_mm: int | None = None
    maalemetode: str = ""
    merknad: str = ""
    bekreft_avvik: bool = False


def _range_check(
    errors: dict[str, list[str]], field: str, value: int | None, grense: tuple[int, int], tekst: str
) -> None:
    if value is not None and not grense[0] <= value <= grense[1]:
        errors.setdefault(field, []).append(tekst)


def _lying_mm(lengde_mm: int, maalemetode: str, dager: int) -> float:
    """Length in mm on one scale (lying), so lying and standing values compare; without a
    method, lying under two years and standing from two (the WHO convention)."""
    if maalemetode == Maalemetode.LIGGENDE or (not maalemetode and dager < TO_AAR_DAGER):
        return float(lengde_mm)
    return lengde_mm + LIGGENDE_STAAENDE_CM * 10


def vekstmaaling_validate(data: VekstmaalingData, *, fodselsdato: dt.date) -> None:
    """Field errors for impossible values, an empty measurement, and a date before birth
    or in the future."""
    errors: dict[str, list[str]] = {}
    if data.vekt_g is None and data.lengde_mm is None and data.hodeomkrets_mm is None:
        errors["__all__"] = [_("Registrer minst én av vekt, lengde/høyde og hodeomkrets.")]
    _range_check(
        errors,
        "vekt",
        data.vekt_g,
        VEKT_G,
        _("Vekten %(kg)s kg er ikke mulig for et barn. Oppgi en vekt mellom 0,3 og 150 kg.")
        % {"kg": f"{(data.vekt_g or 0) / 1000:.3f}".rstrip("0").rstrip(".").replace(".", ",")},
    )
    _range_check(
        errors,
        "lengde",
        data.lengde_mm,
        LENGDE_MM,
        _("Lengden/høyden er ikke mulig for et barn. Oppgi mellom 20 og 220 cm."),
    )
    _range_check(
        errors,
        "hodeomkrets",
        data.hodeomkrets_mm,
        HODEOMKRETS_MM,
        _("Hodeomkretsen er ikke mulig for et barn. Oppgi mellom 20 og 70 cm."),
    )
    if data.maalemetode and data.maalemetode not in Maalemetode.values:
        errors["maalemetode"] = [_("Velg liggende eller stående.")]
    if data.dato < fodselsdato:
        errors["dato"] = [
            _("Målingen kan ikke være før barnet ble født (%(dato)s).")
            % {"dato": fodselsdato.strftime("%d.%m.%Y")}
        ]
    elif data.dato > idag():
        errors["dato"] = [_("Datoen kan ikke være fram i tid.")]
    if errors:
        raise ValidationError(errors)


def _shrink_check(data: VekstmaalingData, *, pasient_id: uuid.UUID, fodselsdato: dt.date) -> None:
    """Refuse a length more than 2 cm shorter than an earlier one (or 2 cm longer than a
    later one) unless confirmed with a remark."""
    if data.lengde_mm is None or (data.bekreft_avvik and data.merknad.strip()):
        return
    ny = _lying_mm(data.lengde_mm, data.maalemetode, (data.dato - fodselsdato).days)
    tidligere = Vekstmaaling.objects.filter(pasient_id=pasient_id, lengde_mm__isnull=False)
    for annen in tidligere.filter(dato__lte=data.dato).order_by("-dato")[:1]:
        gammel = _lying_mm(annen.lengde_mm or 0, annen.maalemetode, (annen.dato - fodselsdato).days)
        if gammel - ny > MAKS_KRYMPING_MM:
            raise ValidationError(
                {
                    "lengde": [
                        _(
                            "Lengden/høyden er %(cm)s cm kortere enn ved målingen %(dato)s. "
                            "Mål på nytt, eller bekreft målingen og skriv hvorfor i merknad."
                        )
                        % {
                            "cm": f"{(gammel - ny) / 10:.1f}".replace(".", ","),
                            "dato": annen.dato.strftime("%d.%m.%Y"),
                        }
                    ]
                }
            )
    for annen in tidligere.filter(dato__gt=data.dato).order_by("dato")[:1]:
        senere = _lying_mm(annen.lengde_mm or 0, annen.maalemetode, (annen.dato - fodselsdato).days)
        if ny - senere > MAKS_KRYMPING_MM:
            raise ValidationError(
                {
                    "lengde": [
                        _(
                            "Lengden/høyden er %(cm)s cm lengre enn ved den senere målingen "
                            "%(dato)s. Mål på nytt, eller bekreft målingen og skriv hvorfor "
                            "i merknad."
                        )
                        % {
                            "cm": f"{(ny - senere) / 10:.1f}".replace(".", ","),
                            "dato": annen.dato.strftime("%d.%m.%Y"),
                        }
                    ]
                }
            )


@transaction.atomic
def vekstmaaling_register(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, data: VekstmaalingData
) -> Vekstmaaling:
    """Register a child's growth measurement in the acting unit.

    Access first (a stranger gets the same 404 whatever they send), then the values: field
    errors (ValidationError) for impossible values, a date before birth or in the future,
    and a length that shrinks by more than 2 cm without a confirmed remark. Audited as
    VEKSTMAALING_CREATED."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    vekstmaaling_validate(data, fodselsdato=pasient.fodselsdato)
    _shrink_check(data, pasient_id=pasient.pk, fodselsdato=pasient.fodselsdato)
    maaling = Vekstmaaling(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        dato=data.dato,
        vekt_g=data.vekt_g,
        lengde_mm=data.lengde_mm,
        hodeomkrets_mm=data.hodeomkrets_mm,
        maalemetode=data.maalemetode if data.lengde_mm is not None else "",
        maalt_av=actor,
        merknad=data.merknad.strip(),
    )
    maaling.full_clean()
    maaling.save()
    basis = access_basis(actor, pasient.pk)
    audit_log(
        actor=actor,
        event=AuditEvent.VEKSTMAALING_CREATED,
        target=maaling,
        pasient_id=pasient.pk,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra={"bekreftet_avvik": bool(data.bekreft_avvik and data.merknad.strip())},
    )
    return maaling


@transaction.atomic
def fodselsopplysning_save(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    svangerskapsuker: int,
    svangerskapsdager: int = 0,
) -> Fodselsopplysning:
    """Record (or change) the child's gestational age at birth, 22+0 to 44+6 weeks.
    Audited as FODSELSOPPLYSNING_SAVED."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    errors: dict[str, list[str]] = {}
    if not 22 <= svangerskapsuker <= 44:
        errors["svangerskapsuker"] = [_("Svangerskapsuke ved fødsel må være mellom 22 og 44.")]
    if not 0 <= svangerskapsdager <= 6:
        errors["svangerskapsdager"] = [_("Dager utover hele uker må være mellom 0 og 6.")]
    if errors:
        raise ValidationError(errors)
    opplysning = Fodselsopplysning.objects.select_for_update().filter(pasient=pasient).first()
    if opplysning is None:
        opplysning = Fodselsopplysning(
            pasient=pasient, enhet_id=acting_enhet_id(), registrert_av=actor
        )
    opplysning.svangerskapsuker = svangerskapsuker
    opplysning.svangerskapsdager = svangerskapsdager
    opplysning.registrert_av = actor
    opplysning.full_clean()
    opplysning.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FODSELSOPPLYSNING_SAVED,
        target=opplysning,
        pasient_id=pasient.pk,
        extra={"uker": svangerskapsuker, "dager": svangerskapsdager},
    )
    return opplysning
