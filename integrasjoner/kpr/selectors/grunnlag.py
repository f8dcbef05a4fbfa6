"""Gathering what a KPR report holds, as of a period: every fact is taken as it was recorded
by the period's last day, from its own dates (decision date, service period, assessment date,
stay dates, diagnosis onset and end), so rebuilding a past period gives the same report
however the record changed afterwards.

Runs as the system (the report is a statutory delivery, no care relationship is needed);
the service that calls it audits the build. Reads batch by batch: a constant number of
queries per batch of persons.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from integrasjoner.kpr.lib.melding import (
    Diagnose,
    Dogntilbud,
    Funksjon,
    Person,
    Personoppl,
    Tjeneste,
)
from integrasjoner.kpr.models import Kprnummer
from journal.models import Diagnose as DiagnoseModel
from journal.models import (
    Kartlegging,
    Kartleggingsskjema,
    KartleggingStatus,
    Pasient,
    Tiltaksplan,
)
from journal.models.kritisk import DiagnoseStatus
from legemidler.models import Legemiddelgjennomgang
from tildeling.models import Klage, Utfall, Vedtak, VedtakStatus
from tildeling.models.katalog import OmfangEnhet
from tjenester.sykehjem.models import Opphold, OppholdStatus

BATCH = 500
DATA = Path(__file__).resolve().parents[1] / "data" / "personoppl.json"
IPLOS_SKJEMA = "iplos"


@cache
def kodeverdier() -> dict[str, Any]:
    """The PERSONOPPL code values (data/personoppl.json; marked unverified there)."""
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _vedtak(kommune_id: uuid.UUID, fra: dt.date, til: dt.date) -> QuerySet[Vedtak]:
    """Decisions of the kommune's offices made by `til` that count in the period: decided in
    it, or a granted service whose period overlaps it (an end recorded after `til` is not
    known yet)."""
    lopende = (
        Q(fra_dato__lte=til)
        & (Q(til_dato__isnull=True) | Q(til_dato__gte=fra))
        & (Q(avsluttet_dato__isnull=True) | Q(avsluttet_dato__gte=fra))
        & ~Q(utfall=Utfall.AVSLAG)
    )
    return Vedtak.objects.filter(
        enhet__virksomhet__kommune_id=kommune_id,
        status__in=[VedtakStatus.FATTET, VedtakStatus.AVSLUTTET],
        vedtaksdato__lte=til,
    ).filter(Q(vedtaksdato__gte=fra) | lopende)


def _opphold(kommune_id: uuid.UUID, fra: dt.date, til: dt.date) -> QuerySet[Opphold]:
    return Opphold.objects.filter(
        enhet__virksomhet__kommune_id=kommune_id,
        status__in=[OppholdStatus.AKTIV, OppholdStatus.AVSLUTTET],
        fra__lte=til,
    ).filter(Q(til__isnull=True) | Q(til__gte=fra))


def periode_har_data(*, kommune_id: uuid.UUID, fra: dt.date, til: dt.date) -> bool:
    """Whether anyone had a decision or a stay in the kommune in the period."""
    return _vedtak(kommune_id, fra, til).exists() or _opphold(kommune_id, fra, til).exists()


def personer_i_perioden(*, kommune_id: uuid.UUID, fra: dt.date, til: dt.date) -> list[uuid.UUID]:
    """The persons of the report (decision or stay in the period), in a stable order."""
    ids = set(_vedtak(kommune_id, fra, til).values_list("pasient_id", flat=True))
    ids |= set(_opphold(kommune_id, fra, til).values_list("pasient_id", flat=True))
    return sorted(ids)


def numre(objekt_type: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """KPR's stable numbers for the objects, given on first use (never reused)."""
    wanted = list(set(ids))
    if not wanted:
        return {}

    def known() -> dict[uuid.UUID, int]:
        rows = Kprnummer.objects.filter(objekt_type=objekt_type, objekt_id__in=wanted)
        return dict(rows.values_list("objekt_id", "nummer"))

    found = known()
    if len(found) < len(wanted):
        Kprnummer.objects.bulk_create(
            [Kprnummer(objekt_type=objekt_type, objekt_id=i) for i in wanted if i not in found],
            ignore_conflicts=True,
            batch_size=2000,
        )
        found = known()
    return found


