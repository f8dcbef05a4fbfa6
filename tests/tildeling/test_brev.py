"""The decision letter: målform (bokmål / nynorsk), letterhead, stored once, downloads audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Maalform, Pasient
from tildeling.models import Brevhode, DokumentType, SakDokument, Tjenestetype, Utfall
from tildeling.services.brev import vedtaksbrev_download, vedtaksbrev_html
from tildeling.services.vedtak import VedtakData, vedtak_draft_create

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def _texts(box: Any) -> Iterator[str]:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        yield text
    for child in getattr(box, "children", []) or []:
        yield from _texts(child)


def _pdf_text(html: str) -> str:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pages = HTML(string=html).render().pages
    return " ".join(" ".join(_texts(p._page_box)) for p in pages)


def test_nynorsk_patient_gets_a_nynorsk_letter(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given: Olav has målform nynorsk
    assert soker.malform == Maalform.NYNORSK
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when
    text = " ".join(_pdf_text(vedtaksbrev_html(vedtak)).split())
    # then
    assert "Vedtak om Helsetenester i heimen (heimesjukepleie)" in text
    assert "Kommunen har gjort vedtak om helsetenester i heimen" in text
    assert "Du har fått innvilga" in text
    assert "Omfang: 3 besøk per veke." in text
    assert "Du kan klage på vedtaket. Klagefristen er tre veker frå du fekk dette brevet" in text
    assert "Grunngjeving" in text
    assert "Med helsing" in text
    assert "tre uker" not in text
    assert "Med hilsen" not in text


def test_bokmaal_patient_gets_a_bokmaal_refusal_with_the_letterhead(
    as_saksbehandler: Ansatt, kontor: Enhet, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    from tests.factories import PasientFactory

    pasient = PasientFactory(fornavn="Berit", etternavn="Bokmål")
    Brevhode.objects.create(
        kommune=kontor.virksomhet.kommune,
        navn="Testvik kommune",
        avsender="Tildelingskontoret",
        adresse="Rådhusgata 1",
        logotekst="TESTVIK",
    )
    sak = sak_new(as_saksbehandler, pasient, katalog["1"])
    vedtak = fattet(
        as_saksbehandler,
        sak,
        VedtakData(katalog["1"].pk, utfall=Utfall.AVSLAG, begrunnelse="Du klarer husarbeidet."),
    )
    # when
    text = " ".join(_pdf_text(vedtaksbrev_html(vedtak)).split())
    # then
    assert "TESTVIK" in text
    assert "Rådhusgata 1" in text
    assert "Søknaden din om praktisk bistand – daglige gjøremål er avslått." in text
    assert "Klagefristen er tre uker fra du mottok dette brevet" in text
    assert "Du klarer husarbeidet." in text
    assert "Egenandel" not in text


def test_letter_is_stored_once_and_every_download_audited(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when
    first = vedtaksbrev_download(actor=as_saksbehandler, vedtak_id=vedtak.pk)
    second = vedtaksbrev_download(actor=as_saksbehandler, vedtak_id=vedtak.pk)
    # then
    assert first.pk == second.pk
    assert bytes(first.innhold).startswith(b"%PDF")
    assert len(first.sha256) == 64
    assert SakDokument.objects.filter(vedtak=vedtak, type=DokumentType.VEDTAKSBREV).count() == 1
    downloads = AuditLogg.objects.filter(
        hendelse=AuditEvent.VEDTAKSBREV_DOWNLOADED, pasient_id=soker.pk
    )
    assert downloads.count() == 2


def test_no_letter_for_a_draft(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    utkast = vedtak_draft_create(
        actor=as_saksbehandler, sak_id=sak.pk, data=innvilget(katalog["15"], enhet)
    )
    # when / then
    with pytest.raises(ApplicationError, match="når vedtaket er fattet"):
        vedtaksbrev_download(actor=as_saksbehandler, vedtak_id=utkast.pk)
