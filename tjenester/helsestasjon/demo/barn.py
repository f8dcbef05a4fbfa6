"""Demo data for the health station (idempotent, built through the services).

For each health station: the children the journal demo gave a health-station relationship
are enrolled, and newborns and small children are added (registered by the station) so the
programme has something to show at every age. Each child gets parents and a believable
history: the consultations and vaccines of the past mostly done, a few left overdue, and
one refusal (MMR, decided by the mother). The demo `helsesykepleier` is responsible for
the children of the first kommune's station, so her worklist is full."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import klokke
from core.acting import acting_as
from core.audit import AuditEvent, audit_log_many
from core.models import Action, Ansatt, Enhet, EnhetType, Tilknytning
from core.outbox import outbox_publish_many
from journal.demo.navn import ETTERNAVN, KVINNENAVN, MANNSNAVN
from journal.demo.pasienter import synthetic_fnr
from journal.models import Behandlingsrelasjon, Kjoenn, Pasient, RelasjonGrunnlag
from journal.services import PasientData, pasient_create
from tjenester.helsestasjon import services
from tjenester.helsestasjon.lib.program import due_date
from tjenester.helsestasjon.models import (
    Foreldreansvar,
    Foresatt,
    Innskrivning,
    Konsultasjon,
    KonsultasjonStatus,
    Programpunkt,
    Vaksinasjon,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load
from tjenester.helsestasjon.selectors import programpunkter_gjeldende, vaksinedoser_gjeldende
from tjenester.helsestasjon.services.vaksinasjon import SYSVAK_HENDELSE

NYE_BARN_PER_STASJON = 12
# ages in days of the new children: newborns, the busy first year, toddlers, pre-school
ALDERSDAGER = [5, 21, 49, 105, 165, 240, 365, 480, 730, 1100, 1500, 1900]
# Of the journal demo's children (all ages) only some pre-school ones and one at school are
# enrolled, so the demo stays quick (every record goes through the services).
FOERSKOLEALDER_AAR = 6
SKOLEBARN_PER_STASJON = 1
FOERSKOLEBARN_PER_STASJON = 12
PREPARAT = {
    "Rotavirus": "Rotarix",
    "DTP-IPV-Hib-HepB": "Hexyon",
    "Pneumokokk": "Prevenar 13",
    "MMR": "M-M-RvaxPro",
    "DTP-IPV": "Boostrix Polio",
    "HPV": "Cervarix",
}


def _nurse(enhet: Enhet) -> Ansatt | None:
    """The station's health nurse: the demo login where there is one, else the first."""
    rows = (
        Tilknytning.objects.filter(enhet=enhet, rolle__kode="helsesykepleier")
        .select_related("ansatt")
        .order_by("ansatt__username")
    )
    chosen = next((t.ansatt for t in rows if t.ansatt.username == "helsesykepleier"), None)
    return chosen or next((t.ansatt for t in rows), None)


def _new_children(enhet: Enhet, nurse: Ansatt, rng: random.Random) -> list[Pasient]:
    today = klokke.idag()
    made: list[Pasient] = []
    used: set[str] = set()
    for dager in ALDERSDAGER[:NYE_BARN_PER_STASJON]:
        born = today - dt.timedelta(days=dager)
        fnr = synthetic_fnr(rng, born, used)
        female = rng.random() < 0.5
        first = rng.choice(KVINNENAVN if female else MANNSNAVN)
        etternavn = rng.choice(ETTERNAVN)
        if fnr is None or Pasient.objects.filter(identifikator=fnr).exists():
            continue
        pasient = pasient_create(
            actor=nurse,
            data=PasientData(
                identifikator=fnr,
                fornavn=first,
                etternavn=etternavn,
                fodselsdato=born,
                kjonn=Kjoenn.KVINNE if female else Kjoenn.MANN,
            ),
        )
        made.append(pasient)
    return made


@dataclass
class _Historikk:
    """What the demo writes for a station, collected so it is stored in a few INSERTs
    (the same rows and audit as the services would write; the services' checks are kept by
    construction: every date is in the past, after birth, and keeps the minimum age and
    interval, so no dose needs a reason)."""

    nurse: Ansatt
    enhet: Enhet
    foresatte: list[Foresatt] = field(default_factory=list)
    konsultasjoner: list[Konsultasjon] = field(default_factory=list)
    vaksinasjoner: list[Vaksinasjon] = field(default_factory=list)

    def save(self) -> None:
        Foresatt.objects.bulk_create(self.foresatte)
        _audit_grouped(self.nurse, AuditEvent.FORESATT_SAVED, [(f, {}) for f in self.foresatte])
        Konsultasjon.objects.bulk_create(self.konsultasjoner)
        _audit_grouped(
            self.nurse,
            AuditEvent.KONSULTASJON_REGISTERED,
            [
                (k, {"programpunkt": k.programpunkt.kode, "status": k.status})
                for k in self.konsultasjoner
            ],
        )
        Vaksinasjon.objects.bulk_create(self.vaksinasjoner)
        gitt = [v for v in self.vaksinasjoner if v.status == VaksinasjonStatus.GITT]
        _audit_grouped(
            self.nurse,
            AuditEvent.VAKSINASJON_GIVEN,
            [(v, {"dose": getattr(v.vaksinedose, "kode", ""), "avvik": False}) for v in gitt],
        )
        _audit_grouped(
            self.nurse,
            AuditEvent.VAKSINASJON_REFUSED,
            [
                (v, {"dose": getattr(v.vaksinedose, "kode", "")})
                for v in self.vaksinasjoner
                if v.status == VaksinasjonStatus.RESERVERT
            ],
        )
        outbox_publish_many(
            hendelse=SYSVAK_HENDELSE,
            events=[
                ({"vaksinasjon_id": str(v.pk), "handling": "gitt"}, v.pasient_id) for v in gitt
            ],
        )


