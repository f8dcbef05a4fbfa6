"""NEWS2 only where it is valid (RCP 2017): adults 16 and older, not in pregnancy.

A child (issue 14: a 2-year-old with pulse 120 and breathing 30 got a red "NEWS2 7 – Akutt
vurdering") and a patient with a recorded pregnancy get their vitals stored and a message
saying why no score is shown, never a score and never an escalation colour.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.lib.news2 import news2_exception, svangerskap_kode
from journal.models import Bevissthet, Kode, Maaling, News2Unntak, Pasient
from journal.seeds import kodeverk_startsett_load
from journal.services import MaalingData, diagnose_create, maaling_create
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db

# A toddler's normal values that score 7 on the adult chart: respiration 30 (3),
# pulse 120 (2), SpO2 95 (1), systolic 105 (1).
BARNEVERDIER = MaalingData(
    respirasjon=30,
    spo2=95,
    oksygen=False,
    systolisk=105,
    diastolisk=60,
    puls=120,
    bevissthet=Bevissthet.A,
    temperatur=Decimal("37.0"),
)


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


def _born_years_ago(years: int, days: int = 0) -> dt.date:
    today = idag()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def _register(ansatt: Ansatt, pasient: Pasient) -> Maaling:
    with acting_as(ansatt):
        maling = maaling_create(actor=ansatt, pasient_id=pasient.pk, data=BARNEVERDIER)
    maling.refresh_from_db()
    return maling


def test_exception_rule_at_the_edges() -> None:
    assert news2_exception(alder=2, gravid=False) == News2Unntak.BARN
    assert news2_exception(alder=15, gravid=False) == News2Unntak.BARN
    assert news2_exception(alder=16, gravid=False) == ""
    assert news2_exception(alder=30, gravid=True) == News2Unntak.GRAVID
    assert svangerskap_kode("ICPC-2", "W78")
    assert svangerskap_kode("ICD-10", "O24.4")
    assert svangerskap_kode("ICD-10", "Z34")
    assert not svangerskap_kode("ICPC-2", "W11")
    assert not svangerskap_kode("ICD-10", "Z30")


def test_a_two_year_old_gets_no_news2_but_the_vitals_are_kept(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    barn = PasientFactory(fodselsdato=_born_years_ago(2), relasjon_til=enhet)
    # when
    maling = _register(lege_med_relasjon, barn)
    # then
    assert (maling.news2, maling.news2_niva) == (None, "")
    assert maling.news2_unntak == News2Unntak.BARN
    assert (maling.puls, maling.respirasjon) == (120, 30)


def test_the_day_before_the_sixteenth_birthday_is_still_a_child(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    nesten = PasientFactory(
        fodselsdato=_born_years_ago(16) + dt.timedelta(days=1), relasjon_til=enhet
    )
    seksten = PasientFactory(fodselsdato=_born_years_ago(16), relasjon_til=enhet)
    # when
    barn, voksen = _register(lege_med_relasjon, nesten), _register(lege_med_relasjon, seksten)
    # then
    assert barn.news2 is None
    assert barn.news2_unntak == News2Unntak.BARN
    assert voksen.news2 == 7
    assert voksen.news2_unntak == ""


def test_a_recorded_pregnancy_gives_no_news2(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    gravid = PasientFactory(fodselsdato=_born_years_ago(30), relasjon_til=enhet)
    kode = Kode.objects.get(kodeverk="ICPC-2", kode="W78")
    with acting_as(lege_med_relasjon):
        diagnose_create(actor=lege_med_relasjon, pasient_id=gravid.pk, kode_id=kode.pk)
    # when
    maling = _register(lege_med_relasjon, gravid)
    # then
    assert maling.news2 is None
    assert maling.news2_unntak == News2Unntak.GRAVID


def test_the_vitals_page_says_why_and_shows_no_escalation(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    barn = PasientFactory(fodselsdato=_born_years_ago(2), relasjon_til=enhet)
    _register(lege_med_relasjon, barn)
    # when
    page = logged_in(lege_med_relasjon).get(f"/pasienter/{barn.pk}/malinger/").content.decode()
    api = logged_in(lege_med_relasjon).get(f"/api/v1/pasienter/{barn.pk}/malinger/").json()
    # then
    assert 'data-testid="news2-unntak"' in page
    assert "NEWS2 beregnes ikke for barn under 16 år" in page
    assert "news2-hoy" not in page
    assert "Akutt vurdering" not in page
    rad = api["resultater"][0]
    assert rad["news2"] is None
    assert rad["news2_unntak"] == "barn"
    assert rad["news2_melding"].startswith("NEWS2 beregnes ikke for barn")


def test_the_vitals_form_for_a_child_offers_no_adult_score(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    barn = PasientFactory(fodselsdato=_born_years_ago(2), relasjon_til=enhet)
    voksen = PasientFactory(fodselsdato=_born_years_ago(16), relasjon_til=enhet)
    client = logged_in(lege_med_relasjon)
    # when
    barneskjema = client.get(f"/pasienter/{barn.pk}/malinger/ny/").content.decode()
    voksenskjema = client.get(f"/pasienter/{voksen.pk}/malinger/ny/").content.decode()
    # then: the child's form says why there is no score and drops the NEWS2 SpO2 scale
    assert 'data-testid="news2-barn"' in barneskjema
    assert "NEWS2 beregnes når alle sju" not in barneskjema
    assert "SpO₂-skala" not in barneskjema
    assert "NEWS2 beregnes når alle sju" in voksenskjema
    assert "SpO₂-skala" in voksenskjema
    # and posting the child's vitals without the scale stores them without a score
    response = client.post(
        f"/pasienter/{barn.pk}/malinger/ny/",
        {
            "puls": "120",
            "respirasjon": "30",
            "spo2": "95",
            "spo2_skala": "1",
            "oksygen": "luft",
            "bevissthet": "A",
        },
    )
    assert response.status_code == 302
    maling = Maaling.objects.get(pasient=barn)
    assert maling.news2 is None
    assert maling.news2_unntak == News2Unntak.BARN
