"""The child's programme status stored on the enrolment (what the weekly worklist reads).

Recomputed from the records by the services that change them (enrolment, transfer, a
consultation registered, a dose given/refused/corrected, the SYSVAK import), in their
transaction, and in bulk after a programme edit (`innskrivninger_status_recompute`, also
`manage.py helsestasjon_status`). The stored dates say on which days each open item is on
the worklist (lib.program.worklist_windows), so the clock moving needs no write. Derived
data: not audited (the writes that cause a recompute are)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from core.klokke import idag
from tjenester.helsestasjon.lib.program import (
    UTFOERT,
    Dose,
    Punkt,
    status_of,
    worklist_windows,
)
from tjenester.helsestasjon.models import (
    Innskrivning,
    Konsultasjon,
    Vaksinasjon,
    VaksinasjonStatus,
)
from tjenester.helsestasjon.selectors.program import (
    dose_specs,
    programpunkter_gjeldende,
    punkt_spec,
    vaksinedoser_gjeldende,
)

STATUS_FIELDS = [
    "neste_konsultasjon",
    "neste_konsultasjon_forfall",
    "neste_vaksinedose",
    "neste_vaksinedose_forfall",
    "aktuell_fra",
    "forfall",
    "status_beregnet",
]
CHUNK = 2000


def status_apply(innskrivning: Innskrivning, status_fields: dict[str, object]) -> None:
    for name, value in status_fields.items():
        setattr(innskrivning, name, value)


def status_fields(
    foedt: dt.date,
    punkter: list[Punkt],
    doser: list[Dose],
    registrert: dict[str, str],
    gitt: dict[tuple[str, int], dt.date],
    reservert: set[str],
    day: dt.date,
) -> dict[str, object]:
    """The stored fields of one child's status as of `day` (pure)."""
    status = status_of(worklist_windows(foedt, punkter, registrert, doser, gitt, reservert), day)
    k, v = status.neste_konsultasjon, status.neste_vaksinedose
    return {
        "neste_konsultasjon": k.kode if k else "",
        "neste_konsultasjon_forfall": k.forfall if k else None,
        "neste_vaksinedose": v.kode if v else "",
        "neste_vaksinedose_forfall": v.forfall if v else None,
        "aktuell_fra": status.aktuell_fra,
        "forfall": [w.to_json() for w in status.vinduer],
        "status_beregnet": day,
    }


def _recompute_chunk(innskrivninger: list[Innskrivning], day: dt.date) -> None:
    punkter = [punkt_spec(p) for p in programpunkter_gjeldende(day)]
    doser = vaksinedoser_gjeldende(day)
    by_sex: dict[str, list[Dose]] = {}
    pasienter = [i.pasient_id for i in innskrivninger]
    registrert: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)
    for pid, kode in Konsultasjon.objects.filter(
        pasient_id__in=pasienter, status=UTFOERT
    ).values_list("pasient_id", "programpunkt__kode"):
        registrert[pid][kode] = UTFOERT
    gitt: dict[uuid.UUID, dict[tuple[str, int], dt.date]] = defaultdict(dict)
    reservert: dict[uuid.UUID, set[str]] = defaultdict(set)
    for pid, status, vaksine, nr, tid, kode in Vaksinasjon.objects.filter(
        pasient_id__in=pasienter,
        status__in=[VaksinasjonStatus.GITT, VaksinasjonStatus.RESERVERT],
    ).values_list("pasient_id", "status", "vaksine", "dose_nr", "tidspunkt", "vaksinedose__kode"):
        if status == VaksinasjonStatus.GITT:
            gitt[pid][(vaksine, nr)] = timezone.localtime(tid).date()
        elif kode:
            reservert[pid].add(kode)
    for inn in innskrivninger:
        kjonn = inn.pasient.kjonn
        if kjonn not in by_sex:
            by_sex[kjonn] = [s for _, s in dose_specs(doser, kjonn)]
        status_apply(
            inn,
            status_fields(
                inn.pasient.fodselsdato,
                punkter,
                by_sex[kjonn],
                registrert.get(inn.pasient_id, {}),
                gitt.get(inn.pasient_id, {}),
                reservert.get(inn.pasient_id, set()),
                day,
            ),
        )
    _store(innskrivninger)


def _store(innskrivninger: list[Innskrivning]) -> None:
    """One UPDATE for the chunk (bulk_update's CASE per row and field took seconds for
    2,000 enrolments; this takes milliseconds)."""
    if not innskrivninger:
        return
    tabell = connection.ops.quote_name(Innskrivning._meta.db_table)
    kolonner = STATUS_FIELDS  # plain fields: the column is the field's name
    typer = ["text", "date", "text", "date", "date", "jsonb", "date"]
    verdier: list[list[Any]] = [[str(i.pk) for i in innskrivninger]]
    for name, type_ in zip(STATUS_FIELDS, typer, strict=True):
        values = [getattr(i, name) for i in innskrivninger]
        verdier.append([json.dumps(v) for v in values] if type_ == "jsonb" else values)
    kilde = ", ".join(["%s::uuid[]"] + [f"%s::{'text' if t == 'jsonb' else t}[]" for t in typer])
    navn = ", ".join(["id"] + [f"v{n}" for n in range(len(typer))])
    sett = ", ".join(
        f"{connection.ops.quote_name(k)} = v.v{n}{'::jsonb' if t == 'jsonb' else ''}"
        for n, (k, t) in enumerate(zip(kolonner, typer, strict=True))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tabell} AS i SET {sett} FROM unnest({kilde}) AS v({navn}) "  # noqa: S608
            "WHERE i.id = v.id",
            verdier,
        )


def innskrivninger_status_recompute(
    qs: QuerySet[Innskrivning] | None = None, *, day: dt.date | None = None
) -> int:
    """Recompute the stored status of the active enrolments of `qs` (default: all), in
    chunks; returns how many. For a programme edit, and the bulk writers (demo, import)."""
    dag = day or idag()
    base = Innskrivning.objects.all() if qs is None else qs
    ids = list(base.filter(til_dato__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        _recompute_chunk(
            _chunk_query(Innskrivning.objects.filter(pk__in=ids[start : start + CHUNK])), dag
        )
    return len(ids)


def _chunk_query(qs: QuerySet[Innskrivning]) -> list[Innskrivning]:
    return list(
        qs.filter(til_dato__isnull=True)
        .select_related("pasient")
        .only("pk", "pasient__fodselsdato", "pasient__kjonn", *STATUS_FIELDS)
    )


def innskrivning_status_refresh(pasient_ids: Iterable[uuid.UUID]) -> None:
    """After a write about these children: their active enrolment's status, now."""
    chunk = _chunk_query(Innskrivning.objects.filter(pasient_id__in=list(pasient_ids)))
    if chunk:
        _recompute_chunk(chunk, idag())
