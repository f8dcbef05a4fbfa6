"""Receiving a message: parse and validate, dedupe by MsgId, route by HER-id, match the
patient, turn the content into records, and answer with one AppRec 1.1 at once.

`melding_receive` is the one code path: the poller, `manage.py melding_motta` and the demo
all call it. It never raises for bad input: every message ends as a `Melding` row (avvist,
parkert or behandlet) with its receipt, and the receipt goes back through the outbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from lxml import etree

from core.audit import AuditEvent, audit_log
from core.context import RequestContext, context_get, new_request_id, request_context
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Enhet
from core.outbox import outbox_publish
from integrasjoner.kith.lib.xsd import XsdFeil, xml_parse
from integrasjoner.meldinger.lib.apprec import Part, apprec_build
from integrasjoner.meldinger.lib.innhold import dialog_les, hendelse_les, legemidler_les
from integrasjoner.meldinger.lib.kodeverk import DIALOG, KJENTE_TYPER, PLO_LOGISTIKK
from integrasjoner.meldinger.lib.msghead import Konvolutt, Meldingsfeil, fritekst, msghead_read
from integrasjoner.meldinger.lib.skjema import gyldig_feil
from integrasjoner.meldinger.models import (
    Applikasjonskvittering,
    Dialogmelding,
    Forsendelsesstatus,
    KvitteringStatus,
    Melding,
    MeldingStatus,
    Retning,
    Samtale,
)
from integrasjoner.meldinger.selectors import enhet_for_herid, systembruker_for
from integrasjoner.meldinger.services.transport import APPREC_HENDELSE
from journal.models import Pasient
from journal.services import pasient_dodsdato_set
from legemidler.models import SamstemmingAnledning
from legemidler.services.samstemming import samstemming_lines_add, samstemming_start
from tildeling.models import DokumentType, Kanal, Sak, SakStatus, Tjenestetype
from tildeling.services import dokument_insert, sak_status_apply, soeknad_create
from tildeling.services.sak import SoeknadData

logger = logging.getLogger(__name__)
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")

VAAR_PROGRAMVARE = "Kommunejournal"
# kodeverk 9151: what a hospital's "Helseopplysninger ved søknad" is taken as an application
# for, until the case officer changes it (hjemmesykepleie).
SOKNAD_TJENESTEKODE = "15"
# Types whose records are made by other apps' services (which may refuse): in a savepoint.
MED_TJENESTEKALL = {"HELSEOPPL_SOKNAD", "MEDISINSKE_OPPLYSNINGER", "LOG_DOD"}


@dataclass(frozen=True)
class Mottak:
    """What receiving one message gave: its row, the receipt sent, and whether it was a
    repeat of a message we had already processed."""

    melding: Melding
    kvittering: Applikasjonskvittering
    duplikat: bool = False


# --- receipts ------------------------------------------------------------------------------


def _kvitter(
    melding: Melding,
    status: str,
    feil: list[tuple[str, str]],
    *,
    hendelse: AuditEvent,
    extra: dict[str, Any] | None = None,
    tidspunkt: dt.datetime | None = None,
) -> Applikasjonskvittering:
    """Build, validate and store one AppRec for `melding`, publish it for sending, and
    write the one audit row of what happened to the message (`hendelse`, with the
    receipt's status and codes), all in the caller's transaction."""
    kvittering_id = str(uuid.uuid4())
    tidspunkt = tidspunkt or naa()  # the outcome's time when given: one clock read less
    xml = apprec_build(
        id=kvittering_id,
        tidspunkt=tidspunkt,
        avsender=Part(melding.mottaker_navn or VAAR_PROGRAMVARE, melding.mottaker_herid),
        mottaker=Part(melding.avsender_navn, melding.avsender_herid),
        status=status,
        feil=feil,
        original_type=melding.meldingstype,
        original_id=melding.msg_id or melding.transport_id,
        original_dato=melding.gen_date,
    )
    feil_i_kvittering = gyldig_feil(xml_parse(xml), "AppRec-v1.1.xsd")
    if feil_i_kvittering:  # we never send a receipt that does not validate
        raise XsdFeil("AppRec-v1.1.xsd", feil_i_kvittering)
    tekst = xml.decode("utf-8")
    kvittering = Applikasjonskvittering.objects.create(
        melding=melding,
        msg_id=kvittering_id,
        status=status,
        feil=[{"kode": k, "tekst": t} for k, t in feil],
        xml=tekst,
    )
    if melding.avsender_herid or melding.transport_id:
        outbox_publish(
            hendelse=APPREC_HENDELSE,
            payload={
                "kvittering_id": str(kvittering.pk),
                "avsender_herid": melding.mottaker_herid,
                "mottaker_herid": melding.avsender_herid,
                "gjelder_transport_id": melding.transport_id,
                "xml": tekst,
            },
            pasient_id=melding.pasient_id,
        )
    audit_log(
        actor=None,
        event=hendelse,
        target=melding,
        pasient_id=melding.pasient_id,
        extra={
            "type": melding.meldingstype,
            "kvittering": {"id": kvittering_id, "status": status, "feil": [k for k, _ in feil]},
            **(extra or {}),
        },
    )
    return kvittering


# --- storing what came ---------------------------------------------------------------------


def _fra_konvolutt(melding: Melding, k: Konvolutt) -> None:
    melding.msg_id = k.msg_id
    melding.meldingstype = k.type[:40]
    melding.forsendelsesstatus = (
        k.forsendelsesstatus if k.forsendelsesstatus in Forsendelsesstatus.values else ""
    )
    melding.gen_date = (
        k.gen_date.replace(tzinfo=OSLO)  # MsgHead times without offset are Norwegian
        if k.gen_date is not None and k.gen_date.tzinfo is None
        else k.gen_date
    )
    melding.avsender_herid = (k.avsender_herider[-1] if k.avsender_herider else "")[:12]
    melding.avsender_navn = k.avsender_navn
    melding.mottaker_herid = (k.mottaker_herider[-1] if k.mottaker_herider else "")[:12]
    melding.mottaker_navn = k.mottaker_navn
    melding.pasient_ref = k.pasient_fnr
    melding.pasient_navn = k.pasient_navn
    melding.konversasjon_ref = k.konversasjon_ref
    melding.ref_til_melding = k.ref_til_forelder


def _avvis(
    melding: Melding, feil: list[tuple[str, str]], *, status: str = MeldingStatus.AVVIST
) -> Applikasjonskvittering:
    melding.status = status
    melding.feil = [{"kode": k, "tekst": t} for k, t in feil]
    melding.behandlet_at = naa()
    _lagre(melding)
    hendelse = (
        AuditEvent.MELDING_PARKED
        if status == MeldingStatus.PARKERT
        else AuditEvent.MELDING_REJECTED
    )
    return _kvitter(
        melding, KvitteringStatus.AVVIST, feil, hendelse=hendelse, tidspunkt=melding.behandlet_at
    )


# What processing changes on a stored message (never the XML: rewriting a 2 MB message
# twice is most of its cost).
_ENDRES = [
    "status",
    "feil",
    "resultat",
    "behandlet_at",
    "enhet",
    "pasient",
    "forrige_versjon",
    "koblet_av",
    "updated_at",
]


def _lagre(melding: Melding) -> None:
    if melding._state.adding:
        melding.save()
    else:
        melding.save(update_fields=_ENDRES)


def _ny_melding(xml: bytes, transport_id: str) -> Melding:
    return Melding(
        retning=Retning.INN,
        transport_id=transport_id[:100],
        sha256=hashlib.sha256(xml).hexdigest(),
        storrelse=len(xml),
    )


def _tekst_av(xml: bytes) -> str:
    return xml.decode("utf-8", "replace").replace("\x00", "")


# --- acting in the receiving unit ----------------------------------------------------------


@contextmanager
def _i_enheten(enhet: Enhet) -> Iterator[None]:
    """Act as the system in the receiving unit: records made from a message belong to the
    unit the sender addressed (journal.access lets actor=None act in a system context)."""
    current = context_get()
    ctx = RequestContext(
        request_id=current.request_id if current else new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode="meldinger",
    )
    with request_context(ctx):
        yield


@contextmanager
def _som_systembruker(enhet: Enhet, actions: set[Action]) -> Iterator[None]:
    """Act as the mapping's system user (for services that need a person on the record),
    with only the rights the record needs; journal.access still requires the unit's care
    relationship with the patient."""
    current = context_get()
    ctx = RequestContext(
        request_id=current.request_id if current else new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode="meldinger",
        actions=frozenset(a.value for a in actions),
    )
    with request_context(ctx):
        yield


# --- what each message type becomes --------------------------------------------------------


def _dok(k: Konvolutt) -> etree._Element:
    if k.dokument is None:  # _receive rejects these before any effect
        raise Meldingsfeil("T10", "Meldingen har ikke noe fagdokument")
    return k.dokument


def _resultat(type: str, tekst: str, id: str = "", **extra: Any) -> dict[str, Any]:
    return {"type": type, "id": id, "tekst": tekst, **extra}


def _soknad(
    melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet, xml: bytes
) -> dict[str, Any]:

    dokument = _dok(k)
    tjeneste = Tjenestetype.objects.gyldige(idag()).filter(kode=SOKNAD_TJENESTEKODE).first()
    if tjeneste is None:
        return _resultat(
            "merknad", f"Tjenestetype {SOKNAD_TJENESTEKODE} finnes ikke; ingen søknad laget."
        )
    beskrivelse = (
        f"Helseopplysninger fra {melding.avsender_navn} (melding {melding.msg_id}). "
        + fritekst(dokument, "TypeInnhold", "Merknad", maks=800)
    )
    with _i_enheten(enhet):
        sak = soeknad_create(
            actor=None,
            data=SoeknadData(
                mottatt_dato=idag(),
                tjenester=[(tjeneste.pk, "")],
                pasient_id=pasient.pk,
                kanal=Kanal.SYKEHUS,
                beskrivelse=beskrivelse[:1000],
            ),
        )
        dokument_insert(
            actor=None,
            sak=sak,
            type=DokumentType.VEDLEGG,
            tittel="Helseopplysninger ved søknad (PLO)",
            filnavn=f"helseopplysninger-{melding.msg_id[:40]}.xml",
            mimetype="application/xml",
            innhold=xml,
        )
    return _resultat("sak", "Søknad registrert med meldingen som vedlegg", str(sak.pk))


def _legemidler(melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet) -> dict[str, Any]:

    dokument = _dok(k)
    linjer = legemidler_les(dokument)
    systembruker = systembruker_for(melding.mottaker_herid)
    if systembruker is None:
        return _resultat(
            "merknad", "Legemiddellisten ligger i meldingen; ingen systembruker for samstemming."
        )
    with _som_systembruker(enhet, {Action.ADMINISTER_MEDICATION}):
        samstemming = samstemming_start(
            actor=systembruker,
            pasient_id=pasient.pk,
            anledning=SamstemmingAnledning.ANNET,
            kilde=f"Medisinske opplysninger fra {melding.avsender_navn}"[:300],
        )
        samstemming_lines_add(actor=systembruker, samstemming_id=samstemming.pk, innkommende=linjer)
    return _resultat(
        "samstemming",
        f"Innkommende legemiddelliste ({len(linjer)} legemidler) til samstemming",
        str(samstemming.pk),
    )


def _logistikk(melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet) -> dict[str, Any]:
    dokument = _dok(k)
    hendelse = hendelse_les(dokument)
    tekst = hendelse.beskrivelse or hendelse.tekst if hendelse else melding.meldingstype
    if k.type == "LOG_DOD" and hendelse is not None and hendelse.dato is not None:
        with _i_enheten(enhet):
            pasient_dodsdato_set(
                actor=None,
                pasient_id=pasient.pk,
                dato=hendelse.dato,
                kilde=f"melding {melding.msg_id}",
            )
        return _resultat(
            "dodsdato", f"Dødsdato {hendelse.dato:%d.%m.%Y} registrert", str(pasient.pk)
        )
    return _resultat(
        "hendelse",
        tekst[:500],
        "",
        dato=hendelse.dato.isoformat() if hendelse and hendelse.dato else None,
    )


def _dialog(melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet) -> dict[str, Any]:
    dokument = _dok(k)
    innhold = dialog_les(dokument)
    ref = k.konversasjon_ref or k.msg_id
    samtale, _ny = Samtale.objects.get_or_create(
        pasient=pasient,
        konversasjon_ref=ref[:100],
        defaults={
            "enhet": enhet,
            "tema": innhold.tema,
            "motpart_herid": melding.avsender_herid,
            "motpart_navn": melding.avsender_navn,
        },
    )
    svar_paa = None
    if k.ref_til_forelder:
        svar_paa = Dialogmelding.objects.filter(
            samtale=samtale, melding__msg_id=k.ref_til_forelder
        ).first()
    dialog = Dialogmelding(
        samtale=samtale,
        melding=melding,
        retning=Retning.INN,
        type=k.type,
        tema=innhold.tema,
        tekst=innhold.tekst or innhold.tema or "-",
        avsender_navn=(innhold.fra or melding.avsender_navn)[:300],
        svar_paa=svar_paa,
    )
    # `melding` is inserted when its outcome is known, later in this transaction (foreign
    # keys are checked at commit); the line has no unique fields to look up
    dialog.full_clean(exclude=["samtale", "melding", "svar_paa"], validate_unique=False)
    dialog.save()
    if not _ny:
        samtale.save(update_fields=["updated_at"])
    return _resultat("samtale", f"Dialogmelding: {innhold.tema}"[:300], str(samtale.pk))


def _virkning(
    melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet, xml: bytes
) -> dict[str, Any]:
    """The record a message becomes. Messages we only show (a report, an Innleggelsesrapport
    addressed to us) stay on the unit's worklist as received documents."""
    if k.type == "HELSEOPPL_SOKNAD":
        return _soknad(melding, k, pasient, enhet, xml)
    if k.type == "MEDISINSKE_OPPLYSNINGER":
        return _legemidler(melding, k, pasient, enhet)
    if k.type in PLO_LOGISTIKK:
        return _logistikk(melding, k, pasient, enhet)
    if k.type in DIALOG:
        return _dialog(melding, k, pasient, enhet)
    if k.type == "UTSKRIVNINGSRAPPORT":
        return _resultat(
            "dokument", "Utskrivningsrapport mottatt: oppgave på enhetens arbeidsliste"
        )
    return _resultat("dokument", "Mottatt dokument på enhetens arbeidsliste")


def _med_virkning(
    melding: Melding, k: Konvolutt, pasient: Pasient, enhet: Enhet, xml: bytes
) -> list[dict[str, Any]]:
    """Run the effect in a savepoint: a record the lower layers refuse (no care relationship,
    an ongoing reconciliation, a duplicate case) becomes a note on the message for the
    unit to act on, never a lost message."""
    if k.type not in MED_TJENESTEKALL:  # only our own rows: nothing to refuse
        return [_virkning(melding, k, pasient, enhet, xml)]
    try:
        with transaction.atomic():
            return [_virkning(melding, k, pasient, enhet, xml)]
    except (ApplicationError, ValidationError, NotFound) as e:
        tekst = "; ".join(e.messages) if isinstance(e, ValidationError) else str(e)
        return [
            _resultat("merknad", f"Ikke registrert automatisk: {tekst or type(e).__name__}"[:500])
        ]


# --- Endring and Kansellering --------------------------------------------------------------


def _tidligere(melding: Melding) -> Melding | None:
    """The earlier message an Endring or Kansellering is about: by ConversationRef's
    RefToParent when given, else the latest of the same type from the same sender about
    the same patient."""
    qs = Melding.objects.filter(retning=Retning.INN).exclude(pk=melding.pk)
    if melding.ref_til_melding:
        funnet = qs.filter(msg_id=melding.ref_til_melding).first()
        if funnet is not None:
            return funnet
    return (
        qs.filter(
            meldingstype=melding.meldingstype,
            avsender_herid=melding.avsender_herid,
            pasient=melding.pasient,
            status__in=[MeldingStatus.BEHANDLET, MeldingStatus.MOTTATT],
        )
        .order_by("-created_at")
        .first()
    )


def _angre(tidligere: Melding, *, ny_status: str) -> list[dict[str, Any]]:
    """Undo what `tidligere` became where nobody has acted on it; say where they have."""

    notater: list[dict[str, Any]] = []
    if tidligere.haandtert_at is not None:
        notater.append(
            _resultat(
                "varsel",
                f"Den tidligere meldingen var allerede håndtert {tidligere.haandtert_at:%d.%m.%Y}: "
                "sjekk hva som ble gjort.",
                str(tidligere.pk),
            )
        )
    for r in tidligere.resultat:
        if r.get("type") == "sak" and r.get("id"):
            sak = Sak.objects.select_for_update().filter(pk=r["id"]).first()
            if sak is not None and sak.status == SakStatus.MOTTATT:
                with _i_enheten(Enhet.objects.get(pk=sak.enhet_id)):
                    sak_status_apply(actor=None, sak=sak, til=SakStatus.AVSLUTTET)
                notater.append(
                    _resultat(
                        "angret", "Søknaden fra den tidligere meldingen er avsluttet", str(sak.pk)
                    )
                )
            elif sak is not None:
                notater.append(
                    _resultat(
                        "varsel",
                        "Søknaden er allerede under behandling: vurder den på nytt",
                        str(sak.pk),
                    )
                )
        elif r.get("type") in ("samstemming", "dodsdato"):
            notater.append(
                _resultat(
                    "varsel",
                    f"Kan ikke angres automatisk: {r.get('tekst', '')}"[:500],
                    str(r.get("id", "")),
                )
            )
    tidligere.status = ny_status
    tidligere.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=None,
        event=AuditEvent.MELDING_CANCELLED
        if ny_status == MeldingStatus.KANSELLERT
        else AuditEvent.MELDING_REPLACED,
        target=tidligere,
        pasient_id=tidligere.pasient_id,
        extra={"notater": [n["type"] for n in notater]},
    )
    return notater


