"""The journal print (PDF): content, page header/footer, blocking, drafts, audit, strangers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient, SperringMal
from journal.selectors import journal_utskrift_get
from journal.services import sperring_create
from journal.views.oversikt import utskrift_document, utskrift_html
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tests.factories import JournalnotatFactory
from tests.journal.tiltaksplan_data import behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db

ALLE = ("notater", "kritisk", "diagnoser", "malinger", "plan")


@pytest.fixture
def leder(enhet: Enhet) -> Ansatt:
    return actor(enhet, "leder", username="leder1")


def _form(**extra: object) -> dict[str, object]:
    today = idag()
    return {
        "fra": (today - dt.timedelta(days=30)).isoformat(),
        "til": today.isoformat(),
        "deler": list(ALLE),
        **extra,
    }


def _texts(box: Any) -> Iterator[str]:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        yield text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def _page_text(page: Any) -> str:
    return " ".join(_texts(page._page_box))


def test_post_returns_a_pdf_and_audits_the_export(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Nattevakt", signert=True)
    # when
    response = logged_in(lege_med_relasjon).post(
        f"/pasienter/{pasient.pk}/utskrift/", _form(deler=["notater", "kritisk"])
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    row = AuditLogg.objects.get(hendelse=AuditEvent.JOURNAL_PRINTED, pasient_id=pasient.pk)
    assert row.aktor_id == lege_med_relasjon.pk
    assert row.grunnlag == "relasjon"
    assert row.ekstra["deler"] == ["notater", "kritisk"]
    assert row.ekstra["til"] == idag().isoformat()
    assert row.ekstra["antall"]["notater"] == 1


def test_every_page_carries_name_identifier_page_numbers_and_print_metadata(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: enough notes for several pages
    for i in range(40):
        JournalnotatFactory(pasient=pasient, enhet=enhet, tittel=f"Notat {i}", signert=True)
    today = idag()
    with acting_as(lege_med_relasjon):
        utskrift = journal_utskrift_get(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today - dt.timedelta(days=1),
            til=today,
            deler=ALLE,
        )
    # when
    html = utskrift_html(utskrift)
    document = utskrift_document(utskrift)
    # then
    assert "counter(page)" in html
    assert "counter(pages)" in html
    assert "running(topptekst)" in html
    pages = document.pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = _page_text(page)
        assert "Kari Østby" in text, f"page {number}"
        assert pasient.identifikator_visning in text, f"page {number}"
        assert f"Side {number} av {len(pages)}" in text, f"page {number}"
        assert "Skrevet ut" in text, f"page {number}"
        assert "Lise Lege" in text, f"page {number}"


def test_drafts_and_blocked_entries_are_not_printed(
    lege_med_relasjon: Ansatt, leder: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: a signed note, a blocked signed note, and the doctor's own draft
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Synlig notat", signert=True)
    blocked = JournalnotatFactory(
        pasient=pasient, enhet=enhet, tittel="Sperret samtale", signert=True
    )
    JournalnotatFactory(
        pasient=pasient, enhet=enhet, tittel="Eget utkast", forfatter=lege_med_relasjon
    )
    with acting_as(leder):
        sperring_create(
            actor=leder,
            pasient_id=pasient.pk,
            mal=SperringMal.ANSATT,
            ansatt_id=lege_med_relasjon.pk,
            objekt_type="journal.Journalnotat",
            objekt_id=str(blocked.pk),
        )
    today = idag()
    # when
    with acting_as(lege_med_relasjon):
        utskrift = journal_utskrift_get(
            actor=lege_med_relasjon, pasient_id=pasient.pk, fra=today, til=today, deler=ALLE
        )
    html = utskrift_html(utskrift)
    # then
    assert "Synlig notat" in html
    assert "Sperret samtale" not in html
    assert "Eget utkast" not in html
    assert [v.tittel for v in utskrift.notater] == ["Synlig notat"]


def test_form_is_shown_and_bad_input_gives_400(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    client = logged_in(lege_med_relasjon)
    # when
    form = client.get(f"/pasienter/{pasient.pk}/utskrift/")
    bad = client.post(f"/pasienter/{pasient.pk}/utskrift/", _form(deler=[]))
    reversed_period = client.post(
        f"/pasienter/{pasient.pk}/utskrift/", _form(fra="2025-02-01", til="2025-01-01")
    )
    # then
    assert form.status_code == 200
    assert 'data-testid="utskrift-skjema"' in form.content.decode()
    assert bad.status_code == reversed_period.status_code == 400
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.JOURNAL_PRINTED).exists()


def test_stranger_gets_404_and_nothing_is_printed(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(ansatt_annen_enhet).post(f"/pasienter/{pasient.pk}/utskrift/", _form())
    # then
    assert response.status_code == 404
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.JOURNAL_PRINTED).exists()
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_READ_REFUSED, aktor_id=ansatt_annen_enhet.pk
    ).exists()


def test_the_active_care_plan_is_printed_with_problems_goals_and_schedules(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: an active plan with a problem, a goal and a tiltak
    plan = plan_make(pasient)
    behov = behov_make(plan, "Fallrisiko")
    maal_make(behov)
    tiltak_make(plan, behov=behov, ukedager=[1, 3, 5])
    today = idag()
    # when
    with acting_as(lege_med_relasjon):
        with_plan = journal_utskrift_get(
            actor=lege_med_relasjon, pasient_id=pasient.pk, fra=today, til=today, deler=ALLE
        )
        without = journal_utskrift_get(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today,
            til=today,
            deler=("notater",),
        )
    html = utskrift_html(with_plan)
    # then
    assert 'data-testid="utskrift-plan"' in html
    assert "Fallrisiko" in html
    assert "Man, ons, fre" in html
    assert 'data-testid="utskrift-plan"' not in utskrift_html(without)
    row = AuditLogg.objects.filter(hendelse=AuditEvent.JOURNAL_PRINTED).order_by("tidspunkt")
    assert row.last().ekstra["antall"]["plan"] == 0  # type: ignore[union-attr]
    assert row.first().ekstra["antall"]["plan"] == 1  # type: ignore[union-attr]
