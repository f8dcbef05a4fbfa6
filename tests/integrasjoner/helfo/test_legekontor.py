"""Claims from real consultations (tjenester.legekontor): the week's signed consultations
become one claim per GP, the fee lines carry the claim's id and state, a child's bill
goes with share 0 and exemption code B, a rejected bill is corrected, resent and paid,
and a consultation is never claimed twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core import http
from core.models import Levering
from core.outbox import levering_deliver
from integrasjoner.helfo.lib.krav import BKM_NS
from integrasjoner.helfo.models import Kravlinje, KravStatus, LinjeStatus
from integrasjoner.helfo.services import (
    HELFO,
    krav_build,
    krav_resend,
    krav_send,
    kravlinje_correct,
    oppgjoer_poll,
)
from integrasjoner.helfo.views import uken
from integrasjoner.kith.lib.xsd import xml_parse
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.tjenester.legekontor.conftest import (  # noqa: F401 - fixtures
    Kontor,
    klokke_kl9,
    kontor,
    legekontor,
)
from tjenester.legekontor.models import Konsultasjon, Takstlinje
from tjenester.legekontor.services import (
    konsultasjon_diagnose_add,
    konsultasjon_open,
    konsultasjon_sign,
    konsultasjon_update,
    takstlinje_add,
    time_arrive,
    time_book,
)

pytestmark = pytest.mark.django_db
NOTAT = {"Anamnese": "Tørste.", "Vurdering": "Diabetes type 2."}
B = f"{{{BKM_NS}}}"


def _signed(
    k: Kontor, pasient: Pasient, time: int, koder: list[str], min_: int = 15
) -> Konsultasjon:
    with acting_as(k.sekretaer):
        avtale = time_book(
            actor=k.sekretaer,
            ressurs_id=k.ressurs.pk,
            pasient_id=pasient.pk,
            start=k.kl(time),
            aarsak="Kontroll",
        )
        time_arrive(actor=k.sekretaer, time_id=avtale.pk)
    with acting_as(k.lege):
        kons = konsultasjon_open(actor=k.lege, timeavtale_id=avtale.pk)
        konsultasjon_update(
            actor=k.lege, konsultasjon_id=kons.pk, kontaktaarsak="Kontroll", tidsbruk_min=min_
        )
        konsultasjon_diagnose_add(actor=k.lege, konsultasjon_id=kons.pk, kode="T90")
        for kode in koder:
            takstlinje_add(actor=k.lege, konsultasjon_id=kons.pk, kode=kode)
        return konsultasjon_sign(actor=k.lege, konsultasjon_id=kons.pk, innhold=NOTAT)


def _deliver_and_settle(capture: Any) -> None:
    for lev in Levering.objects.filter(mottaker=HELFO, status="venter"):
        assert levering_deliver(levering_id=lev.id) == "levert"
    with capture(execute=False):
        oppgjoer_poll()


def test_the_weeks_consultations_are_claimed_corrected_and_paid(
    kontor: Kontor,  # noqa: F811
    helfo_standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an office with a HER-id, an adult with 2ad+2cd and a child with 2ad, signed
    kontor.enhet.her_id = 8_140_077
    kontor.enhet.save()
    voksen = PasientFactory(fodselsdato=kontor.dag - dt.timedelta(days=365 * 50))
    barn = PasientFactory(fodselsdato=kontor.dag - dt.timedelta(days=365 * 6))
    k1 = _signed(kontor, voksen, 10, ["2ad", "2cd"], min_=30)
    k2 = _signed(kontor, barn, 13, ["2ad"])
    http.post_json(f"{helfo_standin.url}/_kontroll/helfo", {"avvis_takster": ["2cd"]})
    fra, til = uken(kontor.dag)
    # when the GP builds and sends the week's claim
    with django_capture_on_commit_callbacks(execute=False), acting_as(kontor.lege):
        (krav,) = krav_build(actor=kontor.lege, enhet=kontor.enhet, fra=fra, til=til)
        krav_send(actor=kontor.lege, krav_id=krav.pk)
    # then the message holds both bills, the child's with share 0 and code B
    dokument = xml_parse(krav.xml.encode()).find(f".//{B}BehandlerKrav")
    assert dokument is not None
    regninger = dokument.findall(f"{B}Enkeltregning")
    assert [r.findtext(f"{B}Guid") for r in regninger] == ["{" + f"{k.pk}" + "}" for k in (k1, k2)]
    barnets = regninger[1].find(f".//{B}KodeEgenandel")
    assert barnets is not None
    assert barnets.get("V") == "B"
    assert set(Takstlinje.objects.values_list("krav_id", "krav_status")) == {(krav.pk, "sendt")}
    # and a second build finds nothing left to claim
    with acting_as(kontor.lege), pytest.raises(ValidationError, match="ingen konsultasjoner"):
        krav_build(actor=kontor.lege, enhet=kontor.enhet, fra=fra, til=til)
    # when HELFO settles: the adult's bill (with 2cd) rejected, the child's paid
    _deliver_and_settle(django_capture_on_commit_callbacks)
    assert dict(Takstlinje.objects.values_list("konsultasjon_id", "krav_status").distinct()) == {
        k1.pk: "avvist",
        k2.pk: "betalt",
    }
    avvist = Kravlinje.objects.get(status=LinjeStatus.AVVIST)
    assert avvist.kilde_id == k1.pk
    # a correction against the tariff's rules is refused in Norwegian
    verdi = Decimal(avvist.takster[0]["verdi"])
    for feil, melding in (
        (f"2ad {verdi}, 2ak {verdi}", "kan ikke kombineres"),
        ("99zz 100", "finnes ikke"),
    ):
        with acting_as(kontor.lege), pytest.raises(ValidationError, match=melding):
            kravlinje_correct(actor=kontor.lege, linje_id=avvist.pk, takster=feil, diagnoser="T90")
    # when the GP corrects (2ad only) and resends
    with django_capture_on_commit_callbacks(execute=False), acting_as(kontor.lege):
        kravlinje_correct(
            actor=kontor.lege, linje_id=avvist.pk, takster=f"2ad {verdi}", diagnoser="T90"
        )
        (nytt,) = krav_resend(actor=kontor.lege, enhet=kontor.enhet)
    _deliver_and_settle(django_capture_on_commit_callbacks)
    # then the new claim is paid, and the adult's fee lines point at it
    nytt.refresh_from_db()
    assert nytt.status == KravStatus.OPPGJORT
    assert set(
        Takstlinje.objects.filter(konsultasjon=k1).values_list("krav_id", "krav_status")
    ) == {(nytt.pk, "betalt")}
    assert set(
        Takstlinje.objects.filter(konsultasjon=k2).values_list("krav_id", "krav_status")
    ) == {(krav.pk, "betalt")}


def test_an_office_without_her_id_gets_a_norwegian_error_and_nothing_is_kept(
    kontor: Kontor,  # noqa: F811
) -> None:
    _signed(kontor, PasientFactory(fodselsdato=dt.date(1970, 1, 1)), 10, ["2ad"])
    fra, til = uken(kontor.dag)
    with acting_as(kontor.lege), pytest.raises(ValidationError, match="mangler HER-id"):
        krav_build(actor=kontor.lege, enhet=kontor.enhet, fra=fra, til=til)
    assert not Kravlinje.objects.exists()
    assert set(Takstlinje.objects.values_list("krav_id", flat=True)) == {None}


def test_the_demo_sends_a_claim_with_one_rejected_line_once(
    kontor: Kontor,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    """No stand-in is running (HELFO_URL points nowhere): the demo brings its own."""
    from io import StringIO

    from django.core.management import call_command

    from integrasjoner.helfo.models import Behandlerkrav

    kontor.enhet.her_id = 8_140_078
    kontor.enhet.save()
    for time, fodt in ((10, 1960), (13, 1990)):
        _signed(kontor, PasientFactory(fodselsdato=dt.date(fodt, 5, 1)), time, ["2ad"])
    ut = StringIO()
    with django_capture_on_commit_callbacks(execute=False):
        call_command("demo_helfo", stdout=ut)
        call_command("demo_helfo", stdout=ut)  # idempotent
    krav = Behandlerkrav.objects.get()
    assert krav.status == KravStatus.OPPGJORT
    assert sorted(krav.linjer.values_list("status", flat=True)) == ["avvist", "betalt"]
    assert "1 krav sendt, 1 oppgjort" in ut.getvalue()


def test_the_build_button_claims_this_weeks_consultations(
    kontor: Kontor,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.conftest import logged_in

    kontor.enhet.her_id = 8_140_079
    kontor.enhet.save()
    _signed(kontor, PasientFactory(fodselsdato=dt.date(1950, 2, 2)), 10, ["2ad"])
    client = logged_in(kontor.lege)
    with django_capture_on_commit_callbacks(execute=False):
        svar = client.post("/integrasjoner/helfo/bygg/", follow=True)
    html = svar.content.decode()
    assert "Kravet er validert og sendes til HELFO." in html
    assert html.count('data-testid="krav-rad"') == 1
    assert "Sendt" in html
    assert Levering.objects.filter(mottaker=HELFO).count() == 1
