"""Forms for appeals: registering, the office's assessment, Statsforvalteren's outcome."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tildeling.forms._dato import date_field
from tildeling.models import KommuneUtfall, StatsforvalterUtfall


class KlageForm(forms.Form):
    mottatt_dato = date_field(_("Klagen mottatt"))
    anforsler = forms.CharField(
        label=_("Hva klagen gjelder"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class KlageVurderingForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Kommunens vurdering"), choices=KommuneUtfall.choices, widget=forms.RadioSelect
    )
    vurdering = forms.CharField(
        label=_("Begrunnelse"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class KlageAvgjoertForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Statsforvalterens utfall"), choices=StatsforvalterUtfall.choices
    )
    dato = date_field(_("Avgjort"))
