"""Role × relationship × action: who may see a patient, derived independently of the code.

Named actors (docs/arkitektur.md §8): lege_med_relasjon (allowed), kollega_samme_enhet (allowed by
role), ansatt_annen_enhet (denied), admin_uten_pasienttilgang (denied: no patient rights),
anonym (denied). Denied cases get the same NotFound as a missing patient.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.exceptions import NotFound
from core.klokke import naa
from core.models import Action, Ansatt, Enhet
from journal.access import access_scoped, restrict_pasienter
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "sykepleier",
    "helsefagarbeider",
    "lege",
    "helsesykepleier",
    "saksbehandler",
    "leder",
    "admin",
]
RELATIONS = ["aktiv", "avsluttet", "fremtidig", "annen_enhet", "ingen"]
ACTIONS = [Action.VIEW, Action.SEARCH_PATIENT]

# The rule, written out: which roles hold patient-read rights by default, and which
# relationship states count as "active".
ROLES_WITH_READ = {
    "sykepleier",
    "helsefagarbeider",
    "lege",
    "helsesykepleier",
    "saksbehandler",
    "leder",
}
ACTIVE_RELATIONS = {"aktiv"}


def _relation(pasient: Pasient, enhet: Enhet, annen: Enhet, state: str) -> None:
    now = naa()
    if state == "ingen":
        return
    periods = {
        "aktiv": (now - dt.timedelta(days=10), None, enhet),
        "avsluttet": (now - dt.timedelta(days=10), now - dt.timedelta(days=1), enhet),
        "fremtidig": (now + dt.timedelta(days=1), None, enhet),
        "annen_enhet": (now - dt.timedelta(days=10), None, annen),
    }
    start, end, unit = periods[state]
    Behandlingsrelasjon.objects.create(
        pasient=pasient,
        enhet=unit,
        gyldig_fra=start,
        gyldig_til=end,
        grunnlag=RelasjonGrunnlag.VEDTAK,
    )


def _can_open(ansatt: Ansatt, pasient_id: uuid.UUID, action: Action) -> bool:
    with acting_as(ansatt):
        try:
            access_scoped(
                ansatt, Pasient.objects.all(), pasient_id, action=action, pasient_field="pk"
            )
        except NotFound:
            return False
        return True


def _can_list(ansatt: Ansatt, pasient_id: uuid.UUID, action: Action) -> bool:
    with acting_as(ansatt):
        return restrict_pasienter(
            Pasient.objects.filter(pk=pasient_id), ansatt, action=action
        ).exists()


@pytest.mark.parametrize("rolle", ROLES)
@pytest.mark.parametrize("relasjon", RELATIONS)
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(
    rolle: str, relasjon: str, action: Action, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given
    ansatt = actor(enhet, rolle, username=f"{rolle}-x")
    pasient = PasientFactory()
    _relation(pasient, enhet, annen_enhet, relasjon)
    expected = rolle in ROLES_WITH_READ and relasjon in ACTIVE_RELATIONS
    # when / then: the single-object check and the list filter agree with the rule
    assert _can_open(ansatt, pasient.pk, action) is expected
    assert _can_list(ansatt, pasient.pk, action) is expected


def test_named_actors(
    lege_med_relasjon: Ansatt,
    kollega_samme_enhet: Ansatt,
    ansatt_annen_enhet: Ansatt,
    admin_uten_pasienttilgang: Ansatt,
    pasient: Pasient,
) -> None:
    # when / then
    assert _can_open(lege_med_relasjon, pasient.pk, Action.VIEW)
    assert _can_open(kollega_samme_enhet, pasient.pk, Action.VIEW)
    assert not _can_open(ansatt_annen_enhet, pasient.pk, Action.VIEW)
    assert not _can_open(admin_uten_pasienttilgang, pasient.pk, Action.VIEW)


def test_denied_and_missing_are_the_same_error(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    with acting_as(ansatt_annen_enhet):
        with pytest.raises(NotFound) as denied:
            access_scoped(
                ansatt_annen_enhet,
                Pasient.objects.all(),
                pasient.pk,
                action=Action.VIEW,
                pasient_field="pk",
            )
        with pytest.raises(NotFound) as missing:
            access_scoped(
                ansatt_annen_enhet,
                Pasient.objects.all(),
                uuid.uuid4(),
                action=Action.VIEW,
                pasient_field="pk",
            )
    # then
    assert str(denied.value) == str(missing.value)


def test_anonymous_and_inactive_staff_see_nothing(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    lege_med_relasjon.is_active = False
    lege_med_relasjon.save(update_fields=["is_active"])
    # when / then
    assert not _can_open(lege_med_relasjon, pasient.pk, Action.VIEW)
    assert not restrict_pasienter(Pasient.objects.all(), None, action=Action.VIEW).exists()


def test_same_person_in_two_units_sees_by_acting_unit(
    lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet, pasient: Pasient
) -> None:
    # given: the doctor also works in another unit, which has no relationship
    from core.models import Rolle
    from tests.factories import TilknytningFactory

    TilknytningFactory(
        ansatt=lege_med_relasjon, enhet=annen_enhet, rolle=Rolle.objects.get(kode="lege")
    )
    # when / then
    with acting_as(lege_med_relasjon, enhet):
        assert (
            restrict_pasienter(Pasient.objects.all(), lege_med_relasjon, action=Action.VIEW)
            .filter(pk=pasient.pk)
            .exists()
        )
    with acting_as(lege_med_relasjon, annen_enhet):
        assert (
            not restrict_pasienter(Pasient.objects.all(), lege_med_relasjon, action=Action.VIEW)
            .filter(pk=pasient.pk)
            .exists()
        )
