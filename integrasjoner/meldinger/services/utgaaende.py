"""Outgoing messages: build from our data, validate (envelope and payload XSD), store, send
through the outbox to the EDI 2.0 message service, and track until the AppRec arrives.

    utgaaende_create     every message passes here: an invalid one is refused (the user
                         sees why) and never stored or sent
    innleggelsesrapport_send, helseopplysninger_lege_send, dialog_send, dialog_svar_send
                         what staff send from the patient's page
    dialog_svar_create   from "melding.dialog_svar" (an answer in a conversation, inbound side)
    orientering_create   from the "tildeling.vedtak_fattet" outbox event (one per vedtak)
    utgaaende_deliver    outbox receiver: POST to the message service, mark sent
    apprec_register      the inbound code hands us an AppRec: closes the tracking
    utgaaende_frist_check  beat task: no receipt in time (or never sent) → alert
    varsel_close         a person has seen to an alert
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from core.audit import AuditEvent, audit_log
from core.exceptions import IntegrationError
from core.klokke import idag, naa
from core.models import Action, Ansatt, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.meldinger import client
from integrasjoner.meldinger.lib.apprec_les import apprec_les
from integrasjoner.meldinger.lib.bygg_dialog import DIALOG_TYPER, Dialog, dialog_build
from integrasjoner.meldinger.lib.bygg_msghead import (
    Konvolutt,
    Part,
    PasientInfo,
    Person,
    melding_errors,
    msghead_wrap,
)
from integrasjoner.meldinger.lib.bygg_plo import (
    SKJEMA,
    Dodsfall,
    Innleggelse,
    Notat,
    Orientering,
    Rapport,
    TilLege,
    Tjeneste,
    helseopplysninger_lege_build,
    innleggelsesrapport_build,
    orientering_build,
    orientering_om_dod_build,
)
from integrasjoner.meldinger.models import (
    AppRecStatus,
    Dialogmelding,
    DialogType,
    Kommunikasjonspart,
    MeldingType,
    Tjenestetype,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)
from integrasjoner.meldinger.selectors.adresse import herid_for_mottaker
from integrasjoner.meldinger.services.arbeidsliste import DIALOG_SVAR_HENDELSE
from journal.access import access_unit_record, pasient_access
from journal.models import Pasient
from tildeling.models import Utfall, Vedtak
from tildeling.services.gp import HENDELSE_VEDTAK_FATTET

logger = logging.getLogger(__name__)

HENDELSE_UTGAAENDE = "meldinger.utgaaende_klar"
EDI_MOTTAKER = "meldinger.edi"
EDI_MOTTAKER_HENDELSER = {HENDELSE_UTGAAENDE}
ORIENTERING_MOTTAKER = "meldinger.orientering"
ORIENTERING_MOTTAKER_HENDELSER = {HENDELSE_VEDTAK_FATTET}
DIALOG_MOTTAKER = "meldinger.dialog_svar"
DIALOG_MOTTAKER_HENDELSER = {DIALOG_SVAR_HENDELSE}
MAKS_TEKST = 8000


# --- building blocks -----------------------------------------------------------------------


def _pasient_info(p: Pasient) -> PasientInfo:
    return PasientInfo(
        etternavn=p.etternavn,
        fornavn=p.fornavn,
        mellomnavn=p.mellomnavn,
        fodselsdato=p.fodselsdato,
        kjonn=p.kjonn,
        ident=p.identifikator,
        ident_type=p.identifikator_type,
    )


def _person(a: Ansatt) -> Person:
    return Person(
        etternavn=a.last_name or a.username,
        fornavn=a.first_name or "-",
        hpr_nummer=a.hpr_nummer or "",
        kategori=a.helsepersonellkategori or "",
        kategori_navn=str(a.get_helsepersonellkategori_display() or ""),
    )


def _part(kp: Kommunikasjonspart, person: Person | None = None) -> Part:
    return Part(
        org_navn=kp.forelder_navn,
        org_herid=kp.forelder_herid,
        tjeneste_navn=kp.navn if person is None else "",
        tjeneste_herid=kp.herid if person is None else "",
        person=person,
    )


def _mottaker_part(kp: Kommunikasjonspart) -> Part:
    """A person party (a GP) is addressed as the person under the organisation."""
    if kp.hpr_nummer:
        etternavn, _sep, fornavn = kp.navn.rpartition(" ")
        return _part(
            kp,
            Person(
                etternavn=etternavn or kp.navn,
                fornavn=fornavn if etternavn else "-",
                herid=kp.herid,
                hpr_nummer=kp.hpr_nummer,
            ),
        )
    return _part(kp)


def _avsender(enhet_id: uuid.UUID, tjenestetype: str) -> Kommunikasjonspart:
    part = herid_for_mottaker(enhet_id=enhet_id, tjenestetype=tjenestetype) or herid_for_mottaker(
        enhet_id=enhet_id
    )
    if part is None:
        raise ValidationError(
            _("Enheten din har ingen HER-id i adresseboken. Be en administrator legge den inn.")
        )
    return part


def _fastlege_part(pasient: Pasient) -> Kommunikasjonspart:
    if pasient.fastlege is None or not pasient.fastlege.hpr_nummer:
        raise ValidationError(_("Pasienten har ingen fastlege registrert."))
    part = herid_for_mottaker(hpr_nummer=pasient.fastlege.hpr_nummer)
    if part is None:
        raise ValidationError(_("Fastlegen har ingen HER-id i adresseboken."))
    return part


def _tekst(verdi: str, felt: str) -> str:
    verdi = (verdi or "").strip()
    if not verdi:
        raise ValidationError({felt: _("Skriv en tekst.")})
    if len(verdi) > MAKS_TEKST:
        raise ValidationError({felt: _("Teksten er for lang (høyst 8000 tegn).")})
    return verdi


# --- create (every message) ----------------------------------------------------------------


def _build(konvolutt: Konvolutt, dokument: etree._Element, skjema: str) -> tuple[bytes, list[str]]:
    xml = msghead_wrap(konvolutt, dokument)
    return xml, melding_errors(xml, skjema)


@transaction.atomic
def utgaaende_create(
    *,
    actor: Ansatt | None,
    pasient: Pasient,
    enhet_id: uuid.UUID,
    type: str,
    avsender: Kommunikasjonspart,
    mottaker: Kommunikasjonspart,
    dokument: etree._Element,
    skjema: str,
    sammendrag: str = "",
    svar_paa: str = "",
    samtale: str = "",
    kilde: str | None = None,
) -> UtgaaendeMelding:
    """Wrap `dokument` in MsgHead, validate envelope and payload, store it and queue it for
    sending (on commit). An invalid message raises ValidationError listing why and leaves
    nothing stored and nothing queued."""
    msg_id = str(uuid.uuid4())
    konvolutt = Konvolutt(
        type_kode=type,
        type_navn=str(MeldingType(type).label),
        msg_id=msg_id,
        tidspunkt=naa(),
        avsender=_part(avsender),
        mottaker=_mottaker_part(mottaker),
        pasient=_pasient_info(pasient),
        svar_paa=svar_paa,
        samtale=samtale,
    )
    xml, feil = _build(konvolutt, dokument, skjema)
    if feil:
        logger.warning("Outgoing %s refused by its schema: %s", type, feil[:3])
        raise ValidationError(
            _("Meldingen er ikke gyldig og er ikke sendt: %(feil)s") % {"feil": "; ".join(feil[:5])}
        )
    melding = UtgaaendeMelding(
        pasient=pasient,
        enhet_id=enhet_id,
        type=type,
        msg_id=msg_id,
        avsender_herid=avsender.herid,
        mottaker_herid=mottaker.herid,
        mottaker_navn=f"{mottaker.navn}, {mottaker.forelder_navn}"[:200],
        xml=xml.decode("utf-8"),
        kilde=kilde,
        svar_paa=svar_paa,
        sammendrag=sammendrag[:200],
        opprettet_av=actor,
    )
    melding.full_clean()
    melding.save()
    audit_log(
        actor=actor,
        event=AuditEvent.UTGAAENDE_CREATED,
        target=melding,
        pasient_id=pasient.pk,
        extra={"type": type, "msg_id": msg_id, "mottaker_herid": mottaker.herid},
    )
    outbox_publish(
        hendelse=HENDELSE_UTGAAENDE,
        payload={"melding_id": str(melding.pk), "type": type},
        pasient_id=pasient.pk,
    )
    return melding


def _safe_text(build: Any) -> etree._Element:
    """Run a builder; text lxml cannot put in XML (control characters) is the user's error."""
    try:
        return build()  # type: ignore[no-any-return]
    except ValueError as exc:
        raise ValidationError(
            _("Teksten inneholder tegn som ikke kan sendes i en melding.")
        ) from exc