def _audit_grouped(
    actor: Ansatt, event: AuditEvent, rows: list[tuple[Any, dict[str, Any]]]
) -> None:
    """One INSERT per distinct `extra` (audit_log_many writes one extra for all rows)."""
    grupper: dict[str, list[Any]] = defaultdict(list)
    extras: dict[str, dict[str, Any]] = {}
    for target, extra in rows:
        key = json.dumps(extra, sort_keys=True)
        grupper[key].append(target)
        extras[key] = extra
    for key, targets in grupper.items():
        audit_log_many(actor=actor, event=event, targets=targets, extra=extras[key])


def _parents(pasient: Pasient, rng: random.Random, bygg: _Historikk) -> list[Foresatt]:
    if Foresatt.objects.filter(pasient=pasient).exists():
        return []
    made = [
        Foresatt(
            pasient=pasient,
            navn=navn,
            relasjon=relasjon,
            foreldreansvar=Foreldreansvar.FELLES,
            telefon=f"9{rng.randint(1000000, 9999999)}",
        )
        for navn, relasjon in (
            (f"{rng.choice(KVINNENAVN)} {pasient.etternavn}", "Mor"),
            (f"{rng.choice(MANNSNAVN)} {pasient.etternavn}", "Far"),
        )
    ]
    for foresatt in made:
        foresatt.full_clean(exclude=["pasient"])
    bygg.foresatte.extend(made)
    return made


def _history(
    pasient: Pasient,
    rng: random.Random,
    refuse: bool,
    bygg: _Historikk,
    foresatte: list[Foresatt],
    punkter: list[Programpunkt],
    doser: list[Vaksinedose],
) -> bool:
    """Past consultations and doses: most done, some left overdue. True if a dose was
    refused."""
    today = klokke.idag()
    fra = max(pasient.fodselsdato, today - dt.timedelta(days=365 * 20))
    for i, punkt in enumerate(punkter):
        forfall = due_date(pasient.fodselsdato, punkt.alder_enhet, punkt.alder_verdi)
        neste = (
            due_date(pasient.fodselsdato, punkter[i + 1].alder_enhet, punkter[i + 1].alder_verdi)
            if i + 1 < len(punkter)
            else None
        )
        if forfall > today - dt.timedelta(days=10) or forfall < fra:
            continue
        latest = neste is None or neste > today
        if latest and rng.random() < 0.35:
            continue  # the latest one is left overdue
        dato = min(forfall + dt.timedelta(days=rng.randint(0, 5)), today)
        bygg.konsultasjoner.append(
            Konsultasjon(
                pasient=pasient,
                enhet=bygg.enhet,
                programpunkt=punkt,
                dato=dato,
                status=KonsultasjonStatus.UTFOERT,
                notat=(
                    services.notat_mal(punkt)
                    + "\n\nVurdering: normal utvikling, ingen bekymringer."
                ).strip(),
                utfoert_av=bygg.nurse,
            )
        )
    gitt: dict[str, dt.date] = {}
    hoppet: set[str] = set()
    refused = False
    for dose in doser:
        if dose.kjoenn and dose.kjoenn != pasient.kjonn:
            continue
        forfall = due_date(pasient.fodselsdato, dose.alder_enhet, dose.alder_verdi)
        forrige = gitt.get(dose.vaksine)
        if forrige is not None and dose.minsteintervall_dager:
            forfall = max(forfall, forrige + dt.timedelta(days=dose.minsteintervall_dager))
        if forfall > today - dt.timedelta(days=7):
            continue
        if dose.maksalder_dager is not None and (forfall - pasient.fodselsdato).days > (
            dose.maksalder_dager
        ):
            continue
        if refuse and dose.vaksine == "MMR":
            mor = next((f for f in foresatte if f.relasjon == "Mor"), None)
            if mor is not None:
                bygg.vaksinasjoner.append(
                    Vaksinasjon(
                        pasient=pasient,
                        enhet=bygg.enhet,
                        vaksinedose=dose,
                        vaksine=dose.vaksine,
                        dose_nr=dose.dose_nr,
                        status=VaksinasjonStatus.RESERVERT,
                        tidspunkt=klokke.naa(),
                        reservasjon_foresatt=f"{mor.navn} ({mor.relasjon})"[:200],
                        reservasjon_begrunnelse="Foreldrene ønsker ikke MMR-vaksine nå.",
                        registrert_av=bygg.nurse,
                    )
                )
                refused = True
            continue
        if dose.vaksine in hoppet or (
            forfall > today - dt.timedelta(days=60) and rng.random() < 0.3
        ):
            hoppet.add(dose.vaksine)
            continue  # overdue (and the later doses of the same vaccine wait for it)
        tid = timezone.make_aware(dt.datetime.combine(forfall, dt.time(10, rng.randint(0, 59))))
        bygg.vaksinasjoner.append(
            Vaksinasjon(
                pasient=pasient,
                enhet=bygg.enhet,
                vaksinedose=dose,
                vaksine=dose.vaksine,
                dose_nr=dose.dose_nr,
                status=VaksinasjonStatus.GITT,
                tidspunkt=tid,
                preparat=PREPARAT.get(dose.vaksine, dose.vaksine),
                batch=f"{dose.vaksine[:2].upper()}{rng.randint(10000, 99999)}",
                sted="munn"
                if dose.vaksine == "Rotavirus"
                else rng.choice(["laar_v", "laar_h"])
                if (forfall - pasient.fodselsdato).days < 730
                else "overarm_v",
                registrert_av=bygg.nurse,
            )
        )
        gitt[dose.vaksine] = forfall
    return refused