# --- the one entry point -------------------------------------------------------------------


def _duplikat(eksisterende: Melding) -> Mottak:
    """The same MsgId again: nothing is processed again; the receipt is sent again, with
    the first one's status and errors."""
    forrige = eksisterende.kvitteringer.order_by("-created_at").first()
    status = forrige.status if forrige else KvitteringStatus.OK
    feil = [(f["kode"], f.get("tekst", "")) for f in (forrige.feil if forrige else [])]
    kvittering = _kvitter(eksisterende, status, feil, hendelse=AuditEvent.MELDING_DUPLICATE)
    return Mottak(eksisterende, kvittering, duplikat=True)


def _gjenhentet(tidligere: Melding) -> Mottak:
    """The same mailbox message fetched again (a worker died before marking it read, or
    the mark was lost): nothing is processed again, and no second receipt is made, since
    the first one was stored and queued in the outbox with the message and is delivered
    exactly once from there."""
    kvittering = tidligere.kvitteringer.order_by("-created_at").first()
    if kvittering is None:  # not expected: receipts are stored with the message
        return _duplikat(tidligere)
    audit_log(
        actor=None,
        event=AuditEvent.MELDING_DUPLICATE,
        target=tidligere,
        pasient_id=tidligere.pasient_id,
        extra={
            "type": tidligere.meldingstype,
            "gjenhentet": tidligere.transport_id,
            "kvittering": {"id": kvittering.msg_id, "status": kvittering.status, "ny": False},
        },
    )
    return Mottak(tidligere, kvittering, duplikat=True)


