"""The report filter form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tildeling.forms._dato import date_field


class RapportForm(forms.Form):
    fra = date_field(_("Fra"))
    til = date_field(_("Til"))
    periode = forms.ChoiceField(
        label=_("Per"),
        choices=[("maaned", _("måned")), ("kvartal", _("kvartal")), ("aar", _("år"))],
        initial="maaned",
    )
