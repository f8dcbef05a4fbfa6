"""Two-person decisions as the case officers see them (issue 14: the decider was told
"Vedtaket er fattet." while it waited, and nobody had a list of what to approve)."""

from __future__ import annotations

import pytest

from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import EnhetFactory
from tildeling.models import Tjenestetype, Vedtak, VedtakStatus
from tildeling.services.vedtak import vedtak_draft_create

from .conftest import innvilget, sak_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def bpa_utkast(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> Vedtak:
    """A draft BPA decision (the service type demands two persons)."""
    bpa = katalog["3"]
    hjemmetjeneste = EnhetFactory(type=EnhetType.HJEMMETJENESTE, virksomhet=enhet.virksomhet)
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, bpa)
        return vedtak_draft_create(
            actor=saksbehandler, sak_id=sak.pk, data=innvilget(bpa, hjemmetjeneste, omfang="10")
        )


def test_the_decider_is_told_it_awaits_approval_and_sees_it_waiting(
    saksbehandler: Ansatt, bpa_utkast: Vedtak
) -> None:
    client = logged_in(saksbehandler)
    # when
    response = client.post(f"/tildeling/vedtak/{bpa_utkast.pk}/fatt/", follow=True)
    worklist = client.get("/tildeling/").content.decode()
    # then
    page = response.content.decode()
    assert "Vedtaket er sendt til godkjenning" in page
    assert "Vedtaket er fattet." not in page
    assert 'data-testid="mine-til-godkjenning"' in worklist
    assert f"/tildeling/vedtak/{bpa_utkast.pk}/" in worklist
    assert 'data-testid="til-min-godkjenning"' not in worklist


def test_another_case_officer_finds_it_on_the_worklist_and_approves(
    saksbehandler: Ansatt, saksbehandler2: Ansatt, bpa_utkast: Vedtak
) -> None:
    # given
    logged_in(saksbehandler).post(f"/tildeling/vedtak/{bpa_utkast.pk}/fatt/")
    approver = logged_in(saksbehandler2)
    # when
    worklist = approver.get("/tildeling/").content.decode()
    decision = approver.get(f"/tildeling/vedtak/{bpa_utkast.pk}/").content.decode()
    approved = approver.post(f"/tildeling/vedtak/{bpa_utkast.pk}/godkjenn/", follow=True)
    after = approver.get("/tildeling/").content.decode()
    # then
    assert 'data-testid="til-min-godkjenning"' in worklist
    assert f"/tildeling/vedtak/{bpa_utkast.pk}/" in worklist
    assert "Godkjenn vedtaket" in decision
    assert "Vedtaket er godkjent og gjelder nå." in approved.content.decode()
    bpa_utkast.refresh_from_db()
    assert bpa_utkast.status == VedtakStatus.FATTET
    assert 'data-testid="til-godkjenning"' not in after