def _receive(xml: bytes, transport_id: str) -> Mottak:
    if transport_id:
        hentet = Melding.objects.filter(retning=Retning.INN, transport_id=transport_id[:100])
        if (tidligere := hentet.first()) is not None:  # fetched again, not marked read
            return _gjenhentet(tidligere)
    melding = _ny_melding(xml, transport_id)
    if len(xml) > settings.MELDINGER_MAKS_BYTE:
        melding.save()
        maks = settings.MELDINGER_MAKS_BYTE // 1_000_000
        return Mottak(melding, _avvis(melding, [("T99", f"Meldingen er større enn {maks} MB")]))
    try:
        k = msghead_read(xml)
    except Meldingsfeil as e:
        melding.xml = _tekst_av(xml)
        melding.save()
        return Mottak(melding, _avvis(melding, [(e.kode, e.tekst)]))
    _fra_konvolutt(melding, k)
    melding.xml = _tekst_av(xml)
    # The row is inserted once, when the message's outcome is known (`_lagre`). A MsgId we
    # already have fails that insert on the unique constraint: `melding_receive` then rolls
    # back everything this message did and receipts it as the duplicate it is. (No look-up
    # first: one round trip less per message, and a concurrent worker's copy of the same
    # message waits on the index instead of racing past a look-up.)
    if k.type not in KJENTE_TYPER or k.dokument is None:
        return Mottak(melding, _avvis(melding, [("T10", f"Meldingstypen støttes ikke: {k.type}")]))
    enhet = next(
        (funnet for h in reversed(k.mottaker_herider) if (funnet := enhet_for_herid(h))), None
    )
    if enhet is None:
        herider = ", ".join(k.mottaker_herider) or "ingen"
        return Mottak(
            melding, _avvis(melding, [("E21", f"Ingen mottaker her med HER-id {herider}")])
        )
    melding.enhet = enhet
    if not k.pasient_fnr:
        return Mottak(melding, _avvis(melding, [("E30", "")], status=MeldingStatus.PARKERT))
    pasient = Pasient.objects.filter(identifikator=k.pasient_fnr).first()
    if pasient is None:
        return Mottak(
            melding,
            _avvis(
                melding, [("E35", f"Ukjent pasient {k.pasient_navn}")], status=MeldingStatus.PARKERT
            ),
        )
    melding.pasient = pasient
    kvittering = behandle(melding, k, pasient, enhet, xml)
    if kvittering is None:  # only when asked not to receipt
        raise RuntimeError("behandle uten kvittering")
    return Mottak(melding, kvittering)


