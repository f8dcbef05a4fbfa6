"""Two nurses sign the same dose at the same moment, each on their own database connection:
exactly one succeeds, the other is told in Norwegian who gave it and when."""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import ApplicationError
from legemidler.models import Administrasjon
from legemidler.services import dose_sign
from tests.acting import acting_as
from tests.legemidler.utdeling.conftest import DAG, avdeling_build, klokke_til, oslo
from tests.samtidig import at_once


@pytest.mark.django_db(transaction=True)
def test_two_nurses_signing_one_dose_at_once_exactly_one_succeeds() -> None:
    # given
    klokke_til(oslo(DAG, "08:30"))
    avd = avdeling_build()
    nurses = [avd.spl1, avd.spl2]

    def sign(nurse: Any) -> Any:
        with acting_as(nurse):
            return dose_sign(
                actor=nurse,
                forordning_id=avd.paracet.pk,
                forfall_at=oslo(DAG, "08:00"),
                status="gitt",
            )

    # when
    results = at_once(*(lambda n=n: sign(n) for n in nurses))
    # then
    ok = [r for r in results if isinstance(r, Administrasjon)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert (len(ok), len(refused)) == (1, 1), results
    winner = ok[0].signert_av
    assert str(refused[0].message).startswith(
        f"Dosen er allerede signert av {winner.get_full_name()} 10.03. kl. 08:"
    )
    assert Administrasjon.objects.count() == 1
