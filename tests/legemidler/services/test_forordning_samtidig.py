"""Two orders of the same substance for one patient at the same moment, each on its own
database connection: the patient's row is locked by the order's access check, so the second
order's checks see the first and stop it; both can never pass."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Ansatt, Enhet
from journal.models import Pasient
from legemidler.models import Forordning
from legemidler.services import KontrollStopp, forordning_create, katalog_demo_load
from tests.acting import acting_as
from tests.legemidler.conftest import lm
from tests.samtidig import at_once


@pytest.mark.django_db(transaction=True)
def test_two_orders_of_one_substance_at_once_exactly_one_passes(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: paracetamol alone, and in a combination with codeine
    katalog_demo_load()
    products = [lm("Paracet").pk, lm("Paralgin forte").pk]

    def order(product: Any) -> Any:
        with acting_as(lege, avdeling):
            return forordning_create(
                actor=lege,
                pasient_id=beboer.pk,
                legemiddel_id=product,
                doseringstype="fast",
                dosering={"tider": [{"tid": "08:00", "dose": "1"}]},
                dose_enhet="tablett",
                administrasjonsvei="oral",
                indikasjon="Smerter",
            )

    # when
    results = at_once(*(lambda p=p: order(p) for p in products))

    # then
    ok = [r for r in results if isinstance(r, Forordning)]
    stopped = [r for r in results if isinstance(r, KontrollStopp)]
    assert (len(ok), len(stopped)) == (1, 1), results
    assert [f.kontroll for f in stopped[0].funn] == ["samme_virkestoff"]
    assert Forordning.objects.filter(pasient=beboer).count() == 1