def _station(enhet: Enhet, rng: random.Random, refusal_left: list[bool]) -> int:
    nurse = _nurse(enhet)
    if nurse is None:
        return 0
    if Innskrivning.objects.filter(enhet=enhet).exists():
        return 0  # built before: the station is built whole or not at all (idempotent)
    made = 0
    today = klokke.idag()  # once: the adjustable clock is a cache read
    with acting_as(nurse, enhet), transaction.atomic():
        if not nurse.tilknytninger.filter(
            enhet=enhet, rolle__rettigheter__action=Action.MANAGE_RELATIONS
        ).exists():
            return 0
        # their own generator: the names must not depend on how much of the shared one the
        # history (which follows today's date) used before them
        new = _new_children(enhet, nurse, random.Random(f"nye barn {enhet.navn}"))  # noqa: S311
        bygg = _Historikk(nurse=nurse, enhet=enhet)
        punkter = list(programpunkter_gjeldende(today))
        doser = list(vaksinedoser_gjeldende(today))
        existing = list(
            Pasient.objects.filter(
                pk__in=Behandlingsrelasjon.objects.active()
                .filter(enhet=enhet, grunnlag=RelasjonGrunnlag.HELSESTASJON)
                .values("pasient_id"),
                dodsdato__isnull=True,
            ).order_by("identifikator")
        )
        small = [p for p in existing if p.alder(today) < FOERSKOLEALDER_AAR]
        school = [p for p in existing if FOERSKOLEALDER_AAR <= p.alder(today) < 16]
        children = {
            p.pk: p
            for p in [
                *small[:FOERSKOLEBARN_PER_STASJON],
                *school[:SKOLEBARN_PER_STASJON],
                *new,
            ]
        }
        for pasient in sorted(children.values(), key=lambda p: p.identifikator):
            if Innskrivning.objects.filter(pasient=pasient).exists():
                continue
            if pasient.alder(today) >= 20 or pasient.dodsdato is not None:
                continue
            services.innskrivning_create(
                actor=nurse,
                pasient_id=pasient.pk,
                grunn="fodsel" if pasient.alder(today) < 1 else "innflytting",
                fra_dato=pasient.fodselsdato,
            )
            foresatte = _parents(pasient, rng, bygg)
            alder_dager = (today - pasient.fodselsdato).days
            refuse = refusal_left[0] and 500 < alder_dager < 5 * 365  # MMR-1 passed, MMR-2 not
            if _history(pasient, rng, refuse, bygg, foresatte, punkter, doser):
                refusal_left[0] = False
            made += 1
        bygg.save()
        # the history was stored in bulk: the children's status in one pass (hs)
        services.innskrivninger_status_recompute(
            Innskrivning.objects.filter(enhet=enhet), day=today
        )
    return made


def helsestasjon_demo_build(seed: int = 20261205) -> int:
    """Enrol the demo children with their history; returns how many were enrolled now."""
    program_load()
    vaksineprogram_load()
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    refusal_left = [not Vaksinasjon.objects.filter(status="reservert").exists()]
    return sum(
        _station(enhet, rng, refusal_left)
        for enhet in Enhet.objects.filter(type=EnhetType.HELSESTASJON, aktiv=True).order_by("navn")
    )