def behandle(
    melding: Melding,
    k: Konvolutt,
    pasient: Pasient,
    enhet: Enhet,
    xml: bytes,
    *,
    kvitter: bool = True,
) -> Applikasjonskvittering | None:
    """Turn a routed, matched message into records, and receipt it OK (`kvitter=False`
    after manual matching: the sender has had its receipt)."""
    resultat: list[dict[str, Any]] = []
    if melding.forsendelsesstatus in (Forsendelsesstatus.ENDRING, Forsendelsesstatus.KANSELLERING):
        tidligere = _tidligere(melding)
        if tidligere is None and melding.forsendelsesstatus == Forsendelsesstatus.KANSELLERING:
            return _avvis(melding, [("E10", "Kansellering av en melding vi ikke har mottatt")])
        if tidligere is not None:
            kansellering = melding.forsendelsesstatus == Forsendelsesstatus.KANSELLERING
            resultat += _angre(
                tidligere,
                ny_status=MeldingStatus.KANSELLERT if kansellering else MeldingStatus.ERSTATTET,
            )
            melding.forrige_versjon = tidligere
            if kansellering:
                resultat.append(
                    _resultat(
                        "kansellert", "Meldingen er trukket tilbake av avsender", str(tidligere.pk)
                    )
                )
    if melding.forsendelsesstatus != Forsendelsesstatus.KANSELLERING:
        resultat += _med_virkning(melding, k, pasient, enhet, xml)
    melding.resultat = resultat
    melding.status = MeldingStatus.BEHANDLET
    melding.behandlet_at = naa()
    melding.feil = []
    _lagre(melding)
    extra = {"resultat": [r["type"] for r in resultat]}
    if kvitter:
        return _kvitter(
            melding,
            KvitteringStatus.OK,
            [],
            hendelse=AuditEvent.MELDING_PROCESSED,
            extra=extra,
            tidspunkt=melding.behandlet_at,
        )
    audit_log(
        actor=None,
        event=AuditEvent.MELDING_PROCESSED,
        target=melding,
        pasient_id=pasient.pk,
        extra={"type": melding.meldingstype, **extra},
    )
    return None


