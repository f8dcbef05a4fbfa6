"""Free text in case work has a limit a user can see (maxlength, a Norwegian message) and a
long unbroken string wraps instead of making the case page 188,000 px wide (CSS, see
tests/browser/test_telefon.py); the vedtak form's help texts exist where the fields point."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.conftest import logged_in
from tests.dom import dom_problems
from tildeling.models import Sak, Tjenestetype
from tildeling.services.klage import klage_register
from tildeling.services.sak import SoeknadData, soeknad_create

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db

UNBROKEN = "A" * 4001


def test_an_application_description_over_4000_characters_is_refused_in_norwegian(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    with pytest.raises(ValidationError) as exc:
        soeknad_create(
            actor=as_saksbehandler,
            data=SoeknadData(
                pasient_id=soker.pk,
                mottatt_dato=idag(),
                tjenester=[(katalog["1"].pk, "")],
                beskrivelse=UNBROKEN,
            ),
        )
    assert exc.value.message_dict["beskrivelse"] == [
        "Beskrivelsen kan ha høyst 4000 tegn (den har 4001)."
    ]


def test_the_application_form_shows_the_limit_and_keeps_the_text(
    saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    client = logged_in(saksbehandler)
    assert 'maxlength="4000"' in client.get("/tildeling/soknad/ny/").content.decode()
    response = client.post(
        "/tildeling/soknad/ny/",
        {
            "identifikator": soker.identifikator,
            "mottatt_dato": idag().isoformat(),
            "kanal": "telefon",
            "soker": "pasient",
            "tjenester": [str(katalog["1"].pk)],
            "beskrivelse": UNBROKEN,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert UNBROKEN in html
    assert "4000" in html
    assert not Sak.objects.filter(pasient=soker).exists()


def test_the_api_refuses_a_description_over_the_limit(
    saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    from tests.conftest import api_client

    response = api_client(saksbehandler).post(
        "/api/v1/soknader/",
        {
            "pasient_id": str(soker.pk),
            "mottatt_dato": idag().isoformat(),
            "tjenester": [{"tjenestetype_id": str(katalog["1"].pk)}],
            "beskrivelse": UNBROKEN,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "beskrivelse" in str(response.json())


def test_the_decision_form_points_only_at_help_texts_that_exist(
    as_saksbehandler: Ansatt,
    saksbehandler: Ansatt,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    html = logged_in(saksbehandler).get(f"/tildeling/saker/{sak.pk}/vedtak/ny/").content.decode()
    assert "_helptext" in html
    assert dom_problems(html) == []


def test_a_case_note_that_fails_comes_back_as_typed(
    as_saksbehandler: Ansatt,
    saksbehandler: Ansatt,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    tekst = "Hjemmebesøk: trenger hjelp med dusj og påkledning morgen og kveld."
    # when: the date is missing
    response = logged_in(saksbehandler).post(
        f"/tildeling/saker/{sak.pk}/notat/", {"type": "hjemmebesok", "dato": "", "tekst": tekst}
    )
    # then
    assert response.status_code == 400
    assert tekst in response.content.decode()


def test_an_appeal_and_its_assessment_that_fail_come_back_as_typed(
    as_saksbehandler: Ansatt,
    saksbehandler: Ansatt,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    client = logged_in(saksbehandler)
    anforsler = "Søker mener tre timer i uken er for lite etter hoftebruddet."
    # when: the appeal without its date
    response = client.post(
        f"/tildeling/vedtak/{vedtak.pk}/klage/", {"mottatt_dato": "", "anforsler": anforsler}
    )
    # then
    assert response.status_code == 400
    assert anforsler in response.content.decode()
    # when: the assessment without an outcome
    klage = klage_register(
        actor=as_saksbehandler, vedtak_id=vedtak.pk, mottatt_dato=idag(), anforsler=anforsler
    )
    vurdering = "Kommunen opprettholder vedtaket; behovet er dekket av dagens tiltak."
    response = client.post(f"/tildeling/klager/{klage.pk}/vurder/", {"vurdering": vurdering})
    assert response.status_code == 400
    assert vurdering in response.content.decode()