@cache
def _iplos_nummer(skjema_id: uuid.UUID) -> dict[str, int]:
    """Item code → IPLOS variable number (kodeverk 9111) of one form version."""
    definisjon = Kartleggingsskjema.objects.values_list("definisjon", flat=True).get(pk=skjema_id)
    return {
        str(e["kode"]): int(e["nummer"])
        for e in definisjon.get("elementer", [])
        if e.get("nummer") is not None
    }


def _dato(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value is not None else None


def _kjede(vedtak_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Each decision's place in its chain (1 = first; a replacing decision is the next)."""
    forrige: dict[uuid.UUID, uuid.UUID | None] = {}
    todo = set(vedtak_ids)
    while todo:
        rows = Vedtak.objects.filter(pk__in=todo).values_list("pk", "erstatter_id")
        todo = set()
        for pk, erstatter in rows:
            forrige[pk] = erstatter
            if erstatter is not None and erstatter not in forrige:
                todo.add(erstatter)
    plass: dict[uuid.UUID, int] = {}
    for pk in vedtak_ids:
        n, cur = 1, forrige.get(pk)
        while cur is not None and n < 1000:
            n, cur = n + 1, forrige.get(cur)
        plass[pk] = n
    return plass


def _tjenester(
    kommune_id: uuid.UUID, fra: dt.date, til: dt.date, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Tjeneste]]:
    rows = list(
        _vedtak(kommune_id, fra, til)
        .filter(pasient_id__in=ids)
        .order_by("pasient_id", "vedtaksdato", "fra_dato", "id")
        .values_list(
            "pk",
            "pasient_id",
            "tjenestetype__kode",
            "utfall",
            "omfang",
            "omfang_enhet",
            "fra_dato",
            "til_dato",
            "vedtaksdato",
            "avsluttet_dato",
            "sak__soknad__mottatt_dato",
            "utforende_enhet__organisasjonsnummer",
            "utforende_enhet__virksomhet__organisasjonsnummer",
        )
    )
    if not rows:
        return {}
    vedtak_ids = [r[0] for r in rows]
    vedtak_nr = numre("vedtak", vedtak_ids)
    plass = _kjede(vedtak_ids)
    klager: dict[uuid.UUID, tuple[dt.date, dt.date | None]] = {}
    for vedtak_id, mottatt, vurdert, avgjort in (
        Klage.objects.filter(vedtak_id__in=vedtak_ids, mottatt_dato__lte=til)
        .order_by("mottatt_dato", "id")
        .values_list("vedtak_id", "mottatt_dato", "vurdert_dato", "statsforvalter_dato")
    ):
        svar = [d for d in (vurdert, avgjort) if d and d <= til]
        if vedtak_id not in klager:
            klager[vedtak_id] = (mottatt, min(svar) if svar else None)
    found: dict[uuid.UUID, list[Tjeneste]] = defaultdict(list)
    for (
        pk,
        pasient_id,
        kode,
        utfall,
        omfang,
        omfang_enhet,
        start,
        slutt,
        vedtaksdato,
        avsluttet,
        soknad_dato,
        enhet_orgnr,
        virksomhet_orgnr,
    ) in rows:
        if vedtaksdato is None:  # not decided (the query asks for decided ones)
            continue
        if avsluttet is not None and avsluttet <= til:
            slutt = min(slutt, avsluttet) if slutt else avsluttet
        klage = klager.get(pk)
        found[pasient_id].append(
            Tjeneste(
                tjenestetype=int(kode) if kode.isdigit() else 0,
                vedtak_nummer=vedtak_nr[pk],
                nummer_i_rekken=plass[pk],
                vedtaksdato=vedtaksdato,
                innvilget=utfall != Utfall.AVSLAG,
                soeknadsdato=soknad_dato,
                timer_uke=(
                    Decimal(omfang)
                    if omfang is not None and omfang_enhet == OmfangEnhet.TIMER_UKE
                    else None
                ),
                orgnr=enhet_orgnr or virksomhet_orgnr or "",
                fra=start,
                til=slutt,
                klage_mottatt=klage[0] if klage else None,
                klage_besvart=klage[1] if klage else None,
            )
        )
    return found


def _funksjoner(
    fra: dt.date, til: dt.date, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Funksjon]]:
    """The IPLOS assessments in force during the period: each from its date until the day
    before the next one (or the period's end). An assessment marked wrong after the period
    was in force then and stays."""
    rows = (
        Kartlegging.objects.filter(
            pasient_id__in=ids,
            skjema__kode=IPLOS_SKJEMA,
            status__in=[KartleggingStatus.FULLFORT, KartleggingStatus.FEILREGISTRERT],
            fullfort_at__isnull=False,
            dato__lte=til,
        )
        .exclude(status=KartleggingStatus.FEILREGISTRERT, feilregistrert_at__date__lte=til)
        .order_by("pasient_id", "dato", "created_at", "id")
        .values_list("pasient_id", "skjema_id", "dato", "svar")
    )
    per: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dict[str, Any]]]] = defaultdict(list)
    for pasient_id, skjema_id, dato, svar in rows:
        per[pasient_id].append((skjema_id, dato, svar or {}))
    found: dict[uuid.UUID, list[Funksjon]] = {}
    for pasient_id, items in per.items():
        result: list[Funksjon] = []
        for i, (skjema_id, dato, svar) in enumerate(items):
            slutt = items[i + 1][1] - dt.timedelta(days=1) if i + 1 < len(items) else til
            slutt = min(slutt, til)
            if slutt < fra or slutt < dato:
                continue
            nummer = _iplos_nummer(skjema_id)
            for kode, verdi in sorted(svar.items(), key=lambda kv: nummer.get(kv[0], 99)):
                if kode in nummer and isinstance(verdi, int) and verdi in (1, 2, 3, 4, 5, 9):
                    result.append(Funksjon(nummer[kode], verdi, dato, slutt))
        if result:
            found[pasient_id] = result
    return found


