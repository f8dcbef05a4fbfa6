"""Vital signs (målinger): registration with plausibility checks and NEWS2, and feilregistrering."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt
from journal.access import access_basis, access_scoped, actor_require, pasient_access
from journal.lib.news2 import News2Verdier, news2_calculate, news2_exception, svangerskap_kode
from journal.lib.tid import foer_foedsel_check
from journal.models import Bevissthet, Diagnose, DiagnoseStatus, Maaling, Pasient

MAX_GRUNN = 500
# A phone or PC clock slightly ahead of the server's is not "in the future".
KLOKKE_SLINGRING = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Grense:
    """The physiologically possible range of one value, inclusive."""

    navn: StrOrPromise
    minimum: Decimal
    maksimum: Decimal
    enhet: str
    desimaler: int = 0


GRENSER: dict[str, Grense] = {
    "systolisk": Grense(gettext_lazy("Systolisk blodtrykk"), Decimal(40), Decimal(300), "mmHg"),
    "diastolisk": Grense(gettext_lazy("Diastolisk blodtrykk"), Decimal(20), Decimal(200), "mmHg"),
    "puls": Grense(gettext_lazy("Puls"), Decimal(20), Decimal(250), "/min"),
    "respirasjon": Grense(gettext_lazy("Respirasjonsfrekvens"), Decimal(3), Decimal(80), "/min"),
    "spo2": Grense(gettext_lazy("SpO₂"), Decimal(50), Decimal(100), "%"),
    "temperatur": Grense(
        gettext_lazy("Temperatur"), Decimal("25.0"), Decimal("45.0"), "°C", desimaler=1
    ),
    "vekt": Grense(gettext_lazy("Vekt"), Decimal("0.3"), Decimal(400), "kg", desimaler=1),
    "blodsukker": Grense(
        gettext_lazy("Blodsukker"), Decimal("0.5"), Decimal(50), "mmol/l", desimaler=1
    ),
}
# Values that count as "a measurement" (air/oxygen and the SpO2 scale only qualify SpO2).
MALEVERDIER = (*GRENSER, "bevissthet")


@dataclass(frozen=True)
class MaalingData:
    """One set of observations as entered; None (or "" for consciousness) = not measured."""

    tidspunkt: dt.datetime | None = None
    systolisk: int | None = None
    diastolisk: int | None = None
    puls: int | None = None
    respirasjon: int | None = None
    spo2: int | None = None
    spo2_skala: int = 1
    oksygen: bool | None = None
    temperatur: Decimal | None = None
    bevissthet: str = ""
    vekt: Decimal | None = None
    blodsukker: Decimal | None = None


def _number(value: Decimal, desimaler: int) -> str:
    """Norwegian notation: decimal comma."""
    return f"{value:.{desimaler}f}".replace(".", ",")


def _range_error(grense: Grense, value: Decimal | int) -> str | None:
    number = Decimal(value)
    if not number.is_finite():
        return _("%(navn)s må være et tall.") % {"navn": grense.navn}
    if number < grense.minimum or number > grense.maksimum:
        return _(
            "%(navn)s %(verdi)s %(enhet)s er ikke mulig. Oppgi en verdi mellom %(min)s og %(maks)s."
        ) % {
            "navn": grense.navn,
            "verdi": str(value).replace(".", ","),
            "enhet": grense.enhet,
            "min": _number(grense.minimum, grense.desimaler),
            "maks": _number(grense.maksimum, grense.desimaler),
        }
    if number != number.quantize(Decimal(1).scaleb(-grense.desimaler)):
        if grense.desimaler == 0:
            return _("%(navn)s oppgis i hele tall.") % {"navn": grense.navn}
        return _("%(navn)s oppgis med én desimal.") % {"navn": grense.navn}
    return None


def maaling_validate(data: MaalingData) -> None:
    """Reject an empty set (ApplicationError) and physiologically impossible values
    (ValidationError with every error per field)."""
    if all(getattr(data, name) in (None, "") for name in MALEVERDIER):
        raise ApplicationError(_("Registrer minst én måleverdi."))
    errors: dict[str, list[str]] = {}
    for name, grense in GRENSER.items():
        value = getattr(data, name)
        if value is None:
            continue
        message = _range_error(grense, value)
        if message:
            errors.setdefault(name, []).append(message)
    if data.diastolisk is not None and "diastolisk" not in errors:
        if data.systolisk is None:
            errors["diastolisk"] = [
                _("Diastolisk blodtrykk registreres sammen med systolisk blodtrykk.")
            ]
        elif "systolisk" not in errors and data.diastolisk >= data.systolisk:
            errors["diastolisk"] = [_("Diastolisk blodtrykk må være lavere enn systolisk.")]
    if data.spo2_skala not in (1, 2):
        errors["spo2_skala"] = [_("SpO₂-skala må være 1 eller 2.")]
    if data.bevissthet and data.bevissthet not in Bevissthet.values:
        errors["bevissthet"] = [_("Velg bevissthet etter ACVPU: A, C, V, P eller U.")]
    if data.tidspunkt is not None and data.tidspunkt > naa() + KLOKKE_SLINGRING:
        errors["tidspunkt"] = [_("Tidspunktet kan ikke være fram i tid.")]
    if errors:
        raise ValidationError(errors)


def pregnancy_recorded(pasient: Pasient) -> bool:
    """An active diagnosis of the patient records a pregnancy (journal/lib/news2.py)."""
    return any(
        svangerskap_kode(kodeverk, kode)
        for kodeverk, kode in Diagnose.objects.filter(
            pasient=pasient, status=DiagnoseStatus.AKTIV
        ).values_list("kode__kodeverk", "kode__kode")
    )


@transaction.atomic
def maaling_create(*, actor: Ansatt, pasient_id: uuid.UUID | str, data: MaalingData) -> Maaling:
    """Register vital signs for a patient in the acting unit, with NEWS2 computed and stored.

    Access is checked before the values (a stranger gets the same 404 whatever they send).
    Raises ValidationError per field for impossible values. Audited as MALING_CREATED.
    No score for a child under 16 or where pregnancy is recorded: the values are stored
    with the reason (`news2_unntak`), never a score NEWS2 is not valid for.
    """
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    maaling_validate(data)
    foer_foedsel_check("tidspunkt", data.tidspunkt, pasient.fodselsdato)
    tidspunkt = data.tidspunkt or naa()
    if timezone.is_naive(tidspunkt):
        tidspunkt = timezone.make_aware(tidspunkt)
    resultat = news2_calculate(
        News2Verdier(
            respirasjon=data.respirasjon,
            spo2=data.spo2,
            spo2_skala=data.spo2_skala,
            oksygen=data.oksygen,
            systolisk=data.systolisk,
            puls=data.puls,
            bevissthet=data.bevissthet,
            temperatur=data.temperatur,
        )
    )
    unntak = news2_exception(
        alder=pasient.alder(timezone.localtime(tidspunkt).date()),
        gravid=pregnancy_recorded(pasient),
    )
    if unntak:
        resultat = news2_calculate(News2Verdier())  # no total, no level
    maling = Maaling(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        tidspunkt=tidspunkt,
        registrert_av=actor,
        systolisk=data.systolisk,
        diastolisk=data.diastolisk,
        puls=data.puls,
        respirasjon=data.respirasjon,
        spo2=data.spo2,
        spo2_skala=data.spo2_skala,
        oksygen=data.oksygen,
        temperatur=data.temperatur,
        bevissthet=data.bevissthet,
        vekt=data.vekt,
        blodsukker=data.blodsukker,
        news2=resultat.total,
        news2_niva=resultat.niva or "",
        news2_unntak=unntak,
    )
    maling.full_clean()
    maling.save()
    basis = access_basis(actor, pasient.pk)
    audit_log(
        actor=actor,
        event=AuditEvent.MALING_CREATED,
        target=maling,
        pasient_id=pasient.pk,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
    )
    return maling


@transaction.atomic
def maaling_invalidate(
    *, actor: Ansatt, pasient_id: uuid.UUID, maling_id: uuid.UUID | str, grunn: str
) -> Maaling:
    """Mark a measurement as entered in error (it stays, struck through, out of the trends).

    A reason is required. Audited as MALING_FEILREGISTRERT with the reason.
    """
    actor_require(actor, Action.WRITE_NOTE)
    maling = access_scoped(
        actor,
        Maaling.objects.select_for_update().filter(pasient_id=pasient_id),
        maling_id,
        action=Action.WRITE_NOTE,
    )
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": [_("Skriv hvorfor målingen er feilregistrert.")]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {"grunn": [_("Grunnen kan være høyst %(n)s tegn.") % {"n": MAX_GRUNN}]}
        )
    if maling.feilregistrert_at is not None:
        raise ApplicationError(_("Målingen er allerede feilregistrert."))
    maling.feilregistrert_at = naa()
    maling.feilregistrert_av = actor
    maling.feilregistrert_grunn = grunn
    maling.full_clean()
    maling.save(
        update_fields=[
            "feilregistrert_at",
            "feilregistrert_av",
            "feilregistrert_grunn",
            "updated_at",
        ]
    )
    basis = access_basis(actor, maling.pasient_id)
    audit_log(
        actor=actor,
        event=AuditEvent.MALING_FEILREGISTRERT,
        target=maling,
        pasient_id=maling.pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra={"grunn": grunn},
    )
    return maling
