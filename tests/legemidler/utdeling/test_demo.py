"""The round's demo part: settings for every demo ward, yesterday's doses signed by the demo
nurse (one refused, narcotics checked by a colleague), unsigned doses flagged; run twice,
nothing is added."""

from __future__ import annotations

import datetime as dt

import pytest

from core.context import system_context
from core.models import Kommune
from legemidler.models import Administrasjon, Utdelingsoppsett
from legemidler.services.utdeling_demo import DEMO_AVDELING, utdeling_demo_seed
from tests.conftest import actor
from tests.factories import EnhetFactory, KommuneFactory, PasientFactory, VirksomhetFactory
from tests.legemidler.factories import ForordningFactory, LegemiddelFactory, fast_dosering
from tests.legemidler.utdeling.conftest import DAG, klokke_til, oslo

pytestmark = pytest.mark.django_db


def test_the_demo_signs_yesterday_and_is_idempotent(db: None) -> None:
    klokke_til(oslo(DAG, "07:00"))
    kommune = Kommune.objects.filter(nummer="3401").first() or KommuneFactory(nummer="3401")
    avdeling = EnhetFactory(
        navn=DEMO_AVDELING,
        type="sykehjemsavdeling",
        virksomhet=VirksomhetFactory(kommune=kommune),
    )
    sykepleier = actor(avdeling, "sykepleier", username="sykepleier")
    actor(avdeling, "sykepleier", username="sykepleier2")
    lege = actor(avdeling, "lege", username="lege_demo", helsepersonellkategori="LE")
    pasient = PasientFactory(relasjon_til=avdeling)
    start = oslo(DAG - dt.timedelta(days=5), "07:00")
    ForordningFactory(
        pasient=pasient,
        enhet=avdeling,
        start=start,
        ordinert_av=lege,
        legemiddel=LegemiddelFactory(varenavn="Morfin", reseptgruppe="A"),
        dosering=fast_dosering(("08:00", "1")),
    )
    ForordningFactory(
        pasient=pasient,
        enhet=avdeling,
        start=start,
        ordinert_av=lege,
        dosering=fast_dosering(("08:00", "1"), ("20:00", "1")),
    )
    with system_context():
        first = utdeling_demo_seed()
        again = utdeling_demo_seed()
    assert (first.oppsett, first.signert) == (1, 3)
    assert (again.oppsett, again.signert, again.varsler) == (0, 0, 0)
    assert Utdelingsoppsett.objects.filter(enhet=avdeling).exists()
    statuser = sorted(Administrasjon.objects.values_list("status", flat=True))
    assert statuser == ["gitt", "gitt", "ikke_gitt"]
    morfin = Administrasjon.objects.get(forordning__legemiddel__varenavn="Morfin")
    assert morfin.signert_av == sykepleier
    assert morfin.kontrollert_av is not None
