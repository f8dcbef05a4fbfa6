"""Pages for the KPR report (/kpr/): the allocation office of the kommune only (the same 404
for another kommune's report and a missing one; 403 without the right), the history, the
progress that polls while the report is built, the persons with missing facts (audited per
person, with a link to fix them), the form's Norwegian errors and sending."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, EnhetType, Levering
from integrasjoner.kpr.models import Kprrapport, RapportStatus
from integrasjoner.kpr.services import KPR_MOTTAKER
from integrasjoner.kpr.tasks import rapport_build as rapport_build_task
from tests.conftest import actor, logged_in
from tests.factories import EnhetFactory
from tests.integrasjoner.kpr.conftest import Periode, build, grunnlag_make
from tildeling.models import Tjenestetype

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapport(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> Kprrapport:
    """A built report: Kari is in it, Ola lacks an assessment."""
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    grunnlag_make(
        saksbehandler, kontor, enhet, avdeling, katalog, med_kartlegging=False, fornavn="Ola"
    )
    return build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)


@pytest.fixture
def annen_saksbehandler(db: None) -> Ansatt:
    other = EnhetFactory(navn="Tildelingskontoret i nabokommunen", type=EnhetType.TILDELINGSKONTOR)
    return actor(other, "saksbehandler", username="nabo")


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="sykepleier1")


def test_the_case_officer_sees_the_report_and_who_is_missing_what(
    rapport: Kprrapport, saksbehandler: Ansatt, django_assert_max_num_queries: Any
) -> None:
    # given
    client = logged_in(saksbehandler)
    # when
    with django_assert_max_num_queries(25):
        page = client.get(f"/kpr/rapporter/{rapport.pk}/")
    listing = client.get("/kpr/")
    # then the history lists it, and the report page shows the missing assessment with a link
    assert page.status_code == listing.status_code == 200
    assert listing.content.decode().count('data-testid="rapport-rad"') == 1
    html = page.content.decode()
    assert "Bruker, Ola: Mangler IPLOS-kartlegging" in html
    ola = rapport.mangler[0]["pasient_id"]
    assert f'href="{reverse("journal:kartlegging_ny", args=[ola])}"' in html
    assert 'data-testid="send"' in html
    assert 'data-testid="uverifisert"' in html  # the PERSONOPPL codes are shown as unverified
    # every person shown is in the audit log
    listed = AuditLogg.objects.filter(
        hendelse=AuditEvent.KPR_MANGLER_LISTED, aktor_id=saksbehandler.pk
    )
    assert list(listed.values_list("pasient_id", flat=True)) == [uuid.UUID(ola)]


def test_the_status_polls_while_the_report_is_built(
    rapport: Kprrapport, saksbehandler: Ansatt
) -> None:
    # given a report being built, half-way
    Kprrapport.objects.filter(pk=rapport.pk).update(
        status=RapportStatus.BYGGER, antall_totalt=2, antall_behandlet=1
    )
    # when the page's status region asks again
    partial = logged_in(saksbehandler).get(
        f"/kpr/rapporter/{rapport.pk}/", headers={"HX-Request": "true"}
    )
    # then it shows the progress and keeps polling
    html = partial.content.decode()
    assert partial.status_code == 200
    assert "1 av 2 personer" in html
    assert "hx-trigger" in html
    # and once built, it stops polling
    Kprrapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.KLAR, antall_behandlet=2)
    done = logged_in(saksbehandler).get(
        f"/kpr/rapporter/{rapport.pk}/", headers={"HX-Request": "true"}
    )
    assert "hx-trigger" not in done.content.decode()
    assert "2 av 2 personer" in done.content.decode()


def test_another_kommune_and_a_missing_report_look_the_same(
    rapport: Kprrapport, annen_saksbehandler: Ansatt
) -> None:
    # given a case officer of another kommune
    client = logged_in(annen_saksbehandler)
    # when
    theirs = client.get(f"/kpr/rapporter/{rapport.pk}/")
    missing = client.get(f"/kpr/rapporter/{uuid.uuid4()}/")
    send = client.post(f"/kpr/rapporter/{rapport.pk}/send/")
    listing = client.get("/kpr/")
    # then
    assert theirs.status_code == missing.status_code == send.status_code == 404
    assert 'data-testid="rapport-rad"' not in listing.content.decode()
    assert not Levering.objects.filter(mottaker=KPR_MOTTAKER).exists()


def test_staff_without_the_allocation_right_are_refused(
    rapport: Kprrapport, sykepleier: Ansatt
) -> None:
    # given a nurse (no HANDLE_CASE)
    client = logged_in(sykepleier)
    # when / then
    assert client.get("/kpr/").status_code == 403
    assert client.get(f"/kpr/rapporter/{rapport.pk}/").status_code == 403
    assert client.post(f"/kpr/rapporter/{rapport.pk}/send/").status_code == 403
    assert "/kpr/" not in client.get("/pasienter/").content.decode()


def test_sending_from_the_page_queues_one_delivery(
    rapport: Kprrapport, saksbehandler: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=False):
        response = logged_in(saksbehandler).post(f"/kpr/rapporter/{rapport.pk}/send/")
        again = logged_in(saksbehandler).post(f"/kpr/rapporter/{rapport.pk}/send/", follow=True)
    # then
    rapport.refresh_from_db()
    assert response.status_code == 302
    assert rapport.status == RapportStatus.SENDT
    assert Levering.objects.filter(mottaker=KPR_MOTTAKER).count() == 1
    assert "Bare en ferdig bygget rapport kan sendes." in again.content.decode()
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KPR_RAPPORT_SENT).count() == 1


def test_the_form_shows_norwegian_errors_next_to_the_field(
    saksbehandler: Ansatt, kontor: Enhet, periode: Periode
) -> None:
    client = logged_in(saksbehandler)
    # an impossible date
    bad = client.post("/kpr/", {"fra": "2025-13-40", "til": "2025-12-31"})
    assert bad.status_code == 400
    assert "gyldig dato" in bad.content.decode()
    # a period with nothing recorded
    empty = client.post("/kpr/", {"fra": periode.fra.isoformat(), "til": periode.til.isoformat()})
    assert empty.status_code == 400
    assert "Det er ingenting å rapportere" in empty.content.decode()
    assert 'value="' + periode.fra.isoformat() + '"' in empty.content.decode()
    # a period not yet finished: the message is next to the end date
    future = client.post("/kpr/", {"fra": periode.fra.isoformat(), "til": "2199-12-31"})
    assert future.status_code == 400
    html = future.content.decode()
    assert html.index("Bare avsluttede perioder") > html.index('id="id_til"')
    assert not Kprrapport.objects.exists()


def test_ordering_a_report_from_the_page_queues_the_build(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given something recorded in the period
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = logged_in(saksbehandler).post(
            "/kpr/", {"fra": periode.fra.isoformat(), "til": periode.til.isoformat()}
        )
    # then the report is queued (the task runs on commit) and the page goes to it
    rapport = Kprrapport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kpr/rapporter/{rapport.pk}/"
    assert rapport.status == RapportStatus.KOET
    assert len(callbacks) == 1
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KPR_RAPPORT_STARTED).count() == 1
    # when the worker runs the task (twice: the second finds it claimed and does nothing)
    rapport_build_task(str(rapport.pk))
    rapport_build_task(str(rapport.pk))
    # then it is built, once
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.KLAR, rapport.feil
    assert (rapport.antall_behandlet, rapport.antall_rapportert) == (1, 1)
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KPR_RAPPORT_BUILT).count() == 1
