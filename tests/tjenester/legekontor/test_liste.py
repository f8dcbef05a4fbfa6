"""The GP's list: joining opens the fastlegeliste care relationship (and with it the shared
record), leaving closes it; closed and full lists refuse; the overview counts by age."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, EnhetType
from journal.models import Behandlingsrelasjon, Notattype, RelasjonGrunnlag
from journal.selectors.kritisk import kritisk_list
from journal.selectors.notat import journalnotater_for_pasient
from journal.services.kritisk import kritisk_create
from journal.services.notat import journalnotat_create, journalnotat_sign
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.tjenester.legekontor.conftest import Kontor
from tjenester.legekontor.models import Fastlegeliste, ListeStatus
from tjenester.legekontor.selectors import liste_oversikt
from tjenester.legekontor.services import (
    fastlegeliste_create,
    fastlegeliste_update,
    listeplass_join,
    listeplass_leave,
)


def _liste(kontor: Kontor, kapasitet: int = 10) -> Fastlegeliste:
    with acting_as(kontor.lege):
        return fastlegeliste_create(actor=kontor.lege, lege_id=kontor.lege.pk, kapasitet=kapasitet)


def _aktiv_relasjon(kontor: Kontor, pasient_id: uuid.UUID) -> bool:
    return (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=pasient_id, enhet=kontor.enhet, grunnlag=RelasjonGrunnlag.FASTLEGELISTE)
        .exists()
    )


@pytest.mark.django_db
def test_joining_opens_and_leaving_closes_the_care_relationship(kontor: Kontor) -> None:
    liste = _liste(kontor)
    pasient = PasientFactory()
    with acting_as(kontor.lege):
        plass = listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=pasient.pk)
    assert plass.fra == kontor.dag
    assert _aktiv_relasjon(kontor, pasient.pk)
    with acting_as(kontor.lege):
        with pytest.raises(ValidationError, match="grunnen"):
            listeplass_leave(actor=kontor.lege, listeplass_id=plass.pk, grunn="")
        listeplass_leave(actor=kontor.lege, listeplass_id=plass.pk, grunn="Flyttet")
    plass.refresh_from_db()
    assert plass.til == kontor.dag
    assert not _aktiv_relasjon(kontor, pasient.pk)


@pytest.mark.django_db
def test_a_closed_or_full_list_refuses(kontor: Kontor) -> None:
    liste = _liste(kontor, kapasitet=1)
    with acting_as(kontor.lege):
        listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=PasientFactory().pk)
        with pytest.raises(ApplicationError, match="full"):
            listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=PasientFactory().pk)
        fastlegeliste_update(
            actor=kontor.lege, liste_id=liste.pk, kapasitet=5, status=ListeStatus.LUKKET
        )
        with pytest.raises(ApplicationError, match="lukket"):
            listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=PasientFactory().pk)


@pytest.mark.django_db
def test_the_overview_counts_by_age_group(kontor: Kontor) -> None:
    liste = _liste(kontor)
    alder = [3, 15, 16, 45, 70, 85, 85]
    with acting_as(kontor.lege):
        for aar in alder:
            pasient = PasientFactory(
                fodselsdato=kontor.dag.replace(year=kontor.dag.year - aar) - dt.timedelta(days=1)
            )
            listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=pasient.pk)
    with acting_as(kontor.sekretaer):
        [rad] = liste_oversikt(actor=kontor.sekretaer, dag=kontor.dag)
    assert rad.antall == 7
    assert rad.ledige == 3
    assert rad.aldersgrupper == {"0–15": 2, "16–39": 1, "40–66": 1, "67–79": 1, "80+": 2}


@pytest.mark.django_db
def test_another_office_does_not_see_or_change_the_list(kontor: Kontor) -> None:
    liste = _liste(kontor)
    annen: Ansatt = actor(
        EnhetFactory(type=EnhetType.LEGEKONTOR, virksomhet=kontor.enhet.virksomhet),
        "lege",
        username="annen-lk-lege",
    )
    with acting_as(annen):
        assert liste_oversikt(actor=annen, dag=kontor.dag) == []
        with pytest.raises(NotFound):
            listeplass_join(actor=annen, liste_id=liste.pk, pasient_id=PasientFactory().pk)


@pytest.mark.django_db
def test_the_gp_sees_home_cares_notes_and_cave_once_the_patient_is_on_the_list(
    kontor: Kontor,
) -> None:
    hjemmetjeneste = EnhetFactory(type=EnhetType.HJEMMETJENESTE, virksomhet=kontor.enhet.virksomhet)
    pasient = PasientFactory(relasjon_til=hjemmetjeneste)
    sykepleier = actor(
        hjemmetjeneste, "sykepleier", username="ht-spl", first_name="Siri", last_name="Sykepleier"
    )
    with acting_as(sykepleier):
        notat = journalnotat_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type_id=Notattype.objects.get(kode="sykepleienotat").pk,
        )
        journalnotat_sign(
            actor=sykepleier,
            notat_id=notat.pk,
            lasversjon=notat.lasversjon,
            innhold={"Observasjon": "Hoven ankel, tørr hud."},
        )
        kritisk_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type="allergi",
            tittel="Penicillin",
            sikkerhet="bekreftet",
            alvorlighet="alvorlig",
        )
    with acting_as(kontor.lege), pytest.raises(NotFound):
        journalnotater_for_pasient(actor=kontor.lege, pasient_id=pasient.pk)
    liste = _liste(kontor)
    with acting_as(kontor.lege):
        listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=pasient.pk)
        notater = journalnotater_for_pasient(actor=kontor.lege, pasient_id=pasient.pk)
        cave = kritisk_list(actor=kontor.lege, pasient_id=pasient.pk)
    assert [(r.notat.pk, r.notat.forfatter.username) for r in notater.rader] == [
        (notat.pk, "ht-spl")
    ]
    assert [k.tittel for k in cave.items] == ["Penicillin"]


@pytest.mark.django_db
def test_bulk_add_puts_many_on_the_list_in_a_few_queries(
    kontor: Kontor, django_assert_max_num_queries: Any
) -> None:
    from core.audit import AuditEvent
    from core.models import AuditLogg
    from tjenester.legekontor.models import Listeplass
    from tjenester.legekontor.services import listeplasser_add

    liste = _liste(kontor, kapasitet=100)
    pasienter = [PasientFactory() for _ in range(30)]
    ids = [p.pk for p in pasienter]
    fra = {p.pk: kontor.dag - dt.timedelta(days=n + 1) for n, p in enumerate(pasienter)}
    with acting_as(kontor.lege), django_assert_max_num_queries(15):
        plasser = listeplasser_add(actor=kontor.lege, liste_id=liste.pk, pasient_ids=ids, fra=fra)
    assert len(plasser) == 30
    assert all(_aktiv_relasjon(kontor, pid) for pid in ids)
    assert {p.pasient_id: p.fra for p in Listeplass.objects.filter(liste=liste)} == fra
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LISTEPLASS_JOINED).count() == 30
    assert (
        AuditLogg.objects.filter(hendelse=AuditEvent.RELASJON_OPENED, pasient_id__in=ids).count()
        == 30
    )
    # a single-patient join now sees the list as having 30
    with acting_as(kontor.lege), pytest.raises(ApplicationError, match="allerede"):
        listeplasser_add(actor=kontor.lege, liste_id=liste.pk, pasient_ids=ids[:1])


@pytest.mark.django_db
def test_bulk_add_moves_from_another_list_and_refuses_a_full_or_closed_one(
    kontor: Kontor,
) -> None:
    from tjenester.legekontor.services import listeplasser_add

    liste = _liste(kontor, kapasitet=2)
    annen_lege = actor(kontor.enhet, "lege", username="lk-lege2")
    with acting_as(kontor.lege):
        annen = fastlegeliste_create(actor=kontor.lege, lege_id=annen_lege.pk, kapasitet=5)
    flytter, ny, tredje = PasientFactory(), PasientFactory(), PasientFactory()
    with acting_as(kontor.lege):
        gammel = listeplass_join(actor=kontor.lege, liste_id=annen.pk, pasient_id=flytter.pk)
        with pytest.raises(ApplicationError, match="full"):
            listeplasser_add(
                actor=kontor.lege,
                liste_id=liste.pk,
                pasient_ids=[flytter.pk, ny.pk, tredje.pk],
            )
        listeplasser_add(actor=kontor.lege, liste_id=liste.pk, pasient_ids=[flytter.pk, ny.pk])
    gammel.refresh_from_db()
    assert gammel.til == kontor.dag
    assert gammel.sluttgrunn == "Byttet fastlege"
    with acting_as(kontor.lege):
        fastlegeliste_update(
            actor=kontor.lege, liste_id=annen.pk, kapasitet=5, status=ListeStatus.LUKKET
        )
        with pytest.raises(ApplicationError, match="lukket"):
            listeplasser_add(actor=kontor.lege, liste_id=annen.pk, pasient_ids=[tredje.pk])
        with pytest.raises(NotFound):
            listeplasser_add(actor=kontor.lege, liste_id=liste.pk, pasient_ids=[uuid.uuid4()])
    with acting_as(kontor.sekretaer), pytest.raises(Exception):  # noqa: B017,PT011
        listeplasser_add(actor=kontor.sekretaer, liste_id=liste.pk, pasient_ids=[tredje.pk])


@pytest.mark.django_db
def test_home_care_sees_the_gps_cave_and_diagnoses_with_who_wrote_them(kontor: Kontor) -> None:
    from journal.selectors.kritisk import diagnose_list
    from tjenester.legekontor.services import (
        konsultasjon_diagnose_add,
        konsultasjon_emergency_open,
    )

    hjemmetjeneste = EnhetFactory(
        navn="Hjemmetjenesten Nord",
        type=EnhetType.HJEMMETJENESTE,
        virksomhet=kontor.enhet.virksomhet,
    )
    annen = EnhetFactory(type=EnhetType.HJEMMETJENESTE, virksomhet=kontor.enhet.virksomhet)
    pasient = PasientFactory(relasjon_til=hjemmetjeneste)
    sykepleier = actor(hjemmetjeneste, "sykepleier", username="ht-spl")
    fremmed = actor(annen, "sykepleier", username="ht-fremmed")
    liste = _liste(kontor)
    with acting_as(kontor.lege):
        listeplass_join(actor=kontor.lege, liste_id=liste.pk, pasient_id=pasient.pk)
        kritisk_create(
            actor=kontor.lege,
            pasient_id=pasient.pk,
            type="allergi",
            tittel="Sulfa",
            sikkerhet="bekreftet",
            alvorlighet="alvorlig",
        )
        konsultasjon = konsultasjon_emergency_open(
            actor=kontor.lege, pasient_id=pasient.pk, kontaktaarsak="Tørst og slapp"
        )
        konsultasjon_diagnose_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="T90")
    with acting_as(sykepleier):
        cave = kritisk_list(actor=sykepleier, pasient_id=pasient.pk)
        diagnoser = diagnose_list(actor=sykepleier, pasient_id=pasient.pk)
    assert [(k.tittel, k.registrert_av.get_full_name(), k.enhet.navn) for k in cave.items] == [
        ("Sulfa", "Lise Lege", "Sentrum legekontor")
    ]
    assert [
        (d.kode.kode, d.satt_av.get_full_name(), d.enhet.navn, sperret)
        for d, sperret in diagnoser.rader()
    ] == [("T90", "Lise Lege", "Sentrum legekontor", False)]
    # a home care unit without the patient gets the same 404 as for a patient that is not there
    with acting_as(fremmed):
        with pytest.raises(NotFound):
            kritisk_list(actor=fremmed, pasient_id=pasient.pk)
        with pytest.raises(NotFound):
            diagnose_list(actor=fremmed, pasient_id=pasient.pk)
        with pytest.raises(NotFound):
            diagnose_list(actor=fremmed, pasient_id=uuid.uuid4())
