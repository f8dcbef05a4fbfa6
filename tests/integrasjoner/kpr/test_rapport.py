"""The KPR report end to end: built from what was recorded in a past period, both messages
valid against the shipped XSDs and linked, sent through the outbox to the KPR stand-in over
real HTTP with the receipt stored; rebuilt unchanged after the record changed; persons
lacking required facts listed; a period without data refused with nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ApplicationError
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver, mottakere
from integrasjoner.kith.lib.xsd import xsd_errors
from integrasjoner.kpr.lib.melding import IDE_SKJEMA, IPL_SKJEMA, uten_tidsstempel
from integrasjoner.kpr.models import Kprrapport, RapportStatus
from integrasjoner.kpr.services import KPR_MOTTAKER, rapport_send, rapport_start
from integrasjoner.standin.server import Oppforsel, Standin
from journal.models import Tjeneste
from journal.services.kartlegging import KartleggingData, kartlegging_create
from tests.acting import acting_as
from tests.integrasjoner.kpr.conftest import (
    IDE,
    IPL,
    Periode,
    build,
    grunnlag_make,
    ide,
    ipl,
    iplos_svar,
    parse,
)
from tests.tildeling.conftest import fattet, innvilget, sak_new
from tildeling.models import Tjenestetype
from tildeling.services.klage import klage_register
from tildeling.services.vedtak import vedtak_end

pytestmark = pytest.mark.django_db


def test_the_receiver_is_registered_for_the_dashboard() -> None:
    assert KPR_MOTTAKER in {m.navn for m in mottakere()}


def test_the_report_validates_and_reaches_kpr_with_its_receipt(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a person with a decision, assessment, diagnosis, plan and stay in the period
    g = grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    # when the case officer builds the period's report
    rapport = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    # then it is ready, with the person in it and both messages valid against the XSDs
    assert rapport.status == RapportStatus.KLAR, rapport.feil
    assert (rapport.antall_totalt, rapport.antall_rapportert, rapport.antall_mangler) == (1, 1, 0)
    assert xsd_errors(ipl(rapport), IPL_SKJEMA) == []
    assert xsd_errors(ide(rapport), IDE_SKJEMA) == []
    doc, ident = parse(ipl(rapport)), parse(ide(rapport))
    person = doc.find(f"{IPL}PERSON")
    assert person is not None
    # the identity is only in KPR_IDE, linked by the person's number and the løpenummer
    assert g.kari.identifikator.encode() not in ipl(rapport)
    pasient_ident = ident.find(f"{IDE}Institusjon/{IDE}PasientIdent")
    assert pasient_ident is not None
    assert pasient_ident.get("fid") == g.kari.identifikator
    assert pasient_ident.get("pid") == person.get("pePeID")
    assert doc.findtext(f"{IPL}INNHINFO/{IPL}iiLopenr") == ident.get("lopenr")
    # what was recorded: 17 functional variables, the service with hours, the diagnosis, the stay
    assert len(person.findall(f"{IPL}FUNKSJON")) == 17
    assert person.findtext(f"{IPL}TJENESTE/{IPL}tjTjenType") == "1"
    assert person.findtext(f"{IPL}TJENESTE/{IPL}tjTimerUke") == "3.50"
    assert person.findtext(f"{IPL}TJENESTE/{IPL}tjVedtak") == "1"
    assert person.findtext(f"{IPL}DIAGNOSE/{IPL}diDiagKode") == "K86"
    assert person.findtext(f"{IPL}DOGNTILBUD/{IPL}dgFraDato") == f"{g.opphold.fra:%Y%m%d}"
    assert person.findtext(f"{IPL}PERSONOPPL/{IPL}poIndPlan") == "1"
    assert person.findtext(f"{IPL}peKjonn") == "K"
    # when it is sent and the outbox delivers it
    with django_capture_on_commit_callbacks(execute=False), acting_as(saksbehandler, kontor):
        rapport_send(actor=saksbehandler, rapport_id=rapport.pk)
    levering = Levering.objects.get(mottaker=KPR_MOTTAKER)
    assert levering_deliver(levering_id=levering.id) == "levert"
    # then KPR received both messages over HTTP once, and its receipt is on the report
    seen = [m for m in standin.state.mottatt if m.integrasjon == "kpr"]
    assert len(seen) == 1
    assert seen[0].status == 201
    assert seen[0].nokkel == str(levering.id)
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.KVITTERT
    assert rapport.kvittering is not None
    assert rapport.kvittering["antall_personer"] == 1
    assert rapport.kvittering["loepenummer"] == rapport.loepenummer
    assert rapport.kvittering["referanse"]


def test_rebuilding_after_the_record_changed_gives_the_same_report(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given the period's report
    g = grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    first = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    assert first.status == RapportStatus.KLAR, first.feil
    # when, after the period, the record changes: an appeal, a new assessment, the decision
    # ended, a new decision, the diagnosis closed and the stay ended
    with acting_as(saksbehandler, kontor):
        klage_register(
            actor=saksbehandler, vedtak_id=g.vedtak.pk, mottatt_dato=idag(), anforsler="For lite"
        )
        kartlegging_create(
            actor=saksbehandler,
            pasient_id=g.kari.pk,
            skjema_kode="iplos",
            data=KartleggingData(dato=idag(), svar=iplos_svar(5)),
            fullfor=True,
        )
        vedtak_end(actor=saksbehandler, vedtak_id=g.vedtak.pk)
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, g.kari, katalog["2"])
        fattet(saksbehandler, sak, innvilget(katalog["2"], enhet, omfang="1"))
    g.diagnose.status = "avsluttet"
    g.diagnose.avsluttet_at = naa()
    g.diagnose.save()
    g.opphold.til = idag()
    g.opphold.save()
    assert Tjeneste.objects.filter(pasient=g.kari).count() >= 1
    # and the period is built again
    second = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    # then both messages are byte for byte the same, apart from the generation date
    assert second.status == RapportStatus.KLAR, second.feil
    assert second.pk != first.pk
    assert uten_tidsstempel(ipl(second)) == uten_tidsstempel(ipl(first))
    assert uten_tidsstempel(ide(second)) == uten_tidsstempel(ide(first))
    assert second.ipl_sha256 == first.ipl_sha256  # same day: the same bytes


def test_a_person_without_an_assessment_is_listed_and_left_out(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given one person with an assessment and one without
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    ola = grunnlag_make(
        saksbehandler, kontor, enhet, avdeling, katalog, med_kartlegging=False, fornavn="Ola"
    ).kari
    # when the report is built
    rapport = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    # then the report has the first, and the second is listed as missing the assessment
    assert rapport.status == RapportStatus.KLAR, rapport.feil
    assert (rapport.antall_rapportert, rapport.antall_mangler) == (1, 1)
    assert rapport.mangler == [
        {
            "pasient_id": str(ola.pk),
            "felt": "kartlegging",
            "tekst": "Mangler IPLOS-kartlegging (funksjonsvurdering) i perioden.",
        }
    ]
    assert ola.identifikator.encode() not in ide(rapport)
    assert xsd_errors(ipl(rapport), IPL_SKJEMA) == []


def test_when_nobody_can_be_reported_the_build_fails_with_the_list(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given only a person without an assessment
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog, med_kartlegging=False)
    # when
    rapport = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    # then nothing can be sent; the reason and the list are on the report
    assert rapport.status == RapportStatus.FEILET
    assert "Ingen personer i perioden kunne rapporteres" in rapport.feil
    assert rapport.antall_mangler == 1
    assert rapport.ipl_gz is None
    with acting_as(saksbehandler, kontor), pytest.raises(ApplicationError):
        rapport_send(actor=saksbehandler, rapport_id=rapport.pk)


def test_a_period_without_data_is_refused_and_nothing_is_written(
    saksbehandler: Ansatt, kontor: Enhet, periode: Periode
) -> None:
    # given nothing recorded in the kommune
    before = AuditLogg.objects.count()
    # when / then
    with acting_as(saksbehandler, kontor), pytest.raises(ApplicationError) as exc:
        rapport_start(actor=saksbehandler, fra=periode.fra, til=periode.til)
    assert "Det er ingenting å rapportere" in str(exc.value.message)
    assert not Kprrapport.objects.exists()
    assert AuditLogg.objects.count() == before


@pytest.mark.parametrize(
    ("fra_dager", "til_dager", "felt", "melding"),
    [
        (10, 0, "til", "Bare avsluttede perioder"),
        (10, 20, "til", "Til-datoen kan ikke være før fra-datoen"),
        (400, 1, "fra", "høyst ett år"),
    ],
)
def test_a_bad_period_is_refused(
    saksbehandler: Ansatt,
    kontor: Enhet,
    fra_dager: int,
    til_dager: int,
    felt: str,
    melding: str,
) -> None:
    with acting_as(saksbehandler, kontor), pytest.raises(ValidationError) as exc:
        rapport_start(
            actor=saksbehandler,
            fra=idag() - dt.timedelta(days=fra_dager),
            til=idag() - dt.timedelta(days=til_dager),
        )
    assert melding in str(exc.value.message_dict[felt])


def test_a_delivery_kpr_refuses_is_dead_lettered_and_the_report_stays_sent(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a sent report that KPR refuses
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    rapport = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False), acting_as(saksbehandler, kontor):
        rapport_send(actor=saksbehandler, rapport_id=rapport.pk)
    standin.state.oppforsel["kpr"] = Oppforsel(modus="feil", status=422)
    levering = Levering.objects.get(mottaker=KPR_MOTTAKER)
    # when
    status = levering_deliver(levering_id=levering.id)
    # then the delivery is dead (for the integration dashboard) and no receipt is stored
    levering.refresh_from_db()
    rapport.refresh_from_db()
    assert status == "dod"
    assert "HTTP 422" in levering.siste_feil
    assert rapport.status == RapportStatus.SENDT
    assert rapport.kvittering is None


def test_the_stand_in_refuses_messages_that_do_not_belong_together(standin: Standin) -> None:
    # given two messages whose løpenummer differ
    import base64
    import gzip

    from core import http
    from core.exceptions import IntegrationError
    from integrasjoner.kpr.lib.melding import ide_build, ipl_build, xml_bytes
    from tests.integrasjoner.kpr.test_melding import HODE, KARI

    ipl_data = xml_bytes(ipl_build(HODE, [KARI]))
    other = dataclasses.replace(HODE, loepenummer="annet")
    ide_data = xml_bytes(ide_build(other, [KARI]))
    body = {
        "loepenummer": HODE.loepenummer,
        "antall_personer": 1,
        "ipl_sha256": hashlib.sha256(ipl_data).hexdigest(),
        "kpr_ipl": base64.b64encode(gzip.compress(ipl_data)).decode(),
        "kpr_ide": base64.b64encode(gzip.compress(ide_data)).decode(),
    }
    # when / then
    with pytest.raises(IntegrationError, match="løpenummeret"):
        http.post_json(f"{standin.url}/kpr/meldinger", body, headers={"Idempotency-Key": "k1"})


def test_a_person_the_schema_refuses_is_listed_with_the_reason(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    avdeling: Enhet,
    katalog: dict[str, Tjenestetype],
    periode: Periode,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given Kari's stay is in a ward whose organisation number is too short for KPR
    g = grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    grunnlag_make(saksbehandler, kontor, enhet, annen_avdeling(avdeling), katalog, fornavn="Per")
    Enhet.objects.filter(pk=avdeling.pk).update(organisasjonsnummer="12345")
    # when
    rapport = build(saksbehandler, kontor, periode, django_capture_on_commit_callbacks)
    # then Per is reported, and Kari is listed with the schema's reason
    assert rapport.status == RapportStatus.KLAR, rapport.feil
    assert rapport.antall_rapportert == 1
    assert [(m["pasient_id"], m["felt"]) for m in rapport.mangler] == [(str(g.kari.pk), "skjema")]
    assert "dgInstOrgnr" in rapport.mangler[0]["tekst"]
    assert xsd_errors(ipl(rapport), IPL_SKJEMA) == []


def annen_avdeling(avdeling: Enhet) -> Enhet:
    from tests.factories import EnhetFactory

    ward: Enhet = EnhetFactory(
        navn="Solsiden avdeling 2", type=avdeling.type, virksomhet=avdeling.virksomhet
    )
    return ward
