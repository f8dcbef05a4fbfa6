"""Note selectors: the paged list, one note, history with diffs, Norwegian full-text search;
each with its access rule (drafts private, blocked notes "sperret") and audit rows."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Journalnotat, JournalnotatVersjon, Notattype, Pasient, SperringMal
from journal.selectors import (
    journalnotat_get,
    journalnotat_historikk,
    journalnotat_search,
    journalnotater_for_pasient,
)
from journal.selectors.notat import Difflinje, NorwegianDocument, line_diff
from journal.services import (
    journalnotat_correct_start,
    journalnotat_create,
    journalnotat_draft_save,
    journalnotat_sign,
    sperring_create,
)
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import JournalnotatFactory, NotattypeFactory, PasientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl1", helsepersonellkategori="SP")


@pytest.fixture
def leder(enhet: Enhet) -> Ansatt:
    """Registers blocks on the patient's request."""
    return actor(enhet, "leder", username="leder1")


@pytest.fixture
def sykepleienotat(db: None) -> Notattype:
    notattype: Notattype = NotattypeFactory()
    return notattype


def signed_note(
    ansatt: Ansatt, pasient: Pasient, notattype: Notattype, tittel: str, **innhold: str
) -> Journalnotat:
    with acting_as(ansatt):
        notat = journalnotat_create(
            actor=ansatt,
            pasient_id=pasient.pk,
            type_id=notattype.pk,
            tittel=tittel,
            innhold=innhold,
        )
        return journalnotat_sign(actor=ansatt, notat_id=notat.pk, lasversjon=0)


