"""Home care: the doses due in a visit's window show on the phone visit page and are signed
there like tasks; the day lists mark the visits that carry medication."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import EnhetType
from legemidler.models import Administrasjon
from tests.conftest import actor, logged_in
from tests.factories import EnhetFactory, PasientFactory
from tests.legemidler.factories import ForordningFactory, fast_dosering
from tests.legemidler.utdeling.conftest import DAG, klokke_til, oslo
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory

pytestmark = pytest.mark.django_db


def test_a_visit_shows_its_doses_and_the_nurse_signs_them_there(db: None) -> None:
    klokke_til(oslo(DAG, "08:10"))
    sone = EnhetFactory(navn="Sone nord", type=EnhetType.HJEMMETJENESTE_SONE)
    spl = actor(sone, "sykepleier", username="spl_h", first_name="Hanne", last_name="Hjem")
    per = PasientFactory(fornavn="Per", etternavn="Hjemme", relasjon_til=sone)
    ordre = ForordningFactory(
        pasient=per,
        enhet=sone,
        start=oslo(DAG - dt.timedelta(days=3), "07:00"),
        dosering=fast_dosering(("08:00", "1"), ("20:00", "1")),
    )
    morgen = BesoekFactory(
        enhet=sone, pasient=per, ansatt=spl, dato=DAG, fra_tid=dt.time(7, 30), til_tid=dt.time(9)
    )
    BesoekFactory(
        enhet=sone, pasient=per, ansatt=spl, dato=DAG, fra_tid=dt.time(12), til_tid=dt.time(13)
    )
    client = logged_in(spl)
    html = client.get(f"/hjemmetjeneste/besok/{morgen.pk}/").content.decode()
    assert 'data-testid="besoek-doser"' in html
    assert html.count('data-testid="dose"') == 1
    response = client.post(
        "/legemidler/utdeling/signer/",
        {
            "forordning": str(ordre.pk),
            "forfall": oslo(DAG, "08:00").isoformat(),
            "status": "gitt",
            "besoek": str(morgen.pk),
            "neste": f"/hjemmetjeneste/besok/{morgen.pk}/",
        },
    )
    assert response["Location"] == f"/hjemmetjeneste/besok/{morgen.pk}/"
    a = Administrasjon.objects.get()
    assert (a.kilde, a.besoek_id, a.signert_av) == ("besoek", morgen.pk, spl)
    html = client.get(f"/hjemmetjeneste/besok/{morgen.pk}/").content.decode()
    assert 'data-status="gitt"' in html
    mine = client.get(f"/hjemmetjeneste/mine-besok/?dato={DAG.isoformat()}").content.decode()
    assert mine.count('data-testid="medisin"') == 1


def test_the_leaders_page_counts_the_open_missed_doses(db: None) -> None:
    from legemidler.services import dosevarsel_dispenser_register

    sone = EnhetFactory(navn="Sone sør", type=EnhetType.HJEMMETJENESTE_SONE)
    leder = actor(sone, "leder", username="leder_h")
    per = PasientFactory(fornavn="Per", etternavn="Hjemme", relasjon_til=sone)
    client = logged_in(leder)
    assert 'data-testid="glemte-doser"' not in client.get("/hjemmetjeneste/leder/").content.decode()
    dosevarsel_dispenser_register(
        pasient_id=per.pk, enhet_id=sone.pk, tidspunkt=oslo(DAG, "08:30"), hendelse_ref="d-1"
    )
    html = client.get("/hjemmetjeneste/leder/").content.decode()
    assert "1 glemt dose venter på oppfølging" in html
