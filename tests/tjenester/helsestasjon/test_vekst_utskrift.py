"""The journal print of a child holds the growth charts (registered by helsestasjon through
journal's print-section hook); an adult's print does not, nor a print without measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Kjoenn, Pasient
from journal.selectors import journal_utskrift_get
from journal.views.oversikt import utskrift_document, utskrift_html
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tests.tjenester.helsestasjon.test_vekst_views import _along
from tjenester.helsestasjon.selectors import vekst_for_utskrift

pytestmark = pytest.mark.django_db

ALLE = ("notater", "kritisk", "diagnoser", "malinger", "plan")


def _print(actor: Ansatt, pasient: Pasient, deler: tuple[str, ...] = ALLE) -> Any:
    with acting_as(actor):
        return journal_utskrift_get(
            actor=actor,
            pasient_id=pasient.pk,
            fra=idag() - dt.timedelta(days=30),
            til=idag(),
            deler=deler,
        )


def _texts(box: Any) -> list[str]:
    text = getattr(box, "text", None)
    found = [text] if isinstance(text, str) else []
    for child in getattr(box, "children", ()):
        found += _texts(child)
    return found


def test_a_childs_print_holds_the_growth_charts(helsesykepleier: Ansatt, barn: Pasient) -> None:
    # given: measurements older than the printed period (the charts show them all)
    _along(helsesykepleier, barn, {0: 0.0, 42: 0.1, 183: 0.0, 365: -0.1})

    # when
    utskrift = _print(helsesykepleier, barn)
    html = utskrift_html(utskrift)

    # then
    assert [d.tittel for d in utskrift.tillegg] == ["Vekstkurver"]
    assert 'data-testid="vekstkurver"' in html
    assert html.count('data-testid="vekstkurve"') == 3  # weight, length, head
    assert html.count('data-testid="vekstpunkt"') == 8
    assert "WHO Child Growth Standards" in html
    # and the PDF lays the charts out
    document = utskrift_document(utskrift)
    text = " ".join(t for page in document.pages for t in _texts(page._page_box))
    assert "Vekstkurver" in text
    # and the read of the growth data is audited beside the print
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEKSTKURVE_READ, pasient_id=barn.pk, aktor_id=helsesykepleier.pk
    ).exists()
    printed = AuditLogg.objects.get(hendelse=AuditEvent.JOURNAL_PRINTED, pasient_id=barn.pk)
    assert printed.ekstra["antall"]["tillegg"] == 1


def test_the_print_over_http_is_a_pdf_with_the_charts(
    helsesykepleier: Ansatt, barn: Pasient
) -> None:
    _along(helsesykepleier, barn, {0: 0.0, 183: 0.0})
    today = idag()
    response = logged_in(helsesykepleier).post(
        f"/pasienter/{barn.pk}/utskrift/",
        {
            "fra": (today - dt.timedelta(days=30)).isoformat(),
            "til": today.isoformat(),
            "deler": ["malinger"],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEKSTKURVE_READ, pasient_id=barn.pk
    ).exists()


def test_an_adults_print_has_no_growth_section(helsesykepleier: Ansatt, stasjon: Enhet) -> None:
    voksen = PasientFactory(
        kjonn=Kjoenn.KVINNE, fodselsdato=idag() - dt.timedelta(days=40 * 365), relasjon_til=stasjon
    )
    utskrift = _print(helsesykepleier, voksen)
    assert utskrift.tillegg == []
    assert "vekstkurve" not in utskrift_html(utskrift)
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.VEKSTKURVE_READ).exists()


def test_a_print_without_the_measurements_part_leaves_the_charts_out(
    helsesykepleier: Ansatt, barn: Pasient
) -> None:
    _along(helsesykepleier, barn, {0: 0.0, 42: 0.1})
    utskrift = _print(helsesykepleier, barn, deler=("notater", "kritisk"))
    assert utskrift.tillegg == []
    assert "vekstkurve" not in utskrift_html(utskrift)


def test_the_print_selector_hides_a_child_of_another_station(
    helsesykepleier: Ansatt, fremmed: Ansatt, barn: Pasient
) -> None:
    _along(helsesykepleier, barn, {0: 0.0})
    with acting_as(helsesykepleier):
        assert vekst_for_utskrift(actor=helsesykepleier, pasient_id=barn.pk) is not None
    with acting_as(fremmed), pytest.raises(NotFound):
        vekst_for_utskrift(actor=fremmed, pasient_id=barn.pk)
