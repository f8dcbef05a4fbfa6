"""Building KPR_IPL and KPR_IDE from plain data (no database): valid against the shipped
XSDs, identities only in KPR_IDE, the same bytes for the same data, and the required facts a
person lacks named."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from integrasjoner.kith.lib.xsd import xsd_errors
from integrasjoner.kpr.lib.melding import (
    IDE_SKJEMA,
    IPL_SKJEMA,
    Diagnose,
    Dogntilbud,
    Funksjon,
    Hode,
    Kontakt,
    Person,
    Personoppl,
    Tjeneste,
    ide_build,
    ipl_build,
    person_index,
    person_mangler,
    uten_tidsstempel,
    xml_bytes,
)
from integrasjoner.kpr.lib.skjema import er_gyldig

D = dt.date
HODE = Hode(
    komnr="3401",
    kommunenavn="Kongsvinger",
    fra=D(2025, 1, 1),
    til=D(2025, 12, 31),
    laget=D(2026, 1, 5),
    loepenummer="3401-20250101-20251231",
    kontakter=(
        Kontakt("1", "Tildelingskontoret", "62 82 80 00", "post@example.no"),
        Kontakt("2", "Tildelingskontoret", "62 82 80 00", "post@example.no"),
    ),
)
KARI = Person(
    pasient_id="p1",
    nummer=41,
    identifikator="01817012345",
    identifikator_type="FNR",
    alder=84,
    kjonn="kvinne",
    komnr="3401",
    fra=D(2025, 2, 1),
    endret=D(2025, 6, 1),
    personoppl=Personoppl(D(2025, 1, 1), D(2025, 12, 31), "1", "1", "1", D(2025, 3, 1)),
    funksjoner=tuple(Funksjon(n, 3, D(2025, 2, 1), D(2025, 12, 31)) for n in range(1, 18)),
    tjenester=(
        Tjeneste(
            tjenestetype=1,
            vedtak_nummer=7,
            nummer_i_rekken=1,
            vedtaksdato=D(2025, 2, 1),
            innvilget=True,
            soeknadsdato=D(2025, 1, 20),
            timer_uke=Decimal("3.5"),
            orgnr="974760673",
            fra=D(2025, 2, 1),
            klage_mottatt=D(2025, 2, 10),
        ),
    ),
    diagnoser=(Diagnose("ICPC-2", "K86", D(2020, 1, 1), D(2025, 12, 31)),),
    dogntilbud=(Dogntilbud("974760673", D(2025, 5, 1), D(2025, 12, 31)),),
)


def test_both_messages_are_valid_and_the_identity_is_only_in_kpr_ide() -> None:
    ipl = xml_bytes(ipl_build(HODE, [KARI]))
    ide = xml_bytes(ide_build(HODE, [KARI]))
    assert xsd_errors(ipl, IPL_SKJEMA) == []
    assert xsd_errors(ide, IDE_SKJEMA) == []
    assert b"01817012345" not in ipl
    assert b'fid="01817012345"' in ide
    assert b'pid="41"' in ide
    assert b'pePeID="41"' in ipl
    assert b"<tjTimerUke>3.50</tjTimerUke>" in ipl


def test_the_same_data_gives_the_same_bytes_apart_from_the_date_made() -> None:
    first = xml_bytes(ipl_build(HODE, [KARI]))
    later = xml_bytes(ipl_build(dataclasses.replace(HODE, laget=D(2026, 3, 1)), [KARI]))
    assert first == xml_bytes(ipl_build(HODE, [KARI]))
    assert first != later
    assert uten_tidsstempel(first) == uten_tidsstempel(later)
    ide_first = xml_bytes(ide_build(HODE, [KARI]))
    ide_later = xml_bytes(ide_build(dataclasses.replace(HODE, laget=D(2026, 3, 1)), [KARI]))
    assert uten_tidsstempel(ide_first) == uten_tidsstempel(ide_later)


def test_what_a_person_lacks_is_named() -> None:
    uten = dataclasses.replace(KARI, kjonn="ukjent", komnr="", funksjoner=())
    assert [m.felt for m in person_mangler(uten)] == ["kjonn", "kommune", "kartlegging"]
    assert person_mangler(KARI) == []
    # an avslag alone needs no assessment
    avslag = dataclasses.replace(
        KARI,
        funksjoner=(),
        dogntilbud=(),
        tjenester=(dataclasses.replace(KARI.tjenester[0], innvilget=False),),
    )
    assert person_mangler(avslag) == []


def test_a_schema_error_points_at_its_person() -> None:
    bad = dataclasses.replace(KARI, nummer=42, kjonn="ukjent")
    feil = xsd_errors(xml_bytes(ipl_build(HODE, [KARI, bad])), IPL_SKJEMA)
    assert len(feil) == 1
    assert person_index(feil[0]) == 1
    # the fast check (libxml2) agrees with the detailed one (xmlschema)
    assert not er_gyldig(ipl_build(HODE, [KARI, bad]), IPL_SKJEMA)
    assert er_gyldig(ipl_build(HODE, [KARI]), IPL_SKJEMA)
    assert er_gyldig(ide_build(HODE, [KARI]), IDE_SKJEMA)
    assert person_index("/IPLOS/INNHINFO/iiKomnr: for kort") is None
