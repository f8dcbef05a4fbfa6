"""Code lists: the loader (official file formats, idempotent, bad rows reported in
Norwegian), the management command, the code search and its type-ahead page."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Ansatt
from journal.access import AccessDenied
from journal.lib.kodeverk import KodeverkFileError, kodeverk_parse
from journal.models import Kode, Kodeverk
from journal.seeds import STARTSETT, kodeverk_file_load, kodeverk_startsett_load
from journal.selectors import kode_get, kode_search
from tests.acting import acting_as
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    # Migration 0007 loads the starter set, but transactional tests elsewhere flush it.
    kodeverk_startsett_load()


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "koder.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_starter_set_is_in_the_database_and_loading_it_again_changes_nothing() -> None:
    # given: the starter set (loaded by migration 0007, or by the fixture after a flush)
    # when
    again = kodeverk_startsett_load()
    # then
    assert [(r.kodeverk, r.nye, r.endret, r.feil) for r in again] == [
        (Kodeverk.ICPC2, 0, 0, []),
        (Kodeverk.ICD10, 0, 0, []),
    ]
    icpc = Kode.objects.filter(kodeverk=Kodeverk.ICPC2)
    icd = Kode.objects.filter(kodeverk=Kodeverk.ICD10)
    assert icpc.count() >= 150
    assert icd.count() >= 150
    assert icpc.get(kode="T90").tekst == "Diabetes type 2"
    assert icpc.get(kode="K").tekst == "Hjerte og blodårer"  # chapter letters are included
    assert icd.get(kode="F03").tekst == "Uspesifisert demens"
    assert icd.get(kode="E119").aktiv


def test_starter_files_have_no_bad_rows() -> None:
    for kodeverk, path in STARTSETT.items():
        # when
        lesing = kodeverk_parse(path.read_text(encoding="utf-8"), kodeverk=kodeverk, today=idag())
        # then
        assert lesing.feil == []
        assert len(lesing.rader) >= 150


def test_official_header_columns_updates_and_validity(tmp_path: Path) -> None:
    # given: an official-style export with more columns than we need, and a retired code
    path = _file(
        tmp_path,
        "-- ICD-10, eksport fra finnkode\n"
        "Kode;Tekst_med_maksimalt_60_tegn;Tekst_uten_lengdebegrensning;Gyldig_fra;Gyldig_til\n"
        "XVIII;Kapittel;Symptomer og tegn;2000-01-01;\n"
        "R00-R09;Blokk;Symptomer fra sirkulasjon og åndedrett;2000-01-01;\n"
        "R99;Kort;Ukjent dødsårsak (testkode);2000-01-01;\n"
        "U99;Utgått;Utgått testkode;2000-01-01;01.01.2001\n",
    )
    # when
    first = kodeverk_file_load(path=path, kodeverk=Kodeverk.ICD10)
    # then
    assert (first.nye, first.endret, first.hoppet_over, first.feil) == (2, 0, 2, [])
    assert Kode.objects.get(kodeverk="ICD-10", kode="R99").tekst == "Ukjent dødsårsak (testkode)"
    assert not Kode.objects.get(kodeverk="ICD-10", kode="U99").aktiv

    # given: the text changes in a new version of the list
    path.write_text("Kode;Tekst\nR99;Ukjent dødsårsak\n", encoding="utf-8")
    # when
    second = kodeverk_file_load(path=path, kodeverk=Kodeverk.ICD10)
    # then
    assert (second.nye, second.endret) == (0, 1)
    assert Kode.objects.get(kodeverk="ICD-10", kode="R99").tekst == "Ukjent dødsårsak"


def test_bad_rows_are_reported_in_norwegian_with_line_numbers(tmp_path: Path) -> None:
    # given
    path = _file(
        tmp_path,
        "kode;tekst\n"
        "T90;Diabetes type 2\n"
        ";Uten kode\n"
        "Q12;Ikke et ICPC-2-kapittel\n"
        "R74;\n"
        f"R75;{'x' * 301}\n"
        "T90;Diabetes igjen\n",
    )
    # when
    result = kodeverk_file_load(path=path, kodeverk=Kodeverk.ICPC2)
    # then
    assert result.feil == [
        "Linje 3: mangler kode.",
        "Linje 4: «Q12» er ikke en gyldig ICPC-2-kode.",
        "Linje 5: koden R74 mangler tekst.",
        "Linje 6: teksten til R75 er lengre enn 300 tegn.",
        "Linje 7: koden T90 står allerede på linje 2.",
    ]
    assert "5 feil" in result.summary()


def test_windows_1252_file_and_icd10_codes_with_dots(tmp_path: Path) -> None:
    # given: an older export in Windows-1252, codes written with a dot
    path = _file(tmp_path, "Kode;Tekst\nG30.9;Alzheimers sykdom, uspesifisert (prøve)\n", "cp1252")
    # when
    result = kodeverk_file_load(path=path, kodeverk=Kodeverk.ICD10)
    # then
    assert result.feil == []
    assert Kode.objects.get(kodeverk="ICD-10", kode="G309").tekst.endswith("(prøve)")


def test_a_file_without_code_and_text_columns_is_refused(tmp_path: Path) -> None:
    # given
    path = _file(tmp_path, "a;b\nT90;Diabetes\n")
    # when / then
    with pytest.raises(KodeverkFileError, match="fant ikke kolonnene for kode og tekst"):
        kodeverk_file_load(path=path, kodeverk=Kodeverk.ICPC2)


def test_complete_list_retires_missing_codes_but_not_when_the_file_has_errors(
    tmp_path: Path,
) -> None:
    # given
    Kode.objects.create(kodeverk="ICPC-2", kode="Z99", tekst="Gammel testkode")
    broken = _file(tmp_path, "kode;tekst\nT90;Diabetes type 2\nQ1;Feil\n")
    # when
    refused = kodeverk_file_load(path=broken, kodeverk=Kodeverk.ICPC2, fullstendig=True)
    # then
    assert refused.deaktivert == 0
    assert refused.feil[-1] == "Ingen koder ble deaktivert fordi filen har feil."
    assert Kode.objects.get(kodeverk="ICPC-2", kode="Z99").aktiv

    # given
    complete = _file(tmp_path, "kode;tekst\nT90;Diabetes type 2\n")
    # when
    result = kodeverk_file_load(path=complete, kodeverk=Kodeverk.ICPC2, fullstendig=True)
    # then
    assert result.deaktivert == Kode.objects.filter(kodeverk="ICPC-2", aktiv=False).count()
    assert not Kode.objects.get(kodeverk="ICPC-2", kode="Z99").aktiv
    assert Kode.objects.get(kodeverk="ICPC-2", kode="T90").aktiv
    assert Kode.objects.filter(kodeverk="ICD-10", aktiv=True).exists()  # other list untouched


def test_command_loads_the_starter_set_by_default() -> None:
    # given: the starter set is already there
    out = StringIO()
    # when
    call_command("kodeverk_last", stdout=out)
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("ICPC-2: 0 nye, 0 endret")
    assert lines[1].startswith("ICD-10: 0 nye, 0 endret")


def test_command_loads_a_file_and_fails_on_bad_rows(tmp_path: Path) -> None:
    # given
    path = _file(tmp_path, "kode;tekst\nR98;Hyperventilering (test)\nX;\n")
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(CommandError, match="1 linjer kunne ikke leses"):
        call_command(
            "kodeverk_last", "--fil", str(path), "--kodeverk", "ICPC-2", stdout=out, stderr=err
        )
    # then: the good row is loaded, the bad one named
    assert Kode.objects.get(kodeverk="ICPC-2", kode="R98").tekst == "Hyperventilering (test)"
    assert "Linje 3: koden X mangler tekst." in err.getvalue()


def test_command_needs_the_code_list_with_a_file(tmp_path: Path) -> None:
    # when / then
    with pytest.raises(CommandError, match="Oppgi --kodeverk"):
        call_command("kodeverk_last", "--fil", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Kan ikke lese filen"):
        call_command("kodeverk_last", "--fil", str(tmp_path / "x.csv"), "--kodeverk", "ICD-10")


def test_search_by_code_prefix_or_text_any_case(
    lege_med_relasjon: Ansatt, admin_uten_pasienttilgang: Ansatt
) -> None:
    # given: the starter set, with one code retired
    Kode.objects.filter(kodeverk="ICD-10", kode="E14").update(aktiv=False)
    with acting_as(lege_med_relasjon):
        # when
        by_code = kode_search(actor=lege_med_relasjon, sok="e11.9", kodeverk="ICD-10")
        by_text = kode_search(actor=lege_med_relasjon, sok="DIABETES")
        chapter = kode_search(actor=lege_med_relasjon, sok="t", kodeverk="ICPC-2")
        empty = kode_search(actor=lege_med_relasjon, sok="  ")
        paged = kode_search(actor=lege_med_relasjon, sok="a", storrelse=5, side=2)
    # then
    assert [k.kode for k in by_code.items] == ["E119"]
    found = {(k.kodeverk, k.kode) for k in by_text.items}
    assert {("ICPC-2", "T89"), ("ICPC-2", "T90"), ("ICD-10", "E11")} <= found
    assert ("ICD-10", "E14") not in found  # inactive codes are not offered
    assert chapter.items[0].kode.startswith("T")
    assert all(len(k.kode) == 3 for k in chapter.items)  # no chapter letters
    assert empty.items == []
    assert (paged.nummer, len(paged.items), paged.har_neste) == (2, 5, True)
    with acting_as(admin_uten_pasienttilgang), pytest.raises(AccessDenied):
        kode_search(actor=admin_uten_pasienttilgang, sok="T90")


def test_search_refuses_unknown_code_lists_and_long_terms(lege_med_relasjon: Ansatt) -> None:
    with acting_as(lege_med_relasjon):
        # when / then
        with pytest.raises(ApplicationError, match="Ukjent kodeverk"):
            kode_search(actor=lege_med_relasjon, sok="T90", kodeverk="SNOMED")
        with pytest.raises(ApplicationError, match="for langt"):
            kode_search(actor=lege_med_relasjon, sok="x" * 101)


def test_code_get_as_typed() -> None:
    # when / then
    assert kode_get(kodeverk="ICD-10", kode=" i10 ") == Kode.objects.get(
        kodeverk="ICD-10", kode="I10"
    )
    assert kode_get(kodeverk="ICPC-2", kode="t90").kode == "T90"  # type: ignore[union-attr]
    assert kode_get(kodeverk="ICPC-2", kode="T00") is None
    assert kode_get(kodeverk="ICD-11", kode="T90") is None


def test_type_ahead_partial_and_page_without_javascript(lege_med_relasjon: Ansatt) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    partial = client.get(
        "/pasienter/kodeverk/", {"kode": "t9", "kodeverk": "ICPC-2"}, HTTP_HX_REQUEST="true"
    )
    page = client.get("/pasienter/kodeverk/", {"kode": "hypertensjon"})
    # then
    assert partial.status_code == page.status_code == 200
    assert '<option value="T90">T90 Diabetes type 2 (ICPC-2)</option>' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "Essensiell (primær) hypertensjon" in page.content.decode()


def test_type_ahead_needs_a_role_with_patient_rights(admin_uten_pasienttilgang: Ansatt) -> None:
    # when
    response = logged_in(admin_uten_pasienttilgang).get("/pasienter/kodeverk/", {"kode": "T90"})
    # then
    assert response.status_code == 403
