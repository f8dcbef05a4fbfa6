"""The shipped KITH schemas compile offline, and validation tells valid from invalid."""

from __future__ import annotations

import pytest
from lxml import etree

from integrasjoner.kith.lib.xsd import (
    EKSEMPEL_DIR,
    SKJEMA_DIR,
    XsdFeil,
    skjema,
    xml_parse,
    xsd_check,
    xsd_errors,
)

MSGHEAD = "{http://www.kith.no/xmlstds/msghead/2006-05-24}"


@pytest.mark.parametrize("navn", sorted(p.name for p in SKJEMA_DIR.glob("*.xsd")))
def test_every_shipped_schema_compiles_without_the_network(navn: str) -> None:
    assert skjema(navn).validity == "valid"


def test_an_official_pasientlogistikk_payload_validates_and_a_broken_one_does_not() -> None:
    sti = next(EKSEMPEL_DIR.rglob("Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml"))
    melding = xml_parse(sti.read_bytes())
    innhold = next(melding.iter(f"{MSGHEAD}Content"))[0]
    assert xsd_errors(innhold, "Pasientlogistikk-v1.6.xsd") == []

    etree.SubElement(innhold, "{http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01}Tull")
    feil = xsd_errors(innhold, "Pasientlogistikk-v1.6.xsd")
    assert feil
    assert "Tull" in " ".join(feil)
    with pytest.raises(XsdFeil):
        xsd_check(innhold, "Pasientlogistikk-v1.6.xsd")


def test_not_xml_is_one_error_and_entities_are_not_expanded() -> None:
    assert xsd_errors(b"dette er ikke xml", "MsgHead-v1_2.xsd")[0].startswith("Ikke gyldig XML")
    bombe = b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
    assert "root:" not in etree.tostring(xml_parse(bombe)).decode()


def test_an_unknown_schema_name_is_refused() -> None:
    with pytest.raises(ValueError, match="Ukjent skjema"):
        skjema("../../../etc/passwd")
