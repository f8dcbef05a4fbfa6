"""The name search's patients are the instances the ORM loads (issue 12, navnp95).

journal.access.navnesok builds the page's Pasient instances without Model.__init__ (a
sixth of the search's own Python time); whoever reads them (the API, the pages, the audit)
must not tell the difference: the same loaded values, the same state, the other fields
deferred and loaded on access, and a model signal receiver still called.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import signals

from core.models import Ansatt, Enhet
from journal.access import navnesok as access
from journal.models import Pasient
from journal.selectors import pasient as selectors_pasient
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def _search(ansatt: Ansatt, sok: str) -> list[Pasient]:
    with acting_as(ansatt):
        return list(selectors_pasient.pasient_search(actor=ansatt, sok=sok).side.items)


def _said(pasient: Pasient) -> dict[str, Any]:
    values = {k: v for k, v in pasient.__dict__.items() if k != "_state"}
    return {**values, "_state": dict(pasient._state.__dict__)}


@pytest.mark.parametrize("stor", [10, 1_000_000])
def test_the_search_gives_the_instances_the_orm_loads(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, stor: int
) -> None:
    # given: the unit's patients, one with a middle name, a death date and a place
    monkeypatch.setattr(access, "STOR_ENHET", stor)
    PasientFactory(relasjon_til=enhet, etternavn="Moen", mellomnavn="Li", poststed="Hamar")
    PasientFactory.create_batch(2, relasjon_til=enhet, etternavn="Moe")
    # when: searched twice (the second with the unit's size remembered)
    _search(lege_med_relasjon, "moe")
    found = _search(lege_med_relasjon, "moe")
    # then: each is what the ORM loads with the same fields, value by value (the size the
    # first statement counted aside)
    loaded = Pasient.objects.only(*selectors_pasient._LISTEFELTER).in_bulk([p.pk for p in found])
    assert len(found) == 3
    for pasient in found:
        said = _said(pasient)
        said.pop("kj_enhet_stor", None)
        assert said == _said(loaded[pasient.pk])
        assert type(pasient) is Pasient
    # and a field not read is loaded on access, and the instance saves as one loaded
    moen = next(p for p in found if p.etternavn == "Moen")
    assert moen.get_deferred_fields() == loaded[moen.pk].get_deferred_fields()
    assert moen.adresse == Pasient.objects.get(pk=moen.pk).adresse
    moen.poststed = "Elverum"
    moen.save(update_fields=["poststed"])
    assert Pasient.objects.get(pk=moen.pk).poststed == "Elverum"


def test_a_receiver_of_pasient_post_init_is_still_called(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given: a receiver of Pasient's post_init (none is registered today)
    PasientFactory.create_batch(2, relasjon_til=enhet, etternavn="Vik")
    seen: list[Any] = []

    def receiver(sender: type[Pasient], instance: Pasient, **kwargs: Any) -> None:
        seen.append(instance.pk)

    signals.post_init.connect(receiver, sender=Pasient)
    try:
        # when
        found = _search(lege_med_relasjon, "vik")
    finally:
        signals.post_init.disconnect(receiver, sender=Pasient)
    # then: it saw every patient of the page
    assert len(found) == 2
    assert sorted(seen, key=str) == sorted((p.pk for p in found), key=str)
