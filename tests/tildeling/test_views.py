"""The tildeling pages end to end (Django test client) and their access matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient, Tjeneste
from tests.acting import acting_as
from tests.conftest import logged_in
from tildeling.models import Klage, Sak, Tjenestetype, Vedtak, VedtakStatus
from tildeling.services.klage import klage_register

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, follow=True)


def test_register_decide_and_download_in_the_pages(
    saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    client = logged_in(saksbehandler)
    # when: register an application
    response = _post(
        client,
        "/tildeling/soknad/ny/",
        {
            "identifikator": soker.identifikator,
            "mottatt_dato": idag().isoformat(),
            "kanal": "telefon",
            "soker": "pasient",
            "tjenester": [str(katalog["15"].pk), str(katalog["1"].pk)],
        },
    )
    # then
    assert response.status_code == 200
    sak = Sak.objects.get(pasient=soker)
    assert response.redirect_chain[-1][0] == f"/tildeling/saker/{sak.pk}/"
    assert "Søknaden er registrert" in response.content.decode()
    # when: draft and decide
    response = _post(
        client,
        f"/tildeling/saker/{sak.pk}/vedtak/ny/",
        {
            "tjenestetype": str(katalog["15"].pk),
            "utfall": "innvilget",
            "omfang": "3,5",
            "fra_dato": idag().isoformat(),
            "revurdering_dato": (idag() + dt.timedelta(days=90)).isoformat(),
            "utforende_enhet": str(enhet.pk),
            "begrunnelse": "Trenger hjelp med sårstell.",
        },
    )
    vedtak = Vedtak.objects.get(sak=sak)
    assert response.redirect_chain[-1][0] == f"/tildeling/vedtak/{vedtak.pk}/"
    response = _post(client, f"/tildeling/vedtak/{vedtak.pk}/fatt/", {})
    # then
    assert "Vedtaket er fattet" in response.content.decode()
    assert Tjeneste.objects.filter(kilde_vedtak_id=vedtak.pk, enhet=enhet).exists()
    pdf = client.get(f"/tildeling/vedtak/{vedtak.pk}/brev.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_form_errors_are_shown_in_norwegian(
    saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    client = logged_in(saksbehandler)
    # when
    response = client.post(
        "/tildeling/soknad/ny/",
        {
            "identifikator": "01018012345",
            "mottatt_dato": idag().isoformat(),
            "kanal": "papir",
            "soker": "pasient",
            "tjenester": [str(katalog["15"].pk)],
        },
    )
    # then
    assert response.status_code == 400
    assert "Registrer pasienten først" in response.content.decode()


def test_worklist_marks_overdue_and_near_deadlines(
    saksbehandler: Ansatt,
    kontor: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
    django_assert_max_num_queries: Any,
) -> None:
    # given: one case received 20 days ago (14-day deadline: overdue), one today (fine)
    from tests.factories import PasientFactory

    with acting_as(saksbehandler, kontor):
        sak_new(saksbehandler, soker, katalog["15"], mottatt=idag() - dt.timedelta(days=20))
        sak_new(saksbehandler, PasientFactory(), katalog["1"])
        sak_new(
            saksbehandler, PasientFactory(), katalog["15"], mottatt=idag() - dt.timedelta(days=12)
        )
    client = logged_in(saksbehandler)
    # when
    with django_assert_max_num_queries(20):
        response = client.get("/tildeling/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="forfalt"') == 1
    assert html.count('data-testid="snart"') == 1
    assert html.index(soker.fullt_navn) < html.index("Testesen")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.SAK_LISTED).count() == 3


def _objects(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> dict[str, str]:
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(saksbehandler, sak, innvilget(katalog["15"], enhet))
        klage = klage_register(
            actor=saksbehandler, vedtak_id=vedtak.pk, mottatt_dato=idag(), anforsler="x"
        )
    return {"sak": str(sak.pk), "vedtak": str(vedtak.pk), "klage": str(klage.pk)}


PAGES = [
    "/tildeling/saker/{sak}/",
    "/tildeling/saker/{sak}/vedtak/ny/",
    "/tildeling/vedtak/{vedtak}/",
    "/tildeling/vedtak/{vedtak}/endre/",
    "/tildeling/vedtak/{vedtak}/brev.pdf",
    "/tildeling/klager/{klage}/",
]


@pytest.mark.parametrize("page", PAGES)
def test_other_office_gets_the_same_404_as_for_missing(
    page: str,
    saksbehandler: Ansatt,
    annet_kontor_saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    ids = _objects(saksbehandler, kontor, enhet, soker, katalog)
    client = logged_in(annet_kontor_saksbehandler)
    missing = dict.fromkeys(ids, "00000000-0000-4000-8000-000000000000")
    # when
    denied = client.get(page.format(**ids))
    gone = client.get(page.format(**missing))
    # then
    assert denied.status_code == gone.status_code == 404
    assert denied.content == gone.content
    assert not AuditLogg.objects.filter(
        aktor_id=annet_kontor_saksbehandler.pk, pasient_id=soker.pk
    ).exists()


@pytest.mark.parametrize("page", [*PAGES, "/tildeling/", "/tildeling/soknad/ny/"])
def test_staff_without_the_right_get_403_and_anonymous_the_login(
    page: str,
    saksbehandler: Ansatt,
    lege_med_relasjon: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    ids = _objects(saksbehandler, kontor, enhet, soker, katalog)
    # when
    lege = logged_in(lege_med_relasjon).get(page.format(**ids))
    anonym = Client().get(page.format(**ids))
    allowed = logged_in(saksbehandler).get(page.format(**ids))
    # then
    assert lege.status_code == 403
    assert anonym.status_code == 302
    assert "next=" in anonym["Location"]
    assert allowed.status_code == 200


def test_leader_sees_alerts_of_the_units_they_lead(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given: a granted decision for the district without end date, review soon
    from tests.conftest import actor
    from tildeling.tasks import varsler_nattlig

    leder = actor(enhet, "leder", username="liv")
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        data = innvilget(katalog["15"], enhet, til=idag() + dt.timedelta(days=5))
        fattet(saksbehandler, sak, data)
    varsler_nattlig()
    # when
    response = logged_in(leder).get("/tildeling/varsler/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vedtak går ut" in html
    assert soker.fullt_navn in html
    assert "Merk som håndtert" not in html  # leaders see; case officers resolve


def test_reports_aggregate_per_service_and_outcome(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given: one decision made 10 days after receipt
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"], mottatt=idag() - dt.timedelta(days=10))
        fattet(saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when
    response = logged_in(saksbehandler).get("/tildeling/rapporter/")
    # then
    rapport = response.context["rapport"]
    [row] = rapport.behandlingstid
    assert (row["antall"], row["median"], row["p90"]) == (1, 10.0, 10.0)
    [utfall] = rapport.utfall
    assert (utfall["utfall_navn"], utfall["antall"]) == ("Innvilget", 1)
    assert Vedtak.objects.filter(status=VedtakStatus.FATTET).count() == 1
    assert Klage.objects.count() == 0
