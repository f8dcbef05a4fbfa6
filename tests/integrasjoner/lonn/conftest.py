"""Payroll fixtures: a municipality with a home-care district and a nursing-home ward, two
staff members with visits and shifts in March 2026, BPA and omsorgsstønad decisions, an
administrator, and helpers to create, build and close a period as that administrator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from core.models import Ansatt, Enhet, EnhetType, Vakt
from integrasjoner.lonn import tasks
from integrasjoner.lonn.models import Loennsperiode
from integrasjoner.lonn.services import (
    loennsperiode_build_request,
    loennsperiode_close,
    loennsperiode_create,
)
from integrasjoner.standin.server import Standin
from journal.models import Pasient, Tjeneste
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import AnsattFactory, EnhetFactory, PasientFactory
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory, VaktFactory
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus

MARS = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
APRIL = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
MAI = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def utfort(enhet: Enhet, pasient: Pasient, ansatt: Ansatt, dato: dt.date, minutter: int) -> Besoek:
    start = dt.datetime.combine(dato, dt.time(8, 0), tzinfo=dt.UTC)
    besok: Besoek = BesoekFactory(
        enhet=enhet,
        pasient=pasient,
        dato=dato,
        status=BesoekStatus.UTFORT,
        utfort_av=ansatt,
        innsjekk_at=start,
        utsjekk_at=start + dt.timedelta(minutes=minutter),
        faktisk_min=minutter,
    )
    return besok


@dataclass
class Oppsett:
    sone: Enhet
    avdeling: Enhet
    hanne: Ansatt
    per: Ansatt
    pasient: Pasient
    besok_kort: Besoek
    besok_langt: Besoek
    vakt_per: Vakt
    vakt_hanne: Vakt
    bpa: Tjeneste
    omsorgsstonad: Tjeneste


@pytest.fixture
def oppsett(enhet: Enhet, pasient: Pasient) -> Oppsett:
    """March 2026 in the district `enhet`:
    - Hanne: visits of 25 min (2 March) and 50 min (10 March), a shift 07:30–15:30 (10 March)
    - Per: a shift 07:00–15:00 (2 March)
    - a visit not performed, and one in April (neither counts for March)
    - BPA 10 h/week from 15 March (17 days: 24,29 h); omsorgsstønad 7 h/week all March
      (31 days: 31,00 h), given by the nursing-home ward of the same municipality
    - a BPA decision in another municipality (never counted)."""
    hanne = AnsattFactory(username="hanne", first_name="Hanne", last_name="Hjelp")
    per = AnsattFactory(username="per", first_name="Per", last_name="Pleier")
    avdeling = EnhetFactory(
        virksomhet=enhet.virksomhet, navn="Avdeling 1", type=EnhetType.SYKEHJEMSAVDELING
    )
    kort = utfort(enhet, pasient, hanne, dt.date(2026, 3, 2), 25)
    langt = utfort(enhet, pasient, hanne, dt.date(2026, 3, 10), 50)
    BesoekFactory(enhet=enhet, pasient=pasient, dato=dt.date(2026, 3, 3))  # planned only
    utfort(enhet, pasient, hanne, dt.date(2026, 4, 1), 30)
    vakt_per = VaktFactory(ansatt=per, enhet=enhet, dato=dt.date(2026, 3, 2))
    vakt_hanne = VaktFactory(
        ansatt=hanne,
        enhet=enhet,
        dato=dt.date(2026, 3, 10),
        fra_tid=dt.time(7, 30),
        til_tid=dt.time(15, 30),
    )
    bpa_pasient = PasientFactory(fornavn="Bodil", etternavn="Assistert", relasjon_til=avdeling)
    bpa = Tjeneste.objects.create(
        pasient=bpa_pasient,
        enhet=avdeling,
        tjenestetype_kode="3",
        navn="Brukerstyrt personlig assistanse (BPA)",
        omfang=Decimal(10),
        omfang_enhet="timer per uke",
        fra_dato=dt.date(2026, 3, 15),
    )
    omsorg = Tjeneste.objects.create(
        pasient=pasient,
        enhet=avdeling,
        tjenestetype_kode="11",
        navn="Omsorgsstønad",
        omfang=Decimal(7),
        omfang_enhet="timer per uke",
        fra_dato=dt.date(2026, 1, 1),
        til_dato=dt.date(2026, 12, 31),
    )
    andre = EnhetFactory(navn="Annen kommune sone")
    Tjeneste.objects.create(
        pasient=PasientFactory(relasjon_til=andre),
        enhet=andre,
        tjenestetype_kode="3",
        navn="BPA",
        omfang=Decimal(20),
        omfang_enhet="timer per uke",
        fra_dato=dt.date(2026, 1, 1),
    )
    return Oppsett(
        sone=enhet,
        avdeling=avdeling,
        hanne=hanne,
        per=per,
        pasient=pasient,
        besok_kort=kort,
        besok_langt=langt,
        vakt_per=vakt_per,
        vakt_hanne=vakt_hanne,
        bpa=bpa,
        omsorgsstonad=omsorg,
    )


@pytest.fixture
def admin(enhet: Enhet) -> Ansatt:
    """An administrator of the district's municipality (ADMIN, no patient rights)."""
    return actor(enhet, "admin", username="lonnadmin", hpr_nummer=None, first_name="Ada")


@pytest.fixture
def admin_annen_kommune(db: None) -> Ansatt:
    return actor(
        EnhetFactory(navn="Annen kommune adm"), "admin", username="admin2", hpr_nummer=None
    )


def periode_create(admin: Ansatt, fra_til: tuple[dt.date, dt.date]) -> Loennsperiode:
    with acting_as(admin):
        return loennsperiode_create(actor=admin, fra_dato=fra_til[0], til_dato=fra_til[1])


def periode_build(
    admin: Ansatt, periode: Loennsperiode, capture: Callable[..., Any]
) -> Loennsperiode:
    """Order the build as the admin (the task is queued on commit) and run the task."""
    with acting_as(admin), capture() as callbacks:
        loennsperiode_build_request(actor=admin, periode_id=periode.pk)
    assert len(callbacks) == 1
    tasks.loennsperiode_build(str(periode.pk))
    periode.refresh_from_db()
    return periode


def periode_close(admin: Ansatt, periode: Loennsperiode) -> Loennsperiode:
    with acting_as(admin):
        return loennsperiode_close(actor=admin, periode_id=periode.pk)


@pytest.fixture
def bygget_mars(
    oppsett: Oppsett, admin: Ansatt, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Loennsperiode:
    return periode_build(admin, periode_create(admin, MARS), django_capture_on_commit_callbacks)


@pytest.fixture
def standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.LONN_URL = f"{server.url}/lonn"
    try:
        yield server
    finally:
        server.close()
