"""The default roles and their rights. Admins change them as data afterwards."""

from __future__ import annotations

from typing import Any

from core.models import Rolle, RolleRettighet

PATIENT_READ = ["search_patient", "view"]
CLINICAL = [
    *PATIENT_READ,
    "register_patient",
    "write_note",
    "sign",
    "correct",
    "administer_medication",
    "emergency_access",
    "manage_relations",
    "assess",
    "plan",
    "register_visit",
]
DEFAULT_ROLES: dict[str, tuple[str, list[str]]] = {
    # Nurses staff the response centre (responssenter): they take alarms and document them.
    "sykepleier": ("Sykepleier", [*CLINICAL, "respond_alarm"]),
    "helsefagarbeider": (
        "Helsefagarbeider",
        [
            *PATIENT_READ,
            "write_note",
            "sign",
            "administer_medication",
            "emergency_access",
            "register_visit",
        ],
    ),
    # Only doctors order medication (and confirm nurses' telephone orders).
    "lege": ("Lege", [*CLINICAL, "order_medication", "book_time"]),
    "helsesykepleier": ("Helsesykepleier", CLINICAL),
    "saksbehandler": (
        "Saksbehandler",
        [
            *PATIENT_READ,
            "register_patient",
            "write_note",
            "sign",
            "decide_vedtak",
            "manage_relations",
            "manage_blocking",
            "assess",
            "handle_case",
        ],
    ),
    "leder": (
        "Enhetsleder",
        [
            *PATIENT_READ,
            "review_log",
            "emergency_access",
            "manage_relations",
            "manage_blocking",
            "manage_stays",
            "respond_alarm",
            "book_time",  # lk2: a GP office's leader keeps the book and its slot templates
        ],
    ),
    "admin": ("Administrator", ["admin"]),
    # legekontor: the receptionist books for every GP of the office, registers arrivals and
    # payments; reads no journal.
    "helsesekretaer": ("Helsesekretær", ["search_patient", "book_time"]),
}
# Rights added after roles were first seeded; granted to existing default roles by migration.
ADDED_IN_0003 = {"emergency_access", "manage_relations", "manage_blocking"}
ADDED_IN_0008 = {"respond_alarm"}
ADDED_IN_0010 = {"order_medication"}
ADDED_IN_0014 = {"book_time"}  # legekontor
# lk2: book_time for the leader too (granted by tjenester.legekontor migration 0002)
ADDED_IN_LEGEKONTOR_0002 = {"book_time"}
ADDED_IN_0006 = {
    "assess",
    "plan",
    "handle_case",
    "register_visit",
    "manage_stays",
    "respond_alarm",
}


def rights_grant_added(apps: Any, added: set[str]) -> None:
    """For a data migration: grant rights added to DEFAULT_ROLES after the roles were first
    seeded to the default roles that exist (never removes what admins changed)."""
    rolle_model = apps.get_model("core", "Rolle")
    rettighet_model = apps.get_model("core", "RolleRettighet")
    for kode, (_navn, actions) in DEFAULT_ROLES.items():
        rolle = rolle_model.objects.filter(kode=kode).first()
        if rolle is None:
            continue
        for action in added & set(actions):
            rettighet_model.objects.get_or_create(rolle=rolle, action=action)


def roles_create_added(apps: Any, koder: set[str]) -> None:
    """For a data migration: create default roles added after the first seeding, with
    their rights (never touches a role that exists)."""
    rolle_model = apps.get_model("core", "Rolle")
    rettighet_model = apps.get_model("core", "RolleRettighet")
    for kode in koder:
        navn, actions = DEFAULT_ROLES[kode]
        rolle, created = rolle_model.objects.get_or_create(kode=kode, defaults={"navn": navn})
        if created:
            for action in actions:
                rettighet_model.objects.get_or_create(rolle=rolle, action=action)


def roller_seed(
    rolle_model: type[Rolle] = Rolle, rettighet_model: type[RolleRettighet] = RolleRettighet
) -> None:
    """Create missing default roles and grants; never removes what admins changed."""
    # one query when they are all there (tests call this for every actor they make)
    there = set(
        rolle_model.objects.filter(kode__in=list(DEFAULT_ROLES)).values_list("kode", flat=True)
    )
    for kode, (navn, actions) in DEFAULT_ROLES.items():
        if kode in there:
            continue
        rolle, created = rolle_model.objects.get_or_create(kode=kode, defaults={"navn": navn})
        if created:
            for action in actions:
                rettighet_model.objects.get_or_create(rolle=rolle, action=action)
