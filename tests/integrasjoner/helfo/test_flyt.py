"""The whole round trip over real HTTP: a claim is built and validated, sent through the
outbox to the HELFO stand-in, receipted, settled with one rejected line, corrected,
resent in a new claim and paid. Nothing is sent twice; a settlement for a claim we never
sent is kept for an administrator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver, mottakere
from integrasjoner.helfo.lib.krav import Takst
from integrasjoner.helfo.models import Behandlerkrav, Kravlinje, KravStatus, LinjeStatus, Oppgjoer
from integrasjoner.helfo.services import (
    HELFO,
    Kravkilde,
    krav_create,
    krav_resend,
    krav_send,
    kravlinje_correct,
    oppgjoer_poll,
)
from integrasjoner.standin.server import Oppforsel, Standin
from journal.access import AccessDenied
from tests.acting import acting_as
from tests.integrasjoner.helfo.conftest import fnr, pasient_med_fnr, regning

pytestmark = pytest.mark.django_db

FRA, TIL = dt.date(2026, 11, 30), dt.date(2026, 12, 6)


def _krav(kontor: Enhet, lege: Ansatt, *regninger: Any) -> Behandlerkrav:
    kilder = []
    for r in regninger:
        pasient = pasient_med_fnr(kontor, r.fnr)
        kilder.append(Kravkilde(regning=r, pasient_id=pasient.pk))
    with acting_as(lege):
        return krav_create(
            actor=lege, enhet=kontor, behandler=lege, fra=FRA, til=TIL, kilder=kilder
        )


def _deliver_all(capture: Any) -> list[str]:
    return [
        levering_deliver(levering_id=lev.id)
        for lev in Levering.objects.filter(mottaker=HELFO, status="venter")
    ]


def _send(lege: Ansatt, krav: Behandlerkrav, capture: Any) -> None:
    with capture(execute=False), acting_as(lege):
        krav_send(actor=lege, krav_id=krav.pk)


def test_the_receiver_is_registered() -> None:
    assert HELFO in {m.navn for m in mottakere()}


def test_send_receipt_settlement_correct_resend_paid(
    kontor: Enhet,
    fastlege: Ansatt,
    helfo_standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given HELFO rejects fee code 2cd, and a claim of two consultations, one with 2cd
    helfo_standin.state  # noqa: B018 - started
    from core import http

    http.post_json(f"{helfo_standin.url}/_kontroll/helfo", {"avvis_takster": ["2cd"]})
    krav = _krav(
        kontor,
        fastlege,
        regning(1, fodselsnr=fnr(nr=111)),
        regning(2, fodselsnr=fnr(nr=222), takster=(("2ad", "199"), ("2cd", "150"))),
    )
    assert krav.status == KravStatus.VALIDERT
    assert krav.sum_krav == Decimal("348.00")
    # when it is sent and delivered
    _send(fastlege, krav, django_capture_on_commit_callbacks)
    assert _deliver_all(django_capture_on_commit_callbacks) == ["levert"]
    krav.refresh_from_db()
    # then HELFO's receipt is on the claim
    assert krav.status == KravStatus.KVITTERT
    assert krav.kvittering["antall_regninger"] == 2
    # when the settlement is fetched
    with django_capture_on_commit_callbacks(execute=False):
        assert oppgjoer_poll() == 1
        assert oppgjoer_poll() == 0  # already registered
    krav.refresh_from_db()
    assert krav.status == KravStatus.OPPGJORT
    assert krav.sum_utbetalt == Decimal("99.00")
    avvist = Kravlinje.objects.get(krav=krav, status=LinjeStatus.AVVIST)
    # a second settlement for the settled claim is kept aside and changes nothing
    http.post_json(f"{helfo_standin.url}/_kontroll/helfo", {"oppgjoer_uten_krav": str(krav.pk)})
    with django_capture_on_commit_callbacks(execute=False):
        assert oppgjoer_poll() == 1
    assert "allerede oppgjort" in Oppgjoer.objects.get(krav__isnull=True).feil
    assert Kravlinje.objects.get(pk=avvist.pk).status == LinjeStatus.AVVIST
    assert avvist.regning_nr == "2"
    assert avvist.aarsakstekst == "Takstkoden kan ikke kreves for denne kontakten."
    # when the GP corrects the line (drops 2cd) and resends
    with acting_as(fastlege):
        kravlinje_correct(actor=fastlege, linje_id=avvist.pk, takster="2ad 199", diagnoser="t90")
    with django_capture_on_commit_callbacks(execute=False), acting_as(fastlege):
        (nytt,) = krav_resend(actor=fastlege, enhet=kontor)
    # then a new claim holds only the corrected line, under a new id, and is sent
    assert nytt.pk != krav.pk
    assert nytt.korrigerer_id == krav.pk
    assert [linje.guid for linje in nytt.linjer.all()] == [avvist.guid]
    assert _deliver_all(django_capture_on_commit_callbacks) == ["levert"]
    with django_capture_on_commit_callbacks(execute=False):
        assert oppgjoer_poll() == 1
    nytt.refresh_from_db()
    assert nytt.status == KravStatus.OPPGJORT
    assert nytt.linjer.get().status == LinjeStatus.BETALT
    assert nytt.sum_utbetalt == Decimal("99.00")
    avvist.refresh_from_db()
    assert (avvist.status, avvist.aktiv, avvist.erstattet_av_id) == (
        LinjeStatus.SENDT_PAA_NYTT,
        False,
        nytt.linjer.get().pk,
    )
    # and HELFO got each claim id exactly once, never the paid line again
    seen = [m for m in helfo_standin.state.mottatt if m.integrasjon == "helfo"]
    assert [m.nokkel for m in seen] == [str(krav.pk), str(nytt.pk)]
    assert [m.duplikat for m in seen] == [False, False]
    hendelser = set(
        AuditLogg.objects.filter(hendelse__gte=580, hendelse__lte=589).values_list(
            "hendelse", flat=True
        )
    )
    assert {
        AuditEvent.HELFO_KRAV_BUILT,
        AuditEvent.HELFO_KRAV_SENT,
        AuditEvent.HELFO_KRAV_RECEIPT,
        AuditEvent.HELFO_OPPGJOER_REGISTERED,
        AuditEvent.HELFO_KRAVLINJE_CORRECTED,
    } <= hendelser


def test_a_duplicate_send_is_a_no_op_and_a_lost_answer_is_retried_under_the_same_key(
    kontor: Enhet,
    fastlege: Ansatt,
    helfo_standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    krav = _krav(kontor, fastlege, regning(1))
    _send(fastlege, krav, django_capture_on_commit_callbacks)
    _send(fastlege, krav, django_capture_on_commit_callbacks)  # a second click
    assert Levering.objects.filter(mottaker=HELFO).count() == 1
    # the first answer is lost after HELFO accepted it; the retry is a duplicate there
    helfo_standin.state.oppforsel["helfo"] = Oppforsel(modus="kutt_etter", antall=1)
    levering = Levering.objects.get(mottaker=HELFO)
    assert levering_deliver(levering_id=levering.id) == "venter"
    Levering.objects.filter(id=levering.id).update(neste_forsok_at=levering.neste_forsok_at)
    assert levering_deliver(levering_id=levering.id) == "levert"
    seen = [m for m in helfo_standin.state.mottatt if m.integrasjon == "helfo"]
    assert [(m.nokkel, m.duplikat) for m in seen] == [(str(krav.pk), False), (str(krav.pk), True)]
    krav.refresh_from_db()
    assert krav.status == KravStatus.KVITTERT
    with django_capture_on_commit_callbacks(execute=False):
        assert oppgjoer_poll() == 1  # one settlement for the one claim


def test_a_settlement_for_an_unknown_claim_is_kept_with_a_norwegian_error(
    helfo_standin: Standin, django_capture_on_commit_callbacks: Any, db: None
) -> None:
    from core import http

    http.post_json(
        f"{helfo_standin.url}/_kontroll/helfo",
        {"oppgjoer_uten_krav": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"},
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert oppgjoer_poll() == 1
        assert oppgjoer_poll() == 0
    oppgjoer = Oppgjoer.objects.get()
    assert oppgjoer.krav is None
    assert oppgjoer.feil.startswith("Oppgjør for ukjent krav «3f2504e0")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.HELFO_OPPGJOER_UNKNOWN).count() == 1


def test_an_invalid_claim_is_never_stored_nor_sent(kontor: Enhet, fastlege: Ansatt) -> None:
    r = regning(1)
    for_mange = type(r)(**{**r.__dict__, "takster": (Takst("2ad", Decimal(1), 2**31),)})
    with pytest.raises(ValidationError) as feil:
        _krav(kontor, fastlege, for_mange)
    assert "ikke gyldig etter skjemaet" in " ".join(feil.value.messages)
    assert not Behandlerkrav.objects.exists()
    assert not Levering.objects.filter(mottaker=HELFO).exists()


def test_a_refused_claim_is_marked_failed(
    kontor: Enhet,
    fastlege: Ansatt,
    helfo_standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    krav = _krav(kontor, fastlege, regning(1))
    _send(fastlege, krav, django_capture_on_commit_callbacks)
    helfo_standin.state.oppforsel["helfo"] = Oppforsel(modus="feil", status=422)
    assert _deliver_all(django_capture_on_commit_callbacks) == ["dod"]
    krav.refresh_from_db()
    assert krav.status == KravStatus.FEILET
    assert "HTTP 422" in krav.feil


def test_another_units_gp_and_a_role_without_signing_may_not(
    kontor: Enhet,
    fastlege: Ansatt,
    annen_lege: Ansatt,
    sekretaer_uten_signering: Ansatt,
    django_capture_on_commit_callbacks: Any,
) -> None:
    krav = _krav(kontor, fastlege, regning(1))
    with acting_as(annen_lege), pytest.raises(NotFound):
        krav_send(actor=annen_lege, krav_id=krav.pk)
    with acting_as(sekretaer_uten_signering), pytest.raises(AccessDenied):
        krav_send(actor=sekretaer_uten_signering, krav_id=krav.pk)
    with acting_as(annen_lege), pytest.raises(NotFound):
        krav_create(
            actor=annen_lege,
            enhet=kontor,
            behandler=annen_lege,
            fra=FRA,
            til=TIL,
            kilder=[Kravkilde(regning=regning(2))],
        )
