"""The claim message: built from plain data, valid against the shipped Behandlerkrav and
MsgHead schemas, and refused with Norwegian reasons when the data or schema says no."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from lxml import etree

from integrasjoner.helfo.lib.krav import (
    BKM_NS,
    MH_NS,
    KravFeil,
    Takst,
    krav_xml,
    melding_errors,
)
from integrasjoner.kith.lib.xsd import xml_parse, xsd_errors
from tests.integrasjoner.helfo.conftest import hode, regning

B = f"{{{BKM_NS}}}"


def _find(el: etree._Element, sti: str) -> etree._Element:
    funnet = el.find(sti)
    assert funnet is not None, sti
    return funnet


M = f"{{{MH_NS}}}"


def test_a_claim_is_a_lom_message_whose_behandlerkrav_validates_against_the_xsd() -> None:
    # given two consultations: an adult who pays the share, and a child who is exempt
    voksen = regning(1, takster=(("2ad", "199.00"), ("2cd", "150.00")), egenandel="100.00")
    barn = regning(2, egenandel="0.00", kode_egenandel="A")
    krav = hode(voksen, barn)
    # when
    melding = xml_parse(krav_xml(krav))
    # then the envelope names the claim, the office and the GP
    assert _find(melding, f"{M}MsgInfo/{M}Type").get("V") == "LOM"
    assert melding.findtext(f"{M}MsgInfo/{M}MsgId") == str(krav.krav_id)
    assert "9144889" in [e.text for e in melding.iter(f"{M}Id")]
    # and the business document validates on its own against Behandlerkrav.xsd
    dokument = _find(melding, f".//{M}Content")[0]
    assert dokument.tag == f"{B}BehandlerKrav"
    assert xsd_errors(dokument, "Behandlerkrav.xsd") == []
    assert melding_errors(melding) == []
    # with the sums HELFO pays: fees less the patient's share
    assert dokument.findtext(f"{B}Krav/{B}AntallRegninger") == "2"
    assert _find(dokument, f"{B}Krav/{B}SumKravSamlet").get("V") == "448.00"
    regninger = dokument.findall(f"{B}Enkeltregning")
    assert _find(regninger[0], f".//{B}Refusjon").get("V") == "249.00"
    assert _find(regninger[1], f".//{B}KodeEgenandel").get("V") == "A"
    assert _find(regninger[1], f".//{B}EgenandelHonorar").get("V") == "0.00"
    assert regninger[0].findtext(f"{B}Guid") == "{" + str(voksen.guid) + "}"


@pytest.mark.parametrize(
    ("endring", "melding"),
    [
        ({"diagnoser": ()}, "mangler diagnose"),
        ({"diagnoser": ("T9",)}, "ikke en ICPC-2-diagnose"),
        ({"fnr": "01010112345"}, "kontrollsifrene"),
        ({"takster": ()}, "mangler takst"),
        ({"kode_egenandel": "Q"}, "ukjent fritakskode"),
    ],
)
def test_bad_bill_data_is_refused_in_norwegian(endring: dict[str, object], melding: str) -> None:
    krav = hode(dataclasses.replace(regning(1), **endring))  # type: ignore[arg-type]
    with pytest.raises(KravFeil) as feil:
        krav_xml(krav)
    assert melding in str(feil.value)


def test_a_claim_without_bills_or_office_ids_is_refused() -> None:
    with pytest.raises(KravFeil) as feil:
        krav_xml(hode(kontor_orgnr="123", kontor_her_id=0))
    tekst = " ".join(feil.value.feil)
    assert "ingen regninger" in tekst
    assert "organisasjonsnummer" in tekst
    assert "HER-id" in tekst


def test_data_that_passes_our_checks_but_not_the_schema_is_never_returned() -> None:
    # given a fee count beyond the schema's xs:int
    for_mange = dataclasses.replace(
        regning(1), takster=(Takst(kode="2ad", verdi=regning(1).takster[0].verdi, antall=2**31),)
    )
    # when / then: the schema's verdict, in a Norwegian sentence
    with pytest.raises(KravFeil) as feil:
        krav_xml(hode(for_mange))
    assert feil.value.feil[0].startswith("Meldingen er ikke gyldig etter skjemaet: Behandlerkrav")
    assert "Antall" in feil.value.feil[0]


def test_a_tampered_message_fails_the_check_the_stand_in_also_uses() -> None:
    melding = xml_parse(krav_xml(hode(regning(1))))
    dokument = _find(melding, f".//{M}Content")[0]
    dokument.remove(_find(dokument, f"{B}Krav"))
    assert any(f.startswith("Behandlerkrav:") for f in melding_errors(melding))
    etree.SubElement(_find(melding, f"{M}MsgInfo"), f"{M}Tull")
    assert any(f.startswith("MsgHead:") for f in melding_errors(melding))


def test_the_claim_id_is_the_message_id_so_it_is_stable_across_builds() -> None:
    krav_id = uuid.uuid4()
    r = regning(1)
    en = xml_parse(krav_xml(hode(r, krav_id=krav_id)))
    to = xml_parse(krav_xml(hode(r, krav_id=krav_id)))
    assert en.findtext(f"{M}MsgInfo/{M}MsgId") == to.findtext(f"{M}MsgInfo/{M}MsgId")
