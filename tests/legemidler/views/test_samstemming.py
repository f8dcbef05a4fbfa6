"""Reconciliation and review pages, and the banner notice on every patient page."""

from __future__ import annotations

import pytest

from core.models import Ansatt, Enhet
from journal.models import Pasient
from legemidler.models import Legemiddelsamstemming
from tests.legemidler.factories import ForordningFactory
from tests.legemidler.views.test_forordning import _client

pytestmark = pytest.mark.usefixtures("katalog")


def test_the_banner_says_not_reconciled_on_journal_pages_too(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    client = _client(lege, avdeling)
    for url in (f"/pasienter/{beboer.pk}/", f"/legemidler/pasient/{beboer.pk}/"):
        html = client.get(url).content.decode()
        assert 'data-testid="banner-merknad"' in html, url
        assert "Legemiddellisten er ikke samstemt" in html


def test_nurse_starts_adds_line_doctor_decides_and_signs(
    lege: Ansatt, sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    ForordningFactory(pasient=beboer, enhet=avdeling)
    base = f"/legemidler/pasient/{beboer.pk}/samstemming/"
    nurse = _client(sykepleier, avdeling)

    # start (bad input first: the form again)
    assert nurse.post(base + "ny/", {"anledning": "innleggelse", "kilde": ""}).status_code == 400
    response = nurse.post(base + "ny/", {"anledning": "innleggelse", "kilde": "Fastlegen"})
    assert response.status_code == 302
    s = Legemiddelsamstemming.objects.get()
    assert (
        nurse.post(f"{base}{s.pk}/linje/", {"innkommende": "Levaxin 50 mikrog"}).status_code == 302
    )

    # the doctor decides both lines and signs
    doctor = _client(lege, avdeling)
    for linje, beslutning in zip(s.linjer.order_by("innkommende"), ["fortsett", "ny"], strict=True):
        r = doctor.post(
            f"{base}{s.pk}/linje/{linje.pk}/", {"beslutning": beslutning, "begrunnelse": "Ok"}
        )
        assert r.status_code == 302
    assert doctor.post(f"{base}{s.pk}/signer/").status_code == 302
    s.refresh_from_db()
    assert s.status == "signert"
    html = doctor.get(f"/pasienter/{beboer.pk}/").content.decode()
    assert "ikke samstemt" not in html


def test_a_doctor_records_a_review(lege: Ansatt, avdeling: Enhet, beboer: Pasient) -> None:
    client = _client(lege, avdeling)
    url = f"/legemidler/pasient/{beboer.pk}/gjennomgang/ny/"
    assert client.post(url, {"dato": "", "deltakere": "", "funn": ""}).status_code == 400
    r = client.post(
        url, {"dato": "2026-01-05", "deltakere": "Lege, sykepleier", "funn": "Dobbel NSAID"}
    )
    assert r.status_code == 302
    assert (
        "Dobbel NSAID"
        in client.get(f"/legemidler/pasient/{beboer.pk}/samstemming/").content.decode()
    )


def test_strangers_get_404_on_writes(
    lege: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient
) -> None:
    client = _client(lege, avdeling)
    base = f"/legemidler/pasient/{fremmed_pasient.pk}/"
    assert (
        client.post(base + "samstemming/ny/", {"anledning": "annet", "kilde": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            base + "gjennomgang/ny/", {"dato": "2026-01-05", "deltakere": "x", "funn": "y"}
        ).status_code
        == 404
    )
