"""Reading FEST M30 files (legemidler.lib.fest): no database."""

from __future__ import annotations

import io

import pytest

from legemidler.lib.fest import FestError, fest_read
from legemidler.services.katalog import DEMO_FIL


def test_the_demo_extract_reads_products_substances_and_interactions() -> None:
    # when
    with DEMO_FIL.open("rb") as fil:
        uttrekk = fest_read(fil)

    # then
    dolcontin = next(m for m in uttrekk.merkevarer if m.varenavn == "Dolcontin")
    assert (dolcontin.atc, dolcontin.reseptgruppe, dolcontin.kan_knuses) == ("N02AA01", "A", False)
    assert dolcontin.legemiddelform == "Depottablett"
    assert len(uttrekk.merkevarer) >= 20
    warfarin_nsaid = next(i for i in uttrekk.interaksjoner if i.fest_id.endswith("WARFARIN_NSAID"))
    assert warfarin_nsaid.relevans == "1"
    assert {(s.gruppe, s.atc) for s in warfarin_nsaid.substanser} >= {
        (1, "B01AA03"),
        (2, "M01AE01"),
    }


def test_prefixes_do_not_matter_only_local_names() -> None:
    # given: the same content with other prefixes
    xml = b"""<?xml version="1.0"?>
    <m:FEST xmlns:m="http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
            xmlns:x="http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01">
      <m:HentetDato>2026-01-02T03:04:05</m:HentetDato>
      <m:KatLegemiddelMerkevare><m:OppfLegemiddelMerkevare>
        <m:Id>O1</m:Id><m:Status V="A"/>
        <x:LegemiddelMerkevare><x:Id>LM1</x:Id><x:Varenavn>Test</x:Varenavn>
          <x:Atc V="N02BE01" DN="Paracetamol"/><x:Reseptgruppe V="F"/></x:LegemiddelMerkevare>
      </m:OppfLegemiddelMerkevare></m:KatLegemiddelMerkevare>
    </m:FEST>"""

    # when
    uttrekk = fest_read(io.BytesIO(xml))

    # then
    assert [(m.fest_id, m.atc, m.navn_form_styrke) for m in uttrekk.merkevarer] == [
        ("LM1", "N02BE01", "Test")
    ]
    assert uttrekk.hentet_dato is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<?xml version='1.0'?><Annet/>", "ikke et FEST-uttrekk"),
        (b"<FEST><KatLegemiddelMerkevare>", "slutter for tidlig"),
        (b"", "tom"),
        (
            b"<?xml version='1.0'?><!DOCTYPE FEST [<!ENTITY a 'x'>]><FEST>&a;</FEST>",
            "DTD",
        ),
    ],
)
def test_a_file_that_is_not_fest_is_refused_in_norwegian(content: bytes, message: str) -> None:
    with pytest.raises(FestError, match=message):
        fest_read(io.BytesIO(content))
