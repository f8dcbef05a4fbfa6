"""Applications (søknad) and the cases (sak) they open: registration with duplicate
detection, the case's state machine, assignee, notes, documents, and the office's care
relationship with the patient while the case is open."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError
from core.klokke import idag, naa
from core.models import Action, Ansatt, Tilknytning
from journal.access import access_unit_record, actor_require
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from journal.selectors import kartlegging_siste
from journal.services import behandlingsrelasjon_close, behandlingsrelasjon_open
from tildeling.models import (
    DokumentType,
    Kanal,
    NotatType,
    Sak,
    SakDokument,
    SakNotat,
    SakStatus,
    Soeker,
    Soeknad,
    SoeknadTjeneste,
    Tjenestetype,
)
from tildeling.models.sak import BESKRIVELSE_MAKS

# The case's state machine: from → the states it may move to.
SAK_OVERGANGER: dict[str, frozenset[str]] = {
    SakStatus.MOTTATT: frozenset({SakStatus.UNDER_BEHANDLING, SakStatus.AVSLUTTET}),
    SakStatus.UNDER_BEHANDLING: frozenset({SakStatus.VEDTATT, SakStatus.AVSLUTTET}),
    SakStatus.VEDTATT: frozenset({SakStatus.UNDER_BEHANDLING, SakStatus.AVSLUTTET}),
    # reopened when an appeal or a new decision needs the case again
    SakStatus.AVSLUTTET: frozenset({SakStatus.UNDER_BEHANDLING}),
}
MAX_VEDLEGG = 10 * 1024 * 1024


def sak_overgang_check(fra: str, til: str) -> None:
    """Raise ApplicationError unless the case may move from `fra` to `til`."""
    if til not in SAK_OVERGANGER.get(fra, frozenset()):
        raise ApplicationError(
            _("En sak med status «%(fra)s» kan ikke få status «%(til)s».")
            % {"fra": SakStatus(fra).label, "til": SakStatus(til).label}
        )


def sak_frist_compute(*, mottatt: dt.date, tjenestetyper: list[Tjenestetype]) -> dt.date:
    """The deadline: the shortest deadline of the services applied for, or the default."""
    dager = [t.frist_dager for t in tjenestetyper if t.frist_dager is not None]
    return mottatt + dt.timedelta(days=min(dager, default=settings.TILDELING_FRIST_DAGER))


@dataclass(frozen=True)
class SoeknadData:
    """An application as registered; the patient by id or by fødselsnummer."""

    mottatt_dato: dt.date
    tjenester: list[tuple[uuid.UUID, str]]  # (tjenestetype id, ønsket omfang)
    pasient_id: uuid.UUID | None = None
    identifikator: str = ""
    kanal: str = Kanal.PAPIR
    soker: str = Soeker.PASIENT
    representant_navn: str = ""
    representant_relasjon: str = ""
    beskrivelse: str = ""
    saksbehandler_id: uuid.UUID | None = None


def _soeknad_pasient(data: SoeknadData) -> Pasient:
    if data.pasient_id is not None:
        pasient = Pasient.objects.filter(pk=data.pasient_id).first()
    else:
        pasient = Pasient.objects.filter(identifikator="".join(data.identifikator.split())).first()
    if pasient is None:
        raise ValidationError(
            {
                "identifikator": [
                    _("Fant ingen pasient med dette fødselsnummeret. Registrer pasienten først.")
                ]
            }
        )
    return pasient


def _soeknad_validate(data: SoeknadData, dag: dt.date) -> list[Tjenestetype]:
    errors: dict[str, list[str]] = {}
    if data.mottatt_dato > dag:
        errors["mottatt_dato"] = [_("Mottatt-datoen kan ikke være fram i tid.")]
    if data.kanal not in Kanal.values:
        errors["kanal"] = [_("Velg hvordan søknaden kom inn.")]
    if data.soker not in Soeker.values:
        errors["soker"] = [_("Velg hvem som søker.")]
    if len(data.beskrivelse.strip()) > BESKRIVELSE_MAKS:
        errors["beskrivelse"] = [
            _("Beskrivelsen kan ha høyst %(maks)s tegn (den har %(antall)s).")
            % {"maks": BESKRIVELSE_MAKS, "antall": len(data.beskrivelse.strip())}
        ]
    if data.soker == Soeker.REPRESENTANT and not data.representant_navn.strip():
        errors["representant_navn"] = [_("Skriv navnet på den som søker på vegne av pasienten.")]
    ids = [t for t, _omfang in data.tjenester]
    typer = {t.pk: t for t in Tjenestetype.objects.gyldige(dag).filter(pk__in=ids)}
    if not ids:
        errors["tjenester"] = [_("Velg minst én tjeneste det søkes om.")]
    elif len(set(ids)) != len(ids):
        errors["tjenester"] = [_("Samme tjeneste er valgt to ganger.")]
    elif len(typer) != len(ids):
        errors["tjenester"] = [_("Velg tjenester fra tjenestekatalogen.")]
    if errors:
        raise ValidationError(errors)
    return [typer[t] for t in ids]


def _duplicate_check(pasient: Pasient, typer: list[Tjenestetype]) -> None:
    """An open case for the same patient and service type is a duplicate."""
    earlier = (
        SoeknadTjeneste.objects.filter(
            soknad__pasient=pasient,
            soknad__sak__status__in=[
                SakStatus.MOTTATT,
                SakStatus.UNDER_BEHANDLING,
                SakStatus.VEDTATT,
            ],
            tjenestetype__kode__in=[t.kode for t in typer],
        )
        .select_related("tjenestetype", "soknad")
        .first()
    )
    if earlier is not None:
        raise ApplicationError(
            _(
                "Det finnes allerede en åpen sak om %(tjeneste)s for denne pasienten "
                "(søknad mottatt %(dato)s). Behandle søknaden i den saken."
            )
            % {
                "tjeneste": earlier.tjenestetype.navn,
                "dato": f"{earlier.soknad.mottatt_dato:%d.%m.%Y}",
            },
            {"sak_id": str(earlier.soknad.sak.pk)},
        )


def _saksbehandler(enhet_id: uuid.UUID, ansatt_id: uuid.UUID | None) -> Ansatt | None:
    if ansatt_id is None:
        return None
    tilknytning = (
        Tilknytning.objects.filter(
            ansatt_id=ansatt_id,
            enhet_id=enhet_id,
            rolle__rettigheter__action=Action.HANDLE_CASE,
            ansatt__is_active=True,
        )
        .select_related("ansatt")
        .first()
    )
    if tilknytning is None:
        raise ValidationError({"saksbehandler": [_("Velg en saksbehandler i denne enheten.")]})
    return tilknytning.ansatt


@transaction.atomic
def soeknad_create(*, actor: Ansatt | None, data: SoeknadData) -> Sak:
    """Register an application and open its case at the acting office.

    The case gets the deadline of its services and opens the office's care relationship
    with the patient (grunnlag sak). An open case for the same patient and service type
    is refused as a duplicate (400 naming the case). Audited as SOKNAD_CREATED.
    """
    actor_require(actor, Action.HANDLE_CASE)
    enhet_id = acting_enhet_id()
    dag = idag()
    typer = _soeknad_validate(data, dag)
    pasient = _soeknad_pasient(data)
    _duplicate_check(pasient, typer)
    saksbehandler = _saksbehandler(enhet_id, data.saksbehandler_id)
    soknad = Soeknad(
        pasient=pasient,
        enhet_id=enhet_id,
        mottatt_dato=data.mottatt_dato,
        kanal=data.kanal,
        soker=data.soker,
        representant_navn=data.representant_navn.strip(),
        representant_relasjon=data.representant_relasjon.strip(),
        beskrivelse=data.beskrivelse.strip(),
        registrert_av=actor,
    )
    soknad.full_clean()
    soknad.save()
    onsket = dict(data.tjenester)
    for tjenestetype in typer:
        linje = SoeknadTjeneste(
            soknad=soknad,
            tjenestetype=tjenestetype,
            onsket_omfang=onsket.get(tjenestetype.pk, "").strip()[:200],
        )
        linje.full_clean()
        linje.save()
    sak = Sak(
        pasient=pasient,
        enhet_id=enhet_id,
        soknad=soknad,
        saksbehandler=saksbehandler,
        mottatt_dato=data.mottatt_dato,
        frist=sak_frist_compute(mottatt=data.mottatt_dato, tjenestetyper=typer),
    )
    sak.full_clean()
    sak.save()
    behandlingsrelasjon_open(
        actor=actor, pasient_id=pasient.pk, enhet_id=enhet_id, grunnlag=RelasjonGrunnlag.SAK
    )
    audit_log(
        actor=actor,
        event=AuditEvent.SOKNAD_CREATED,
        target=soknad,
        pasient_id=pasient.pk,
        extra={
            "sak_id": str(sak.pk),
            "kanal": data.kanal,
            "tjenester": [t.kode for t in typer],
            "frist": sak.frist.isoformat(),
        },
    )
    return sak


def sak_lock(*, actor: Ansatt | None, sak_id: uuid.UUID | str, action: Action) -> Sak:
    """The case for a write (row locked); NotFound for missing and not allowed alike."""
    actor_require(actor, action)
    return access_unit_record(actor, Sak.objects.select_for_update(), sak_id, action=action)


def _relasjon_keep_or_close(*, actor: Ansatt | None, sak: Sak) -> None:
    """Close the office's care relationship unless another open case of the patient keeps it."""
    others = (
        Sak.objects.filter(pasient_id=sak.pasient_id, enhet_id=sak.enhet_id)
        .exclude(status=SakStatus.AVSLUTTET)
        .exclude(pk=sak.pk)
        .exists()
    )
    if others:
        return
    for relasjon in Behandlingsrelasjon.objects.active().filter(
        pasient_id=sak.pasient_id, enhet_id=sak.enhet_id, grunnlag=RelasjonGrunnlag.SAK
    ):
        behandlingsrelasjon_close(actor=actor, relasjon_id=relasjon.pk)


