"""Applications and cases: registration, deadline, duplicates, state machine, relationship."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from journal.seeds import skjema_load_all
from journal.services.kartlegging import KartleggingData, kartlegging_create
from tests.acting import acting_as
from tests.factories import IPLOS_SVAR
from tildeling.models import SakStatus, Tjenestetype
from tildeling.services.sak import (
    SAK_OVERGANGER,
    SoeknadData,
    sak_assign,
    sak_frist_compute,
    sak_kartlegging_link,
    sak_notat_create,
    sak_overgang_check,
    sak_status_set,
    soeknad_create,
)

from .conftest import sak_new

pytestmark = pytest.mark.django_db


def _relasjon(pasient: Pasient, enhet: Enhet) -> bool:
    return (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.SAK)
        .exists()
    )


def test_state_machine_allows_only_the_declared_steps() -> None:
    # given / when / then
    sak_overgang_check(SakStatus.MOTTATT, SakStatus.UNDER_BEHANDLING)
    sak_overgang_check(SakStatus.AVSLUTTET, SakStatus.UNDER_BEHANDLING)
    with pytest.raises(ApplicationError, match="kan ikke få status"):
        sak_overgang_check(SakStatus.MOTTATT, SakStatus.VEDTATT)
    with pytest.raises(ApplicationError):
        sak_overgang_check(SakStatus.AVSLUTTET, SakStatus.VEDTATT)
    assert set(SAK_OVERGANGER) == set(SakStatus.values)


def test_deadline_is_the_shortest_of_the_services_or_the_default(
    katalog: dict[str, Tjenestetype], settings: object
) -> None:
    # given
    mottatt = dt.date(2025, 3, 1)
    # when / then: hjemmesykepleie has 14 days, praktisk bistand the default (28)
    assert sak_frist_compute(mottatt=mottatt, tjenestetyper=[katalog["1"]]) == dt.date(2025, 3, 29)
    assert sak_frist_compute(
        mottatt=mottatt, tjenestetyper=[katalog["1"], katalog["15"]]
    ) == dt.date(2025, 3, 15)


def test_registering_opens_a_case_and_the_office_relationship(
    as_saksbehandler: Ansatt, kontor: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    assert not _relasjon(soker, kontor)
    # when
    sak = soeknad_create(
        actor=as_saksbehandler,
        data=SoeknadData(
            identifikator=soker.identifikator,
            mottatt_dato=idag(),
            tjenester=[(katalog["15"].pk, "2 besøk"), (katalog["1"].pk, "")],
            soker="representant",
            representant_navn="Kari Datter",
            representant_relasjon="datter",
        ),
    )
    # then
    assert sak.status == SakStatus.MOTTATT
    assert sak.frist == idag() + dt.timedelta(days=14)
    assert sak.soknad.tjenester.count() == 2
    assert _relasjon(soker, kontor)
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.SOKNAD_CREATED, pasient_id=soker.pk, aktor_id=as_saksbehandler.pk
    ).exists()


def test_duplicate_application_while_the_earlier_case_is_open_is_refused(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    first = sak_new(as_saksbehandler, soker, katalog["15"])
    # when / then
    with pytest.raises(ApplicationError, match="allerede en åpen sak") as exc:
        sak_new(as_saksbehandler, soker, katalog["1"], katalog["15"])
    assert exc.value.extra["sak_id"] == str(first.pk)
    # a different service is fine, and after closing the same service is fine again
    sak_new(as_saksbehandler, soker, katalog["6"])
    sak_status_set(actor=as_saksbehandler, sak_id=first.pk, status=SakStatus.AVSLUTTET)
    sak_new(as_saksbehandler, soker, katalog["15"])


def test_bad_application_gives_errors_per_field(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        soeknad_create(
            actor=as_saksbehandler,
            data=SoeknadData(
                identifikator="01010112345",
                mottatt_dato=idag() + dt.timedelta(days=1),
                tjenester=[],
                soker="representant",
            ),
        )
    # then
    assert set(exc.value.message_dict) == {"mottatt_dato", "tjenester", "representant_navn"}
    with pytest.raises(ValidationError, match="Registrer pasienten først"):
        soeknad_create(
            actor=as_saksbehandler,
            data=SoeknadData(
                identifikator="01010112345", mottatt_dato=idag(), tjenester=[(katalog["1"].pk, "")]
            ),
        )


def test_closing_the_case_closes_the_relationship_unless_another_case_is_open(
    as_saksbehandler: Ansatt, kontor: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    a = sak_new(as_saksbehandler, soker, katalog["15"])
    b = sak_new(as_saksbehandler, soker, katalog["6"])
    # when
    sak_status_set(actor=as_saksbehandler, sak_id=a.pk, status=SakStatus.AVSLUTTET)
    # then
    assert _relasjon(soker, kontor)
    sak_status_set(actor=as_saksbehandler, sak_id=b.pk, status=SakStatus.AVSLUTTET)
    assert not _relasjon(soker, kontor)
    # reopening opens it again
    sak_status_set(actor=as_saksbehandler, sak_id=b.pk, status=SakStatus.UNDER_BEHANDLING)
    assert _relasjon(soker, kontor)


def test_vedtatt_cannot_be_set_by_hand_and_notes_start_the_work(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    # when / then
    with pytest.raises(ApplicationError, match="blir vedtatt"):
        sak_status_set(actor=as_saksbehandler, sak_id=sak.pk, status=SakStatus.VEDTATT)
    sak_notat_create(
        actor=as_saksbehandler, sak_id=sak.pk, type="hjemmebesok", dato=idag(), tekst="Bor alene."
    )
    sak.refresh_from_db()
    assert sak.status == SakStatus.UNDER_BEHANDLING


def test_assign_only_to_case_officers_of_the_office(
    as_saksbehandler: Ansatt,
    saksbehandler2: Ansatt,
    lege_med_relasjon: Ansatt,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    # when
    sak_assign(actor=as_saksbehandler, sak_id=sak.pk, saksbehandler_id=saksbehandler2.pk)
    # then
    sak.refresh_from_db()
    assert sak.saksbehandler == saksbehandler2
    with pytest.raises(ValidationError):
        sak_assign(actor=as_saksbehandler, sak_id=sak.pk, saksbehandler_id=lege_med_relasjon.pk)


def test_other_office_gets_not_found(
    as_saksbehandler: Ansatt,
    annet_kontor_saksbehandler: Ansatt,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    # when / then
    with acting_as(annet_kontor_saksbehandler), pytest.raises(NotFound):
        sak_status_set(actor=annet_kontor_saksbehandler, sak_id=sak.pk, status=SakStatus.AVSLUTTET)


def test_linking_the_latest_iplos_assessment(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given: no assessment yet
    skjema_load_all()
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    with pytest.raises(ApplicationError, match="ingen fullført IPLOS"):
        sak_kartlegging_link(actor=as_saksbehandler, sak_id=sak.pk)
    # when: the case officer records one (the case's relationship gives access) and links it
    kartlegging = kartlegging_create(
        actor=as_saksbehandler,
        pasient_id=soker.pk,
        skjema_kode="iplos",
        data=KartleggingData(dato=idag(), svar=IPLOS_SVAR),
        fullfor=True,
    )
    sak = sak_kartlegging_link(actor=as_saksbehandler, sak_id=sak.pk)
    # then
    assert sak.kartlegging == kartlegging
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.SAK_KARTLEGGING_LINKED, pasient_id=soker.pk
    ).exists()
