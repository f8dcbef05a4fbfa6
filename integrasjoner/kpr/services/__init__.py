"""Writes for the KPR/IPLOS report: order a build of a period (a Celery task builds it with
progress), send a built report to KPR through the outbox, and the outbox receiver that
delivers it and stores KPR's receipt.

The build (rapport_build) walks the period's persons in batches of BATCH: per batch a
constant number of queries (selectors/grunnlag.py), the persons that lack required facts
are listed (`mangler`) and left out, the rest are built into a KPR_IPL document that is
validated against the XSD; a person the schema refuses is listed too and left out. The
batches are joined into one message (streamed into gzip), KPR_IDE is built and validated,
and both are stored with the report. Progress is committed per batch.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, IntegrationError, NotFound
from core.klokke import idag, naa
from core.models import Ansatt, Kommune, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.kith.lib.xsd import xsd_errors
from integrasjoner.kpr.client import meldinger_send
from integrasjoner.kpr.lib.melding import (
    IDE_SKJEMA,
    IPL_SKJEMA,
    Hode,
    Kontakt,
    Person,
    ide_build,
    ipl_build,
    person_index,
    person_mangler,
    xml_bytes,
)
from integrasjoner.kpr.lib.skjema import er_gyldig
from integrasjoner.kpr.models import Kprrapport, RapportStatus
from integrasjoner.kpr.selectors import (
    BATCH,
    acting_kommune,
    periode_har_data,
    personer_bygg,
    personer_i_perioden,
)
from tildeling.models import Brevhode

logger = logging.getLogger(__name__)

KPR_MOTTAKER = "kpr.helsedirektoratet"
HENDELSE_SENDT = "kpr.rapport_sendt"
KPR_HENDELSER = {HENDELSE_SENDT}
MAKS_DAGER = 366
# A build still "bygger" after this long lost its worker and may be ordered again.
STALE_ETTER = dt.timedelta(hours=2)


def periode_check(fra: dt.date, til: dt.date) -> None:
    """A ValidationError (per field, in Norwegian) unless fra–til is a finished period of at
    most a year."""
    if til < fra:
        raise ValidationError({"til": [_("Til-datoen kan ikke være før fra-datoen.")]})
    if til >= idag():
        raise ValidationError(
            {"til": [_("Bare avsluttede perioder kan rapporteres (til-dato før i dag).")]}
        )
    if (til - fra).days >= MAKS_DAGER:
        raise ValidationError({"fra": [_("En rapport kan gjelde høyst ett år.")]})


def loepenummer_for(kommune: Kommune, fra: dt.date, til: dt.date) -> str:
    """The serial number both messages carry: the same for every build of the period."""
    return f"{kommune.nummer}-{fra:%Y%m%d}-{til:%Y%m%d}"


@transaction.atomic
def rapport_start(*, actor: Ansatt, fra: dt.date, til: dt.date) -> Kprrapport:
    """Order a build of the acting office's kommune's report for fra–til (a task builds it).

    A period without any decision or stay is refused with a clear message and nothing is
    written. A build of the same period that is still running is not ordered twice.
    Audited as KPR_RAPPORT_STARTED.
    """
    kommune = acting_kommune(actor)
    periode_check(fra, til)
    if not periode_har_data(kommune_id=kommune.pk, fra=fra, til=til):
        raise ApplicationError(
            _(
                "Ingen vedtak eller opphold i %(k)s i perioden %(f)s–%(t)s. "
                "Det er ingenting å rapportere; velg en annen periode."
            )
            % {"k": kommune.navn, "f": f"{fra:%d.%m.%Y}", "t": f"{til:%d.%m.%Y}"}
        )
    now = naa()
    pagaar = Kprrapport.objects.select_for_update().filter(
        kommune=kommune,
        fra_dato=fra,
        til_dato=til,
        status__in=[RapportStatus.KOET, RapportStatus.BYGGER],
        startet_at__gt=now - STALE_ETTER,
    )
    if pagaar.exists():
        raise ApplicationError(_("Rapporten for denne perioden bygges allerede."))
    rapport = Kprrapport(
        kommune=kommune,
        fra_dato=fra,
        til_dato=til,
        loepenummer=loepenummer_for(kommune, fra, til),
        startet_av=actor,
        startet_at=now,
    )
    rapport.full_clean()
    rapport.save()
    audit_log(
        actor=actor,
        event=AuditEvent.KPR_RAPPORT_STARTED,
        target=rapport,
        extra={"kommune": kommune.nummer, "fra": fra.isoformat(), "til": til.isoformat()},
    )
    from integrasjoner.kpr.tasks import rapport_build as build_task

    rapport_id = str(rapport.pk)
    transaction.on_commit(lambda: build_task.delay(rapport_id))
    return rapport


def _hode(rapport: Kprrapport) -> Hode:
    kommune = rapport.kommune
    brev = Brevhode.objects.filter(kommune=kommune).first()
    navn = brev.avsender if brev else f"{kommune.navn} kommune"
    telefon = brev.telefon if brev else ""
    epost = brev.epost if brev else ""
    return Hode(
        komnr=kommune.nummer,
        kommunenavn=kommune.navn,
        fra=rapport.fra_dato,
        til=rapport.til_dato,
        laget=idag(),
        loepenummer=rapport.loepenummer,
        kontakter=(Kontakt("1", navn, telefon, epost), Kontakt("2", navn, telefon, epost)),
    )


def _split(chunk: bytes) -> tuple[bytes, bytes]:
    """A built KPR_IPL document → (everything up to and with </INNHINFO>, the PERSONs)."""
    head, rest = chunk.split(b"</INNHINFO>", 1)
    return head + b"</INNHINFO>", rest.rsplit(b"</IPLOS>", 1)[0]


def _batch_validate(
    hode: Hode, personer: list[Person], mangler: list[dict[str, str]]
) -> tuple[list[Person], bytes]:
    """The persons the schema accepts (the others go to `mangler`) and their PERSONs.
    Each round leaves out at least one person (xmlschema names up to 20 errors a round)."""
    for _attempt in range(len(personer) + 1):
        if not personer:
            return [], b""
        root = ipl_build(hode, personer)
        if er_gyldig(root, IPL_SKJEMA):
            return personer, _split(xml_bytes(root))[1]
        feil = xsd_errors(root, IPL_SKJEMA) or ["ugyldig etter skjemaet"]
        bad: dict[int, str] = {}
        for f in feil:
            index = person_index(f)
            if index is None:
                raise ApplicationError(_("KPR_IPL er ikke gyldig: %(f)s") % {"f": f})
            bad.setdefault(index, f)
        for index, f in sorted(bad.items()):
            mangler.append(
                {
                    "pasient_id": personer[index].pasient_id,
                    "felt": "skjema",
                    "tekst": _("Avvist av IPLOS-skjemaet: %(f)s") % {"f": f},
                }
            )
        personer = [p for i, p in enumerate(personer) if i not in bad]
    raise ApplicationError(_("KPR_IPL ble ikke gyldig etter at feilene var fjernet."))


def _claim(rapport_id: uuid.UUID) -> bool:
    return bool(
        Kprrapport.objects.filter(pk=rapport_id, status=RapportStatus.KOET).update(
            status=RapportStatus.BYGGER, feil=""
        )
    )


def rapport_build(*, rapport_id: uuid.UUID) -> str:
    """Build a queued report (the task's body; call outside a transaction). Returns the
    new status, or "opptatt" when it was not ours to build."""
    if not _claim(rapport_id):
        return "opptatt"
    rapport = Kprrapport.objects.select_related("kommune").get(pk=rapport_id)
    try:
        _build(rapport)
    except Exception as exc:  # recorded on the report; the page shows it
        logger.exception("KPR-rapport %s feilet", rapport_id)
        if isinstance(exc, ApplicationError):
            melding = str(exc)
        else:
            melding = _("Uventet feil: %(e)s") % {"e": type(exc).__name__}
        with transaction.atomic():
            Kprrapport.objects.filter(pk=rapport_id).update(
                status=RapportStatus.FEILET, feil=melding[:2000], ferdig_at=naa()
            )
            audit_log(actor=None, event=AuditEvent.KPR_RAPPORT_FAILED, target=rapport)
        return RapportStatus.FEILET
    return RapportStatus.KLAR


def _build(rapport: Kprrapport) -> None:
    kommune_id = rapport.kommune_id
    fra, til = rapport.fra_dato, rapport.til_dato
    ids = personer_i_perioden(kommune_id=kommune_id, fra=fra, til=til)
    Kprrapport.objects.filter(pk=rapport.pk).update(antall_totalt=len(ids), antall_behandlet=0)
    hode = _hode(rapport)
    mangler: list[dict[str, str]] = []
    rapportert: list[Person] = []
    ipl_buf = io.BytesIO()
    sha = hashlib.sha256()
    with gzip.GzipFile(fileobj=ipl_buf, mode="wb", mtime=0, filename="") as ipl:

        def write(data: bytes) -> None:
            sha.update(data)
            ipl.write(data)

        write(_split(xml_bytes(ipl_build(hode, [])))[0])
        for start in range(0, len(ids), BATCH):
            batch = personer_bygg(
                kommune_id=kommune_id, fra=fra, til=til, pasient_ids=ids[start : start + BATCH]
            )
            ok: list[Person] = []
            for person in batch:
                found = person_mangler(person)
                if found:
                    mangler.extend(
                        {"pasient_id": person.pasient_id, "felt": m.felt, "tekst": m.tekst}
                        for m in found
                    )
                else:
                    ok.append(person)
            valid, persons_xml = _batch_validate(hode, ok, mangler)
            write(persons_xml)
            # Only what KPR_IDE needs is kept for the whole period.
            rapportert.extend(
                Person(
                    pasient_id=p.pasient_id,
                    nummer=p.nummer,
                    identifikator=p.identifikator,
                    identifikator_type=p.identifikator_type,
                    alder=0,
                    kjonn="",
                    komnr="",
                    fra=fra,
                    endret=fra,
                )
                for p in valid
            )
            Kprrapport.objects.filter(pk=rapport.pk).update(
                antall_behandlet=min(start + BATCH, len(ids))
            )
        write(b"</IPLOS>")
    antall_mangler = len({m["pasient_id"] for m in mangler})
    if not rapportert:
        Kprrapport.objects.filter(pk=rapport.pk).update(
            mangler=mangler, antall_mangler=antall_mangler
        )
        raise ApplicationError(
            _(
                "Ingen personer i perioden kunne rapporteres. Rett manglene i listen "
                "og bygg rapporten på nytt."
            )
        )
    ide_root = ide_build(hode, rapportert)
    ide = xml_bytes(ide_root)
    feil = [] if er_gyldig(ide_root, IDE_SKJEMA) else xsd_errors(ide, IDE_SKJEMA) or ["ugyldig"]
    if feil:
        raise ApplicationError(_("KPR_IDE er ikke gyldig: %(f)s") % {"f": "; ".join(feil[:3])})
    with transaction.atomic():
        Kprrapport.objects.filter(pk=rapport.pk).update(
            status=RapportStatus.KLAR,
            ipl_gz=ipl_buf.getvalue(),
            ide_gz=gzip.compress(ide, mtime=0),
            ipl_sha256=sha.hexdigest(),
            antall_rapportert=len(rapportert),
            antall_mangler=antall_mangler,
            mangler=mangler,
            ferdig_at=naa(),
        )
        audit_log(
            actor=None,
            event=AuditEvent.KPR_RAPPORT_BUILT,
            target=rapport,
            extra={"personer": len(rapportert), "mangler": antall_mangler},
        )


@transaction.atomic
def rapport_send(*, actor: Ansatt, rapport_id: uuid.UUID | str) -> Kprrapport:
    """Send a built report to KPR (through the outbox). Audited as KPR_RAPPORT_SENT."""
    kommune = acting_kommune(actor)
    try:
        key = uuid.UUID(str(rapport_id))
    except ValueError as exc:
        raise NotFound from exc
    rapport = (
        Kprrapport.objects.select_for_update()
        .defer("ipl_gz", "ide_gz", "mangler")
        .filter(pk=key, kommune=kommune)
        .first()
    )
    if rapport is None:
        raise NotFound
    if rapport.status != RapportStatus.KLAR:
        raise ApplicationError(_("Bare en ferdig bygget rapport kan sendes."))
    rapport.status = RapportStatus.SENDT
    rapport.sendt_at = naa()
    rapport.sendt_av = actor
    rapport.save(update_fields=["status", "sendt_at", "sendt_av", "updated_at"])
    outbox_publish(
        hendelse=HENDELSE_SENDT,
        payload={"rapport_id": str(rapport.pk), "loepenummer": rapport.loepenummer},
    )
    audit_log(
        actor=actor,
        event=AuditEvent.KPR_RAPPORT_SENT,
        target=rapport,
        extra={"personer": rapport.antall_rapportert, "sha256": rapport.ipl_sha256},
    )
    return rapport


def rapport_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: both messages go to KPR keyed by the delivery's id; KPR's receipt
    is stored on the report. A report that is gone is a permanent failure."""
    rapport = (
        Kprrapport.objects.select_related("kommune")
        .filter(pk=hendelse.payload.get("rapport_id"))
        .first()
    )
    if rapport is None or rapport.ipl_gz is None or rapport.ide_gz is None:
        raise IntegrationError(_("KPR-rapporten finnes ikke lenger."), permanent=True)
    kvittering = meldinger_send(
        loepenummer=rapport.loepenummer,
        kommunenummer=rapport.kommune.nummer,
        fra=rapport.fra_dato.isoformat(),
        til=rapport.til_dato.isoformat(),
        ipl_gz=bytes(rapport.ipl_gz),
        ide_gz=bytes(rapport.ide_gz),
        ipl_sha256=rapport.ipl_sha256,
        antall_personer=rapport.antall_rapportert,
        idempotency_key=str(levering.id),
    )
    Kprrapport.objects.filter(pk=rapport.pk).update(
        status=RapportStatus.KVITTERT, kvittering=kvittering, kvittert_at=naa()
    )
