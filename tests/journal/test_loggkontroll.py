"""The leaders' access review (logganalyse): flagged look-ups, emergency reviews, CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
import zoneinfo
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from pytest_django.fixtures import Settings

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet, EnhetType
from journal.models import Pasient, Tilgangsgrunn, UtvidetTilgang
from tests.conftest import actor, logged_in
from tests.factories import AnsattFactory, EnhetFactory, PasientFactory
from tests.html_tables import table_rows

pytestmark = pytest.mark.django_db

PAGE = "/pasienter/tilgangskontroll/"
CSV_URL = "/pasienter/tilgangskontroll/logganalyse.csv"
AKUTT_GRUNN = "Pasienten falt i trappen"
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
TIRSDAG = dt.date(2025, 3, 11)
LORDAG = dt.date(2025, 3, 15)


# --- organisation: a home-care service with a zone below it -------------------------------


@pytest.fixture
def hjemmetjenesten(db: None) -> Enhet:
    return EnhetFactory(navn="Hjemmetjenesten", type=EnhetType.HJEMMETJENESTE)


@pytest.fixture
def sone_sor(hjemmetjenesten: Enhet) -> Enhet:
    return EnhetFactory(
        navn="Sone sør",
        type=EnhetType.HJEMMETJENESTE_SONE,
        forelder=hjemmetjenesten,
        virksomhet=hjemmetjenesten.virksomhet,
    )


@pytest.fixture
def leder(hjemmetjenesten: Enhet) -> Ansatt:
    return actor(
        hjemmetjenesten,
        "leder",
        username="leder1",
        first_name="Lene",
        last_name="Leder",
        helsepersonellkategori="",
        stilling="Enhetsleder",
    )


@pytest.fixture
def sykepleier(sone_sor: Enhet) -> Ansatt:
    return actor(
        sone_sor,
        "sykepleier",
        username="spl-sor",
        first_name="Siri",
        last_name="Nilsen",
        helsepersonellkategori="SP",
    )


# --- helpers ------------------------------------------------------------------------------


def analyse_rows(html: str) -> list[dict[str, Any]]:
    """The review table as the leader reads it, newest first."""
    rows = []
    for cells in table_rows(html, "logganalyse"):
        if len(cells) != 6:  # header row or "Ingen oppslag i perioden."
            continue
        when, who, patient, what, basis, flags = cells
        rows.append(
            {
                "tidspunkt": " ".join(when),
                "hvem": who[0],
                "enhet": who[1] if len(who) > 1 else "",
                "pasient": " ".join(patient),
                "hva": " ".join(what),
                "grunnlag": " ".join(basis),
                "flagg": flags,
            }
        )
    return rows


def around_today() -> dict[str, str]:
    today = idag()
    return {
        "fra": (today - dt.timedelta(days=1)).isoformat(),
        "til": (today + dt.timedelta(days=1)).isoformat(),
    }


def review(client: Client, **params: str) -> tuple[int, list[dict[str, Any]]]:
    response = client.get(PAGE, params or around_today())
    return response.status_code, analyse_rows(response.content.decode())


def flags_for(rows: list[dict[str, Any]], pasient: Pasient) -> list[str]:
    found = [r["flagg"] for r in rows if r["pasient"] == pasient.fullt_navn]
    assert len(found) == 1, f"expected one row for {pasient.fullt_navn}, got {len(found)}"
    flags: list[str] = found[0]
    return flags


def oslo(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


def read_at(
    ansatt: Ansatt, enhet: Enhet, pasient: Pasient, when: dt.datetime, grunnlag: str = "relasjon"
) -> AuditLogg:
    """A look-up written straight to the audit log at a chosen time (rows are insert-only)."""
    return AuditLogg.objects.create(
        tidspunkt=when,
        hendelse=AuditEvent.PASIENT_READ,
        aktor_id=ansatt.pk,
        aktor_navn=ansatt.get_full_name(),
        aktor_yrke=ansatt.yrke,
        rolle="sykepleier",
        enhet_id=enhet.pk,
        pasient_id=pasient.pk,
        grunnlag=grunnlag,
        kanal="web",
    )


def emergency_open(client: Client, pasient: Pasient, grunn: str = AKUTT_GRUNN) -> UtvidetTilgang:
    """Emergency access through the form, then the record opened, as a nurse would do it."""
    opened = client.post(
        "/pasienter/tilgang/",
        {"identifikator": pasient.identifikator, "type": "akutt", "begrunnelse": grunn},
    )
    assert opened.status_code == 302, opened.content.decode()
    assert client.get(opened["Location"]).status_code == 200
    return UtvidetTilgang.objects.get(pasient=pasient)


def gjennomgaa_url(tilgang: UtvidetTilgang | uuid.UUID) -> str:
    pk = tilgang.pk if isinstance(tilgang, UtvidetTilgang) else tilgang
    return f"/pasienter/tilgangskontroll/akutt/{pk}/gjennomga/"


def csv_rows(response: HttpResponseBase) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


# --- the review table ---------------------------------------------------------------------


def test_leader_sees_lookups_made_in_the_unit_below(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given
    pasient = PasientFactory(relasjon_til=sone_sor, fornavn="Ola", etternavn="Hansen")
    assert logged_in(sykepleier).get(f"/pasienter/{pasient.pk}/").status_code == 200
    # when
    status, rows = review(logged_in(leder))
    # then
    assert status == 200
    assert [(r["hvem"], r["enhet"], r["pasient"], r["hva"], r["grunnlag"]) for r in rows] == [
        (
            "Siri Nilsen",
            "Sone sør",
            "Ola Hansen",
            "Pasient åpnet",
            "Behandlingsrelasjon med enheten",
        )
    ]
    read = AuditLogg.objects.get(hendelse=AuditEvent.LOGGKONTROLL_READ)
    assert (read.aktor_id, read.ekstra["rader"]) == (leder.pk, 1)


def test_leader_page_link_is_shown_only_to_those_who_review(
    leder: Ansatt, sykepleier: Ansatt
) -> None:
    # given
    leader, nurse = logged_in(leder), logged_in(sykepleier)
    # when
    leader_page = leader.get("/pasienter/")
    nurse_page = nurse.get("/pasienter/")
    # then
    assert f'href="{PAGE}"' in leader_page.content.decode()
    assert f'href="{PAGE}"' not in nurse_page.content.decode()


def test_emergency_access_is_flagged(leder: Ansatt, sykepleier: Ansatt) -> None:
    # given: a patient the nurse's zone has no relationship with
    pasient = PasientFactory(fornavn="Per", etternavn="Berg")
    emergency_open(logged_in(sykepleier), pasient)
    # when
    _status, rows = review(logged_in(leder))
    # then
    assert [r["hva"] for r in rows] == ["Pasient åpnet", "Tilgang utenfor behandlingsrelasjon"]
    for row in rows:
        assert row["grunnlag"] == f"Akuttilgang: {AKUTT_GRUNN}"
        assert {"Akuttilgang", "Utenfor behandlingsrelasjon"} <= set(row["flagg"])


def test_reasoned_access_is_flagged_outside_relationship_but_not_as_emergency(
    leder: Ansatt, sykepleier: Ansatt
) -> None:
    # given
    grunn, _created = Tilgangsgrunn.objects.get_or_create(tekst="Vikar fra annen enhet")
    pasient = PasientFactory(fornavn="Per", etternavn="Berg")
    nurse = logged_in(sykepleier)
    opened = nurse.post(
        "/pasienter/tilgang/",
        {"identifikator": pasient.identifikator, "type": "beslutningsstyrt", "grunn": grunn.pk},
    )
    nurse.get(opened["Location"])
    # when
    _status, rows = review(logged_in(leder))
    # then
    assert [r["hva"] for r in rows] == ["Pasient åpnet", "Tilgang utenfor behandlingsrelasjon"]
    for row in rows:
        assert row["grunnlag"] == f"Tilgang med begrunnelse: {grunn.tekst}"
        assert "Utenfor behandlingsrelasjon" in row["flagg"]
        assert "Akuttilgang" not in row["flagg"]


def test_same_last_name_is_flagged_regardless_of_case(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: the nurse is called Nilsen
    slekt = PasientFactory(relasjon_til=sone_sor, fornavn="Nils", etternavn="NILSEN")
    fremmed = PasientFactory(relasjon_til=sone_sor, fornavn="Ola", etternavn="Hansen")
    nurse = logged_in(sykepleier)
    nurse.get(f"/pasienter/{slekt.pk}/")
    nurse.get(f"/pasienter/{fremmed.pk}/")
    # when
    _status, rows = review(logged_in(leder))
    # then
    assert "Samme etternavn" in flags_for(rows, slekt)
    assert "Samme etternavn" not in flags_for(rows, fremmed)


def test_own_record_is_flagged(leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet) -> None:
    # given: the nurse is also a patient of her own zone
    egen = PasientFactory(relasjon_til=sone_sor, fornavn="Siri", etternavn="Sørlie")
    sykepleier.fodselsnummer = egen.identifikator
    sykepleier.save(update_fields=["fodselsnummer"])
    logged_in(sykepleier).get(f"/pasienter/{egen.pk}/")
    # when
    _status, rows = review(logged_in(leder))
    # then
    flags = flags_for(rows, egen)
    assert "Egen journal" in flags
    assert "Kollegas journal" not in flags


def test_colleagues_record_is_flagged(leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet) -> None:
    # given: a colleague (anywhere in the organisation) is a patient of the zone
    kollega_pasient = PasientFactory(relasjon_til=sone_sor, fornavn="Kari", etternavn="Lund")
    AnsattFactory(fodselsnummer=kollega_pasient.identifikator)
    annen = PasientFactory(relasjon_til=sone_sor, fornavn="Ola", etternavn="Hansen")
    nurse = logged_in(sykepleier)
    nurse.get(f"/pasienter/{kollega_pasient.pk}/")
    nurse.get(f"/pasienter/{annen.pk}/")
    # when
    _status, rows = review(logged_in(leder))
    # then
    assert "Kollegas journal" in flags_for(rows, kollega_pasient)
    assert "Egen journal" not in flags_for(rows, kollega_pasient)
    assert "Kollegas journal" not in flags_for(rows, annen)


def test_same_address_is_flagged(leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet) -> None:
    # given: the nurse lives in Storgata 1, 0155
    sykepleier.adresse, sykepleier.postnummer = "Storgata 1", "0155"
    sykepleier.save(update_fields=["adresse", "postnummer"])
    nabo = PasientFactory(
        relasjon_til=sone_sor,
        fornavn="Nina",
        etternavn="Nabo",
        adresse="STORGATA 1",
        postnummer="0155",
    )
    annen_by = PasientFactory(
        relasjon_til=sone_sor,
        fornavn="Ola",
        etternavn="By",
        adresse="Storgata 1",
        postnummer="7010",
    )
    nurse = logged_in(sykepleier)
    nurse.get(f"/pasienter/{nabo.pk}/")
    nurse.get(f"/pasienter/{annen_by.pk}/")
    # when
    _status, rows = review(logged_in(leder))
    # then
    assert "Samme adresse" in flags_for(rows, nabo)
    assert "Samme adresse" not in flags_for(rows, annen_by)


def test_lookups_outside_working_hours_and_at_weekends_are_flagged(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: look-ups on a Tuesday night, at the edges of the working day, and on a Saturday
    times = {
        "Natt": oslo(TIRSDAG, 2),
        "Tidlig": oslo(TIRSDAG, 6, 59),
        "Start": oslo(TIRSDAG, 7),
        "Formiddag": oslo(TIRSDAG, 10),
        "Slutt": oslo(TIRSDAG, 17),
        "Helg": oslo(LORDAG, 10),
    }
    patients = {}
    for navn, when in times.items():
        patients[navn] = PasientFactory(relasjon_til=sone_sor, fornavn=navn, etternavn="Pasient")
        read_at(sykepleier, sone_sor, patients[navn], when)
    # when
    status, rows = review(logged_in(leder), fra=TIRSDAG.isoformat(), til=LORDAG.isoformat())
    # then
    assert status == 200
    flagged = {navn for navn, p in patients.items() if "Utenfor arbeidstid" in flags_for(rows, p)}
    assert flagged == {"Natt", "Tidlig", "Slutt", "Helg"}
    night = next(r for r in rows if r["pasient"] == "Natt Pasient")
    assert night["tidspunkt"] == "11.03.2025 02:00"


def test_many_patients_in_a_short_time_are_flagged(
    leder: Ansatt, sone_sor: Enhet, settings: Settings
) -> None:
    # given: more than 3 distinct patients within 30 minutes is suspicious
    settings.LOGGKONTROLL_MANGE_PASIENTER = 3
    settings.LOGGKONTROLL_VINDU_MINUTTER = 30
    travel = actor(sone_sor, "sykepleier", first_name="Tina", last_name="Travel")
    rolig = actor(sone_sor, "sykepleier", first_name="Rune", last_name="Rolig")
    samme = actor(sone_sor, "sykepleier", first_name="Sara", last_name="Samme")
    spredt = actor(sone_sor, "sykepleier", first_name="Sven", last_name="Spredt")
    pasienter = [
        PasientFactory(relasjon_til=sone_sor, fornavn=f"P{i}", etternavn="Pasient")
        for i in range(4)
    ]
    for i, p in enumerate(pasienter):
        read_at(travel, sone_sor, p, oslo(TIRSDAG, 10, 5 * i))  # 4 patients in 15 minutes
        read_at(spredt, sone_sor, p, oslo(TIRSDAG, 8 + 2 * i))  # 4 patients over 6 hours
        read_at(samme, sone_sor, pasienter[0], oslo(TIRSDAG, 12, i))  # one patient 4 times
    for i, p in enumerate(pasienter[:3]):
        read_at(rolig, sone_sor, p, oslo(TIRSDAG, 11, 5 * i))  # 3 patients: at the limit
    # when
    _status, rows = review(logged_in(leder), fra=TIRSDAG.isoformat(), til=TIRSDAG.isoformat())
    # then
    flagged = {r["hvem"] for r in rows if "Mange pasienter på kort tid" in r["flagg"]}
    assert flagged == {"Tina Travel"}
    assert sum(1 for r in rows if r["hvem"] == "Tina Travel") == 4
    assert all(
        "Mange pasienter på kort tid" in r["flagg"] for r in rows if r["hvem"] == "Tina Travel"
    )


def test_only_flagged_hides_unflagged_rows(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: one ordinary daytime look-up and one at night
    dag = PasientFactory(relasjon_til=sone_sor, fornavn="Dag", etternavn="Pasient")
    natt = PasientFactory(relasjon_til=sone_sor, fornavn="Natt", etternavn="Pasient")
    read_at(sykepleier, sone_sor, dag, oslo(TIRSDAG, 10))
    read_at(sykepleier, sone_sor, natt, oslo(TIRSDAG, 2))
    client = logged_in(leder)
    period = {"fra": TIRSDAG.isoformat(), "til": TIRSDAG.isoformat()}
    # when
    _s, all_rows = review(client, **period)
    _s, flagged_rows = review(client, **period, kun_flagget="on")
    # then
    assert [r["pasient"] for r in all_rows] == ["Dag Pasient", "Natt Pasient"]
    assert all_rows[0]["flagg"] == []
    assert [r["pasient"] for r in flagged_rows] == ["Natt Pasient"]


def test_period_and_patient_filters(leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet) -> None:
    # given
    ole = PasientFactory(relasjon_til=sone_sor, fornavn="Ole", etternavn="Pasient")
    eva = PasientFactory(relasjon_til=sone_sor, fornavn="Eva", etternavn="Pasient")
    read_at(sykepleier, sone_sor, ole, oslo(TIRSDAG, 10))
    read_at(sykepleier, sone_sor, eva, oslo(TIRSDAG, 11))
    read_at(sykepleier, sone_sor, ole, oslo(TIRSDAG + dt.timedelta(days=1), 10))
    client = logged_in(leder)
    # when
    _s, tuesday = review(client, fra=TIRSDAG.isoformat(), til=TIRSDAG.isoformat())
    _s, only_ole = review(
        client,
        fra=TIRSDAG.isoformat(),
        til=(TIRSDAG + dt.timedelta(days=1)).isoformat(),
        identifikator=f"{ole.identifikator[:6]} {ole.identifikator[6:]}",
    )
    # then
    assert [r["pasient"] for r in tuesday] == ["Eva Pasient", "Ole Pasient"]
    assert [r["tidspunkt"] for r in only_ole] == ["12.03.2025 10:00", "11.03.2025 10:00"]


def test_lookups_outside_the_leaders_units_are_not_shown(
    leder: Ansatt, sykepleier: Ansatt, hjemmetjenesten: Enhet, sone_sor: Enhet
) -> None:
    # given: a sibling unit of the same virksomhet, and a unit in another kommune
    sykehjem = EnhetFactory(navn="Sykehjemmet", virksomhet=hjemmetjenesten.virksomhet)
    fjern = EnhetFactory(navn="Fjern enhet")
    p_sone = PasientFactory(relasjon_til=sone_sor, fornavn="Sone", etternavn="Pasient")
    p_sykehjem = PasientFactory(relasjon_til=sykehjem, fornavn="Hjem", etternavn="Pasient")
    p_fjern = PasientFactory(relasjon_til=fjern, fornavn="Fjern", etternavn="Pasient")
    logged_in(sykepleier).get(f"/pasienter/{p_sone.pk}/")
    logged_in(actor(sykehjem, "sykepleier")).get(f"/pasienter/{p_sykehjem.pk}/")
    logged_in(actor(fjern, "sykepleier")).get(f"/pasienter/{p_fjern.pk}/")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.PASIENT_READ).count() == 3
    # when
    _s, rows = review(logged_in(leder))
    # then
    assert [r["pasient"] for r in rows] == ["Sone Pasient"]


def test_leader_of_the_lower_unit_does_not_see_the_upper_unit(
    leder: Ansatt, hjemmetjenesten: Enhet, sone_sor: Enhet
) -> None:
    # given: a look-up made in the upper unit, and a leader acting in the zone below
    pasient = PasientFactory(relasjon_til=hjemmetjenesten, fornavn="Topp", etternavn="Pasient")
    logged_in(actor(hjemmetjenesten, "sykepleier")).get(f"/pasienter/{pasient.pk}/")
    soneleder = actor(sone_sor, "leder")
    # when
    _s, lower = review(logged_in(soneleder))
    _s, upper = review(logged_in(leder))
    # then
    assert lower == []
    assert [r["pasient"] for r in upper] == ["Topp Pasient"]


def test_nurse_without_review_right_gets_403(sykepleier: Ansatt) -> None:
    # given
    client = logged_in(sykepleier)
    # when
    page = client.get(PAGE, around_today())
    export = client.get(CSV_URL, around_today())
    # then
    assert page.status_code == export.status_code == 403
    assert "Du har ikke tilgang til denne siden." in page.content.decode()
    assert not AuditLogg.objects.filter(
        hendelse__in=[AuditEvent.LOGGKONTROLL_READ, AuditEvent.LOGGKONTROLL_EXPORTED]
    ).exists()


def test_til_before_fra_is_refused_in_norwegian(leder: Ansatt) -> None:
    # given
    client = logged_in(leder)
    bad = {"fra": "2025-03-12", "til": "2025-03-11"}
    # when
    page = client.get(PAGE, bad)
    export = client.get(CSV_URL, bad)
    # then
    assert page.status_code == 400
    assert "Til-dato kan ikke være før fra-dato." in page.content.decode()
    assert export.status_code == 400
    assert export.content.decode() == "Ugyldig filter."
    assert not AuditLogg.objects.filter(
        hendelse__in=[AuditEvent.LOGGKONTROLL_READ, AuditEvent.LOGGKONTROLL_EXPORTED]
    ).exists()


def test_page_without_dates_shows_the_last_week(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given
    pasient = PasientFactory(relasjon_til=sone_sor, fornavn="Ny", etternavn="Pasient")
    logged_in(sykepleier).get(f"/pasienter/{pasient.pk}/")
    # when
    response = logged_in(leder).get(PAGE)
    # then
    assert response.status_code == 200
    assert [r["pasient"] for r in analyse_rows(response.content.decode())] == ["Ny Pasient"]
    today = idag()
    read = AuditLogg.objects.get(hendelse=AuditEvent.LOGGKONTROLL_READ)
    assert (read.ekstra["fra"], read.ekstra["til"]) == (
        (today - dt.timedelta(days=7)).isoformat(),
        today.isoformat(),
    )


# --- CSV export ---------------------------------------------------------------------------


def test_csv_export_has_header_flagged_rows_and_is_audited(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: one night-time look-up of a relative
    slekt = PasientFactory(relasjon_til=sone_sor, fornavn="Nils", etternavn="Nilsen")
    read_at(sykepleier, sone_sor, slekt, oslo(TIRSDAG, 2))
    # when
    response = logged_in(leder).get(
        CSV_URL, {"fra": TIRSDAG.isoformat(), "til": TIRSDAG.isoformat()}
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="logganalyse.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "Tidspunkt",
        "Ansatt",
        "Yrke",
        "Enhet",
        "Pasient",
        "Hendelse",
        "Grunnlag",
        "Flagg",
    ]
    assert len(rows) == 1
    when, *rest = rows[0]
    assert dt.datetime.fromisoformat(when) == oslo(TIRSDAG, 2)
    assert rest == [
        "Siri Nilsen",
        "Sykepleier",
        "Sone sør",
        "Nils Nilsen",
        "Pasient åpnet",
        "Behandlingsrelasjon med enheten",
        "Samme etternavn, Utenfor arbeidstid",
    ]
    exported = AuditLogg.objects.get(hendelse=AuditEvent.LOGGKONTROLL_EXPORTED)
    assert (exported.aktor_id, exported.ekstra["rader"]) == (leder.pk, 1)
    assert (exported.ekstra["fra"], exported.ekstra["til"]) == (TIRSDAG.isoformat(),) * 2


def test_csv_times_are_oslo_time_with_offset_as_on_the_screen(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: a look-up at 12:00 in Oslo in winter (11:00 UTC) and one in summer (10:00 UTC)
    slekt = PasientFactory(relasjon_til=sone_sor, fornavn="Nils", etternavn="Nilsen")
    sommer = dt.date(2025, 7, 8)
    read_at(sykepleier, sone_sor, slekt, oslo(TIRSDAG, 12))
    read_at(sykepleier, sone_sor, slekt, oslo(sommer, 12))
    query = {"fra": TIRSDAG.isoformat(), "til": sommer.isoformat()}
    # when
    screen = logged_in(leder).get(PAGE, query).content.decode()
    _header, *rows = csv_rows(logged_in(leder).get(CSV_URL, query))
    # then
    assert sorted(row[0] for row in rows) == [
        "2025-03-11T12:00:00+01:00",
        "2025-07-08T12:00:00+02:00",
    ]
    assert "12:00" in screen
    assert "11:00" not in screen


def test_csv_export_respects_only_flagged(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given
    dag = PasientFactory(relasjon_til=sone_sor, fornavn="Dag", etternavn="Pasient")
    natt = PasientFactory(relasjon_til=sone_sor, fornavn="Natt", etternavn="Pasient")
    read_at(sykepleier, sone_sor, dag, oslo(TIRSDAG, 10))
    read_at(sykepleier, sone_sor, natt, oslo(TIRSDAG, 2))
    # when
    response = logged_in(leder).get(
        CSV_URL, {"fra": TIRSDAG.isoformat(), "til": TIRSDAG.isoformat(), "kun_flagget": "on"}
    )
    # then
    _header, *rows = csv_rows(response)
    assert [r[4] for r in rows] == ["Natt Pasient"]


# --- emergency access review --------------------------------------------------------------


def test_unreviewed_emergency_access_is_listed_for_review(
    leder: Ansatt, sykepleier: Ansatt
) -> None:
    # given
    pasient = PasientFactory(fornavn="Per", etternavn="Berg")
    tilgang = emergency_open(logged_in(sykepleier), pasient)
    # when
    page = logged_in(leder).get(PAGE)
    # then
    html = page.content.decode()
    assert "Siri Nilsen" in html
    assert "Per Berg" in html
    assert AKUTT_GRUNN in html
    assert f'action="{gjennomgaa_url(tilgang)}"' in html
    assert "Marker som gjennomgått" in html
    assert "Gjennomgått" not in html


def test_unreviewed_emergency_accesses_are_listed_before_reviewed_ones(
    leder: Ansatt, sykepleier: Ansatt
) -> None:
    # given: an older access still open for review, and a newer one already reviewed
    nurse = logged_in(sykepleier)
    eldre = emergency_open(nurse, PasientFactory(fornavn="Eldre", etternavn="Aasen"))
    nyere = emergency_open(nurse, PasientFactory(fornavn="Nyere", etternavn="Aasen"))
    client = logged_in(leder)
    client.post(gjennomgaa_url(nyere), {"kommentar": "Gjennomgått med Siri."})
    # when
    html = client.get(PAGE).content.decode()
    # then
    eldre.refresh_from_db()
    assert eldre.gjennomgatt_at is None
    assert html.index("Eldre Aasen") < html.index("Nyere Aasen")


def test_leader_marks_emergency_access_as_reviewed(leder: Ansatt, sykepleier: Ansatt) -> None:
    # given
    pasient = PasientFactory(fornavn="Per", etternavn="Berg")
    tilgang = emergency_open(logged_in(sykepleier), pasient)
    client = logged_in(leder)
    # when
    response = client.post(gjennomgaa_url(tilgang), {"kommentar": "Snakket med Siri, greit."})
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#akutt"
    tilgang.refresh_from_db()
    assert tilgang.gjennomgatt_at is not None
    assert tilgang.gjennomgatt_av == leder
    assert tilgang.gjennomgang_kommentar == "Snakket med Siri, greit."
    audit = AuditLogg.objects.get(hendelse=AuditEvent.AKUTTILGANG_REVIEWED)
    assert (audit.aktor_id, audit.pasient_id, audit.objekt_id, audit.begrunnelse) == (
        leder.pk,
        pasient.pk,
        str(tilgang.pk),
        "Snakket med Siri, greit.",
    )
    html = client.get(PAGE).content.decode()
    assert "Gjennomgått" in html
    assert "Lene Leder: Snakket med Siri, greit." in html
    assert f'action="{gjennomgaa_url(tilgang)}"' not in html


@pytest.mark.parametrize("kommentar", ["", "   "])
def test_empty_review_comment_is_refused_in_norwegian(
    leder: Ansatt, sykepleier: Ansatt, kommentar: str
) -> None:
    # given
    tilgang = emergency_open(logged_in(sykepleier), PasientFactory())
    # when
    response = logged_in(leder).post(gjennomgaa_url(tilgang), {"kommentar": kommentar})
    # then
    assert response.status_code == 400
    assert "Kunne ikke lagre" in response.content.decode()
    assert "Dette feltet er påkrevd." in response.content.decode()
    tilgang.refresh_from_db()
    assert tilgang.gjennomgatt_at is None
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.AKUTTILGANG_REVIEWED).exists()


def test_leader_cannot_review_own_emergency_access(leder: Ansatt) -> None:
    # given: the leader opened an emergency access from the upper unit
    client = logged_in(leder)
    tilgang = emergency_open(client, PasientFactory())
    # when
    response = client.post(gjennomgaa_url(tilgang), {"kommentar": "Alt i orden."})
    # then
    assert response.status_code == 400
    assert "Du kan ikke gjennomgå din egen akuttilgang." in response.content.decode()
    tilgang.refresh_from_db()
    assert tilgang.gjennomgatt_at is None
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.AKUTTILGANG_REVIEWED).exists()


def test_emergency_access_cannot_be_reviewed_twice(
    leder: Ansatt, sykepleier: Ansatt, hjemmetjenesten: Enhet
) -> None:
    # given: reviewed once already
    tilgang = emergency_open(logged_in(sykepleier), PasientFactory())
    logged_in(leder).post(gjennomgaa_url(tilgang), {"kommentar": "Første gjennomgang."})
    nestleder = actor(hjemmetjenesten, "leder", first_name="Nora", last_name="Nestleder")
    # when
    response = logged_in(nestleder).post(gjennomgaa_url(tilgang), {"kommentar": "Andre."})
    # then
    assert response.status_code == 400
    assert "Akuttilgangen er allerede gjennomgått." in response.content.decode()
    tilgang.refresh_from_db()
    assert (tilgang.gjennomgatt_av, tilgang.gjennomgang_kommentar) == (
        leder,
        "Første gjennomgang.",
    )
    assert AuditLogg.objects.filter(hendelse=AuditEvent.AKUTTILGANG_REVIEWED).count() == 1


def test_leader_of_another_subtree_neither_sees_nor_reviews_the_access(
    sykepleier: Ansatt, annen_enhet: Enhet
) -> None:
    # given
    tilgang = emergency_open(logged_in(sykepleier), PasientFactory(fornavn="Per", etternavn="Berg"))
    annen_leder = logged_in(actor(annen_enhet, "leder"))
    # when
    page = annen_leder.get(PAGE)
    response = annen_leder.post(gjennomgaa_url(tilgang), {"kommentar": "Ser greit ut."})
    # then
    assert "Per Berg" not in page.content.decode()
    assert "Ingen akuttilganger fra dine enheter." in page.content.decode()
    assert response.status_code == 404
    tilgang.refresh_from_db()
    assert tilgang.gjennomgatt_at is None
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.AKUTTILGANG_REVIEWED).exists()


def test_leader_of_another_subtree_gets_404_like_a_missing_review_id(
    sykepleier: Ansatt, annen_enhet: Enhet
) -> None:
    # given
    tilgang = emergency_open(logged_in(sykepleier), PasientFactory())
    annen_leder = logged_in(actor(annen_enhet, "leder"))
    # when
    other = annen_leder.post(gjennomgaa_url(tilgang), {"kommentar": "Ser greit ut."})
    missing = annen_leder.post(gjennomgaa_url(uuid.uuid4()), {"kommentar": "Ser greit ut."})
    # then
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content


def test_nurse_cannot_review_and_gets_403(sykepleier: Ansatt, sone_sor: Enhet) -> None:
    # given: a colleague of the nurse opened an emergency access
    kollega = actor(sone_sor, "sykepleier")
    tilgang = emergency_open(logged_in(kollega), PasientFactory())
    # when
    response = logged_in(sykepleier).post(gjennomgaa_url(tilgang), {"kommentar": "Greit."})
    # then
    assert response.status_code == 403
    tilgang.refresh_from_db()
    assert tilgang.gjennomgatt_at is None


def test_malformed_page_number_gives_400(leder: Ansatt) -> None:
    # given
    client = logged_in(leder)
    client.raise_request_exception = False
    # when
    response = client.get(PAGE, {**around_today(), "side": "to"})
    # then
    assert response.status_code == 400
    assert "Sidenummer må være et positivt heltall." in response.content.decode()


def test_csv_export_neutralises_formulas_in_names(
    leder: Ansatt, sykepleier: Ansatt, sone_sor: Enhet
) -> None:
    # given: a patient registered with a name that a spreadsheet would run as a formula
    ondsinnet = PasientFactory(
        relasjon_til=sone_sor, fornavn='=HYPERLINK("http://x")', etternavn="X"
    )
    read_at(sykepleier, sone_sor, ondsinnet, oslo(TIRSDAG, 10))
    # when
    response = logged_in(leder).get(
        CSV_URL, {"fra": TIRSDAG.isoformat(), "til": TIRSDAG.isoformat()}
    )
    # then
    _header, *rows = csv_rows(response)
    assert len(rows) == 1
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in rows[0])
