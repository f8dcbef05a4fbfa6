"""When a clinical fact can have happened: not before the patient was born, and not more
than a few minutes ahead of now (clocks on devices drift a little)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FREMTID_TOLERANSE = dt.timedelta(minutes=5)


def _lokal_dato(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def foer_foedsel_check(
    field: str, value: dt.date | dt.datetime | None, fodselsdato: dt.date
) -> None:
    """A field error when `value` (a date or a moment) lies before the patient's birth date."""
    if value is not None and _lokal_dato(value) < fodselsdato:
        raise ValidationError(
            {
                field: [
                    _("Tidspunktet kan ikke være før pasienten ble født (%(dato)s).")
                    % {"dato": fodselsdato.strftime("%d.%m.%Y")}
                ]
            }
        )
