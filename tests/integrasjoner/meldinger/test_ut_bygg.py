"""Each outgoing builder's message validates against the published envelope and payload
schemas; a broken document is refused with the reason (pure, no database)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from lxml import etree

from integrasjoner.meldinger.lib.bygg_dialog import DIALOG_TYPER, Dialog, dialog_build
from integrasjoner.meldinger.lib.bygg_msghead import (
    MH,
    Konvolutt,
    Part,
    PasientInfo,
    Person,
    melding_errors,
    msghead_wrap,
)
from integrasjoner.meldinger.lib.bygg_plo import (
    SKJEMA,
    Dodsfall,
    Innleggelse,
    Notat,
    Orientering,
    Rapport,
    TilLege,
    Tjeneste,
    helseopplysninger_lege_build,
    innleggelsesrapport_build,
    orientering_build,
    orientering_om_dod_build,
)

SYKEPLEIER = Person(
    "Omsorg", "Gunn", hpr_nummer="9876543", kategori="SP", kategori_navn="Sykepleier"
)
RAPPORT = Rapport(ansvarlig=SYKEPLEIER, godkjent=dt.date(2026, 12, 5))


def konvolutt(type_kode: str, **extra: str) -> Konvolutt:
    return Konvolutt(
        type_kode=type_kode,
        type_navn=type_kode.title(),
        msg_id=str(uuid.uuid4()),
        tidspunkt=dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.UTC),
        avsender=Part("Testkommune", "8100000", "Sykepleietjeneste PLO", "8100001"),
        mottaker=Part(
            "Torget legesenter", "8300000", person=Person("Fastlege", "Frida", herid="8300011")
        ),
        pasient=PasientInfo("Østby", "Kari", dt.date(1944, 3, 1), "kvinne", "01834412345", "FNR"),
        **extra,
    )


def notat(tekst: str, kode: str = "", navn: str = "") -> Notat:
    return Notat(str(uuid.uuid4()), tekst, kode, navn)


def test_an_innleggelsesrapport_is_valid_msghead_and_payload() -> None:
    dokument = innleggelsesrapport_build(
        Innleggelse(
            rapport=RAPPORT,
            aarsak=notat("Falt i stua, smerter i hofta.", "AAI", "Årsak til innleggelse"),
            viktige_opplysninger=notat("Nøkkel i nøkkelboks."),
            tjenester=[Tjeneste("Hjemmesykepleie", dt.date(2026, 1, 1), antall=Decimal(2))],
        )
    )
    xml = msghead_wrap(konvolutt("INNLEGGELSESRAPPORT"), dokument)
    assert melding_errors(xml, SKJEMA["INNLEGGELSESRAPPORT"]) == []
    root = etree.fromstring(xml)
    assert (
        root.findtext(f"{{{MH}}}MsgInfo/{{{MH}}}Patient/{{{MH}}}Ident/{{{MH}}}Id") == "01834412345"
    )
    assert b"Falt i stua" in xml


def test_an_orientering_with_services_is_valid_and_without_any_is_refused() -> None:
    ok = orientering_build(
        Orientering(RAPPORT, [Tjeneste("Praktisk bistand", dt.date(2026, 12, 1))])
    )
    assert (
        melding_errors(
            msghead_wrap(konvolutt("ORIENTERING_TJENESTETILBUD"), ok),
            SKJEMA["ORIENTERING_TJENESTETILBUD"],
        )
        == []
    )
    tom = orientering_build(Orientering(RAPPORT, []))
    feil = melding_errors(
        msghead_wrap(konvolutt("ORIENTERING_TJENESTETILBUD"), tom),
        SKJEMA["ORIENTERING_TJENESTETILBUD"],
    )
    assert feil
    assert all(f.startswith("Fagdokument:") for f in feil)


def test_helseopplysninger_til_lege_is_valid() -> None:
    dokument = helseopplysninger_lege_build(
        TilLege(RAPPORT, notat("Svimmel, flere fall.", "PROB", "Aktuell problemstilling"))
    )
    xml = msghead_wrap(konvolutt("HELSEOPPLYSNINGER_LEGE"), dokument)
    assert melding_errors(xml, SKJEMA["HELSEOPPLYSNINGER_LEGE"]) == []


@pytest.mark.parametrize("type_kode", sorted(DIALOG_TYPER))
def test_every_dialog_message_is_valid(type_kode: str) -> None:
    dokument = dialog_build(
        Dialog(type_kode, "Kan du fornye resepten?", SYKEPLEIER, tema="Resept", sporsmal="Fornye?")
    )
    xml = msghead_wrap(konvolutt(type_kode, svar_paa="abc", samtale="abc"), dokument)
    assert melding_errors(xml, DIALOG_TYPER[type_kode][1]) == []


def test_a_broken_envelope_is_refused_with_the_reason() -> None:
    dokument = dialog_build(Dialog("DIALOG_FORESPORSEL", "Spørsmål", SYKEPLEIER))
    xml = msghead_wrap(konvolutt("DIALOG_FORESPORSEL"), dokument)
    broken = xml.replace(
        b"<MIGversion>v1.2 2006-05-24</MIGversion>", b"<MIGversion>v9</MIGversion>"
    )
    feil = melding_errors(broken, "dialogmelding.xsd")
    assert feil
    assert feil[0].startswith("Konvolutt:")
    assert melding_errors(b"ikke xml", "dialogmelding.xsd")[0].startswith("Ikke gyldig XML")
    # a payload of another schema is refused against the schema it claims
    assert melding_errors(xml, SKJEMA["INNLEGGELSESRAPPORT"])


def test_an_orientering_om_dodsfall_is_valid_pasientlogistikk() -> None:
    dokument = orientering_om_dod_build(
        Dodsfall(RAPPORT, dt.date(2026, 12, 4), "Døde hjemme i natt, fredelig.")
    )
    xml = msghead_wrap(konvolutt("LOG_DOD"), dokument)
    assert melding_errors(xml, SKJEMA["LOG_DOD"]) == []
    assert b'<TidspunktForHendelse V="2026-12-04"/>' in xml
