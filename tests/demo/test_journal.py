"""`manage.py demo_journal`: a believable demo municipality, its patients' documentation,
care plans and assessments, logins with password "demo"; idempotent, only where allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from core.audit import AuditEvent
from core.identifikatorer import Syntetisk, identifikator_parse
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet, Kommune
from journal.demo import DEMO_KRITISK, DEMO_LOGINS, DOK_PASIENTER, KARTLEGGING_PASIENTER
from journal.models import (
    Diagnose,
    Journalnotat,
    JournalnotatVersjon,
    Kartlegging,
    KartleggingStatus,
    KritiskInformasjon,
    Maaling,
    News2Nivaa,
    NotatStatus,
    Pasient,
    Tiltaksplan,
)
from tjenester.helsestasjon.demo.barn import NYE_BARN_PER_STASJON

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def _counts() -> tuple[int, ...]:
    return (
        Kommune.objects.count(),
        Enhet.objects.count(),
        Ansatt.objects.count(),
        Pasient.objects.count(),
        Journalnotat.objects.count(),
        JournalnotatVersjon.objects.count(),
        Maaling.objects.count(),
        KritiskInformasjon.objects.count(),
        Diagnose.objects.count(),
        Tiltaksplan.objects.count(),
        Kartlegging.objects.count(),
        AuditLogg.objects.filter(
            hendelse__in=[AuditEvent.NOTAT_SIGNED, AuditEvent.MALING_CREATED]
        ).count(),
    )


def test_a_second_run_adds_nothing() -> None:
    # given
    before = _counts()

    # when
    call_command("demo_journal", stdout=StringIO())

    # then
    assert _counts() == before


def test_the_municipality_is_believable() -> None:
    # when
    kommuner, enheter, ansatte, pasienter = _counts()[:4]

    # then
    assert kommuner == 2
    assert 15 <= enheter <= 20
    assert 38 <= ansatte <= 50
    # the journal demo's 500, and the newborns and small children the health station
    # registers itself (their birth dates follow the clock)
    assert 500 <= pasienter <= 500 + 2 * NYE_BARN_PER_STASJON
    assert len(set(Enhet.objects.values_list("type", flat=True))) >= 7
    for identifikator in Pasient.objects.values_list("identifikator", flat=True)[:100]:
        assert identifikator_parse(identifikator, allow_synthetic=True).syntetisk is Syntetisk.TENOR
    assert Pasient.objects.filter(sok_etternavn__startswith="ost").exists()


def test_the_demo_nurse_has_documented_her_patients() -> None:
    # given
    sykepleier = Ansatt.objects.get(username="sykepleier")
    sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
    notater = Journalnotat.objects.filter(forfatter=sykepleier, enhet=sone_nord)
    malinger = Maaling.objects.filter(registrert_av=sykepleier, enhet=sone_nord)

    # when
    pasienter = set(notater.values_list("pasient_id", flat=True))

    # then
    assert len(pasienter) == DOK_PASIENTER
    assert pasienter == set(malinger.values_list("pasient_id", flat=True))
    for pasient_id in pasienter:
        assert 2 <= notater.filter(pasient_id=pasient_id).count() <= 5
        assert 3 <= malinger.filter(pasient_id=pasient_id).count() <= 10
    assert not notater.exclude(status=NotatStatus.SIGNERT).exists()
    assert set(notater.values_list("type__kode", flat=True)) == {"sykepleienotat"}
    versjon = JournalnotatVersjon.objects.filter(notat__in=notater).first()
    assert versjon is not None
    assert set(versjon.innhold) == {"Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"}
    assert all(versjon.innhold.values())
    assert notater.filter(gjeldende_versjon=2).exists()  # some were corrected
    assert malinger.filter(news2__gte=5).exists()  # some patients are getting ill
    assert malinger.filter(news2_niva=News2Nivaa.INGEN).exists()
    eldste = malinger.order_by("tidspunkt").values_list("tidspunkt", flat=True).first()
    assert eldste is not None
    assert (naa() - eldste).days >= 7  # spread over the last weeks
    assert (
        AuditLogg.objects.filter(hendelse=AuditEvent.MALING_CREATED, aktor_id=sykepleier.pk).count()
        == malinger.count()
    )


def test_gp_patients_have_critical_information_and_diagnoses() -> None:
    # then
    expected_kritisk = sum(len(kritisk) for kritisk, _ in DEMO_KRITISK)
    expected_diagnoser = sum(len(diagnoser) for _, diagnoser in DEMO_KRITISK)
    assert KritiskInformasjon.objects.filter(registrert_av__username="lege").count() == (
        expected_kritisk
    )
    assert Diagnose.objects.filter(satt_av__username="lege").count() == expected_diagnoser
    assert KritiskInformasjon.objects.filter(tittel="Ikke HLR", type="beslutning").exists()


def test_patients_have_care_plans() -> None:
    # then
    planer = Tiltaksplan.objects.all()
    assert planer.exists()
    for plan in planer:
        assert 1 <= plan.behov.count() <= 4
        assert 2 <= plan.tiltak.count() <= 6
        assert set(plan.tiltak.values_list("ansvarlig_enhet_id", flat=True)) == {plan.enhet_id}


def test_the_demo_nurse_has_assessed_her_patients() -> None:
    # given
    sykepleier = Ansatt.objects.get(username="sykepleier")
    sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
    rows = Kartlegging.objects.filter(utfort_av=sykepleier, enhet=sone_nord)

    # when
    iplos = rows.filter(skjema__kode="iplos")
    barthel = rows.filter(skjema__kode="barthel")

    # then
    assert iplos.values("pasient_id").distinct().count() == KARTLEGGING_PASIENTER
    assert iplos.count() > KARTLEGGING_PASIENTER  # some were assessed twice
    assert 3 <= barthel.count() <= 6
    assert all(t is not None and 0 <= t <= 100 for t in barthel.values_list("total", flat=True))
    assert not rows.exclude(status=KartleggingStatus.FULLFORT).exists()
    assert (
        AuditLogg.objects.filter(
            hendelse=AuditEvent.KARTLEGGING_COMPLETED, aktor_id=sykepleier.pk
        ).count()
        == rows.count()
    )


def test_demo_logins_work_with_password_demo() -> None:
    # when / then
    for username, *_ in DEMO_LOGINS:
        response = Client().post("/logg-inn/", {"username": username, "password": "demo"})
        assert response.status_code == 302, username


def test_bulk_generator_adds_exactly_the_patients_asked_for() -> None:
    # given
    before = Pasient.objects.count()
    out = StringIO()

    # when
    call_command("demo_journal", "--patients", "2000", stdout=out)

    # then: every new number is new, none silently dropped
    assert Pasient.objects.count() == before + 2000
    assert "rader/s" in out.getvalue()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refused_where_not_allowed() -> None:
    # given
    before = _counts()

    # when / then
    for command in ("demo_alle", "demo_journal"):
        with pytest.raises(CommandError, match="ikke tillatt"):
            call_command(command, stdout=StringIO())
    assert _counts() == before
