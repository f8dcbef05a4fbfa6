"""Decisions: the rules, deciding (one and two persons), effects, end and replace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet, EnhetType, Rolle, RolleRettighet, Tilknytning
from journal.access import AccessDenied
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag, Tjeneste, TjenesteStatus
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory
from tildeling.models import Avslutning, SakStatus, Tjenestetype, Utfall, Vedtak, VedtakStatus
from tildeling.services.vedtak import (
    VedtakData,
    vedtak_approve,
    vedtak_decide,
    vedtak_draft_create,
    vedtak_draft_update,
    vedtak_end,
    vedtak_replace_start,
    vedtak_return,
    vedtak_validate,
)

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def _vedtak_relasjon(pasient: Pasient, enhet: Enhet) -> bool:
    return (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK)
        .exists()
    )


# --- the rules (no database) --------------------------------------------------------------


def _type(**fields: object) -> Tjenestetype:
    defaults: dict[str, object] = {
        "kode": "15",
        "navn": "Helsetjenester i hjemmet",
        "omfang_enhet": "besok_uke",
        "utforende_enhetstyper": ["hjemmetjeneste_sone"],
    }
    return Tjenestetype(**{**defaults, **fields})


def _data(**fields: object) -> VedtakData:
    defaults: dict[str, object] = {
        "tjenestetype_id": None,
        "utfall": "innvilget",
        "begrunnelse": "Trenger hjelp.",
        "omfang": Decimal(3),
        "fra_dato": dt.date(2025, 1, 1),
        "til_dato": dt.date(2025, 6, 30),
    }
    return VedtakData(**{**defaults, **fields})  # type: ignore[arg-type]


def test_a_granted_decision_needs_start_extent_and_an_end_or_a_review() -> None:
    # when
    errors = vedtak_validate(
        _data(fra_dato=None, omfang=None, til_dato=None, begrunnelse=" "), _type(), None
    )
    # then
    assert set(errors) == {"fra_dato", "omfang", "revurdering_dato", "begrunnelse"}
    assert vedtak_validate(_data(), _type(), None) == {}
    assert (
        vedtak_validate(_data(til_dato=None, revurdering_dato=dt.date(2025, 4, 1)), _type(), None)
        == {}
    )


def test_dates_in_order_and_a_unit_of_the_right_type() -> None:
    # given
    sykehjem = Enhet(navn="Sykehjemmet", type=EnhetType.SYKEHJEMSAVDELING)
    # when
    errors = vedtak_validate(
        _data(til_dato=dt.date(2024, 12, 1), revurdering_dato=dt.date(2024, 12, 1)),
        _type(),
        sykehjem,
    )
    # then
    assert set(errors) == {"til_dato", "revurdering_dato", "utforende_enhet"}


def test_a_refusal_needs_only_a_reasoning_and_services_without_extent_need_none() -> None:
    # when / then
    assert vedtak_validate(_data(utfall="avslag", fra_dato=None, omfang=None), _type(), None) == {}
    assert vedtak_validate(_data(omfang=None), _type(omfang_enhet="ingen"), None) == {}
    assert "omfang" in vedtak_validate(
        _data(omfang=Decimal(200)), _type(omfang_enhet="timer_uke"), None
    )
    assert "utfall" in vedtak_validate(_data(utfall="kanskje"), _type(), None)


# --- deciding and its effects ---------------------------------------------------------------


def test_granted_decision_starts_the_service_and_the_units_relationship(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    assert not _vedtak_relasjon(soker, enhet)
    # when
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    # then
    assert vedtak.status == VedtakStatus.FATTET
    assert vedtak.vedtaksdato == idag()
    tjeneste = Tjeneste.objects.get(kilde_vedtak_id=vedtak.pk)
    assert (tjeneste.enhet, tjeneste.tjenestetype_kode) == (enhet, "15")
    assert tjeneste.omfang == Decimal(3)
    assert tjeneste.omfang_enhet == "besøk per uke"
    assert _vedtak_relasjon(soker, enhet)
    sak.refresh_from_db()
    assert sak.status == SakStatus.VEDTATT
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VEDTAK_FATTET, pasient_id=soker.pk).exists()
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TJENESTE_STARTED, pasient_id=soker.pk
    ).exists()


def test_refusal_starts_nothing_and_case_waits_for_all_services(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"], katalog["1"])
    # when
    fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    sak.refresh_from_db()
    # then: one service is still undecided
    assert sak.status == SakStatus.UNDER_BEHANDLING
    avslag = fattet(
        as_saksbehandler,
        sak,
        VedtakData(katalog["1"].pk, utfall=Utfall.AVSLAG, begrunnelse="Klarer seg selv."),
    )
    sak.refresh_from_db()
    assert sak.status == SakStatus.VEDTATT
    assert not Tjeneste.objects.filter(kilde_vedtak_id=avslag.pk).exists()
    assert avslag.fra_dato is None
    assert avslag.omfang is None


def test_two_person_approval_needs_a_second_different_person(
    as_saksbehandler: Ansatt,
    saksbehandler2: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given: BPA demands two persons
    bpa = katalog["3"]
    hjemmetjeneste = EnhetFactory(type=EnhetType.HJEMMETJENESTE, virksomhet=enhet.virksomhet)
    sak = sak_new(as_saksbehandler, soker, bpa)
    # when
    vedtak = fattet(as_saksbehandler, sak, innvilget(bpa, hjemmetjeneste, omfang="10"))
    # then: waiting, nothing started
    assert vedtak.status == VedtakStatus.TIL_GODKJENNING
    assert not Tjeneste.objects.filter(kilde_vedtak_id=vedtak.pk).exists()
    with pytest.raises(ApplicationError, match="annen person"):
        vedtak_approve(actor=as_saksbehandler, vedtak_id=vedtak.pk)
    with acting_as(saksbehandler2, kontor):
        vedtak = vedtak_approve(actor=saksbehandler2, vedtak_id=vedtak.pk)
    assert vedtak.status == VedtakStatus.FATTET
    assert (vedtak.fattet_av, vedtak.godkjent_av) == (as_saksbehandler, saksbehandler2)
    assert Tjeneste.objects.filter(kilde_vedtak_id=vedtak.pk).exists()


def test_approver_can_send_it_back_to_draft(
    as_saksbehandler: Ansatt,
    saksbehandler2: Ansatt,
    kontor: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["11"])
    data = innvilget(katalog["11"], None, omfang="5")
    vedtak = fattet(as_saksbehandler, sak, data)
    # when
    with acting_as(saksbehandler2, kontor):
        vedtak = vedtak_return(actor=saksbehandler2, vedtak_id=vedtak.pk, kommentar="Feil omfang")
    # then
    assert vedtak.status == VedtakStatus.UTKAST
    vedtak_draft_update(actor=as_saksbehandler, vedtak_id=vedtak.pk, data=data)


def test_only_a_person_with_the_right_decides(
    as_saksbehandler: Ansatt, kontor: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given: a role that handles cases but does not decide
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    utkast = vedtak_draft_create(
        actor=as_saksbehandler, sak_id=sak.pk, data=innvilget(katalog["15"], None)
    )
    forbereder = actor(kontor, "saksbehandler", username="forbereder")
    tilknytning = Tilknytning.objects.get(ansatt=forbereder)
    rolle = Rolle.objects.create(kode="forbereder", navn="Forbereder")
    RolleRettighet.objects.create(rolle=rolle, action="handle_case")
    tilknytning.rolle = rolle
    tilknytning.save()
    # when / then
    with acting_as(forbereder, kontor), pytest.raises(AccessDenied):
        vedtak_decide(actor=forbereder, vedtak_id=utkast.pk)


def test_decided_content_is_immutable_in_the_database(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when / then: even a raw update or delete is refused by PostgreSQL
    with pytest.raises(DatabaseError, match="kan ikke endres"), transaction.atomic():
        Vedtak.objects.filter(pk=vedtak.pk).update(omfang=Decimal(20))
    with pytest.raises(DatabaseError, match="kan ikke slettes"), transaction.atomic():
        Vedtak.objects.filter(pk=vedtak.pk).delete()
    with pytest.raises(DatabaseError, match="statusendring"), transaction.atomic():
        Vedtak.objects.filter(pk=vedtak.pk).update(status="utkast")
    with pytest.raises(ApplicationError, match="Bare utkast"):
        vedtak_draft_update(
            actor=as_saksbehandler, vedtak_id=vedtak.pk, data=innvilget(katalog["15"], enhet)
        )


def test_replacing_ends_the_old_decision_and_its_service(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given: a service from yesterday
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    start = idag() - dt.timedelta(days=10)
    old = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet, fra=start))
    # when: a new decision with more visits replaces it
    utkast = vedtak_replace_start(actor=as_saksbehandler, vedtak_id=old.pk)
    assert utkast.erstatter == old
    assert utkast.fra_dato == idag()
    vedtak_draft_update(
        actor=as_saksbehandler,
        vedtak_id=utkast.pk,
        data=innvilget(katalog["15"], enhet, omfang="7"),
    )
    ny = vedtak_decide(actor=as_saksbehandler, vedtak_id=utkast.pk)
    # then
    old.refresh_from_db()
    assert old.status == VedtakStatus.AVSLUTTET
    assert old.avslutning == Avslutning.ERSTATTET
    assert old.avsluttet_dato == idag() - dt.timedelta(days=1)
    gammel = Tjeneste.objects.get(kilde_vedtak_id=old.pk)
    assert gammel.status == TjenesteStatus.AVSLUTTET
    assert gammel.til_dato == idag() - dt.timedelta(days=1)
    assert Tjeneste.objects.get(kilde_vedtak_id=ny.pk).status == TjenesteStatus.AKTIV
    assert _vedtak_relasjon(soker, enhet)  # the unit keeps giving the service


def test_ending_a_decision_ends_its_service_and_the_relationship(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(
        as_saksbehandler, sak, innvilget(katalog["15"], enhet, fra=idag() - dt.timedelta(days=5))
    )
    # when
    vedtak_end(actor=as_saksbehandler, vedtak_id=vedtak.pk, dato=idag() - dt.timedelta(days=1))
    # then
    vedtak.refresh_from_db()
    assert (vedtak.status, vedtak.avslutning) == (VedtakStatus.AVSLUTTET, Avslutning.OPPHORT)
    assert Tjeneste.objects.get(kilde_vedtak_id=vedtak.pk).status == TjenesteStatus.AVSLUTTET
    assert not _vedtak_relasjon(soker, enhet)
    with pytest.raises(ApplicationError):
        vedtak_end(actor=as_saksbehandler, vedtak_id=vedtak.pk)


def test_draft_with_bad_values_gives_errors_per_field(
    as_saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    # when / then
    with pytest.raises(ValidationError) as exc:
        vedtak_draft_create(
            actor=as_saksbehandler,
            sak_id=sak.pk,
            data=VedtakData(katalog["15"].pk, utfall="innvilget", begrunnelse=""),
        )
    assert {"begrunnelse", "fra_dato", "omfang", "revurdering_dato"} <= set(exc.value.message_dict)