def test_list_is_paged_newest_first_and_audits_each_note_shown(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notes = [
        signed_note(sykepleier, pasient, sykepleienotat, f"Notat {i}", Observasjon="Rolig.")
        for i in range(5)
    ]
    # when
    with acting_as(lege_med_relasjon):
        first = journalnotater_for_pasient(
            actor=lege_med_relasjon, pasient_id=pasient.pk, side=1, storrelse=3
        )
        second = journalnotater_for_pasient(
            actor=lege_med_relasjon, pasient_id=pasient.pk, side=2, storrelse=3
        )
    # then
    assert [r.tittel for r in first.rader] == ["Notat 4", "Notat 3", "Notat 2"]
    assert first.side.har_neste is True
    assert [r.tittel for r in second.rader] == ["Notat 1", "Notat 0"]
    assert second.side.har_neste is False
    listed = AuditLogg.objects.filter(
        hendelse=AuditEvent.NOTAT_LISTED, aktor_id=lege_med_relasjon.pk
    )
    assert sorted(listed.values_list("objekt_id", flat=True)) == sorted(str(n.pk) for n in notes)
    assert set(listed.values_list("pasient_id", flat=True)) == {pasient.pk}


def test_a_draft_is_visible_only_to_its_author(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    with acting_as(sykepleier):
        draft = journalnotat_create(
            actor=sykepleier, pasient_id=pasient.pk, type_id=sykepleienotat.pk, tittel="Privat"
        )
    # when
    with acting_as(sykepleier):
        own = journalnotater_for_pasient(actor=sykepleier, pasient_id=pasient.pk)
        opened = journalnotat_get(actor=sykepleier, notat_id=draft.pk)
    with acting_as(lege_med_relasjon):
        others = journalnotater_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
        with pytest.raises(NotFound):
            journalnotat_get(actor=lege_med_relasjon, notat_id=draft.pk)
    # then
    assert [(r.tittel, r.eget_utkast) for r in own.rader] == [("Privat", True)]
    assert opened.utkast is not None
    assert opened.handlinger.signere is True
    assert others.rader == []


def test_others_see_the_signed_version_while_a_correction_is_drafted(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = signed_note(sykepleier, pasient, sykepleienotat, "Sårstell", Tiltak="Skiftet bandasje")
    with acting_as(sykepleier):
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Feil side")
        journalnotat_draft_save(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=draft.lasversjon,
            tittel="Sårstell, høyre legg",
        )
    # when
    with acting_as(lege_med_relasjon):
        listed = journalnotater_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
        visning = journalnotat_get(actor=lege_med_relasjon, notat_id=notat.pk)
    with acting_as(sykepleier):
        own = journalnotat_get(actor=sykepleier, notat_id=notat.pk)
    # then
    assert listed.rader[0].tittel == "Sårstell"
    assert visning.utkast is None
    assert visning.innhold["Tiltak"] == "Skiftet bandasje"
    assert visning.handlinger.korrigere is False  # someone else is correcting it
    assert own.utkast is not None
    assert own.er_korrigering is True


def test_get_shows_sections_in_template_order_and_audits_the_read(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: jsonb does not keep key order; the template does
    notat = signed_note(
        sykepleier,
        pasient,
        sykepleienotat,
        "Kveld",
        Evaluering="God effekt.",
        Sykepleiediagnose="Smerter",
        Observasjon="Urolig",
    )
    # when
    with acting_as(lege_med_relasjon):
        visning = journalnotat_get(actor=lege_med_relasjon, notat_id=notat.pk)
    # then
    assert list(visning.innhold) == ["Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"]
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_READ, aktor_id=lege_med_relasjon.pk)
    assert (row.objekt_type, row.objekt_id, row.pasient_id, row.grunnlag) == (
        "journal.Journalnotat",
        str(notat.pk),
        pasient.pk,
        "relasjon",
    )


def test_blocked_note_is_listed_as_sperret_and_cannot_be_opened_or_found(
    sykepleier: Ansatt,
    lege_med_relasjon: Ansatt,
    leder: Ansatt,
    pasient: Pasient,
    sykepleienotat: Notattype,
) -> None:
    # given: the patient blocks one note for the doctor
    blocked = signed_note(
        sykepleier, pasient, sykepleienotat, "Samtale om rus", Observasjon="Sensitiv samtale."
    )
    open_note = signed_note(sykepleier, pasient, sykepleienotat, "Stell", Observasjon="Samtale.")
    with acting_as(leder):
        sperring_create(
            actor=leder,
            pasient_id=pasient.pk,
            mal=SperringMal.ANSATT,
            ansatt_id=lege_med_relasjon.pk,
            objekt_type="journal.Journalnotat",
            objekt_id=str(blocked.pk),
        )
    # when
    with acting_as(lege_med_relasjon):
        listed = journalnotater_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
        found = journalnotat_search(actor=lege_med_relasjon, pasient_id=pasient.pk, q="samtale")
        with pytest.raises(NotFound):
            journalnotat_get(actor=lege_med_relasjon, notat_id=blocked.pk)
        with pytest.raises(NotFound):
            journalnotat_historikk(actor=lege_med_relasjon, notat_id=blocked.pk)
    with acting_as(sykepleier):
        nurse_sees = journalnotater_for_pasient(actor=sykepleier, pasient_id=pasient.pk)
    # then
    by_id = {r.notat.pk: r for r in listed.rader}
    assert by_id[blocked.pk].sperret is True
    assert by_id[blocked.pk].tittel == ""
    assert by_id[open_note.pk].sperret is False
    assert [r.versjon.notat_id for r in found.rader] == [open_note.pk]
    assert not AuditLogg.objects.filter(
        aktor_id=lege_med_relasjon.pk, objekt_id=str(blocked.pk)
    ).exists()
    assert all(not r.sperret for r in nurse_sees.rader)


def test_history_holds_every_version_with_a_line_diff(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = signed_note(
        sykepleier,
        pasient,
        sykepleienotat,
        "Fall",
        Observasjon="Funnet på gulvet.",
        Tiltak="Hjulpet i seng.",
    )
    with acting_as(sykepleier):
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Presisering")
        journalnotat_sign(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=draft.lasversjon,
            innhold={"Tiltak": "Hjulpet i seng av to pleiere."},
        )
    # when
    with acting_as(lege_med_relasjon):
        _notat, rader = journalnotat_historikk(actor=lege_med_relasjon, notat_id=notat.pk)
    # then
    assert [r.versjon.nummer for r in rader] == [2, 1]
    assert rader[1].endringer is None
    assert rader[0].endringer is not None
    assert Difflinje("fjernet", "Hjulpet i seng.") in rader[0].endringer
    assert Difflinje("ny", "Hjulpet i seng av to pleiere.") in rader[0].endringer
    assert Difflinje("lik", "Funnet på gulvet.") in rader[0].endringer
    assert rader[0].versjon.korrigeringsgrunn == "Presisering"
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_READ, aktor_id=lege_med_relasjon.pk)
    assert row.ekstra["historikk"] is True


def test_line_diff_keeps_the_whole_text_in_order() -> None:
    # when
    diff = line_diff(["a", "b", "c"], ["a", "B", "c", "d"])
    # then
    assert diff == [
        Difflinje("lik", "a"),
        Difflinje("fjernet", "b"),
        Difflinje("ny", "B"),
        Difflinje("lik", "c"),
        Difflinje("ny", "d"),
    ]


def test_search_uses_norwegian_stemming(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    smerter = signed_note(
        sykepleier, pasient, sykepleienotat, "Kveld", Observasjon="Smertene i hoften økte."
    )
    fall = signed_note(
        sykepleier, pasient, sykepleienotat, "Natt", Observasjon="Pasienten faller ofte om natten."
    )
    falt = signed_note(
        sykepleier, pasient, sykepleienotat, "Morgen", Observasjon="Pasienten falt på badet."
    )
    # when
    with acting_as(lege_med_relasjon):

        def hits(q: str) -> set[object]:
            found = journalnotat_search(actor=lege_med_relasjon, pasient_id=pasient.pk, q=q)
            return {r.versjon.notat_id for r in found.rader}

        results = {
            q: hits(q)
            for q in ("smerter", "fallet", "falt", "pasient", '"om natten"', "pasienten -falt")
        }
    # then: the snowball stemmer joins inflections of one word ("smerter"/"smertene" →
    # smert, "fallet"/"faller" → fall) but not the strong verb's past tense: "falt" stays
    # its own word, so a search for "fallet" does not find "falt".
    assert results["smerter"] == {smerter.pk}
    assert results["fallet"] == {fall.pk}
    assert results["falt"] == {falt.pk}
    assert results["pasient"] == {fall.pk, falt.pk}
    assert results['"om natten"'] == {fall.pk}
    assert results["pasienten -falt"] == {fall.pk}


def test_search_ranks_audits_and_marks_the_hits(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    once = signed_note(sykepleier, pasient, sykepleienotat, "Kveld", Observasjon="Noe kvalme.")
    often = signed_note(
        sykepleier,
        pasient,
        sykepleienotat,
        "Kvalme",
        Observasjon="Kvalm hele dagen, kvalmen økte etter mat (BT < 90 & puls > 100).",
    )
    # when
    with acting_as(lege_med_relasjon):
        found = journalnotat_search(actor=lege_med_relasjon, pasient_id=pasient.pk, q="kvalme")
    # then
    assert [r.versjon.notat_id for r in found.rader] == [often.pk, once.pk]
    assert "<mark>kvalmen</mark>" in found.rader[0].utdrag
    assert "BT &lt; 90 &amp; puls" in found.rader[0].utdrag  # note text is escaped
    searched = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_SEARCHED)
    assert searched.pasient_id == pasient.pk
    assert searched.ekstra == {"sok": "kvalme", "side": 1, "treff": 2}
    assert AuditLogg.objects.filter(hendelse=AuditEvent.NOTAT_LISTED).count() == 2


def test_search_finds_only_the_current_version(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = signed_note(sykepleier, pasient, sykepleienotat, "Besøk", Observasjon="Datter kom.")
    with acting_as(sykepleier):
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Feil navn")
        journalnotat_sign(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=draft.lasversjon,
            innhold={"Observasjon": "Sønn kom."},
        )
    # when
    with acting_as(lege_med_relasjon):
        old = journalnotat_search(actor=lege_med_relasjon, pasient_id=pasient.pk, q="datter")
        new = journalnotat_search(actor=lege_med_relasjon, pasient_id=pasient.pk, q="sønn")
    # then
    assert old.rader == []
    assert [r.versjon.nummer for r in new.rader] == [2]


def test_the_search_expression_is_the_gin_index_expression(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: the search's document expression, without the per-patient filter (for one
    # patient the planner may rightly prefer the patient index and filter the few rows)
    signed_note(sykepleier, pasient, sykepleienotat, "Kveld", Observasjon="Smerter.")
    query = SearchQuery("smerter", config="norwegian", search_type="websearch")
    queryset = JournalnotatVersjon.objects.alias(dokument=NorwegianDocument()).filter(
        dokument=query
    )
    sql, params = queryset.query.sql_with_params()
    # when
    with connection.cursor() as cursor:
        # only a bitmap scan is left, and only an index whose expression matches gives one
        # (with a plain index scan allowed, PostgreSQL 18 with fresh statistics walked the
        # few rows in primary-key order instead)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # then: an expression that differed in any way (config, concatenation) could not use it
    assert "notatversjon_fulltekst" in plan


def test_strangers_get_not_found_and_leave_no_audit_rows(
    sykepleier: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = signed_note(sykepleier, pasient, sykepleienotat, "Kveld", Observasjon="Rolig.")
    stranger = ansatt_annen_enhet
    # when / then
    with acting_as(stranger):
        for call in (
            lambda: journalnotater_for_pasient(actor=stranger, pasient_id=pasient.pk),
            lambda: journalnotat_get(actor=stranger, notat_id=notat.pk),
            lambda: journalnotat_historikk(actor=stranger, notat_id=notat.pk),
            lambda: journalnotat_search(actor=stranger, pasient_id=pasient.pk, q="rolig"),
        ):
            with pytest.raises(NotFound):
                call()
    # nothing was read; the refused notes list is on record like a refused patient (§6)
    rows = AuditLogg.objects.filter(aktor_id=stranger.pk)
    assert list(rows.values_list("hendelse", flat=True)) == [AuditEvent.PASIENT_READ_REFUSED]


def test_a_note_is_only_found_under_its_own_patient(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    other = PasientFactory(relasjon_til=enhet)
    notat = JournalnotatFactory(pasient=pasient, signert=True)
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        journalnotat_get(actor=lege_med_relasjon, notat_id=notat.pk, pasient_id=other.pk)
