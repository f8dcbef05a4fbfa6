"""The decision letter (vedtaksbrev): HTML in the patient's målform, PDF via WeasyPrint,
stored once with the case (SHA-256), every download audited.

Rendered by core.pdf, the one PDF renderer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt
from core.pdf import pdf_render
from journal.models import Maalform
from tildeling.lib.frist import KLAGEFRIST_DAGER
from tildeling.models import Brevhode, DokumentType, OmfangEnhet, SakDokument, Vedtak, VedtakStatus
from tildeling.services.sak import dokument_insert
from tildeling.services.vedtak import vedtak_lock

BREVMALER = {
    Maalform.BOKMAL: "tildeling/brev/vedtaksbrev_nb.html",
    Maalform.NYNORSK: "tildeling/brev/vedtaksbrev_nn.html",
}
OMFANG_NYNORSK: dict[str, str] = {
    OmfangEnhet.TIMER_UKE: "timar per veke",
    OmfangEnhet.BESOK_UKE: "besøk per veke",
    OmfangEnhet.DAGER_UKE: "dagar per veke",
    OmfangEnhet.DOGN: "døgn",
    OmfangEnhet.ANTALL: "gonger",
}


@dataclass(frozen=True)
class Brevhodedata:
    navn: str
    avsender: str
    adresse: str = ""
    postnummer: str = ""
    poststed: str = ""
    telefon: str = ""
    epost: str = ""
    logotekst: str = ""


def brevhode_for(vedtak: Vedtak) -> Brevhodedata:
    """The letterhead of the office's municipality (configured in admin), or its name."""
    kommune = vedtak.enhet.virksomhet.kommune
    hode = Brevhode.objects.filter(kommune=kommune).first()
    if hode is None:
        return Brevhodedata(navn=f"{kommune.navn} kommune", avsender=vedtak.enhet.navn)
    return Brevhodedata(
        navn=hode.navn,
        avsender=hode.avsender,
        adresse=hode.adresse,
        postnummer=hode.postnummer,
        poststed=hode.poststed,
        telefon=hode.telefon,
        epost=hode.epost,
        logotekst=hode.logotekst,
    )


def _omfang(vedtak: Vedtak, nynorsk: bool) -> str:
    if vedtak.omfang is None or not vedtak.omfang_enhet or vedtak.omfang_enhet == OmfangEnhet.INGEN:
        return ""
    tall = (
        vedtak.omfang.normalize() if vedtak.omfang == vedtak.omfang.to_integral() else vedtak.omfang
    )
    tekst = f"{Decimal(tall):f}".replace(".", ",")
    enhet = OMFANG_NYNORSK.get(vedtak.omfang_enhet) if nynorsk else None
    return f"{tekst} {enhet or vedtak.get_omfang_enhet_display()}"


def _in_sentence(navn: str) -> str:
    """ "Helsetjenester i hjemmet" → "helsetjenester i hjemmet"; abbreviations stay."""
    if len(navn) > 1 and navn[1].islower():
        return navn[0].lower() + navn[1:]
    return navn


def vedtaksbrev_html(vedtak: Vedtak) -> str:
    """The letter as HTML, in the patient's målform (nynorsk or bokmål)."""
    pasient = vedtak.pasient
    nynorsk = pasient.malform == Maalform.NYNORSK
    tjeneste = (vedtak.tjenestetype.navn_nynorsk if nynorsk else "") or vedtak.tjenestetype.navn
    return render_to_string(
        BREVMALER[Maalform.NYNORSK if nynorsk else Maalform.BOKMAL],
        {
            "v": vedtak,
            "pasient": pasient,
            "hode": brevhode_for(vedtak),
            "tjeneste": tjeneste,
            "tjeneste_setning": _in_sentence(tjeneste),
            "omfang": _omfang(vedtak, nynorsk),
            "utforende": vedtak.utforende_enhet.navn if vedtak.utforende_enhet else "",
            "klagefrist_dager": KLAGEFRIST_DAGER,
            "saksbehandler": vedtak.fattet_av,
            "godkjent_av": vedtak.godkjent_av,
        },
    )


def vedtaksbrev_pdf(vedtak: Vedtak) -> bytes:
    return pdf_render(vedtaksbrev_html(vedtak))


def _brev(vedtak: Vedtak) -> SakDokument | None:
    return SakDokument.objects.filter(vedtak=vedtak, type=DokumentType.VEDTAKSBREV).first()


def brev_ensure(*, actor: Ansatt | None, vedtak: Vedtak) -> SakDokument:
    """The stored letter of a decision, made (and stored, audited) the first time."""
    if vedtak.status not in (VedtakStatus.FATTET, VedtakStatus.AVSLUTTET):
        raise ApplicationError(_("Vedtaksbrev lages når vedtaket er fattet."))
    dokument = _brev(vedtak)
    if dokument is not None:
        return dokument
    vedtak = Vedtak.objects.select_related(
        "pasient",
        "tjenestetype",
        "enhet__virksomhet__kommune",
        "utforende_enhet",
        "fattet_av",
        "godkjent_av",
    ).get(pk=vedtak.pk)
    innhold = vedtaksbrev_pdf(vedtak)
    dokument = dokument_insert(
        actor=actor,
        sak=vedtak.sak,
        type=DokumentType.VEDTAKSBREV,
        tittel=f"Vedtaksbrev – {vedtak.tjenestetype.navn}",
        filnavn=f"vedtak-{vedtak.pk}.pdf",
        mimetype="application/pdf",
        innhold=innhold,
        vedtak_id=vedtak.pk,
    )
    audit_log(
        actor=actor,
        event=AuditEvent.VEDTAKSBREV_CREATED,
        target=vedtak,
        pasient_id=vedtak.pasient_id,
        extra={
            "dokument_id": str(dokument.pk),
            "sha256": dokument.sha256,
            "malform": vedtak.pasient.malform,
        },
    )
    return dokument


@transaction.atomic
def vedtaksbrev_download(*, actor: Ansatt | None, vedtak_id: uuid.UUID | str) -> SakDokument:
    """The letter for download (made the first time). Every download is audited."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.HANDLE_CASE)
    dokument = brev_ensure(actor=actor, vedtak=vedtak)
    audit_log(
        actor=actor,
        event=AuditEvent.VEDTAKSBREV_DOWNLOADED,
        target=dokument,
        pasient_id=vedtak.pasient_id,
        extra={"vedtak_id": str(vedtak.pk), "sha256": dokument.sha256},
    )
    return dokument


@transaction.atomic
def vedtaksbrev_sent(
    *, actor: Ansatt | None, vedtak_id: uuid.UUID | str, dato: dt.date | None = None
) -> Vedtak:
    """Record that the letter was sent (the appeal deadline runs from then)."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.HANDLE_CASE)
    dato = dato or idag()
    if dato > idag():
        raise ApplicationError(_("Sendt-datoen kan ikke være fram i tid."))
    brev_ensure(actor=actor, vedtak=vedtak)
    if vedtak.vedtaksdato is not None and dato < vedtak.vedtaksdato:
        raise ApplicationError(_("Brevet kan ikke være sendt før vedtaket ble fattet."))
    vedtak.brev_sendt_dato = dato
    vedtak.save(update_fields=["brev_sendt_dato", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.VEDTAKSBREV_SENT,
        target=vedtak,
        pasient_id=vedtak.pasient_id,
        extra={"dato": dato.isoformat()},
    )
    return vedtak
