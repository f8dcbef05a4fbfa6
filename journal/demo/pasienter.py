"""Demo patients, the same people on any date, and the fast generator for benchmarks.

All identities are synthetic: fødselsnummer in Skatteetaten's Tenor range (month + 80).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid

from django.db import connection, transaction

from core.audit import AuditEvent, audit_log
from core.identifikatorer import control_digits
from core.klokke import naa
from core.models import (
    Ansatt,
    Enhet,
    Helsepersonellkategori,
    Kommune,
)
from journal.demo.navn import (
    ETTERNAVN,
    GATER,
    KVINNENAVN,
    MANNSNAVN,
    POSTSTEDER,
    RELASJONER,
    SPRAK,
)
from journal.demo.organisasjon import KOMMUNER
from journal.lib.soek import name_normalize
from journal.models import (
    Behandlingsrelasjon,
    Kjoenn,
    Maalform,
    Pasient,
    RelasjonGrunnlag,
)
from journal.services import (
    PaaroerendeData,
    PasientData,
    pasient_create,
)
from journal.services.tilgang import relasjoner_insert_many

DEMO_REFERANSEDATO = dt.date(2026, 11, 22)


def synthetic_fnr(rng: random.Random, born: dt.date, used: set[str] | None = None) -> str | None:
    """A checksum-valid Tenor (month + 80) fødselsnummer for the given birth date that is not
    in `used` (and is added to it), or None when every number of that date is taken.

    Unique by construction: from a random start the individual numbers of the date's range
    are walked in order, so a taken or checksum-invalid number moves on to the next one
    instead of silently producing a duplicate.
    """
    low, high = (0, 499) if born.year < 2000 else (500, 999)
    size = high - low + 1
    start = rng.randint(low, high)
    prefix = f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}"
    for step in range(size):
        individ = low + (start - low + step) % size
        first_nine = f"{prefix}{individ:03d}"
        digits = control_digits(first_nine)
        if digits is None:
            continue
        fnr = first_nine + digits
        if used is not None:
            if fnr in used:
                continue
            used.add(fnr)
        return fnr
    return None


def _birth_date(rng: random.Random) -> dt.date:
    # Mostly elderly (home care, nursing homes), some adults, some children (health station).
    roll = rng.random()
    if roll < 0.6:
        age = rng.randint(67, 101)
    elif roll < 0.85:
        age = rng.randint(18, 66)
    else:
        age = rng.randint(0, 17)
    born = DEMO_REFERANSEDATO - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    return max(born, dt.date(1920, 1, 1))


def _phone(rng: random.Random) -> str:
    return f"{rng.choice('49')}{rng.randint(0, 9999999):07d}"


def _patient_data(
    rng: random.Random, kommunenummer: str, leger: list[str], used: set[str]
) -> PasientData:
    """One synthetic person whose fødselsnummer is not in `used` (and is added to it)."""
    while True:
        born = _birth_date(rng)
        identifikator = synthetic_fnr(rng, born, used)
        if identifikator is not None:
            break
    female = rng.random() < 0.55
    first = rng.choice(KVINNENAVN if female else MANNSNAVN)
    middle = rng.choice(ETTERNAVN) if rng.random() < 0.15 else ""
    postnummer, poststed = rng.choice(POSTSTEDER[kommunenummer])
    kin = []
    if rng.random() < 0.6:
        kin.append(
            PaaroerendeData(
                navn=f"{rng.choice(KVINNENAVN + MANNSNAVN)} {rng.choice(ETTERNAVN)}",
                relasjon=rng.choice(RELASJONER),
                telefon=_phone(rng),
                er_naermeste=True,
                er_verge=rng.random() < 0.1,
            )
        )
    foreign = rng.random() < 0.05
    died = born.year < 1940 and rng.random() < 0.1
    return PasientData(
        identifikator=identifikator,
        fornavn=first,
        mellomnavn=middle,
        etternavn=rng.choice(ETTERNAVN),
        fodselsdato=born,
        kjonn=Kjoenn.KVINNE if female else Kjoenn.MANN,
        adresse=f"{rng.choice(GATER[kommunenummer])} {rng.randint(1, 120)}",
        postnummer=postnummer,
        poststed=poststed,
        kommunenummer=kommunenummer,
        telefon=_phone(rng) if rng.random() < 0.9 else "",
        foretrukket_sprak=rng.choice(SPRAK) if foreign else "",
        tolkebehov=foreign and rng.random() < 0.7,
        malform=Maalform.NYNORSK if rng.random() < 0.08 else Maalform.BOKMAL,
        fastlege_hpr=rng.choice(leger) if leger and rng.random() < 0.9 else "",
        dodsdato=DEMO_REFERANSEDATO - dt.timedelta(days=rng.randint(1, 300)) if died else None,
        paarorende=kin,
    )


def _unit_by_name(units: dict[tuple[str, int], Enhet], template: str, kommune: int) -> Enhet:
    return units[(template, kommune)]


def _wanted_relations(
    pasient: Pasient, units: dict[tuple[str, int], Enhet]
) -> list[tuple[uuid.UUID, RelasjonGrunnlag]]:
    """Care relationships that make the demo believable (deterministic per patient):
    (unit, basis) pairs.

    Elderly patients get home care in one of the two districts or a nursing-home stay,
    children the health station, listed patients their GP office, some an open case.
    """
    pick = random.Random(pasient.identifikator)  # noqa: S311 - deterministic demo choice
    kommune = 0 if pasient.kommune is None or pasient.kommune.nummer == KOMMUNER[0][0] else 1
    age = pasient.alder()
    wanted: list[tuple[str, RelasjonGrunnlag]] = []
    if age < 18:
        wanted.append(("Helsestasjonen i {k}", RelasjonGrunnlag.HELSESTASJON))
    elif age >= 67 and pasient.dodsdato is None:
        roll = pick.random()
        if roll < 0.45:
            wanted.append(("Hjemmetjenesten {k} sone nord", RelasjonGrunnlag.VEDTAK))
        elif roll < 0.85:
            wanted.append(("Hjemmetjenesten {k} sone sør", RelasjonGrunnlag.VEDTAK))
        else:
            wanted.append(("{k} sykehjem, avdeling 1 (langtid)", RelasjonGrunnlag.OPPHOLD))
    if pasient.fastlege_id is not None:
        wanted.append(("{k} legesenter", RelasjonGrunnlag.FASTLEGELISTE))
    if pick.random() < 0.1:
        wanted.append(("Tildelingskontoret {k}", RelasjonGrunnlag.SAK))
    return [(_unit_by_name(units, template, kommune).pk, grunnlag) for template, grunnlag in wanted]


def build_patients(rng: random.Random, count: int, units: dict[tuple[str, int], Enhet]) -> int:
    """Create `count` demo patients through the ordinary (audited) service; idempotent."""
    leger = list(
        Ansatt.objects.filter(helsepersonellkategori=Helsepersonellkategori.LE)
        .exclude(hpr_nummer=None)
        .values_list("hpr_nummer", flat=True)
        .order_by("hpr_nummer")
    )
    created = 0
    used: set[str] = set()
    people = [
        _patient_data(
            rng, KOMMUNER[0][0] if number % 3 else KOMMUNER[1][0], [h for h in leger if h], used
        )
        for number in range(count)
    ]
    # One lookup of who is there and who has relationships, not one per patient; the
    # relationships are then opened per unit in one INSERT each (relasjoner_insert_many).
    existing = {
        p.identifikator: p
        for p in Pasient.objects.filter(
            identifikator__in=[d.identifikator for d in people]
        ).select_related("kommune")
    }
    with_relations = set(
        Behandlingsrelasjon.objects.filter(
            pasient_id__in=[p.pk for p in existing.values()]
        ).values_list("pasient_id", flat=True)
    )
    per_unit: dict[tuple[uuid.UUID, RelasjonGrunnlag], list[uuid.UUID]] = {}
    for data in people:
        pasient = existing.get(data.identifikator)
        if pasient is None:
            pasient = pasient_create(actor=None, data=data)
            created += 1
        elif pasient.pk in with_relations:
            continue
        for key in _wanted_relations(pasient, units):
            per_unit.setdefault(key, []).append(pasient.pk)
    with transaction.atomic():
        for (enhet_id, grunnlag), pasient_ids in per_unit.items():
            relasjoner_insert_many(
                actor=None, pasient_ids=pasient_ids, enhet_id=enhet_id, grunnlag=grunnlag
            )
    return created


# Critical information and diagnoses for the first patients listed at the GP office:
# (type, tittel, reaksjon, alvorlighet, sikkerhet, besluttet_av) and (kodeverk, kode).
_BULK_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "identifikator",
    "identifikator_type",
    "identifikator_utsteder",
    "fornavn",
    "mellomnavn",
    "etternavn",
    "sok_fornavn",
    "sok_mellomnavn",
    "sok_etternavn",
    "fodselsdato",
    "kjonn",
    "adresse",
    "postnummer",
    "poststed",
    "kommune_id",
    "telefon",
    "foretrukket_sprak",
    "tolkebehov",
    "malform",
    "fastlege_id",
    "dodsdato",
]


def bulk_generate(*, count: int, seed: int | None = None, batch: int = 50_000) -> tuple[int, float]:
    """Insert `count` new synthetic patients with COPY; returns (inserted, seconds).

    For benchmarks: it bypasses the per-patient service, so it writes one audit row per
    batch (event PASIENT_CREATED, with the count) instead of one per patient. The default
    seed follows the number of patients already there, so a second run adds new people.
    """
    rng = random.Random(Pasient.objects.count() if seed is None else seed)  # noqa: S311
    # Every number already in the register is taken, so each new person is new by construction.
    used = set(Pasient.objects.values_list("identifikator", flat=True).iterator(chunk_size=50_000))
    empty_batches = 0
    kommuner = {k.nummer: k.pk for k in Kommune.objects.all()}
    if not kommuner:
        raise RuntimeError("Kjør demo_journal uten --patients først (kommuner mangler).")
    started = time.monotonic()
    inserted = 0
    columns = ", ".join(_BULK_COLUMNS)
    while inserted < count:
        size = min(batch, count - inserted)
        now = naa()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE pasient_import (LIKE journal_pasient INCLUDING DEFAULTS) "
                "ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY pasient_import ({columns}) FROM STDIN") as copy:
                for _ in range(size):
                    nummer = (
                        rng.choice(list(kommuner)) if len(kommuner) > 1 else next(iter(kommuner))
                    )
                    nummer = nummer if nummer in GATER else "3401"
                    d = _patient_data(rng, nummer, [], used)
                    copy.write_row(
                        (
                            uuid.UUID(int=rng.getrandbits(128), version=4),
                            now,
                            now,
                            d.identifikator,
                            "FNR",
                            "",
                            d.fornavn,
                            d.mellomnavn,
                            d.etternavn,
                            name_normalize(d.fornavn),
                            name_normalize(d.mellomnavn),
                            name_normalize(d.etternavn),
                            d.fodselsdato,
                            d.kjonn,
                            d.adresse,
                            d.postnummer,
                            d.poststed,
                            kommuner.get(nummer),
                            d.telefon,
                            d.foretrukket_sprak,
                            d.tolkebehov,
                            d.malform,
                            None,
                            d.dodsdato,
                        )
                    )
            cursor.execute(
                f"INSERT INTO journal_pasient ({columns}) SELECT {columns} FROM pasient_import "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            added = cursor.rowcount
            audit_log(
                actor=None,
                event=AuditEvent.PASIENT_CREATED,
                extra={"masseimport": True, "antall": added},
            )
        inserted += added
        empty_batches = empty_batches + 1 if added == 0 else 0
        if empty_batches >= 3:  # the identity space is exhausted; stop instead of looping
            break
    return inserted, time.monotonic() - started
