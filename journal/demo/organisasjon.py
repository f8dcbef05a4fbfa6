"""Demo organisation: kommuner, units and staff, the demo logins (password "demo")."""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.contrib.auth.hashers import make_password

from core.identifikatorer import orgnr_complete
from core.models import (
    Ansatt,
    Enhet,
    EnhetType,
    Helsepersonellkategori,
    Kommune,
    Rolle,
    Tilknytning,
    Virksomhet,
)
from journal.demo.navn import (
    ETTERNAVN,
    KVINNENAVN,
    MANNSNAVN,
)

DEMO_PASSWORD = "demo"  # noqa: S105 - only set when demo data is explicitly allowed

KOMMUNER = [("3401", "Kongsvinger"), ("3415", "Sør-Odal")]

# (name, type, parent name or None); "{k}" is the kommune name.
ENHETER = [
    ("Tildelingskontoret {k}", EnhetType.TILDELINGSKONTOR, None),
    ("Hjemmetjenesten {k}", EnhetType.HJEMMETJENESTE, None),
    ("Hjemmetjenesten {k} sone nord", EnhetType.HJEMMETJENESTE_SONE, "Hjemmetjenesten {k}"),
    ("Hjemmetjenesten {k} sone sør", EnhetType.HJEMMETJENESTE_SONE, "Hjemmetjenesten {k}"),
    ("{k} sykehjem", EnhetType.SYKEHJEM, None),
    ("{k} sykehjem, avdeling 1 (langtid)", EnhetType.SYKEHJEMSAVDELING, "{k} sykehjem"),
    ("{k} sykehjem, avdeling 2 (korttid)", EnhetType.SYKEHJEMSAVDELING, "{k} sykehjem"),
    ("{k} legesenter", EnhetType.LEGEKONTOR, None),
    ("Helsestasjonen i {k}", EnhetType.HELSESTASJON, None),
]

# username, first, last, kategori, [(unit name, kommune index, role)]
DEMO_LOGINS = [
    (
        "sykepleier",
        "Silje",
        "Sykepleier",
        Helsepersonellkategori.SP,
        [("Hjemmetjenesten {k} sone nord", 0, "sykepleier")],
    ),
    (
        "lege",
        "Lars",
        "Lege",
        Helsepersonellkategori.LE,
        [("{k} legesenter", 0, "lege"), ("{k} sykehjem, avdeling 1 (langtid)", 0, "lege")],
    ),
    (
        "saksbehandler",
        "Sara",
        "Saksbehandler",
        "",
        [("Tildelingskontoret {k}", 0, "saksbehandler")],
    ),
    (
        "leder",
        "Liv",
        "Leder",
        Helsepersonellkategori.SP,
        [("Hjemmetjenesten {k}", 0, "leder"), ("Hjemmetjenesten {k} sone nord", 0, "leder")],
    ),
    (
        "helsesykepleier",
        "Hanne",
        "Helsesykepleier",
        Helsepersonellkategori.SP,
        [("Helsestasjonen i {k}", 0, "helsesykepleier")],
    ),
    ("admin", "Ada", "Administrator", "", [("Tildelingskontoret {k}", 0, "admin")]),
    # the second case officer: approves what `saksbehandler` decides (two-person decisions)
    (
        "saksbehandler2",
        "Stian",
        "Saksbehandler",
        "",
        [("Tildelingskontoret {k}", 0, "saksbehandler")],
    ),
    # legekontor: the receptionist books for every GP of the office
    ("helsesekretaer", "Hege", "Helsesekretær", "", [("{k} legesenter", 0, "helsesekretaer")]),
]

ROLE_FOR_UNIT: dict[str, list[tuple[str, str]]] = {
    EnhetType.HJEMMETJENESTE_SONE: [
        ("sykepleier", Helsepersonellkategori.SP),
        ("helsefagarbeider", Helsepersonellkategori.HE),
    ],
    EnhetType.SYKEHJEMSAVDELING: [
        ("sykepleier", Helsepersonellkategori.SP),
        ("helsefagarbeider", Helsepersonellkategori.HE),
        ("lege", Helsepersonellkategori.LE),
    ],
    EnhetType.LEGEKONTOR: [("lege", Helsepersonellkategori.LE)],
    EnhetType.HELSESTASJON: [("helsesykepleier", Helsepersonellkategori.SP)],
    EnhetType.TILDELINGSKONTOR: [("saksbehandler", "")],
}


