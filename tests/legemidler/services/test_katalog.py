"""Loading the catalogue from FEST, and reloading it without breaking orders."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from core.exceptions import ApplicationError
from legemidler.models import Forordning, Interaksjon, Katalogimport, Legemiddel
from legemidler.services.katalog import katalog_demo_load, katalog_load
from tests.legemidler.factories import ForordningFactory

pytestmark = pytest.mark.django_db


def _fest(*produkter: tuple[str, str, str]) -> io.BytesIO:
    """A minimal FEST with products (id, name, ATC)."""
    body = "".join(
        f"""<OppfLegemiddelMerkevare><Id>O{pid}</Id><Status V="A"/>
        <LegemiddelMerkevare><Id>{pid}</Id><Varenavn>{navn}</Varenavn>
        <NavnFormStyrke>{navn} tab</NavnFormStyrke><Atc V="{atc}"/><Reseptgruppe V="C"/>
        <LegemiddelformKort V="53" DN="Tablett"/></LegemiddelMerkevare></OppfLegemiddelMerkevare>"""
        for pid, navn, atc in produkter
    )
    return io.BytesIO(
        f"""<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">
        <HentetDato>2026-12-01T03:00:00</HentetDato>
        <KatLegemiddelMerkevare>{body}</KatLegemiddelMerkevare></FEST>""".encode()
    )


def test_the_demo_catalogue_loads_marked_demo_with_substances() -> None:
    # when
    lasting = katalog_demo_load()

    # then
    assert lasting.demo
    assert lasting.antall_nye == Legemiddel.objects.count() >= 20
    paralgin = Legemiddel.objects.get(varenavn="Paralgin forte")
    assert sorted(v.navn for v in paralgin.virkestoffer.all()) == ["Kodein", "Paracetamol"]
    assert paralgin.reseptgruppe == "B"
    metotreksat = Legemiddel.objects.get(varenavn="Metotreksat")
    assert (str(metotreksat.styrke), metotreksat.styrke_enhet) == ("2.5000", "mg")
    assert Interaksjon.objects.filter(substanser__atc="B01AA03").exists()


def test_loading_the_same_file_twice_changes_nothing() -> None:
    # given
    katalog_demo_load()

    # when
    again = katalog_demo_load()

    # then
    assert (again.antall_nye, again.antall_endret, again.antall_utgaatt) == (0, 0, 0)


def test_a_reload_withdraws_a_missing_product_and_keeps_its_orders() -> None:
    # given: two products, one of them ordered
    katalog_load(fil=_fest(("A", "Alfa", "N02BE01"), ("B", "Beta", "C03CA01")), filnavn="1.xml")
    beta = Legemiddel.objects.get(fest_id="B")
    forordning: Forordning = ForordningFactory(legemiddel=beta)

    # when: the next file has no Beta
    lasting = katalog_load(fil=_fest(("A", "Alfa", "N02BE01")), filnavn="2.xml")

    # then: withdrawn, not deleted; the order still reads
    assert lasting.antall_utgaatt == 1
    beta.refresh_from_db()
    assert beta.er_utgaatt
    forordning.refresh_from_db()
    assert forordning.legemiddel == beta
    assert forordning.legemiddel_navn == "Beta tab"

    # and when it comes back, it is active again
    katalog_load(fil=_fest(("A", "Alfa", "N02BE01"), ("B", "Beta", "C03CA01")), filnavn="3.xml")
    beta.refresh_from_db()
    assert not beta.er_utgaatt


def test_a_broken_file_changes_nothing() -> None:
    # given
    katalog_demo_load()
    before = (
        Legemiddel.objects.filter(utgaatt_at__isnull=True).count(),
        Katalogimport.objects.count(),
    )

    # when
    with pytest.raises(ApplicationError, match="slutter for tidlig"):
        katalog_load(fil=io.BytesIO(b"<FEST><KatLegemiddelMerkevare><Oppf"), filnavn="x.xml")
    with pytest.raises(ApplicationError, match="ingen legemidler"):
        katalog_load(fil=io.BytesIO(b"<FEST/>"), filnavn="tom.xml")

    # then
    assert (
        Legemiddel.objects.filter(utgaatt_at__isnull=True).count(),
        Katalogimport.objects.count(),
    ) == before


def test_the_command_loads_the_demo_and_refuses_a_missing_file(tmp_path: object) -> None:
    out = io.StringIO()
    call_command("fest_last", stdout=out)
    assert "demodata" in out.getvalue()
    with pytest.raises(CommandError, match="Finner ikke"):
        call_command("fest_last", "/finnes/ikke.xml")