def _msg_id_av(xml: bytes) -> str:
    try:
        return msghead_read(xml).msg_id
    except Meldingsfeil:
        return ""


def melding_receive(*, xml: bytes, transport_id: str = "") -> Mottak:
    """Receive one message (MsgHead XML as bytes) and answer it with one AppRec. Never
    raises for what the sender sent: an unexpected error is kept as a rejected message
    with X99 (and logged), so the poller goes on. A MsgId we already have is processed
    once: this copy's work is rolled back and the earlier outcome receipted again."""
    try:
        with transaction.atomic():
            return _receive(xml, transport_id)
    except IntegrityError:
        msg_id = _msg_id_av(xml)
        with transaction.atomic():
            eksisterende = (
                Melding.objects.filter(retning=Retning.INN, msg_id=msg_id).first()
                if msg_id
                else None
            )
            if eksisterende is not None:
                return _duplikat(eksisterende)
        logger.exception("Melding %s kunne ikke behandles", transport_id or "(fil)")
    except Exception:
        logger.exception("Melding %s kunne ikke behandles", transport_id or "(fil)")
    with transaction.atomic():
        melding = _ny_melding(xml, transport_id)
        melding.xml = _tekst_av(xml[: settings.MELDINGER_MAKS_BYTE])
        melding.save()
        return Mottak(melding, _avvis(melding, [("X99", "Intern feil ved behandling")]))