def sak_status_apply(*, actor: Ansatt | None, sak: Sak, til: str) -> Sak:
    """Move a locked case along the state machine, with the care relationship following:
    closed when the case closes, opened again when it is reopened. Audited."""
    fra = sak.status
    sak_overgang_check(fra, til)
    sak.status = til
    fields = ["status", "updated_at"]
    if til == SakStatus.VEDTATT:
        sak.vedtatt_dato = idag()
        fields.append("vedtatt_dato")
    if til == SakStatus.AVSLUTTET:
        sak.avsluttet_at = naa()
        fields.append("avsluttet_at")
    sak.save(update_fields=fields)
    if til == SakStatus.AVSLUTTET:
        _relasjon_keep_or_close(actor=actor, sak=sak)
    elif fra == SakStatus.AVSLUTTET:
        behandlingsrelasjon_open(
            actor=actor,
            pasient_id=sak.pasient_id,
            enhet_id=sak.enhet_id,
            grunnlag=RelasjonGrunnlag.SAK,
        )
    audit_log(
        actor=actor,
        event=AuditEvent.SAK_STATUS_CHANGED,
        target=sak,
        pasient_id=sak.pasient_id,
        extra={"fra": fra, "til": til},
    )
    return sak


@transaction.atomic
def sak_status_set(*, actor: Ansatt | None, sak_id: uuid.UUID | str, status: str) -> Sak:
    """Change a case's status by hand (start, close, reopen); "vedtatt" follows decisions."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    if status == SakStatus.VEDTATT:
        raise ApplicationError(_("En sak blir vedtatt når vedtakene i den er fattet."))
    if status not in SakStatus.values:
        raise ValidationError({"status": [_("Ukjent status.")]})
    return sak_status_apply(actor=actor, sak=sak, til=status)


@transaction.atomic
def sak_assign(
    *, actor: Ansatt | None, sak_id: uuid.UUID | str, saksbehandler_id: uuid.UUID | None
) -> Sak:
    """Set (or clear) the case officer of a case. Audited with old and new officer."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    ny = _saksbehandler(sak.enhet_id, saksbehandler_id)
    gammel = sak.saksbehandler_id
    sak.saksbehandler = ny
    sak.save(update_fields=["saksbehandler", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.SAK_ASSIGNED,
        target=sak,
        pasient_id=sak.pasient_id,
        extra={"fra": str(gammel or ""), "til": str(ny.pk if ny else "")},
    )
    return sak


@transaction.atomic
def sak_notat_create(
    *, actor: Ansatt, sak_id: uuid.UUID | str, type: str, dato: dt.date, tekst: str
) -> SakNotat:
    """Add a note (home visit, assessment talk …) to a case. Notes are never changed."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    tekst = tekst.strip()
    errors: dict[str, list[str]] = {}
    if type not in NotatType.values:
        errors["type"] = [_("Velg type notat.")]
    if not tekst:
        errors["tekst"] = [_("Skriv notatet.")]
    if dato > idag():
        errors["dato"] = [_("Datoen kan ikke være fram i tid.")]
    if errors:
        raise ValidationError(errors)
    notat = SakNotat(sak=sak, type=type, dato=dato, tekst=tekst, skrevet_av=actor)
    notat.full_clean()
    notat.save()
    if sak.status == SakStatus.MOTTATT:
        sak_status_apply(actor=actor, sak=sak, til=SakStatus.UNDER_BEHANDLING)
    audit_log(
        actor=actor,
        event=AuditEvent.SAK_NOTAT_CREATED,
        target=notat,
        pasient_id=sak.pasient_id,
        extra={"sak_id": str(sak.pk), "type": type},
    )
    return notat


IPLOS = "iplos"


@transaction.atomic
def sak_kartlegging_link(*, actor: Ansatt, sak_id: uuid.UUID | str) -> Sak:
    """Link the patient's latest completed IPLOS assessment to the case (the assessment
    the decisions rest on). 400 when the patient has none yet."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    kartlegging = kartlegging_siste(actor=actor, pasient_id=sak.pasient_id, skjema_kode=IPLOS)
    if kartlegging is None:
        raise ApplicationError(_("Pasienten har ingen fullført IPLOS-kartlegging ennå."))
    fra = sak.kartlegging_id
    sak.kartlegging = kartlegging
    sak.save(update_fields=["kartlegging", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.SAK_KARTLEGGING_LINKED,
        target=sak,
        pasient_id=sak.pasient_id,
        extra={"fra": str(fra or ""), "til": str(kartlegging.pk)},
    )
    return sak


def dokument_insert(
    *,
    actor: Ansatt | None,
    sak: Sak,
    type: str,
    tittel: str,
    filnavn: str,
    mimetype: str,
    innhold: bytes,
    vedtak_id: uuid.UUID | None = None,
) -> SakDokument:
    """Store a document with a case (in the caller's transaction). Audited."""
    dokument = SakDokument(
        sak=sak,
        vedtak_id=vedtak_id,
        type=type,
        tittel=tittel[:200],
        filnavn=filnavn[:200],
        mimetype=mimetype[:100],
        innhold=innhold,
        sha256=hashlib.sha256(innhold).hexdigest(),
        storrelse=len(innhold),
        opprettet_av=actor,
    )
    dokument.save()
    audit_log(
        actor=actor,
        event=AuditEvent.SAK_DOKUMENT_CREATED,
        target=dokument,
        pasient_id=sak.pasient_id,
        extra={"sak_id": str(sak.pk), "type": type, "sha256": dokument.sha256},
    )
    return dokument


@transaction.atomic
def sak_vedlegg_add(
    *,
    actor: Ansatt,
    sak_id: uuid.UUID | str,
    tittel: str,
    filnavn: str,
    mimetype: str,
    innhold: bytes,
) -> SakDokument:
    """Attach a document (a scanned application, a statement) to a case."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    if not innhold:
        raise ValidationError({"fil": [_("Velg en fil.")]})
    if len(innhold) > MAX_VEDLEGG:
        raise ValidationError({"fil": [_("Filen kan være høyst 10 MB.")]})
    return dokument_insert(
        actor=actor,
        sak=sak,
        type=DokumentType.VEDLEGG,
        tittel=tittel.strip() or filnavn,
        filnavn=filnavn,
        mimetype=mimetype or "application/octet-stream",
        innhold=innhold,
    )
