from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.context import RequestContext, request_context
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Pasient
from journal.selectors import pasient_search
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def _ctx(ansatt: Ansatt) -> RequestContext:
    tilknytning = ansatt.tilknytninger.select_related("rolle").get()
    actions = frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True))
    return RequestContext(
        request_id="test-req-1",
        enhet_id=tilknytning.enhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=actions,
    )


def search(ansatt: Ansatt, sok: str, side: int = 1) -> list[Pasient]:
    with request_context(_ctx(ansatt)):
        return list(pasient_search(actor=ansatt, sok=sok, side=side).side.items)


def test_name_prefix_is_accent_and_case_insensitive(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    ostby = PasientFactory(relasjon_til=enhet, fornavn="Kari", etternavn="Østby")
    PasientFactory(relasjon_til=enhet, fornavn="Ola", etternavn="Hansen")
    # when / then
    assert search(lege_med_relasjon, "ostby") == [ostby]
    assert search(lege_med_relasjon, "ØST") == [ostby]
    assert search(lege_med_relasjon, "kari ost") == [ostby]
    assert search(lege_med_relasjon, "ost kari") == [ostby]


def test_aa_and_aring_are_the_same_letter(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    aasen = PasientFactory(relasjon_til=enhet, fornavn="Per", etternavn="Aasen")
    aasen2 = PasientFactory(relasjon_til=enhet, fornavn="Pål", etternavn="Åsen")
    # when
    found = search(lege_med_relasjon, "åsen")
    typed_two_letters = search(lege_med_relasjon, "Aa")
    # then
    assert set(found) == {aasen, aasen2}
    assert set(typed_two_letters) == {aasen, aasen2}


def test_identifier_is_exact_and_birth_date_works(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    pasient = PasientFactory(relasjon_til=enhet, etternavn="Berg")
    PasientFactory(relasjon_til=enhet, etternavn="Berg")
    # when / then
    assert search(lege_med_relasjon, pasient.identifikator) == [pasient]
    assert search(lege_med_relasjon, pasient.identifikator[:10]) == []
    born = pasient.fodselsdato.strftime("%d.%m.%Y")
    assert pasient in search(lege_med_relasjon, born)


def test_search_is_audited_per_patient_shown(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    shown = [PasientFactory(relasjon_til=enhet, etternavn=f"Løken{i}") for i in range(3)]
    # when
    search(lege_med_relasjon, "loken")
    # then
    rows = AuditLogg.objects.filter(aktor_id=lege_med_relasjon.pk)
    assert rows.filter(hendelse=AuditEvent.PASIENT_SEARCHED).get().ekstra["sok"] == "loken"
    listed = rows.filter(hendelse=AuditEvent.PASIENT_LISTED)
    assert {r.pasient_id for r in listed} == {p.pk for p in shown}
    assert all(r.request_id == "test-req-1" and r.rolle == "lege" for r in listed)


def test_pages_without_count_and_bounded_queries(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    for i in range(25):
        PasientFactory(relasjon_til=enhet, etternavn=f"Strand{i:02d}")
    ctx = _ctx(lege_med_relasjon)
    # when
    with request_context(ctx), CaptureQueriesContext(connection) as queries:
        first = list(pasient_search(actor=lege_med_relasjon, sok="strand").side.items)
    second = search(lege_med_relasjon, "strand", side=2)
    # then
    assert len(first) == 20
    assert len(second) == 5
    assert not set(first) & set(second)
    # savepoint, one SELECT, the search audit row, one bulk INSERT of listed rows, release
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_role_without_search_right_is_denied(
    admin_uten_pasienttilgang: Ansatt, enhet: Enhet
) -> None:
    # given
    PasientFactory(relasjon_til=enhet, etternavn="Hagen")
    # when / then
    with pytest.raises(AccessDenied):
        search(admin_uten_pasienttilgang, "hagen")
