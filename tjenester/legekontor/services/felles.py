"""What the legekontor services share: the acting office."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, Enhet, EnhetType


def kontor_for(actor: Ansatt | None, enhet_id: uuid.UUID | str | None = None) -> Enhet:
    """The GP office acted in: the acting unit for a person, `enhet_id` for the system."""
    key = enhet_id if actor is None else acting_enhet_id()
    if key is None:
        raise NotFound
    enhet = Enhet.objects.filter(pk=key).first()
    if enhet is None:
        raise NotFound
    if enhet.type != EnhetType.LEGEKONTOR:
        raise ApplicationError(_("Dette kan bare gjøres på et legekontor."))
    return enhet
