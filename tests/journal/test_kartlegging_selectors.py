"""Assessment reads: who sees what (named actors, the same 404), drafts private to their
author, the latest completed assessment for other areas, and IPLOS side by side."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Kartlegging, KartleggingStatus, Pasient
from journal.seeds import skjema_load_all
from journal.selectors import (
    kartlegging_get,
    kartlegging_siste,
    kartlegging_utvikling,
    kartlegginger_for_pasient,
    kartleggingsskjema_list,
)
from tests.acting import acting_as
from tests.factories import IPLOS_SVAR, KartleggingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _skjemaer(db: None) -> None:
    skjema_load_all()


def _days_ago(days: int) -> dt.date:
    return idag() - dt.timedelta(days=days)


def _made(pasient: Pasient, enhet: Enhet, dager: int, **fields: object) -> Kartlegging:
    kartlegging: Kartlegging = KartleggingFactory(
        pasient=pasient, enhet=enhet, dato=_days_ago(dager), **fields
    )
    return kartlegging


def test_the_patients_unit_sees_the_history_newest_first_audited(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    old = _made(pasient, enhet, 30)
    new = _made(pasient, enhet, 2)
    # when / then: the doctor (assesses) and the health worker (reads only)
    for ansatt, kan_kartlegge in ((lege_med_relasjon, True), (kollega_samme_enhet, False)):
        with acting_as(ansatt):
            oversikt = kartlegginger_for_pasient(actor=ansatt, pasient_id=pasient.pk)
        assert [k.pk for k in oversikt.side.items] == [new.pk, old.pk]
        assert oversikt.kan_kartlegge is kan_kartlegge
        row = AuditLogg.objects.get(hendelse=AuditEvent.KARTLEGGING_LISTED, aktor_id=ansatt.pk)
        assert (row.pasient_id, row.ekstra["antall"]) == (pasient.pk, 2)


@pytest.mark.parametrize("who", ["ansatt_annen_enhet", "admin_uten_pasienttilgang"])
def test_others_get_the_same_404_as_for_a_missing_patient_or_assessment(
    who: str, request: pytest.FixtureRequest, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(who)
    kartlegging = _made(pasient, enhet, 1)
    calls: list[Callable[[uuid.UUID, uuid.UUID], object]] = [
        lambda p, k: kartlegginger_for_pasient(actor=ansatt, pasient_id=p),
        lambda p, k: kartlegging_get(actor=ansatt, pasient_id=p, kartlegging_id=k),
        lambda p, k: kartlegging_siste(actor=ansatt, pasient_id=p, skjema_kode="iplos"),
        lambda p, k: kartlegging_utvikling(actor=ansatt, pasient_id=p),
    ]
    # when / then
    with acting_as(ansatt):
        for call in calls:
            for pasient_id, kartlegging_id in (
                (pasient.pk, kartlegging.pk),
                (uuid.uuid4(), uuid.uuid4()),
            ):
                with pytest.raises(NotFound):
                    call(pasient_id, kartlegging_id)
    assert not AuditLogg.objects.filter(
        aktor_id=ansatt.pk,
        hendelse__in=[AuditEvent.KARTLEGGING_READ, AuditEvent.KARTLEGGING_LISTED],
    ).exists()


def test_one_assessment_is_read_with_its_answers_labelled(
    kollega_samme_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    kartlegging = _made(pasient, enhet, 1)
    # when
    with acting_as(kollega_samme_enhet):
        visning = kartlegging_get(
            actor=kollega_samme_enhet, pasient_id=pasient.pk, kartlegging_id=kartlegging.pk
        )
    # then
    rader = {r.element.kode: r for r in visning.rader}
    assert len(rader) == 17
    assert rader["lage_mat"].verdi.tekst == "Stort behov for bistand"  # type: ignore[union-attr]
    assert rader["bevege_seg_utendors"].verdi.tekst == "Ikke relevant"  # type: ignore[union-attr]
    assert (visning.kan_endre, visning.kan_feilregistrere) == (False, False)  # reads only
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.KARTLEGGING_READ, objekt_id=str(kartlegging.pk)
    ).exists()


def test_a_draft_is_seen_only_by_its_author(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    draft = _made(
        pasient,
        enhet,
        0,
        status=KartleggingStatus.UTKAST,
        fullfort_at=None,
        utfort_av=lege_med_relasjon,
    )
    # when / then
    with acting_as(lege_med_relasjon):
        assert kartlegging_get(
            actor=lege_med_relasjon, pasient_id=pasient.pk, kartlegging_id=draft.pk
        ).kan_endre
    with acting_as(kollega_samme_enhet):
        assert not kartlegginger_for_pasient(
            actor=kollega_samme_enhet, pasient_id=pasient.pk
        ).side.items
        with pytest.raises(NotFound):
            kartlegging_get(
                actor=kollega_samme_enhet, pasient_id=pasient.pk, kartlegging_id=draft.pk
            )


def test_the_latest_completed_assessment_ignores_drafts_errors_and_other_forms(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        assert (
            kartlegging_siste(actor=lege_med_relasjon, pasient_id=pasient.pk, skjema_kode="iplos")
            is None
        )
    older = _made(pasient, enhet, 20)
    latest = _made(pasient, enhet, 10)
    _made(pasient, enhet, 5, status=KartleggingStatus.FEILREGISTRERT, feilregistrert_grunn="Feil")
    _made(
        pasient,
        enhet,
        0,
        status=KartleggingStatus.UTKAST,
        fullfort_at=None,
        utfort_av=lege_med_relasjon,
    )
    # when
    with acting_as(lege_med_relasjon):
        siste = kartlegging_siste(
            actor=lege_med_relasjon, pasient_id=pasient.pk, skjema_kode="iplos"
        )
        barthel = kartlegging_siste(
            actor=lege_med_relasjon, pasient_id=pasient.pk, skjema_kode="barthel"
        )
    # then
    assert siste is not None
    assert siste.pk == latest.pk != older.pk
    assert barthel is None
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.KARTLEGGING_READ, objekt_id=str(latest.pk)
    ).exists()


def test_iplos_over_time_shows_the_last_assessments_oldest_first_with_changes(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: nine assessments; spise worsens from 1 to 3 in the last one
    for dager in range(80, 0, -10):
        _made(pasient, enhet, dager)
    newest = _made(pasient, enhet, 1, svar={**IPLOS_SVAR, "spise": 3, "sosial_deltakelse": 9})
    # when
    with acting_as(lege_med_relasjon):
        utvikling = kartlegging_utvikling(actor=lege_med_relasjon, pasient_id=pasient.pk, antall=6)
    # then
    assert [k.dato for k in utvikling.kolonner] == [_days_ago(d) for d in (50, 40, 30, 20, 10, 1)]
    assert utvikling.kolonner[-1].pk == newest.pk
    assert utvikling.flere
    rader = {r.element.kode: r for r in utvikling.rader}
    assert [r.element.nummer for r in utvikling.rader] == list(range(1, 18))
    assert [c.endring for c in rader["spise"].celler] == ["", "", "", "", "", "opp"]
    assert rader["sosial_deltakelse"].celler[-1].endring == "endret"  # 2 → 9 (no score)
    assert not rader["syn"].endret


def test_forms_in_use_are_the_newest_active_versions() -> None:
    # when
    skjemaer = kartleggingsskjema_list()
    # then
    assert [(s.kode, s.versjon) for s in skjemaer] == [("barthel", 1), ("iplos", 1)]