def _orgnr(rng: random.Random) -> str:
    while True:
        candidate = orgnr_complete(f"9{rng.randint(0, 9999999):07d}")
        if candidate is not None:
            return candidate


def build_organisation(rng: random.Random) -> dict[tuple[str, int], Enhet]:
    units: dict[tuple[str, int], Enhet] = {}
    for index, (nummer, navn) in enumerate(KOMMUNER):
        kommune, _ = Kommune.objects.get_or_create(nummer=nummer, defaults={"navn": navn})
        virksomhet = Virksomhet.objects.filter(kommune=kommune).first()
        if virksomhet is None:
            virksomhet = Virksomhet(
                kommune=kommune,
                navn=f"{navn} kommune, helse og omsorg",
                organisasjonsnummer=_orgnr(rng),
                her_id=80000 + index * 1000,
            )
            virksomhet.full_clean()
            virksomhet.save()
        for offset, (template, type_, parent) in enumerate(ENHETER):
            parent_unit = units[(parent, index)] if parent else None
            enhet, _ = Enhet.objects.get_or_create(
                virksomhet=virksomhet,
                navn=template.format(k=navn),
                defaults={
                    "type": type_,
                    "forelder": parent_unit,
                    "her_id": 80000 + index * 1000 + offset + 1,
                },
            )
            units[(template, index)] = enhet
    return units


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; all demo users share one hash of the same password.
    return make_password(DEMO_PASSWORD)


def _ansatt_upsert(username: str, first: str, last: str, kategori: str, hpr: str | None) -> Ansatt:
    ansatt = Ansatt.objects.filter(username=username).first()
    if ansatt is None:
        ansatt = Ansatt(
            username=username,
            first_name=first,
            last_name=last,
            helsepersonellkategori=kategori,
            hpr_nummer=hpr,
            password=_demo_password_hash(),
        )
        ansatt.full_clean()
        ansatt.save()
    return ansatt


def _assign(ansatt: Ansatt, enhet: Enhet, rolle: Rolle) -> None:
    Tilknytning.objects.get_or_create(
        ansatt=ansatt,
        enhet=enhet,
        rolle=rolle,
        defaults={"gyldig_fra": dt.date(2024, 1, 1)},
    )


def build_staff(rng: random.Random, units: dict[tuple[str, int], Enhet], extra: int = 34) -> int:
    roles = {r.kode: r for r in Rolle.objects.all()}
    for number, (username, first, last, kategori, places) in enumerate(DEMO_LOGINS):
        hpr = f"{9100001 + number}" if kategori else None
        ansatt = _ansatt_upsert(username, first, last, kategori, hpr)
        if username == "admin" and not ansatt.is_superuser:
            ansatt.is_staff = ansatt.is_superuser = True
            ansatt.save(update_fields=["is_staff", "is_superuser"])
        for template, kommune_index, role in places:
            _assign(ansatt, units[(template, kommune_index)], roles[role])
    staffed = [(key, u) for key, u in units.items() if u.type in ROLE_FOR_UNIT]
    for number in range(extra):
        (template, kommune_index), enhet = staffed[number % len(staffed)]
        role, kategori = rng.choice(ROLE_FOR_UNIT[EnhetType(enhet.type)])
        female = rng.random() < 0.8
        first = rng.choice(KVINNENAVN if female else MANNSNAVN)
        last = rng.choice(ETTERNAVN)
        hpr = f"{9200001 + number}" if kategori else None
        ansatt = _ansatt_upsert(f"ansatt{number + 1:02d}", first, last, kategori, hpr)
        _assign(ansatt, enhet, roles[role])
    return Ansatt.objects.count()
