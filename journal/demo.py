"""A believable demo municipality, and a fast generator of synthetic patients for benchmarks.

All identities are synthetic: fødselsnummer in Skatteetaten's Tenor range (month + 80).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import random
import time
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from core.audit import AuditEvent, audit_log
from core.context import RequestContext, new_request_id, request_context
from core.identifikatorer import control_digits, orgnr_complete
from core.klokke import idag, naa
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
from core.roller import roller_seed
from journal.demo_navn import (
    ETTERNAVN,
    GATER,
    KVINNENAVN,
    MANNSNAVN,
    POSTSTEDER,
    RELASJONER,
    SPRAK,
)
from journal.lib.sok import name_normalize
from journal.lib.timeplan import Timeplan, tidspunkter_parse
from journal.models import (
    Bevissthet,
    Diagnose,
    Frekvens,
    Journalnotat,
    Kartlegging,
    Kjonn,
    Kode,
    KritiskInformasjon,
    Malform,
    Maling,
    Notattype,
    Pasient,
    RelasjonGrunnlag,
    Tiltaksplan,
)
from journal.seeds import kodeverk_startsett_load, tilgangsgrunner_seed
from journal.services import (
    KartleggingData,
    MalingData,
    PaarorendeData,
    PasientData,
    diagnose_create,
    journalnotat_correct_start,
    journalnotat_create,
    journalnotat_sign,
    kartlegging_create,
    kritisk_create,
    maling_create,
    pasient_create,
)
from journal.services.tilgang import relasjon_insert
from journal.services.tiltaksplan import behov_add, maal_add, tiltak_add, tiltaksplan_create

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


@dataclass
class DemoResult:
    kommuner: int
    enheter: int
    ansatte: int
    pasienter_nye: int
    pasienter_totalt: int


# The demo population is the same people on whatever day it is built: ages, birth dates and
# deaths are drawn against this fixed reference date, never against today.
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


def _orgnr(rng: random.Random) -> str:
    while True:
        candidate = orgnr_complete(f"9{rng.randint(0, 9999999):07d}")
        if candidate is not None:
            return candidate


def _phone(rng: random.Random) -> str:
    return f"{rng.choice('49')}{rng.randint(0, 9999999):07d}"


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
            PaarorendeData(
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
        kjonn=Kjonn.KVINNE if female else Kjonn.MANN,
        adresse=f"{rng.choice(GATER[kommunenummer])} {rng.randint(1, 120)}",
        postnummer=postnummer,
        poststed=poststed,
        kommunenummer=kommunenummer,
        telefon=_phone(rng) if rng.random() < 0.9 else "",
        foretrukket_sprak=rng.choice(SPRAK) if foreign else "",
        tolkebehov=foreign and rng.random() < 0.7,
        malform=Malform.NYNORSK if rng.random() < 0.08 else Malform.BOKMAL,
        fastlege_hpr=rng.choice(leger) if leger and rng.random() < 0.9 else "",
        dodsdato=DEMO_REFERANSEDATO - dt.timedelta(days=rng.randint(1, 300)) if died else None,
        paarorende=kin,
    )


def _unit_by_name(units: dict[tuple[str, int], Enhet], template: str, kommune: int) -> Enhet:
    return units[(template, kommune)]


def build_relations(pasient: Pasient, units: dict[tuple[str, int], Enhet]) -> None:
    """Care relationships that make the demo believable (deterministic per patient).

    Elderly patients get home care in one of the two districts or a nursing-home stay,
    children the health station, listed patients their GP office, some an open case.
    """
    if pasient.relasjoner.exists():
        return
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
    for template, grunnlag in wanted:
        relasjon_insert(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=_unit_by_name(units, template, kommune).pk,
            grunnlag=grunnlag,
        )


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
    for number in range(count):
        kommunenummer = KOMMUNER[0][0] if number % 3 else KOMMUNER[1][0]
        data = _patient_data(rng, kommunenummer, [h for h in leger if h], used)
        pasient = Pasient.objects.filter(identifikator=data.identifikator).first()
        with transaction.atomic():
            if pasient is None:
                pasient = pasient_create(actor=None, data=data)
                created += 1
            build_relations(pasient, units)
    return created


# Critical information and diagnoses for the first patients listed at the GP office:
# (type, tittel, reaksjon, alvorlighet, sikkerhet, besluttet_av) and (kodeverk, kode).
DEMO_KRITISK: list[tuple[list[tuple[str, str, str, str, str, str]], list[tuple[str, str]]]] = [
    (
        [("allergi", "Penicillin", "Anafylaksi", "livstruende", "bekreftet", "")],
        [("ICPC-2", "T90"), ("ICPC-2", "K86")],
    ),
    (
        [("beslutning", "Ikke HLR", "", "ukjent", "", "Lars Lege, etter samtale med pasienten")],
        [("ICD-10", "F03"), ("ICD-10", "I48")],
    ),
    (
        [
            ("allergi", "Lateks", "Kontakteksem", "moderat", "mistenkt", ""),
            ("implantat", "Pacemaker", "", "alvorlig", "", ""),
        ],
        [("ICPC-2", "K77"), ("ICPC-2", "K78")],
    ),
    ([("smitte", "MRSA-bærer", "", "alvorlig", "bekreftet", "")], [("ICPC-2", "R95")]),
    ([("intoleranse", "Laktose", "Mageplager", "lett", "bekreftet", "")], [("ICD-10", "E119")]),
]


def build_kritisk(units: dict[tuple[str, int], Enhet]) -> int:
    """Demo CAVE and diagnoses, registered by the demo GP through the services; idempotent."""
    kodeverk_startsett_load()
    enhet = units[("{k} legesenter", 0)]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="lege", enhet=enhet)
        .select_related("ansatt", "rolle")
        .first()
    )
    if tilknytning is None:
        return 0
    lege = tilknytning.ansatt
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[: len(DEMO_KRITISK)]
    )
    ctx = RequestContext(
        request_id=new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )
    created = 0
    with request_context(ctx):
        for pasient, (kritisk, diagnoser) in zip(pasienter, DEMO_KRITISK, strict=False):
            if (
                KritiskInformasjon.objects.filter(pasient=pasient).exists()
                or Diagnose.objects.filter(pasient=pasient).exists()
            ):
                continue
            for type_, tittel, reaksjon, alvorlighet, sikkerhet, besluttet_av in kritisk:
                kritisk_create(
                    actor=lege,
                    pasient_id=pasient.pk,
                    type=type_,
                    tittel=tittel,
                    reaksjon=reaksjon,
                    alvorlighet=alvorlighet,
                    sikkerhet=sikkerhet,
                    besluttet_av=besluttet_av,
                )
            for kodeverk, kode in diagnoser:
                kode_id = Kode.objects.get(kodeverk=kodeverk, kode=kode).pk
                diagnose_create(actor=lege, pasient_id=pasient.pk, kode_id=kode_id)
            created += 1
    return created


# --- Notes and vital signs for home-care patients in "sone nord" ------------------------------

DOK_ENHET = ("Hjemmetjenesten {k} sone nord", 0)
DOK_PASIENTER = 30  # patients of the unit with notes and vital signs
DOK_DAGER = 21  # spread over the last three weeks

# One theme per note: (title, sykepleiediagnose, observations, actions, evaluations).
# The PLO headings of the seeded sykepleienotat: Sykepleiediagnose, Observasjon, Tiltak,
# Evaluering.
NOTATTEMA: list[tuple[str, str, list[str], list[str], list[str]]] = [
    (
        "Morgenbesøk",
        "Nedsatt væskeinntak",
        [
            "Tørre slimhinner og mørk urin. Pasienten sier hun ikke er tørst.",
            "Har drukket ca. 600 ml siden i går kveld ifølge drikkelisten.",
        ],
        [
            "Satt fram drikke på nattbordet og avtalt drikkeliste.",
            "Tilbudt saft og kaffe, drakk to glass under besøket.",
        ],
        [
            "Følges opp ved kveldsbesøket.",
            "Drikkelisten viser bedre inntak enn i går.",
        ],
    ),
    (
        "Sårstell",
        "Sår på venstre legg",
        [
            "Såret måler 3 x 2 cm, rød sårkant, lite sekresjon, ingen lukt.",
            "Såret er i bedring, mindre rødhet rundt. Pasienten har ikke smerter i ro.",
        ],
        [
            "Rengjort med Nacl 0,9 %, lagt på skumbandasje. Neste skift om tre dager.",
            "Skiftet bandasje etter prosedyre. Tatt bilde til sårjournalen.",
        ],
        [
            "Tilheler som forventet.",
            "Kontaktes fastlege hvis økende rødhet eller feber.",
        ],
    ),
    (
        "Kveldsbesøk",
        "Smerter",
        [
            "Pasienten angir smerter 5 av 10 i hofta ved forflytning, 2 av 10 i ro.",
            "Grimaserer ved forflytning fra seng til stol.",
        ],
        [
            "Gitt Paracet 1 g etter fast ordinasjon kl. 20.",
            "Hjulpet til sengs, leiret med pute mellom knærne.",
        ],
        [
            "Smerter 2 av 10 etter en time, sov da vi gikk.",
            "Smertene er uendret; tas opp med fastlegen ved neste visitt.",
        ],
    ),
    (
        "Legemiddelhåndtering",
        "Risiko for feil legemiddelbruk",
        [
            "Dosett for uka er fylt og kontrollert mot legemiddellisten.",
            "Ettermiddagsdosen fra i går lå igjen i dosetten.",
        ],
        [
            "Gitt morgenmedisin og observert at den ble tatt.",
            "Avtalt påminnelse med pårørende på telefon ettermiddag.",
        ],
        [
            "Tar medisinene når vi er til stede.",
            "Vurderer multidosepakning, tas opp med fastlegen.",
        ],
    ),
    (
        "Fallrisiko",
        "Risiko for fall",
        [
            "Ustø ved gange uten rullator. Løse tepper i stua.",
            "Fant pasienten sittende på gulvet på badet, ingen synlige skader, våken og klar.",
        ],
        [
            "Fjernet løse tepper etter avtale med pasienten, satt på nattlys.",
            "Hjulpet opp med to personer, kontrollert bevegelighet, målt blodtrykk.",
        ],
        [
            "Bruker rullatoren inne nå.",
            "Fysioterapeut kontaktes for vurdering av gangfunksjon.",
        ],
    ),
    (
        "Ernæring",
        "Risiko for underernæring",
        [
            "Spiste en halv brødskive til frokost. Vekten er gått ned 2 kg siste måned.",
            "Matlyst bedre i dag, spiste middag fra matombringingen.",
        ],
        [
            "Tilbudt næringsdrikk mellom måltidene, veid pasienten.",
            "Laget matliste sammen med pasienten.",
        ],
        [
            "Vektkontroll hver uke framover.",
            "Drakk en næringsdrikk mens vi var der.",
        ],
    ),
    (
        "Respirasjon",
        "Tungpust ved anstrengelse",
        [
            "Hoster litt, tungpust etter gange til badet. Ingen feber.",
            "Puster lettere i dag, sitter oppe i stolen.",
        ],
        [
            "Målt vitale parametere og regnet NEWS2. Hevet hodeenden på sengen.",
            "Gitt inhalasjon etter ordinasjon.",
        ],
        [
            "Ny måling ved neste besøk; ringer legevakt ved forverring.",
            "Stabil, følges opp.",
        ],
    ),
    (
        "Søvn og uro",
        "Søvnforstyrrelse",
        [
            "Pasienten forteller at hun har sovet dårlig, var oppe flere ganger i natt.",
            "Urolig og litt forvirret på kveldsbesøket, kjente oss igjen.",
        ],
        [
            "Snakket rolig med pasienten, satt på radio og nattlys.",
            "Avtalt tilsyn fra nattpatruljen kl. 02.",
        ],
        [
            "Sov da nattpatruljen kom.",
            "Uroen følges opp, pårørende er informert.",
        ],
    ),
]

KORRIGERINGSGRUNN = "Feil klokkeslett for medisinering i første versjon"


def _acting_context(tilknytning: Tilknytning) -> RequestContext:
    """A system-channel context acting in the staff member's unit with their role's rights."""
    enhet = tilknytning.enhet
    return RequestContext(
        request_id=new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )


def _notattyper_seed() -> None:
    """The note types the migration seeds (a flush in tests removes them); idempotent."""
    importlib.import_module("journal.migrations.0006_notat_uforanderlig_og_notattyper").seed(
        apps, None
    )


def _minute(tid: dt.datetime) -> dt.datetime:
    return tid.replace(second=0, microsecond=0)


def _demo_notes(
    pick: random.Random,
    sykepleier: Ansatt,
    pasient: Pasient,
    notattype: Notattype,
    *,
    korriger: bool,
) -> None:
    """2–5 signed sykepleienotater over the last weeks; with `korriger` the first note is
    corrected once (version 2), so the history has something to show."""
    now = naa()
    count = pick.randint(2, 5)
    days = sorted(pick.sample(range(1, DOK_DAGER), count), reverse=True)
    for number, (day, (tittel, diagnose, obs, tiltak, evaluering)) in enumerate(
        zip(days, pick.sample(NOTATTEMA, count), strict=True)
    ):
        innhold = {
            "Sykepleiediagnose": diagnose,
            "Observasjon": pick.choice(obs),
            "Tiltak": pick.choice(tiltak),
            "Evaluering": pick.choice(evaluering),
        }
        tid = _minute(now - dt.timedelta(days=day, hours=pick.randint(0, 10)))
        notat = journalnotat_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type_id=notattype.pk,
            tittel=tittel,
            innhold=innhold,
            dokumentert_tid=tid,
        )
        notat = journalnotat_sign(actor=sykepleier, notat_id=notat.pk, lasversjon=notat.lasversjon)
        if number == 0 and korriger:
            notat = journalnotat_correct_start(
                actor=sykepleier, notat_id=notat.pk, grunn=KORRIGERINGSGRUNN
            )
            journalnotat_sign(
                actor=sykepleier,
                notat_id=notat.pk,
                lasversjon=notat.lasversjon,
                innhold={"Tiltak": f"{innhold['Tiltak']} Medisin gitt kl. 08.30."},
            )


def _vitals(pick: random.Random, *, syk: bool) -> MalingData:
    """One believable set for an elderly patient; `syk` gives an infection-like picture
    (NEWS2 5 or more: respiration, SpO2 and pulse all score). About one healthy set in five
    is partial (blood pressure and pulse, maybe weight)."""
    systolisk = pick.randint(105, 150) if syk else pick.randint(118, 162)
    diastolisk = pick.randint(60, min(92, systolisk - 30))
    puls = pick.randint(96, 124) if syk else pick.randint(58, 88)
    if not syk and pick.random() < 0.2:
        return MalingData(
            systolisk=systolisk,
            diastolisk=diastolisk,
            puls=puls,
            vekt=Decimal(pick.randint(480, 920)) / 10 if pick.random() < 0.5 else None,
        )
    oksygen = syk and pick.random() < 0.4
    return MalingData(
        systolisk=systolisk,
        diastolisk=diastolisk,
        puls=puls,
        respirasjon=pick.randint(22, 26) if syk else pick.randint(12, 19),
        spo2=pick.randint(90, 93) if syk else pick.randint(95, 99),
        spo2_skala=1,
        oksygen=oksygen,
        temperatur=Decimal(pick.randint(380, 392) if syk else pick.randint(359, 376)) / 10,
        bevissthet=Bevissthet.C if syk and pick.random() < 0.3 else Bevissthet.A,
        blodsukker=Decimal(pick.randint(50, 110)) / 10 if pick.random() < 0.15 else None,
    )


def _demo_vitals(
    pick: random.Random, sykepleier: Ansatt, pasient: Pasient, *, blir_syk: bool
) -> None:
    """3–10 sets over the last weeks, oldest first; with `blir_syk` the last one or two
    show the patient turning ill (NEWS2 raised)."""
    now = naa()
    count = pick.randint(3, 10)
    days = sorted(pick.sample(range(DOK_DAGER), count), reverse=True)
    syk_fra = count - pick.randint(1, 2) if blir_syk else count
    for number, day in enumerate(days):
        data = _vitals(pick, syk=number >= syk_fra)
        tid = _minute(now - dt.timedelta(days=day, hours=pick.randint(1, 10)))
        maling_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            data=replace(data, tidspunkt=tid),
        )


def build_dokumentasjon(units: dict[tuple[str, int], Enhet]) -> int:
    """Signed nursing notes and vital signs for the first patients of the demo nurse's unit,
    written by her through the services (audited); idempotent: a patient who already has
    notes or vital signs by her gets none added. Every fifth patient has a corrected note,
    every fourth turns ill. Returns the number of patients filled in."""
    _notattyper_seed()
    enhet = units[DOK_ENHET]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="sykepleier", enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    sykepleier = tilknytning.ansatt
    notattype = Notattype.objects.get(kode="sykepleienotat")
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:DOK_PASIENTER]
    )
    har_notater = set(
        Journalnotat.objects.filter(forfatter=sykepleier).values_list("pasient_id", flat=True)
    )
    har_malinger = set(
        Maling.objects.filter(registrert_av=sykepleier).values_list("pasient_id", flat=True)
    )
    filled = 0
    with request_context(_acting_context(tilknytning)):
        for index, pasient in enumerate(pasienter):
            pick = random.Random(f"dokumentasjon-{pasient.identifikator}")  # noqa: S311
            with transaction.atomic():
                if pasient.pk not in har_notater:
                    _demo_notes(pick, sykepleier, pasient, notattype, korriger=index % 5 == 0)
                if pasient.pk not in har_malinger:
                    _demo_vitals(pick, sykepleier, pasient, blir_syk=index % 4 == 1)
            filled += pasient.pk not in har_notater or pasient.pk not in har_malinger
    return filled


# --- Care plans (tiltaksplan) for the documented home-care patients and some nursing-home
# patients of the demo doctor's ward ---------------------------------------------------------

PLAN_AVDELING = ("{k} sykehjem, avdeling 1 (langtid)", 0)
PLAN_SYKEHJEM_PASIENTER = 6
# (problem, goal, [(tiltak, weekdays (empty = every day), times, minutes)])
PLANTEMA: list[tuple[str, str, list[tuple[str, tuple[int, ...], tuple[str, ...], int]]]] = [
    (
        "Nedsatt væskeinntak",
        "Drikker minst 1,5 liter om dagen",
        [("Tilby drikke og før drikkeliste", (), ("08:00", "20:00"), 10)],
    ),
    (
        "Fare for fall",
        "Ingen fall de neste tre månedene",
        [("Følge ved forflytning, sjekk sko og rullator", (), ("08:00",), 15)],
    ),
    (
        "Behov for hjelp til personlig hygiene",
        "Klarer overkroppsvask selv innen seks uker",
        [
            ("Hjelp til morgenstell", (1, 3, 5), ("08:00",), 30),
            ("Dusj med hjelp", (2,), ("11:00",), 45),
        ],
    ),
    (
        "Legemiddelhåndtering",
        "Tar legemidler riktig hver dag",
        [("Gi legemidler fra multidose", (), ("08:00", "15:00", "20:00"), 5)],
    ),
    (
        "Fare for trykksår",
        "Hel hud på sete og hæler",
        [("Inspiser hud og smør hæler", (1, 4), ("20:00",), 10)],
    ),
]


def _demo_plan(pick: random.Random, ansatt: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    """A plan with 1–3 problems, a goal each and their tiltak (2–5 in all, scheduled for
    `enhet`), written through the services (audited)."""
    plan = tiltaksplan_create(actor=ansatt, pasient_id=pasient.pk, gyldig_fra=idag())
    temaer = pick.sample(PLANTEMA, pick.randint(1, 3))
    if sum(len(t[2]) for t in temaer) < 2:  # at least two tiltak
        temaer.append(next(t for t in PLANTEMA if len(t[2]) > 1 and t not in temaer))
    for problem, mal, tiltak in temaer:
        behov = behov_add(actor=ansatt, pasient_id=pasient.pk, plan_id=plan.pk, tekst=problem)
        maal_add(actor=ansatt, pasient_id=pasient.pk, behov_id=behov.pk, tekst=mal)
        for tekst, ukedager, tider, minutter in tiltak:
            tiltak_add(
                actor=ansatt,
                pasient_id=pasient.pk,
                plan_id=plan.pk,
                behov_id=behov.pk,
                tekst=tekst,
                ansvarlig_enhet_id=enhet.pk,
                timeplan=Timeplan(
                    frekvens=Frekvens.UKENTLIG if ukedager else Frekvens.DAGLIG,
                    ukedager=ukedager,
                    tidspunkter=tidspunkter_parse(", ".join(tider)),
                    varighet_min=minutter,
                ),
                start_dato=idag() - dt.timedelta(days=pick.randint(0, 14)),
            )


def _plans_for(
    units: dict[tuple[str, int], Enhet], unit: tuple[str, int], username: str, count: int
) -> int:
    enhet = units[unit]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username=username, enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:count]
    )
    har_plan = set(Tiltaksplan.objects.values_list("pasient_id", flat=True))
    made = 0
    with request_context(_acting_context(tilknytning)):
        for pasient in pasienter:
            if pasient.pk in har_plan:
                continue
            pick = random.Random(f"tiltaksplan-{pasient.identifikator}")  # noqa: S311
            with transaction.atomic():
                _demo_plan(pick, tilknytning.ansatt, pasient, enhet)
            made += 1
    return made


def build_tiltaksplaner(units: dict[tuple[str, int], Enhet]) -> int:
    """Care plans for the documented patients of the demo nurse's district (responsible
    unit: that district) and for some patients of the demo doctor's nursing-home ward;
    idempotent: a patient who has a plan gets none added. Returns the plans made."""
    return _plans_for(units, DOK_ENHET, "sykepleier", DOK_PASIENTER) + _plans_for(
        units, PLAN_AVDELING, "lege", PLAN_SYKEHJEM_PASIENTER
    )


# --- Assessments (kartlegging) for the same home-care patients -----------------------------

KARTLEGGING_PASIENTER = 20  # of the DOK_PASIENTER: an IPLOS assessment each, some a Barthel


def _skjemaer_seed() -> None:
    """The forms migration 0008 loads (a flush in tests removes them); idempotent."""
    from journal.seeds import skjema_load_all

    skjema_load_all()


def _iplos_svar(pick: random.Random, niva: int) -> dict[str, int]:
    """Believable IPLOS scores around a need level (1 = self-reliant … 4 = large needs);
    the senses and behaviour vary less, some social/practical items are not relevant."""
    svar: dict[str, int] = {}
    for kode in (
        "sosial_deltakelse",
        "skaffe_varer_tjenester",
        "beslutninger_dagliglivet",
        "ivareta_egen_helse",
        "bevege_seg_innendors",
        "alminnelig_husarbeid",
        "personlig_hygiene",
        "paa_og_avkledning",
        "lage_mat",
        "spise",
        "toalett",
        "bevege_seg_utendors",
    ):
        svar[kode] = max(1, min(5, niva + pick.choice((-1, 0, 0, 1))))
    for kode in ("syn", "horsel", "hukommelse", "kommunikasjon", "styre_atferd"):
        svar[kode] = max(1, min(5, niva - 1 + pick.choice((-1, 0, 0, 1))))
    if pick.random() < 0.3:
        svar["sosial_deltakelse"] = 9
    return svar


BARTHEL_PROFILER = (
    {
        "avforing": 10,
        "vannlating": 10,
        "personlig_stell": 5,
        "toalettbesok": 10,
        "spising": 10,
        "forflytning": 15,
        "mobilitet": 10,
        "paakledning": 10,
        "trapper": 5,
        "bading": 0,
    },
    {
        "avforing": 10,
        "vannlating": 5,
        "personlig_stell": 0,
        "toalettbesok": 5,
        "spising": 10,
        "forflytning": 10,
        "mobilitet": 10,
        "paakledning": 5,
        "trapper": 0,
        "bading": 0,
    },
    {
        "avforing": 5,
        "vannlating": 0,
        "personlig_stell": 0,
        "toalettbesok": 0,
        "spising": 5,
        "forflytning": 5,
        "mobilitet": 5,
        "paakledning": 0,
        "trapper": 0,
        "bading": 0,
    },
)  # totals 85, 55 and 20


def build_kartlegging(units: dict[tuple[str, int], Enhet]) -> int:
    """Completed IPLOS assessments by the demo nurse for the first patients of her unit
    (every third also one from three months ago, so change over time shows; every fourth
    a Barthel ADL index), through the services (audited). Idempotent: a patient who already
    has an assessment by her gets none added. Returns the number of patients filled in."""
    _skjemaer_seed()
    enhet = units[DOK_ENHET]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="sykepleier", enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    sykepleier = tilknytning.ansatt
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:KARTLEGGING_PASIENTER]
    )
    har = set(Kartlegging.objects.filter(utfort_av=sykepleier).values_list("pasient_id", flat=True))
    today = idag()
    filled = 0
    with request_context(_acting_context(tilknytning)):
        for index, pasient in enumerate(pasienter):
            if pasient.pk in har:
                continue
            pick = random.Random(f"kartlegging-{pasient.identifikator}")  # noqa: S311
            niva = pick.randint(1, 4)
            with transaction.atomic():
                if index % 3 == 0:
                    kartlegging_create(
                        actor=sykepleier,
                        pasient_id=pasient.pk,
                        skjema_kode="iplos",
                        data=KartleggingData(
                            dato=today - dt.timedelta(days=pick.randint(80, 100)),
                            svar=_iplos_svar(pick, max(1, niva - 1)),
                        ),
                        fullfor=True,
                    )
                kartlegging_create(
                    actor=sykepleier,
                    pasient_id=pasient.pk,
                    skjema_kode="iplos",
                    data=KartleggingData(
                        dato=today - dt.timedelta(days=pick.randint(1, DOK_DAGER)),
                        svar=_iplos_svar(pick, niva),
                        kommentar="Kartlagt ved hjemmebesøk." if index % 2 else "",
                    ),
                    fullfor=True,
                )
                if index % 4 == 1:
                    kartlegging_create(
                        actor=sykepleier,
                        pasient_id=pasient.pk,
                        skjema_kode="barthel",
                        data=KartleggingData(
                            dato=today - dt.timedelta(days=pick.randint(1, DOK_DAGER)),
                            svar=dict(BARTHEL_PROFILER[index % 3]),
                        ),
                        fullfor=True,
                    )
            filled += 1
    return filled


def demo_build(*, patients: int = 500, seed: int = 20261122) -> DemoResult:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    with transaction.atomic():
        roller_seed()
        tilgangsgrunner_seed()
        units = build_organisation(rng)
        staff = build_staff(rng, units)
    created = build_patients(random.Random(seed + 1), patients, units)  # noqa: S311
    build_kritisk(units)
    build_dokumentasjon(units)
    build_tiltaksplaner(units)
    build_kartlegging(units)
    return DemoResult(
        kommuner=Kommune.objects.count(),
        enheter=Enhet.objects.count(),
        ansatte=staff,
        pasienter_nye=created,
        pasienter_totalt=Pasient.objects.count(),
    )


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
        raise RuntimeError("Kjør demo_data uten --patients først (kommuner mangler).")
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
