"""Demo data for tildeling: the catalogue, letterheads, and ~15 cases in every state at the
demo allocation office, through the ordinary (audited) services. Idempotent: nothing is
added when the office already has cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from core.acting import acting_as
from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, Kommune
from journal.models import Maalform, Pasient
from tildeling.models import Brevhode, Sak, Tjenestetype, Utfall
from tildeling.seeds import tjenestetyper_seed
from tildeling.services.klage import klage_register
from tildeling.services.sak import SoeknadData, sak_notat_create, sak_status_set, soeknad_create
from tildeling.services.varsel import varsler_raise
from tildeling.services.vedtak import VedtakData, vedtak_decide, vedtak_draft_create

KONTOR = "Tildelingskontoret Kongsvinger"
SONE_NORD = "Hjemmetjenesten Kongsvinger sone nord"
HJEMMETJENESTEN = "Hjemmetjenesten Kongsvinger"


@dataclass(frozen=True)
class DemoTildeling:
    saker: int
    varsler: int


def _brevhoder() -> None:
    for kommune in Kommune.objects.all():
        Brevhode.objects.get_or_create(
            kommune=kommune,
            defaults={
                "navn": f"{kommune.navn} kommune",
                "avsender": f"Tildelingskontoret {kommune.navn}",
                "adresse": "Postboks 1",
                "postnummer": "2201" if kommune.nummer == "3401" else "2120",
                "poststed": kommune.navn.upper(),
                "telefon": "62 82 80 00",
                "logotekst": f"{kommune.navn.upper()} KOMMUNE",
            },
        )


def _pasienter(kontor: Enhet) -> list[Pasient]:
    """Elderly patients of the office's municipality; a nynorsk one first."""
    rows = Pasient.objects.filter(
        kommune=kontor.virksomhet.kommune,
        dodsdato__isnull=True,
        fodselsdato__lt=dt.date(1958, 1, 1),
    ).order_by("identifikator")
    nynorsk = list(rows.filter(malform=Maalform.NYNORSK)[:1])
    return nynorsk + list(rows.exclude(pk__in=[p.pk for p in nynorsk])[:15])


def _data(
    tjenestetype: Tjenestetype, enhet: Enhet | None, fra: dt.date, til: dt.date | None, omfang: str
) -> VedtakData:
    return VedtakData(
        tjenestetype_id=tjenestetype.pk,
        utfall=Utfall.INNVILGET,
        begrunnelse=(
            "Kartleggingen viser behov for bistand i hverdagen. Kommunen vurderer at tjenesten "
            "gir forsvarlig hjelp."
        ),
        omfang=Decimal(omfang) if tjenestetype.omfang_enhet != "ingen" else None,
        fra_dato=fra,
        til_dato=til,
        revurdering_dato=None if til else fra + dt.timedelta(days=180),
        utforende_enhet_id=enhet.pk if enhet else None,
    )


def demo_tildeling_build() -> DemoTildeling:
    """Catalogue, letterheads and demo cases (skipped when the office has cases)."""
    with system_context(), transaction.atomic():
        tjenestetyper_seed()
        _brevhoder()
    kontor = Enhet.objects.filter(navn=KONTOR).first()
    sara = Ansatt.objects.filter(username="saksbehandler").first()
    if kontor is None or sara is None or Sak.objects.filter(enhet=kontor).exists():
        return DemoTildeling(saker=Sak.objects.count(), varsler=0)
    typer = {t.kode: t for t in Tjenestetype.objects.all()}
    sone_nord = Enhet.objects.get(navn=SONE_NORD)
    hjemmetjenesten = Enhet.objects.get(navn=HJEMMETJENESTEN)
    pasienter = _pasienter(kontor)
    dag = idag()
    with acting_as(sara, kontor), transaction.atomic():
        _build_cases(sara, pasienter, typer, sone_nord, hjemmetjenesten, dag)
    with system_context():
        resultat = varsler_raise()
    return DemoTildeling(saker=Sak.objects.filter(enhet=kontor).count(), varsler=resultat.apne)


