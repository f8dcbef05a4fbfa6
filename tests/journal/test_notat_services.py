"""Note services: draft → signed → corrected / feilregistrert, countersigning, optimistic
locking, and the immutability of signed versions enforced by PostgreSQL itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, Forbidden, NotFound
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Journalnotat, JournalnotatVersjon, NotatStatus, Notattype, Pasient
from journal.services import (
    LasversjonKonflikt,
    journalnotat_correct_start,
    journalnotat_countersign,
    journalnotat_create,
    journalnotat_draft_save,
    journalnotat_invalidate,
    journalnotat_sign,
)
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import NotattypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl1", helsepersonellkategori="SP")


@pytest.fixture
def student(enhet: Enhet) -> Ansatt:
    """A nursing student: may write and sign, has no helsepersonellkategori."""
    return actor(
        enhet, "helsefagarbeider", username="student1", helsepersonellkategori="", hpr_nummer=None
    )


@pytest.fixture
def sykepleienotat(db: None) -> Notattype:
    notattype: Notattype = NotattypeFactory()  # seeded by migration; a flush removes it
    return notattype


def write(ansatt: Ansatt, pasient: Pasient, notattype: Notattype, **innhold: str) -> Journalnotat:
    with acting_as(ansatt):
        return journalnotat_create(
            actor=ansatt,
            pasient_id=pasient.pk,
            type_id=notattype.pk,
            tittel="Morgenstell",
            innhold=innhold or {"Observasjon": "Pasienten var urolig i natt."},
        )


def sign(ansatt: Ansatt, notat: Journalnotat) -> Journalnotat:
    notat.refresh_from_db()
    with acting_as(ansatt):
        return journalnotat_sign(actor=ansatt, notat_id=notat.pk, lasversjon=notat.lasversjon)


def events(notat: Journalnotat) -> list[int]:
    rows = AuditLogg.objects.filter(objekt_id=str(notat.pk)).order_by("id")
    return list(rows.values_list("hendelse", flat=True))


def test_sykepleier_writes_signs_and_corrects_a_note(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = write(sykepleier, pasient, sykepleienotat)
    # when
    with acting_as(sykepleier):
        journalnotat_draft_save(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=0,
            innhold={"Observasjon": "Pasienten var urolig i natt.", "Tiltak": "Satt på lys."},
        )
    signed = sign(sykepleier, notat)
    with acting_as(sykepleier):
        journalnotat_correct_start(
            actor=sykepleier, notat_id=notat.pk, grunn="Feil klokkeslett for tiltak"
        )
        corrected = journalnotat_sign(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=3,
            innhold={"Tiltak": "Satt på nattlys kl. 02."},
        )
    # then
    assert signed.status == NotatStatus.SIGNERT
    assert corrected.gjeldende_versjon == 2
    assert corrected.utkast == {}
    assert corrected.utkast_av is None
    v1, v2 = JournalnotatVersjon.objects.filter(notat=notat).order_by("nummer")
    assert v1.innhold["Tiltak"] == "Satt på lys."
    assert v1.korrigeringsgrunn == ""
    assert v2.innhold["Tiltak"] == "Satt på nattlys kl. 02."
    assert v2.innhold["Observasjon"] == "Pasienten var urolig i natt."  # carried over
    assert v2.korrigeringsgrunn == "Feil klokkeslett for tiltak"
    assert v2.tekst == (
        "Observasjon\nPasienten var urolig i natt.\n\nTiltak\nSatt på nattlys kl. 02."
    )
    assert events(notat) == [
        AuditEvent.NOTAT_CREATED,
        AuditEvent.NOTAT_DRAFT_SAVED,
        AuditEvent.NOTAT_SIGNED,
        AuditEvent.NOTAT_CORRECTION_STARTED,
        AuditEvent.NOTAT_SIGNED,
    ]
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_CORRECTION_STARTED)
    assert (row.pasient_id, row.aktor_id, row.begrunnelse) == (
        pasient.pk,
        sykepleier.pk,
        "Feil klokkeslett for tiltak",
    )
    saved = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_DRAFT_SAVED)
    assert saved.ekstra == {"endret": ["Tiltak"], "lasversjon": 1}
    assert "urolig" not in str(saved.ekstra)  # no note text in the audit log


def test_create_uses_the_acting_unit_template_and_type_name(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype, enhet: Enhet
) -> None:
    # when
    with acting_as(sykepleier):
        notat = journalnotat_create(
            actor=sykepleier, pasient_id=pasient.pk, type_id=sykepleienotat.pk, innhold={}
        )
    # then
    assert notat.status == NotatStatus.UTKAST
    assert notat.enhet_id == enhet.pk
    assert notat.tittel == "Sykepleienotat"
    assert list(notat.utkast) == ["Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"]
    assert notat.utkast_av == notat.forfatter == sykepleier
    assert notat.krever_kontrasignering is False


def test_create_refuses_unknown_headings_and_future_times(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # when / then
    with acting_as(sykepleier), pytest.raises(ValidationError) as unknown:
        journalnotat_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type_id=sykepleienotat.pk,
            innhold={"Diagnose": "x"},
        )
    with acting_as(sykepleier), pytest.raises(ValidationError) as future:
        journalnotat_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type_id=sykepleienotat.pk,
            dokumentert_tid=naa() + dt.timedelta(hours=2),
        )
    # then
    assert "Ukjent overskrift: Diagnose." in unknown.value.message_dict["innhold"]
    assert "dokumentert_tid" in future.value.message_dict
    assert not Journalnotat.objects.exists()


def test_only_the_author_edits_or_signs_a_draft(
    sykepleier: Ansatt,
    lege_med_relasjon: Ansatt,
    pasient: Pasient,
    sykepleienotat: Notattype,
) -> None:
    # given
    notat = write(sykepleier, pasient, sykepleienotat)
    # when / then: another person cannot even see a draft that was never signed
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        journalnotat_draft_save(
            actor=lege_med_relasjon, notat_id=notat.pk, lasversjon=0, tittel="Mitt"
        )
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        journalnotat_sign(actor=lege_med_relasjon, notat_id=notat.pk, lasversjon=0)
    notat.refresh_from_db()
    assert notat.tittel == "Morgenstell"
    assert notat.status == NotatStatus.UTKAST


def test_a_correction_draft_belongs_to_whoever_started_it(
    sykepleier: Ansatt,
    lege_med_relasjon: Ansatt,
    pasient: Pasient,
    sykepleienotat: Notattype,
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    with acting_as(lege_med_relasjon):
        journalnotat_correct_start(actor=lege_med_relasjon, notat_id=notat.pk, grunn="Feil dose")
    notat.refresh_from_db()
    # when / then
    with acting_as(sykepleier), pytest.raises(Forbidden) as edit:
        journalnotat_draft_save(
            actor=sykepleier, notat_id=notat.pk, lasversjon=notat.lasversjon, tittel="Nei"
        )
    with acting_as(sykepleier), pytest.raises(ApplicationError) as second:
        journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Annen grunn")
    # then
    assert edit.value.status_code == 403
    assert "Bare den som skriver utkastet" in str(edit.value.message)
    assert second.value.message == "Notatet korrigeres allerede av en annen."
    notat.refresh_from_db()
    assert notat.utkast_av == lege_med_relasjon
    assert notat.korrigeringsgrunn == "Feil dose"


def test_stale_lasversjon_is_a_409_and_overwrites_nothing(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: two tabs opened the draft at lasversjon 0; the first saves
    notat = write(sykepleier, pasient, sykepleienotat)
    with acting_as(sykepleier):
        journalnotat_draft_save(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=0,
            innhold={"Observasjon": "Første fane"},
        )
    # when: the second tab saves with the counter it read
    with acting_as(sykepleier), pytest.raises(LasversjonKonflikt) as conflict:
        journalnotat_draft_save(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=0,
            innhold={"Observasjon": "Andre fane"},
        )
    with acting_as(sykepleier), pytest.raises(LasversjonKonflikt):
        journalnotat_sign(actor=sykepleier, notat_id=notat.pk, lasversjon=0)
    # then
    assert conflict.value.status_code == 409
    assert conflict.value.message == (
        "Notatet er endret av noen andre siden du åpnet det. Last på nytt."
    )
    assert conflict.value.extra == {"lasversjon": 1}
    notat.refresh_from_db()
    assert notat.utkast["Observasjon"] == "Første fane"
    assert notat.lasversjon == 1
    assert notat.status == NotatStatus.UTKAST
    assert AuditLogg.objects.filter(hendelse=AuditEvent.NOTAT_DRAFT_SAVED).count() == 1


def test_an_empty_note_cannot_be_signed(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = write(sykepleier, pasient, sykepleienotat, Observasjon="   ")
    # when
    with acting_as(sykepleier), pytest.raises(ApplicationError) as refused:
        journalnotat_sign(actor=sykepleier, notat_id=notat.pk, lasversjon=0)
    # then
    assert refused.value.message == "Notatet er tomt. Skriv noe før du signerer."
    assert not JournalnotatVersjon.objects.exists()


def test_sign_can_save_what_the_person_sees_in_one_step(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = write(sykepleier, pasient, sykepleienotat)
    # when
    with acting_as(sykepleier):
        journalnotat_sign(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=0,
            tittel="Kveldsvakt",
            innhold={"Evaluering": "Rolig kveld."},
        )
    # then
    versjon = JournalnotatVersjon.objects.get(notat=notat)
    assert versjon.tittel == "Kveldsvakt"
    assert versjon.innhold["Evaluering"] == "Rolig kveld."


def test_the_signed_version_stays_visible_while_a_correction_is_drafted(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    # when
    with acting_as(sykepleier):
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Skrivefeil")
        journalnotat_draft_save(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=draft.lasversjon,
            innhold={"Observasjon": "Pasienten var rolig i natt."},
        )
    # then
    notat.refresh_from_db()
    assert notat.status == NotatStatus.SIGNERT
    assert notat.gjeldende_versjon == 1
    assert notat.utkast["Observasjon"] == "Pasienten var rolig i natt."
    assert JournalnotatVersjon.objects.get(notat=notat).innhold["Observasjon"] == (
        "Pasienten var urolig i natt."
    )


def test_correction_needs_a_reason_and_a_signed_note(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    draft = write(sykepleier, pasient, sykepleienotat)
    signed = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    # when / then
    with acting_as(sykepleier), pytest.raises(ApplicationError) as not_signed:
        journalnotat_correct_start(actor=sykepleier, notat_id=draft.pk, grunn="x")
    with acting_as(sykepleier), pytest.raises(ValidationError) as no_reason:
        journalnotat_correct_start(actor=sykepleier, notat_id=signed.pk, grunn="  ")
    with acting_as(sykepleier), pytest.raises(ValidationError) as long_reason:
        journalnotat_correct_start(actor=sykepleier, notat_id=signed.pk, grunn="x" * 501)
    # then
    assert not_signed.value.message == "Bare signerte notater kan korrigeres."
    assert no_reason.value.message_dict == {"grunn": ["Skriv en begrunnelse."]}
    assert "500" in long_reason.value.message_dict["grunn"][0]


def test_correct_requires_the_right_to_correct(
    sykepleier: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: a helsefagarbeider's role grants writing and signing, not correcting
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    # when / then
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        journalnotat_correct_start(actor=kollega_samme_enhet, notat_id=notat.pk, grunn="Feil")


def test_feilregistrert_note_is_kept_and_readable(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    # when
    with acting_as(lege_med_relasjon):
        journalnotat_invalidate(
            actor=lege_med_relasjon, notat_id=notat.pk, grunn="Skrevet på feil pasient"
        )
    # then
    notat.refresh_from_db()
    assert notat.status == NotatStatus.FEILREGISTRERT
    assert notat.feilregistrert_av == lege_med_relasjon
    assert notat.feilregistrert_grunn == "Skrevet på feil pasient"
    assert JournalnotatVersjon.objects.filter(notat=notat).count() == 1
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_FEILREGISTRERT)
    assert row.begrunnelse == "Skrevet på feil pasient"
    assert row.ekstra["status"] == {"fra": "signert", "til": "feilregistrert"}
    with acting_as(sykepleier), pytest.raises(ApplicationError) as again:
        journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="x")
    assert again.value.message == "Bare signerte notater kan korrigeres."


def test_feilregistrering_drops_a_correction_in_progress_with_a_conflict_not_a_loss(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    with acting_as(sykepleier):
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Skrivefeil")
    # when
    with acting_as(lege_med_relasjon):
        journalnotat_invalidate(actor=lege_med_relasjon, notat_id=notat.pk, grunn="Feil pasient")
    # then
    with acting_as(sykepleier), pytest.raises(LasversjonKonflikt):
        journalnotat_draft_save(
            actor=sykepleier, notat_id=notat.pk, lasversjon=draft.lasversjon, tittel="x"
        )
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_FEILREGISTRERT)
    assert row.ekstra["korrigering_forkastet"] is True


def test_student_note_needs_countersigning_by_authorised_staff(
    student: Ansatt, sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = write(student, pasient, sykepleienotat)
    sign(student, notat)
    # when
    with acting_as(sykepleier):
        done = journalnotat_countersign(actor=sykepleier, notat_id=notat.pk, versjon=1)
    # then
    assert done.krever_kontrasignering is True
    assert done.kontrasignert_av == sykepleier
    assert done.kontrasignert_at is not None
    row = AuditLogg.objects.get(hendelse=AuditEvent.NOTAT_COUNTERSIGNED)
    assert (row.aktor_id, row.pasient_id, row.ekstra) == (sykepleier.pk, pasient.pk, {"versjon": 1})


def test_countersigning_rules(
    student: Ansatt,
    sykepleier: Ansatt,
    enhet: Enhet,
    pasient: Pasient,
    sykepleienotat: Notattype,
) -> None:
    # given
    annen_student = actor(
        enhet, "helsefagarbeider", username="student2", helsepersonellkategori="", hpr_nummer=None
    )
    leder = actor(enhet, "leder", username="leder1", helsepersonellkategori="SP")
    by_student = sign(student, write(student, pasient, sykepleienotat))
    by_nurse = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    # when / then
    with acting_as(student), pytest.raises(Forbidden) as own:
        journalnotat_countersign(actor=student, notat_id=by_student.pk)
    with acting_as(annen_student), pytest.raises(Forbidden) as unauthorised:
        journalnotat_countersign(actor=annen_student, notat_id=by_student.pk)
    with acting_as(leder), pytest.raises(AccessDenied):
        journalnotat_countersign(actor=leder, notat_id=by_student.pk)
    with acting_as(student), pytest.raises(ApplicationError) as not_needed:
        journalnotat_countersign(actor=student, notat_id=by_nurse.pk)
    with acting_as(sykepleier), pytest.raises(LasversjonKonflikt):
        journalnotat_countersign(actor=sykepleier, notat_id=by_student.pk, versjon=2)
    with acting_as(sykepleier):
        journalnotat_countersign(actor=sykepleier, notat_id=by_student.pk)
    with acting_as(sykepleier), pytest.raises(ApplicationError) as twice:
        journalnotat_countersign(actor=sykepleier, notat_id=by_student.pk)
    # then
    assert by_nurse.krever_kontrasignering is False
    assert own.value.message == "Bare autorisert helsepersonell kan kontrasignere."
    assert unauthorised.value.message == "Bare autorisert helsepersonell kan kontrasignere."
    assert not_needed.value.message == "Notatet trenger ikke kontrasignering."
    assert twice.value.message == "Notatet er allerede kontrasignert."


def test_the_countersigning_need_follows_the_latest_signature(
    student: Ansatt, sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: a student's note, countersigned, then corrected and signed by the nurse
    notat = sign(student, write(student, pasient, sykepleienotat))
    with acting_as(sykepleier):
        journalnotat_countersign(actor=sykepleier, notat_id=notat.pk)
        draft = journalnotat_correct_start(actor=sykepleier, notat_id=notat.pk, grunn="Presisert")
        by_nurse = journalnotat_sign(
            actor=sykepleier, notat_id=notat.pk, lasversjon=draft.lasversjon
        )
    # then
    assert by_nurse.krever_kontrasignering is False
    assert by_nurse.kontrasignert_av is None


def test_signed_versions_are_immutable_in_postgresql(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    versjon = JournalnotatVersjon.objects.get(notat=notat)
    # when / then: raw SQL, past every line of application code
    for sql in (
        "UPDATE journal_journalnotatversjon SET tekst = 'endret' WHERE id = %s",
        "DELETE FROM journal_journalnotatversjon WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [versjon.pk])
        # the application's role may only insert and read them (core/dbroller.py); the
        # trigger stops the owner too
        assert "permission denied" in str(refused.value)
    versjon.refresh_from_db()
    assert versjon.tekst == "Observasjon\nPasienten var urolig i natt."


def test_the_orm_cannot_change_a_signed_version_either(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    versjon = JournalnotatVersjon.objects.get(notat=notat)
    versjon.tekst = "Skjult endring"
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic():
        versjon.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalnotatVersjon.objects.filter(pk=versjon.pk).delete()
    assert JournalnotatVersjon.objects.get(pk=versjon.pk).tekst != "Skjult endring"


def test_services_refuse_strangers_with_not_found(
    sykepleier: Ansatt,
    ansatt_annen_enhet: Ansatt,
    pasient: Pasient,
    sykepleienotat: Notattype,
) -> None:
    # given
    notat = sign(sykepleier, write(sykepleier, pasient, sykepleienotat))
    stranger = ansatt_annen_enhet
    # when / then
    with acting_as(stranger), pytest.raises(NotFound):
        journalnotat_create(actor=stranger, pasient_id=pasient.pk, type_id=sykepleienotat.pk)
    with acting_as(stranger), pytest.raises(NotFound):
        journalnotat_correct_start(actor=stranger, notat_id=notat.pk, grunn="x")
    with acting_as(stranger), pytest.raises(NotFound):
        journalnotat_invalidate(actor=stranger, notat_id=notat.pk, grunn="x")
    with acting_as(stranger), pytest.raises(NotFound):
        journalnotat_countersign(actor=stranger, notat_id=notat.pk)
    assert not AuditLogg.objects.filter(aktor_id=stranger.pk).exists()