def _diagnoser(
    fra: dt.date, til: dt.date, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Diagnose]]:
    rows = (
        DiagnoseModel.objects.filter(pasient_id__in=ids)
        .filter(Q(avsluttet_at__isnull=True) | Q(avsluttet_at__date__gte=fra))
        .exclude(status=DiagnoseStatus.FEILREGISTRERT, avsluttet_at__date__lte=til)
        .order_by("pasient_id", "kode__kodeverk", "kode__kode", "created_at", "id")
        .values_list(
            "pasient_id", "kode__kodeverk", "kode__kode", "debut", "created_at", "avsluttet_at"
        )
    )
    found: dict[uuid.UUID, list[Diagnose]] = defaultdict(list)
    for pasient_id, kodeverk, kode, debut, created_at, avsluttet_at in rows:
        start = debut or _dato(created_at) or til
        if start > til:
            continue
        slutt = _dato(avsluttet_at)
        slutt = til if slutt is None or slutt > til else slutt
        found[pasient_id].append(Diagnose(kodeverk, kode[:10], start, max(slutt, start)))
    return found


def _dogntilbud(
    kommune_id: uuid.UUID, fra: dt.date, til: dt.date, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Dogntilbud]]:
    rows = (
        _opphold(kommune_id, fra, til)
        .filter(pasient_id__in=ids)
        .order_by("pasient_id", "fra", "id")
        .values_list(
            "pasient_id",
            "fra",
            "til",
            "enhet__organisasjonsnummer",
            "enhet__virksomhet__organisasjonsnummer",
        )
    )
    found: dict[uuid.UUID, list[Dogntilbud]] = defaultdict(list)
    for pasient_id, start, slutt, enhet_orgnr, virksomhet_orgnr in rows:
        slutt = til if slutt is None or slutt > til else slutt
        found[pasient_id].append(Dogntilbud(enhet_orgnr or virksomhet_orgnr, start, slutt))
    return found


