"""The medication pages: list, order with checks and overrides, stop, confirm, PDF, the
telephone-order list; the same 404 for strangers; audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from legemidler.models import Forordning
from legemidler.selectors import legemiddelliste_print
from legemidler.views.forordning import legemiddelliste_document
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.journal.test_utskrift import _page_text
from tests.legemidler.conftest import lm
from tests.legemidler.factories import ForordningFactory

pytestmark = pytest.mark.usefixtures("katalog")


def _url(pasient: Pasient, rest: str = "") -> str:
    return f"/legemidler/pasient/{pasient.pk}/{rest}"


def _order_form(varenavn: str, **extra: Any) -> dict[str, Any]:
    return {
        "legemiddel": str(lm(varenavn).pk),
        "doseringstype": "fast",
        "dose_enhet": "tablett",
        "administrasjonsvei": "oral",
        "indikasjon": "Smerter",
        "tid_1": "08:00",
        "dose_1": "1",
        "intervall_uker": "1",
        **extra,
    }


def _client(ansatt: Ansatt, enhet: Enhet) -> Client:
    client = logged_in(ansatt)
    session = client.session
    session["kj_enhet_id"] = str(enhet.pk)
    session.save()
    return client


def test_the_list_shows_active_prn_and_ended_orders_with_doctor_and_hpr(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given
    ForordningFactory(
        pasient=beboer,
        enhet=avdeling,
        legemiddel=lm("Paracet"),
        ordinert_av=lege,
        indikasjon="Artrosesmerter",
        multidose=True,
    )
    ForordningFactory(
        pasient=beboer,
        enhet=avdeling,
        legemiddel=lm("Furix"),
        ordinert_av=lege,
        status="seponert",
        seponert_at=naa(),
        seponert_av=lege,
        seponeringsgrunn="Lavt BT",
    )

    # when
    response = _client(lege, avdeling).get(_url(beboer))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paracet tab 500 mg" in html
    assert "Artrosesmerter" in html
    assert f"HPR {lege.hpr_nummer}" in html
    assert 'data-testid="multidose"' in html
    assert "Lavt BT" in html
    assert 'data-testid="ordiner"' in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.LEGEMIDDELLISTE_READ, pasient_id=beboer.pk
    ).exists()


def test_the_nurse_sees_the_telephone_order_button_not_the_order_button(
    sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    html = _client(sykepleier, avdeling).get(_url(beboer)).content.decode()
    assert 'data-testid="telefonordinasjon"' in html
    assert 'data-testid="ordiner"' not in html


def test_a_doctor_orders_and_lands_on_the_list(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # when
    response = _client(lege, avdeling).post(
        _url(beboer, "ny/"), _order_form("Paracet", tid_2="20:00", dose_2="2")
    )

    # then
    assert response.status_code == 302
    forordning = Forordning.objects.get(pasient=beboer)
    assert forordning.dosering_tekst == "08:00 1 tablett, 20:00 2 tablett"


def test_daily_methotrexate_shows_the_check_and_keeps_what_was_typed(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    client = _client(lege, avdeling)
    # when: daily
    response = client.post(
        _url(beboer, "ny/"), _order_form("Metotreksat", indikasjon="Revmatoid artritt")
    )

    # then: stopped with the reason and a field for the override; the text is kept
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="kontroll-ukentlig"' in html
    assert "doseres normalt én gang i uken" in html
    assert 'name="overstyring_ukentlig"' in html
    assert "Revmatoid artritt" in html
    assert not Forordning.objects.exists()

    # and with a reason, it is ordered and the reason is kept
    response = client.post(
        _url(beboer, "ny/"),
        _order_form(
            "Metotreksat",
            indikasjon="Revmatoid artritt",
            overstyring_ukentlig="Avtalt med revmatolog",
        ),
    )
    assert response.status_code == 302
    assert Forordning.objects.get().overstyringer.get().begrunnelse == "Avtalt med revmatolog"


def test_bad_dose_is_shown_at_the_field(lege: Ansatt, avdeling: Enhet, beboer: Pasient) -> None:
    response = _client(lege, avdeling).post(
        _url(beboer, "ny/"), _order_form("Paracet", dose_1="10000")
    )
    assert response.status_code == 400
    assert "urimelig mye" in response.content.decode()


def test_a_leader_without_ordering_or_giving_rights_gets_403_on_the_form(
    leder: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    assert _client(leder, avdeling).get(_url(beboer, "ny/")).status_code == 403


def test_nurse_registers_a_telephone_order_doctor_confirms_from_the_list(
    lege: Ansatt, sykepleier: Ansatt, leder: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: the nurse registers the doctor's telephone order
    response = _client(sykepleier, avdeling).post(
        _url(beboer, "ny/"), _order_form("Paracet", ordinert_av=str(lege.pk))
    )
    assert response.status_code == 302
    forordning = Forordning.objects.get()
    assert forordning.er_ubekreftet

    # when: leader and doctor open the list of unconfirmed telephone orders
    leder_html = _client(leder, avdeling).get("/legemidler/telefonordinasjoner/").content.decode()
    lege_client = _client(lege, avdeling)
    lege_html = lege_client.get("/legemidler/telefonordinasjoner/").content.decode()

    # then: both see it, the doctor can confirm
    assert "Paracet tab 500 mg" in leder_html
    assert "Bekreft</button>" not in leder_html
    assert "Paracet tab 500 mg" in lege_html
    assert "Bekreft</button>" in lege_html
    response = lege_client.post(
        _url(beboer, f"forordning/{forordning.pk}/bekreft/"), {"neste": "liste"}
    )
    assert response.status_code == 302
    forordning.refresh_from_db()
    assert forordning.bekreftet_av == lege
    assert (
        'data-testid="ingen"'
        in lege_client.get("/legemidler/telefonordinasjoner/").content.decode()
    )


def test_an_overdue_telephone_order_is_marked(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    ForordningFactory(
        pasient=beboer,
        enhet=avdeling,
        ordinert_av=lege,
        telefonordinasjon=True,
        bekreftes_innen=naa() - dt.timedelta(hours=1),
    )
    html = _client(lege, avdeling).get("/legemidler/telefonordinasjoner/").content.decode()
    assert 'data-testid="forfalt"' in html


def test_stop_needs_a_reason_then_shows_it(lege: Ansatt, avdeling: Enhet, beboer: Pasient) -> None:
    forordning = ForordningFactory(pasient=beboer, enhet=avdeling, ordinert_av=lege)
    client = _client(lege, avdeling)
    url = _url(beboer, f"forordning/{forordning.pk}/")
    assert client.post(url + "seponer/", {"grunn": ""}).status_code == 400
    assert client.post(url + "seponer/", {"grunn": "Bivirkninger"}).status_code == 302
    html = client.get(url).content.decode()
    assert "Bivirkninger" in html
    assert 'data-testid="seponert"' in html


def test_strangers_get_the_same_404_for_writes(
    lege: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient
) -> None:
    forordning = ForordningFactory(pasient=fremmed_pasient)
    client = _client(lege, avdeling)
    for rest in ("seponer/", "bekreft/"):
        denied = client.post(
            _url(fremmed_pasient, f"forordning/{forordning.pk}/{rest}"), {"grunn": "x"}
        )
        assert denied.status_code == 404
        forordning.refresh_from_db()
        assert forordning.status == "aktiv"
        assert forordning.bekreftet_at is None


def test_the_pdf_has_name_identifier_and_page_numbers_on_every_page(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: enough orders for several pages
    for i in range(45):
        ForordningFactory(
            pasient=beboer, enhet=avdeling, ordinert_av=lege, indikasjon=f"Indikasjon {i} " * 4
        )

    # when
    with acting_as(lege, avdeling):
        liste = legemiddelliste_print(actor=lege, pasient_id=beboer.pk)
    document = legemiddelliste_document(liste, skrevet_ut_av=lege)

    # then
    pages = document.pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = _page_text(page)
        assert "Olga Beboer" in text, f"page {number}"
        assert beboer.identifikator_visning in text, f"page {number}"
        assert f"Side {number} av {len(pages)}" in text, f"page {number}"
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.LEGEMIDDELLISTE_PRINTED, pasient_id=beboer.pk
    ).exists()


def test_the_pdf_download(lege: Ansatt, avdeling: Enhet, beboer: Pasient) -> None:
    response = _client(lege, avdeling).get(_url(beboer, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
