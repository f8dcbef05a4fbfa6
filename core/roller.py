"""The default roles and their rights. Admins change them as data afterwards."""

from __future__ import annotations

from core.models import Rolle, RolleRettighet

PATIENT_READ = ["search_patient", "view"]
CLINICAL = [
    *PATIENT_READ,
    "register_patient",
    "write_note",
    "sign",
    "correct",
    "administer_medication",
]
DEFAULT_ROLES: dict[str, tuple[str, list[str]]] = {
    "sykepleier": ("Sykepleier", CLINICAL),
    "helsefagarbeider": (
        "Helsefagarbeider",
        [*PATIENT_READ, "write_note", "sign", "administer_medication"],
    ),
    "lege": ("Lege", CLINICAL),
    "helsesykepleier": ("Helsesykepleier", CLINICAL),
    "saksbehandler": (
        "Saksbehandler",
        [*PATIENT_READ, "register_patient", "write_note", "sign", "decide_vedtak"],
    ),
    "leder": ("Enhetsleder", [*PATIENT_READ, "review_log"]),
    "admin": ("Administrator", ["admin"]),
}


def roller_seed(
    rolle_model: type[Rolle] = Rolle, rettighet_model: type[RolleRettighet] = RolleRettighet
) -> None:
    """Create missing default roles and grants; never removes what admins changed."""
    for kode, (navn, actions) in DEFAULT_ROLES.items():
        rolle, created = rolle_model.objects.get_or_create(kode=kode, defaults={"navn": navn})
        if created:
            for action in actions:
                rettighet_model.objects.get_or_create(rolle=rolle, action=action)