def _personoppl(
    fra: dt.date, til: dt.date, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Personoppl]:
    """Individual plan and coordinator (the care plan in force at the period's end) and the
    latest medication review. Household and nutrition are not recorded in the journal yet."""
    koder = kodeverdier()
    planer: dict[uuid.UUID, Tiltaksplan] = {}
    for rad in (
        Tiltaksplan.objects.filter(pasient_id__in=ids, gyldig_fra__lte=til)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=fra))
        .order_by("pasient_id", "gyldig_fra", "created_at")
    ):
        planer[rad.pasient_id] = rad  # the latest wins
    gjennomgang: dict[uuid.UUID, dt.date] = dict(
        Legemiddelgjennomgang.objects.filter(pasient_id__in=ids, dato__lte=til)
        .order_by("pasient_id", "dato")
        .values_list("pasient_id", "dato")
    )
    grense = til - dt.timedelta(days=int(koder["legemiddelgjennomgang_maaneder"]) * 365 // 12)
    found: dict[uuid.UUID, Personoppl] = {}
    for pasient_id in ids:
        plan = planer.get(pasient_id)
        lmg = gjennomgang.get(pasient_id)
        if plan is None and lmg is None:
            continue
        nylig = lmg is not None and lmg >= grense
        found[pasient_id] = Personoppl(
            fra=fra,
            til=til,
            individuell_plan=(
                None
                if plan is None
                else koder["poIndPlan"]["ja" if plan.individuell_plan else "nei"]
            ),
            koordinator=(
                None
                if plan is None
                else koder["poHarKoordinator"]["ja" if plan.koordinator_id else "nei"]
            ),
            legemiddelgjennomgang=koder["poLegeMiddGj"]["ja" if nylig else "nei"],
            legemiddelgjennomgang_dato=lmg if nylig else None,
        )
    return found


def _alder(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def personer_bygg(
    *, kommune_id: uuid.UUID, fra: dt.date, til: dt.date, pasient_ids: Sequence[uuid.UUID]
) -> list[Person]:
    """The persons (in the order given) with everything the report says about them."""
    ids = list(pasient_ids)
    pasienter = {
        row[0]: row
        for row in Pasient.objects.filter(pk__in=ids).values_list(
            "pk",
            "identifikator",
            "identifikator_type",
            "fodselsdato",
            "kjonn",
            "kommune__nummer",
            "dodsdato",
        )
    }
    person_nr = numre("pasient", ids)
    tjenester = _tjenester(kommune_id, fra, til, ids)
    funksjoner = _funksjoner(fra, til, ids)
    diagnoser = _diagnoser(fra, til, ids)
    dogn = _dogntilbud(kommune_id, fra, til, ids)
    oppl = _personoppl(fra, til, ids)
    result: list[Person] = []
    for pasient_id in ids:
        _pk, identifikator, identifikator_type, fodselsdato, kjonn, komnr, dodsdato = pasienter[
            pasient_id
        ]
        tj = tjenester.get(pasient_id, [])
        dg = dogn.get(pasient_id, [])
        fn = funksjoner.get(pasient_id, [])
        di = diagnoser.get(pasient_id, [])
        po = oppl.get(pasient_id)
        start = min([t.fra or t.vedtaksdato for t in tj] + [d.fra for d in dg] or [fra])
        datoer = [t.vedtaksdato for t in tj] + [t.fra for t in tj if t.fra]
        datoer += [t.til for t in tj if t.til] + [f.fra for f in fn] + [d.fra for d in di]
        datoer += [d.fra for d in dg] + [d.til for d in dg]
        datoer += [t.klage_mottatt for t in tj if t.klage_mottatt]
        if po and po.legemiddelgjennomgang_dato:
            datoer.append(po.legemiddelgjennomgang_dato)
        endret = min(max([d for d in datoer if d <= til] or [start]), til)
        dod = dodsdato if dodsdato is not None and dodsdato <= til else None
        result.append(
            Person(
                pasient_id=str(pasient_id),
                nummer=person_nr[pasient_id],
                identifikator=identifikator,
                identifikator_type=identifikator_type,
                alder=_alder(fodselsdato, dod or til),
                kjonn=kjonn,
                komnr=komnr or "",
                fra=min(start, til),
                endret=endret,
                dod=dod,
                personoppl=po,
                funksjoner=tuple(fn),
                tjenester=tuple(tj),
                diagnoser=tuple(di),
                dogntilbud=tuple(dg),
            )
        )
    return result