# --- what staff send -----------------------------------------------------------------------


@transaction.atomic
def innleggelsesrapport_send(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    mottaker_herid: str,
    aarsak: str,
    viktige_opplysninger: str = "",
    tjenester: list[Tjeneste] | None = None,
) -> UtgaaendeMelding:
    """Innleggelsesrapport from the home-care unit to the hospital ward the patient was
    admitted to (write_note right on the patient)."""
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    mottaker = Kommunikasjonspart.objects.filter(herid=mottaker_herid, aktiv=True).first()
    if mottaker is None:
        raise ValidationError({"mottaker": _("Velg en mottaker fra adresseboken.")})
    avsender = _avsender(enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
    aarsak = _tekst(aarsak, "aarsak")
    viktig = (viktige_opplysninger or "").strip()
    data = Innleggelse(
        rapport=Rapport(ansvarlig=_person(actor), godkjent=idag()),
        aarsak=Notat(str(uuid.uuid4()), aarsak, "AAI", "Årsak til innleggelse"),
        viktige_opplysninger=Notat(str(uuid.uuid4()), viktig) if viktig else None,
        tjenester=tjenester or [],
    )
    return utgaaende_create(
        actor=actor,
        pasient=pasient,
        enhet_id=enhet_id,
        type=MeldingType.INNLEGGELSESRAPPORT,
        avsender=avsender,
        mottaker=mottaker,
        dokument=_safe_text(lambda: innleggelsesrapport_build(data)),
        skjema=SKJEMA["INNLEGGELSESRAPPORT"],
        sammendrag=aarsak[:200],
    )


@transaction.atomic
def helseopplysninger_lege_send(
    *, actor: Ansatt, pasient_id: uuid.UUID, enhet_id: uuid.UUID, problemstilling: str
) -> UtgaaendeMelding:
    """Helseopplysninger til lege: home care asks the patient's GP for an assessment."""
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    mottaker = _fastlege_part(pasient)
    avsender = _avsender(enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
    tekst = _tekst(problemstilling, "tekst")
    data = TilLege(
        rapport=Rapport(ansvarlig=_person(actor), godkjent=idag()),
        problemstilling=Notat(str(uuid.uuid4()), tekst, "PROB", "Aktuell problemstilling"),
    )
    return utgaaende_create(
        actor=actor,
        pasient=pasient,
        enhet_id=enhet_id,
        type=MeldingType.HELSEOPPLYSNINGER_LEGE,
        avsender=avsender,
        mottaker=mottaker,
        dokument=_safe_text(lambda: helseopplysninger_lege_build(data)),
        skjema=SKJEMA["HELSEOPPLYSNINGER_LEGE"],
        sammendrag=tekst[:200],
    )


@transaction.atomic
def dodsfall_orienter(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    dato: dt.date,
    beskrivelse: str = "",
) -> UtgaaendeMelding:
    """Pasientlogistikk «Orientering om dødsfall» (LOG_DOD) to the patient's GP, when a
    patient in the unit's care has died (write_note right). Not before the date of birth,
    not in the future."""
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    if dato > idag() or dato < pasient.fodselsdato:
        raise ValidationError({"dato": _("Datoen kan ikke være i fremtiden eller før fødselen.")})
    mottaker = _fastlege_part(pasient)
    avsender = _avsender(enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
    data = Dodsfall(
        rapport=Rapport(ansvarlig=_person(actor), godkjent=idag()),
        dato=dato,
        beskrivelse=(beskrivelse or "").strip()[:MAKS_TEKST],
    )
    return utgaaende_create(
        actor=actor,
        pasient=pasient,
        enhet_id=enhet_id,
        type=MeldingType.LOG_DOD,
        avsender=avsender,
        mottaker=mottaker,
        dokument=_safe_text(lambda: orientering_om_dod_build(data)),
        skjema=SKJEMA["LOG_DOD"],
        sammendrag=str(_("Død %(dato)s") % {"dato": dato.strftime("%d.%m.%Y")}),
    )


@transaction.atomic
def dialog_send(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    type: str,
    tekst: str,
    tema: str = "",
) -> UtgaaendeMelding:
    """A dialog message from home care to the patient's GP: a question (forespørsel) or a
    note (helsefaglig dialog)."""
    if type not in (MeldingType.DIALOG_FORESPORSEL, MeldingType.DIALOG_HELSEFAGLIG):
        raise ValidationError({"type": _("Velg forespørsel eller notat.")})
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    mottaker = _fastlege_part(pasient)
    avsender = _avsender(enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
    tekst = _tekst(tekst, "tekst")
    data = Dialog(type_kode=type, tekst=tekst, forfatter=_person(actor), tema=tema.strip())
    return utgaaende_create(
        actor=actor,
        pasient=pasient,
        enhet_id=enhet_id,
        type=type,
        avsender=avsender,
        mottaker=mottaker,
        dokument=_safe_text(lambda: dialog_build(data)),
        skjema=DIALOG_TYPER[type][1],
        sammendrag=(tema.strip() or tekst)[:200],
    )


@transaction.atomic
def dialog_svar_send(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    svar_paa: str,
    samtale: str = "",
    sporsmal: str,
    mottaker_herid: str,
    tekst: str,
    kilde: str | None = None,
) -> UtgaaendeMelding:
    """The answer (DIALOG_SVAR) to a question received from a GP or hospital: repeats the
    question, refers to its MsgId (ConversationRef)."""
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    mottaker = Kommunikasjonspart.objects.filter(herid=mottaker_herid, aktiv=True).first()
    if mottaker is None:
        raise ValidationError(_("Avsenderen av spørsmålet finnes ikke i adresseboken."))
    avsender = _avsender(enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
    tekst = _tekst(tekst, "tekst")
    data = Dialog(
        type_kode=MeldingType.DIALOG_SVAR,
        tekst=tekst,
        forfatter=_person(actor),
        sporsmal=sporsmal.strip() or "-",
    )
    return utgaaende_create(
        actor=actor,
        pasient=pasient,
        enhet_id=enhet_id,
        type=MeldingType.DIALOG_SVAR,
        avsender=avsender,
        mottaker=mottaker,
        dokument=_safe_text(lambda: dialog_build(data)),
        skjema=DIALOG_TYPER[MeldingType.DIALOG_SVAR][1],
        sammendrag=tekst[:200],
        svar_paa=svar_paa,
        samtale=samtale or svar_paa,
        kilde=kilde,
    )


# --- Orientering om tjenestetilbud from a decided vedtak -----------------------------------


@transaction.atomic
def _unsent(
    *,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    type: str,
    kilde: str,
    feil: str,
    mottaker: Kommunikasjonspart | None,
    sammendrag: str,
) -> UtgaaendeMelding:
    """A message that could not be made is kept, with an alert on the unit's list."""
    melding = UtgaaendeMelding(
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        type=type,
        msg_id=str(uuid.uuid4()),
        mottaker_herid=mottaker.herid if mottaker else "",
        mottaker_navn=mottaker.navn if mottaker else "",
        status=UtgaaendeStatus.FEILET,
        kilde=kilde,
        sammendrag=sammendrag[:200],
        feil=feil,
        varsel=Varsel.IKKE_SENDT,
        varsel_at=naa(),
    )
    melding.full_clean()
    melding.save()
    audit_log(
        actor=None,
        event=AuditEvent.UTGAAENDE_VARSEL,
        target=melding,
        pasient_id=pasient_id,
        extra={"varsel": Varsel.IKKE_SENDT, "feil": feil[:500]},
    )
    return melding


def _orientering_unsent(
    *, vedtak: Vedtak, kilde: str, feil: str, mottaker: Kommunikasjonspart | None
) -> UtgaaendeMelding:
    return _unsent(
        pasient_id=vedtak.pasient_id,
        enhet_id=vedtak.enhet_id,
        type=MeldingType.ORIENTERING_TJENESTETILBUD,
        kilde=kilde,
        feil=feil,
        mottaker=mottaker,
        sammendrag=vedtak.tjenestetype.navn,
    )


def orientering_create(*, payload: dict[str, Any]) -> UtgaaendeMelding | None:
    """The Orientering om tjenestetilbud for a decided vedtak (system). One per vedtak,
    however often the event is delivered; none for a refusal (no service to orient about).
    A patient without a GP, or a GP or office without an address, is kept as an unsent
    message with an alert on the office's list — never dropped silently."""
    if payload.get("utfall") not in (Utfall.INNVILGET, Utfall.DELVIS_INNVILGET):
        return None
    kilde = f"vedtak:{payload['vedtak_id']}"
    existing = UtgaaendeMelding.objects.filter(kilde=kilde).first()
    if existing is not None:
        return existing
    vedtak = (
        Vedtak.objects.select_related(
            "pasient__fastlege", "tjenestetype", "fattet_av", "opprettet_av", "utforende_enhet"
        )
        .filter(pk=payload["vedtak_id"])
        .first()
    )
    if vedtak is None:
        raise IntegrationError(f"Vedtak {payload['vedtak_id']} finnes ikke", permanent=True)
    pasient = vedtak.pasient
    try:
        mottaker = _fastlege_part(pasient)
        avsender = _avsender(vedtak.enhet_id, Tjenestetype.SAKSBEHANDLING)
    except ValidationError as exc:
        return _orientering_unsent(
            vedtak=vedtak, kilde=kilde, feil=" ".join(exc.messages), mottaker=None
        )
    ansvarlig = vedtak.fattet_av or vedtak.opprettet_av
    tjeneste = Tjeneste(
        betegnelse=vedtak.tjenestetype.navn,
        startdato=vedtak.fra_dato,
        sluttdato=vedtak.til_dato,
        antall=Decimal(vedtak.omfang) if vedtak.omfang is not None else None,
        enhet=str(vedtak.get_omfang_enhet_display() or "") if vedtak.omfang is not None else "",
        levert_av=vedtak.utforende_enhet.navn if vedtak.utforende_enhet else "",
    )
    data = Orientering(
        rapport=Rapport(ansvarlig=_person(ansvarlig), godkjent=vedtak.vedtaksdato or idag()),
        tjenester=[tjeneste],
    )
    try:
        return utgaaende_create(
            actor=None,
            pasient=pasient,
            enhet_id=vedtak.enhet_id,
            type=MeldingType.ORIENTERING_TJENESTETILBUD,
            avsender=avsender,
            mottaker=mottaker,
            dokument=orientering_build(data),
            skjema=SKJEMA["ORIENTERING_TJENESTETILBUD"],
            sammendrag=vedtak.tjenestetype.navn,
            kilde=kilde,
        )
    except (ValidationError, ValueError) as exc:
        feil = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _orientering_unsent(vedtak=vedtak, kilde=kilde, feil=feil, mottaker=mottaker)


def orientering_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver for "tildeling.vedtak_fattet": make the orientation (idempotent per
    vedtak); sending it is the next outbox event's job."""
    from core.context import system_context

    with system_context():
        orientering_create(payload=dict(hendelse.payload))


# --- a nurse's answer in a conversation (inbound side's dialog_reply) -----------------------


def dialog_svar_create(*, payload: dict[str, Any]) -> UtgaaendeMelding | None:
    """The Dialogmelding for an answer the inbound side stored (`melding.dialog_svar`): a
    DIALOG_SVAR repeating the question when it answers one, else a helsefaglig dialog; one
    per answer however often the event is delivered. An answer that cannot be built or
    addressed is kept as an unsent message with an alert on the unit's list."""
    kilde = f"dialog:{payload['dialogmelding_id']}"
    existing = UtgaaendeMelding.objects.filter(kilde=kilde).first()
    if existing is not None:
        return existing
    dialog = (
        Dialogmelding.objects.select_related("skrevet_av", "svar_paa", "samtale")
        .filter(pk=payload["dialogmelding_id"])
        .first()
    )
    if dialog is None or dialog.skrevet_av is None:
        raise IntegrationError("Svaret finnes ikke", permanent=True)
    samtale = dialog.samtale
    pasient = Pasient.objects.get(pk=samtale.pasient_id)
    forfatter = dialog.skrevet_av
    mottaker = Kommunikasjonspart.objects.filter(
        herid=str(payload.get("mottaker_herid") or ""), aktiv=True
    ).first()
    try:
        if mottaker is None:
            raise ValidationError(_("Avsenderen av spørsmålet finnes ikke i adresseboken."))
        avsender = _avsender(samtale.enhet_id, Tjenestetype.SYKEPLEIETJENESTE)
        er_svar = dialog.type == DialogType.SVAR and dialog.svar_paa is not None
        type_kode = MeldingType.DIALOG_SVAR if er_svar else MeldingType.DIALOG_HELSEFAGLIG
        data = Dialog(
            type_kode=type_kode,
            tekst=dialog.tekst,
            forfatter=_person(forfatter),
            tema=dialog.tema,
            sporsmal=dialog.svar_paa.tekst if er_svar and dialog.svar_paa else "",
        )
        svar_paa = str(payload.get("svar_paa_msg_id") or "")
        return utgaaende_create(
            actor=forfatter,
            pasient=pasient,
            enhet_id=samtale.enhet_id,
            type=type_kode,
            avsender=avsender,
            mottaker=mottaker,
            dokument=_safe_text(lambda: dialog_build(data)),
            skjema=DIALOG_TYPER[type_kode][1],
            sammendrag=dialog.tekst[:200],
            svar_paa=svar_paa,
            samtale=str(payload.get("konversasjon_ref") or svar_paa),
            kilde=kilde,
        )
    except ValidationError as exc:
        return _unsent(
            pasient_id=pasient.pk,
            enhet_id=samtale.enhet_id,
            type=MeldingType.DIALOG_SVAR,
            kilde=kilde,
            feil=" ".join(exc.messages),
            mottaker=mottaker,
            sammendrag=dialog.tekst[:200],
        )


def dialog_svar_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver for "melding.dialog_svar" (a nurse's answer in a conversation)."""
    from core.context import system_context

    with system_context():
        dialog_svar_create(payload=dict(hendelse.payload))


# --- sending ---------------------------------------------------------------------------------


def utgaaende_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: POST the stored message to the message service (keyed by the
    delivery, so a resend is dropped there) and mark it sent with its receipt deadline.
    A message the service refuses (permanent error) is marked unsent with an alert."""
    melding = UtgaaendeMelding.objects.filter(pk=hendelse.payload.get("melding_id")).first()
    if melding is None:
        raise IntegrationError("Utgående melding finnes ikke", permanent=True)
    if melding.status != UtgaaendeStatus.KLAR:
        return  # already sent (a repeated delivery)
    try:
        transport_id = client.melding_send(
            xml=melding.xml,
            avsender_herid=melding.avsender_herid,
            mottaker_herid=melding.mottaker_herid,
            idempotency_key=str(levering.id),
        )
    except IntegrationError as exc:
        if exc.permanent:
            _mark_unsent(melding.pk, str(exc.message))
        raise
    _mark_sent(melding.pk, transport_id)


@transaction.atomic
def _mark_sent(melding_id: uuid.UUID, transport_id: str) -> None:
    now = naa()
    frist = now + dt.timedelta(minutes=int(settings.MELDINGER_KVITTERING_FRIST_MINUTTER))
    updated = UtgaaendeMelding.objects.filter(pk=melding_id, status=UtgaaendeStatus.KLAR).update(
        status=UtgaaendeStatus.SENDT,
        sendt_at=now,
        kvittering_frist=frist,
        transport_id=transport_id[:100],
        updated_at=now,
    )
    if updated:
        melding = UtgaaendeMelding.objects.get(pk=melding_id)
        audit_log(
            actor=None,
            event=AuditEvent.UTGAAENDE_SENT,
            target=melding,
            pasient_id=melding.pasient_id,
            extra={"msg_id": melding.msg_id, "mottaker_herid": melding.mottaker_herid},
        )


@transaction.atomic
def _mark_unsent(melding_id: uuid.UUID, feil: str) -> None:
    now = naa()
    updated = UtgaaendeMelding.objects.filter(pk=melding_id, status=UtgaaendeStatus.KLAR).update(
        status=UtgaaendeStatus.FEILET,
        feil=feil[:2000],
        varsel=Varsel.IKKE_SENDT,
        varsel_at=now,
        updated_at=now,
    )
    if updated:
        melding = UtgaaendeMelding.objects.get(pk=melding_id)
        audit_log(
            actor=None,
            event=AuditEvent.UTGAAENDE_VARSEL,
            target=melding,
            pasient_id=melding.pasient_id,
            extra={"varsel": Varsel.IKKE_SENDT, "feil": feil[:500]},
        )


# --- receipts and alerts ---------------------------------------------------------------------


@transaction.atomic
def apprec_register(
    *, msg_id: str, status: str, feil: list[dict[str, str]] | list[str] | None = None
) -> UtgaaendeMelding | None:
    """An application receipt (AppRec, status kodeverk 8258) for our message `msg_id`,
    handed over by the inbound code. OK closes the tracking (and any no-receipt alert);
    rejected or OK-with-errors raises an alert on the sending unit's list. None when the
    message is not one of ours. A repeated receipt changes nothing."""
    if status not in AppRecStatus.values:
        raise ValidationError(_("Ukjent kvitteringsstatus: %(s)s") % {"s": status})
    melding = UtgaaendeMelding.objects.select_for_update().filter(msg_id=msg_id).first()
    if melding is None:
        return None
    if melding.apprec_status == status and melding.apprec_at is not None:
        return melding
    now = naa()
    melding.apprec_status = status
    melding.apprec_feil = list(feil or [])
    melding.apprec_at = now
    if status == AppRecStatus.AVVIST:
        melding.status = UtgaaendeStatus.AVVIST
        melding.varsel, melding.varsel_at, melding.varsel_lukket_at = Varsel.AVVIST, now, None
    else:
        melding.status = UtgaaendeStatus.KVITTERT
        if status == AppRecStatus.OK_FEIL:
            melding.varsel = Varsel.FEIL_I_DELMELDING
            melding.varsel_at, melding.varsel_lukket_at = now, None
        elif melding.varsel == Varsel.INGEN_KVITTERING and melding.varsel_lukket_at is None:
            melding.varsel_lukket_at = now  # the late receipt answers the alert
    melding.full_clean()
    melding.save()
    audit_log(
        actor=None,
        event=AuditEvent.UTGAAENDE_APPREC,
        target=melding,
        pasient_id=melding.pasient_id,
        extra={"msg_id": msg_id, "status": status, "feil": melding.apprec_feil[:10]},
    )
    return melding


def apprec_xml_register(*, xml: bytes) -> bool:
    """A document from the mailbox that is an AppRec (answering one of our messages) is
    registered here and never receipted itself; True when it was an AppRec (whether or not
    it answers a message of ours), False for anything else (the inbound side takes it).
    The poller calls this before `melding_receive`."""
    kvittering = apprec_les(xml)
    if kvittering is None:
        return False
    if kvittering.status not in AppRecStatus.values:
        logger.warning(
            "AppRec med ukjent status %r for %s", kvittering.status, kvittering.original_msg_id
        )
        return True
    melding = apprec_register(
        msg_id=kvittering.original_msg_id, status=kvittering.status, feil=kvittering.feil
    )
    if melding is None:
        logger.warning("AppRec for en melding vi ikke kjenner: %s", kvittering.original_msg_id)
    return True


@transaction.atomic
def utgaaende_frist_check() -> int:
    """Beat task: a sent message without a receipt after its deadline, or a message still
    not sent a deadline after it was made, gets an alert on its unit's list. Returns how
    many alerts were raised."""
    now = naa()
    frist = dt.timedelta(minutes=int(settings.MELDINGER_KVITTERING_FRIST_MINUTTER))
    uten_kvittering = list(
        UtgaaendeMelding.objects.select_for_update(skip_locked=True).filter(
            status=UtgaaendeStatus.SENDT, kvittering_frist__lt=now, varsel=Varsel.INGEN
        )
    )
    ikke_sendt = list(
        UtgaaendeMelding.objects.select_for_update(skip_locked=True).filter(
            status=UtgaaendeStatus.KLAR, created_at__lt=now - frist, varsel=Varsel.INGEN
        )
    )
    for melding, varsel in [(m, Varsel.INGEN_KVITTERING) for m in uten_kvittering] + [
        (m, Varsel.IKKE_SENDT) for m in ikke_sendt
    ]:
        melding.varsel, melding.varsel_at = varsel, now
        melding.save(update_fields=["varsel", "varsel_at", "updated_at"])
        audit_log(
            actor=None,
            event=AuditEvent.UTGAAENDE_VARSEL,
            target=melding,
            pasient_id=melding.pasient_id,
            extra={"varsel": varsel, "msg_id": melding.msg_id},
        )
    return len(uten_kvittering) + len(ikke_sendt)


@transaction.atomic
def varsel_close(*, actor: Ansatt, melding_id: uuid.UUID) -> UtgaaendeMelding:
    """A person in the sending unit has seen to the alert (view right in the unit)."""
    melding = access_unit_record(
        actor, UtgaaendeMelding.objects.select_for_update(), melding_id, action=Action.VIEW
    )
    if not melding.varsel_aapent:
        raise ValidationError(_("Meldingen har ikke noe åpent varsel."))
    melding.varsel_lukket_at = naa()
    melding.varsel_lukket_av = actor
    melding.save(update_fields=["varsel_lukket_at", "varsel_lukket_av", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.UTGAAENDE_VARSEL_CLOSED,
        target=melding,
        pasient_id=melding.pasient_id,
    )
    return melding
