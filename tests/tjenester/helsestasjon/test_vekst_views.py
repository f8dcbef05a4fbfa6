"""The growth page: three WHO centile charts with the child's points, the flags, the
forms that keep what the nurse typed with a Norwegian message, and the PDF."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import logged_in
from tjenester.helsestasjon.lib.vekst import Kjonn, Maaletype, verdi_for_sds
from tjenester.helsestasjon.models import Fodselsopplysning, Vekstmaaling
from tjenester.helsestasjon.selectors import vekst_get
from tjenester.helsestasjon.services import VekstmaalingData, vekstmaaling_register

pytestmark = pytest.mark.django_db


def url(pasient_id: object, tail: str = "") -> str:
    return f"/helsestasjon/barn/{pasient_id}/vekst/{tail}"


def _along(ansatt: Ansatt, barn: Pasient, sds_by_day: dict[int, float]) -> None:
    with acting_as(ansatt):
        for dag, sds in sds_by_day.items():
            vekt = verdi_for_sds(maaletype=Maaletype.VEKT, kjonn=Kjonn.GUTT, dager=dag, sds=sds)
            lengde = verdi_for_sds(maaletype=Maaletype.LENGDE, kjonn=Kjonn.GUTT, dager=dag, sds=0)
            vekstmaaling_register(
                actor=ansatt,
                pasient_id=barn.pk,
                data=VekstmaalingData(
                    dato=barn.fodselsdato + dt.timedelta(days=dag),
                    vekt_g=round(vekt * 1000),
                    lengde_mm=round(lengde * 10),
                    maalemetode="liggende",
                ),
            )


def test_the_page_draws_three_charts_with_curves_and_points(
    helsesykepleier: Ansatt, barn: Pasient
) -> None:
    _along(helsesykepleier, barn, {0: 0.0, 42: 0.1, 183: 0.0, 365: -0.1})
    response = logged_in(helsesykepleier).get(url(barn.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="vekstkurve"') == 3
    assert html.count('<path class="vekst-persentil') == 27  # nine curves on each chart
    assert 'data-persentil="0,4"' in html
    assert 'data-persentil="99,6"' in html
    assert html.count('data-testid="vekstpunkt"') == 8  # 4 weights + 4 lengths, no head
    assert "persentil 50" in html or "persentil 4" in html
    assert 'data-testid="vekst-flagg"' not in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEKSTKURVE_READ, pasient_id=barn.pk
    ).exists()


def test_a_child_falling_off_its_centile_is_flagged(helsesykepleier: Ansatt, barn: Pasient) -> None:
    _along(helsesykepleier, barn, {42: 0.3, 183: -0.5, 365: -1.5})
    html = logged_in(helsesykepleier).get(url(barn.pk)).content.decode()
    assert 'data-testid="vekst-flagg"' in html
    assert "Vekt har krysset 3 persentillinjer nedover" in html


def test_below_the_2_3rd_centile_is_flagged(helsesykepleier: Ansatt, barn: Pasient) -> None:
    _along(helsesykepleier, barn, {183: -1.9, 365: -2.4})
    html = logged_in(helsesykepleier).get(url(barn.pk)).content.decode()
    assert "under 2,3-persentilen" in html


def test_preterm_points_are_drawn_at_corrected_age(helsesykepleier: Ansatt, barn: Pasient) -> None:
    Fodselsopplysning.objects.create(
        pasient=barn,
        enhet=helsesykepleier.tilknytninger.get().enhet,
        svangerskapsuker=30,
        registrert_av=helsesykepleier,
    )
    _along(helsesykepleier, barn, {120: 0.0})
    with acting_as(helsesykepleier):
        oversikt = vekst_get(actor=helsesykepleier, pasient_id=barn.pk)
    punkt = oversikt.serier[0].punkter[0]
    assert punkt.alder.korrigert
    assert punkt.alder.dager == 120 - 70
    html = logged_in(helsesykepleier).get(url(barn.pk)).content.decode()
    assert "(korrigert alder)" in html
    assert 'data-testid="korrigert-alder"' in html


def test_registration_from_the_form(helsesykepleier: Ansatt, barn: Pasient) -> None:
    dato = barn.fodselsdato + dt.timedelta(days=365)
    response = logged_in(helsesykepleier).post(
        url(barn.pk, "ny/"),
        {"dato": dato.isoformat(), "vekt": "9,65", "lengde": "75,7", "hodeomkrets": "46,1"},
    )
    assert response.status_code == 302
    maaling = Vekstmaaling.objects.get(pasient=barn)
    assert (maaling.vekt_g, maaling.lengde_mm, maaling.hodeomkrets_mm) == (9650, 757, 461)


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"vekt": "0"}, "Vekten 0 kg er ikke mulig for et barn"),
        ({"vekt": "300"}, "Vekten 300 kg er ikke mulig for et barn"),
        ({"vekt": "tre"}, "Skriv et tall, for eksempel 9,65."),
        ({"vekt": "9", "dato": "1999-01-01"}, "kan ikke være før barnet ble født"),
        ({}, "Registrer minst én av vekt"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_with_what_was_typed(
    helsesykepleier: Ansatt, barn: Pasient, data: dict[str, str], melding: str
) -> None:
    post = {"dato": (barn.fodselsdato + dt.timedelta(days=100)).isoformat(), **data}
    response = logged_in(helsesykepleier).post(url(barn.pk, "ny/"), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html
    if "vekt" in data:
        assert re.search(rf'name="vekt"[^>]*value="{re.escape(data["vekt"])}"', html)
    assert not Vekstmaaling.objects.exists()


def test_gestational_age_form(helsesykepleier: Ansatt, barn: Pasient) -> None:
    client = logged_in(helsesykepleier)
    bad = client.post(url(barn.pk, "fodsel/"), {"svangerskapsuker": "50"})
    assert bad.status_code == 400
    assert "mellom 22 og 44" in bad.content.decode()
    ok = client.post(url(barn.pk, "fodsel/"), {"svangerskapsuker": "33", "svangerskapsdager": "4"})
    assert ok.status_code == 302
    assert Fodselsopplysning.objects.get(pasient=barn).svangerskapsuker == 33


def test_pdf(helsesykepleier: Ansatt, barn: Pasient) -> None:
    _along(helsesykepleier, barn, {0: 0.0, 365: 0.0})
    response = logged_in(helsesykepleier).get(url(barn.pk, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("tail", ["", "pdf/"])
def test_a_stranger_gets_the_same_404_as_for_a_missing_child(
    fremmed: Ansatt, barn: Pasient, tail: str
) -> None:
    client = logged_in(fremmed)
    assert client.get(url(barn.pk, tail)).status_code == 404
    assert client.get(url(uuid.uuid4(), tail)).status_code == 404


def test_a_stranger_cannot_post(fremmed: Ansatt, barn: Pasient) -> None:
    client: Client = logged_in(fremmed)
    dato = (barn.fodselsdato + dt.timedelta(days=100)).isoformat()
    assert client.post(url(barn.pk, "ny/"), {"dato": dato, "vekt": "6"}).status_code == 404
    assert client.post(url(barn.pk, "fodsel/"), {"svangerskapsuker": "33"}).status_code == 404
    assert not Vekstmaaling.objects.exists()


def test_the_page_reads_a_bounded_number_of_queries(
    helsesykepleier: Ansatt, barn: Pasient, django_assert_max_num_queries: Any
) -> None:
    _along(helsesykepleier, barn, dict.fromkeys((0, 7, 42, 91, 152, 183, 304, 365), 0.0))
    client = logged_in(helsesykepleier)
    client.get(url(barn.pk))  # session and unit settle on the first page
    with django_assert_max_num_queries(12):
        assert client.get(url(barn.pk)).status_code == 200