def _sak(sara: Ansatt, pasient: Pasient, *typer: Tjenestetype, dager_siden: int) -> Sak:
    return soeknad_create(
        actor=sara,
        data=SoeknadData(
            pasient_id=pasient.pk,
            mottatt_dato=idag() - dt.timedelta(days=dager_siden),
            tjenester=[(t.pk, "") for t in typer],
            kanal="telefon" if dager_siden % 2 else "papir",
            beskrivelse="Søker hjelp etter sykehusopphold." if dager_siden % 3 else "",
            saksbehandler_id=sara.pk,
        ),
    )


def _build_cases(
    sara: Ansatt,
    pasienter: list[Pasient],
    typer: dict[str, Tjenestetype],
    sone_nord: Enhet,
    hjemmetjenesten: Enhet,
    dag: dt.date,
) -> None:
    if len(pasienter) < 15:
        return
    p = iter(pasienter)
    # the nynorsk patient: hjemmesykepleie granted, praktisk bistand refused
    sak = _sak(sara, next(p), typer["15"], typer["1"], dager_siden=9)
    v = vedtak_draft_create(
        actor=sara, sak_id=sak.pk, data=_data(typer["15"], sone_nord, dag, None, "7")
    )
    vedtak_decide(actor=sara, vedtak_id=v.pk)
    avslag = VedtakData(
        typer["1"].pk, utfall=Utfall.AVSLAG, begrunnelse="Du klarer det daglige husarbeidet selv."
    )
    v = vedtak_draft_create(actor=sara, sak_id=sak.pk, data=avslag)
    vedtak_decide(actor=sara, vedtak_id=v.pk)
    # received, waiting (one overdue, one near its deadline)
    for dager, kode in ((20, "15"), (11, "15"), (3, "1"), (1, "6")):
        _sak(sara, next(p), typer[kode], dager_siden=dager)
    # under behandling with a home-visit note and a draft
    for dager in (6, 8):
        sak = _sak(sara, next(p), typer["1"], dager_siden=dager)
        sak_notat_create(
            actor=sara,
            sak_id=sak.pk,
            type="hjemmebesok",
            dato=dag - dt.timedelta(days=2),
            tekst=(
                "Hjemmebesøk: bor alene i 2. etasje, trapp uten heis. Trenger hjelp til rengjøring."
            ),
        )
        vedtak_draft_create(
            actor=sara, sak_id=sak.pk, data=_data(typer["1"], hjemmetjenesten, dag, None, "2")
        )
    # decided, two of them expiring soon
    for til_om in (10, 25, None, None):
        sak = _sak(sara, next(p), typer["15"], dager_siden=120)
        til = dag + dt.timedelta(days=til_om) if til_om else None
        v = vedtak_draft_create(
            actor=sara,
            sak_id=sak.pk,
            data=_data(typer["15"], sone_nord, dag - dt.timedelta(days=100), til, "3"),
        )
        vedtak_decide(actor=sara, vedtak_id=v.pk)
    # trygghetsalarm granted without a providing unit yet (alert: not started)
    sak = _sak(sara, next(p), typer["6"], dager_siden=15)
    v = vedtak_draft_create(actor=sara, sak_id=sak.pk, data=_data(typer["6"], None, dag, None, "1"))
    vedtak_decide(actor=sara, vedtak_id=v.pk)
    # BPA waiting for a second person's approval
    sak = _sak(sara, next(p), typer["3"], dager_siden=10)
    v = vedtak_draft_create(
        actor=sara, sak_id=sak.pk, data=_data(typer["3"], hjemmetjenesten, dag, None, "12")
    )
    vedtak_decide(actor=sara, vedtak_id=v.pk)
    # closed cases, one with an appeal
    for dager in (200, 150):
        sak = _sak(sara, next(p), typer["15"], dager_siden=dager)
        v = vedtak_draft_create(
            actor=sara,
            sak_id=sak.pk,
            data=_data(typer["15"], sone_nord, dag - dt.timedelta(days=dager - 10), None, "2"),
        )
        v = vedtak_decide(actor=sara, vedtak_id=v.pk)
        sak_status_set(actor=sara, sak_id=sak.pk, status="avsluttet")
    klage_register(
        actor=sara, vedtak_id=v.pk, mottatt_dato=dag, anforsler="Jeg trenger flere besøk."
    )
