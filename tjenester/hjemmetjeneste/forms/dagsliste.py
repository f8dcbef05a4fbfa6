"""Forms of the home-care day list: types only; the rules live in the services."""

from __future__ import annotations

from django import forms

from core.forms import DatoField


class TildelForm(forms.Form):
    ansatt = forms.UUIDField(required=False)


class FlyttForm(forms.Form):
    retning = forms.ChoiceField(choices=[("opp", "opp"), ("ned", "ned")])


class OptimaliserForm(forms.Form):
    dato = DatoField()
    fordel = forms.BooleanField(required=False)
