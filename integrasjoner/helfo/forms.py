from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_ren_tekst


class KorreksjonForm(forms.Form):
    """Correct a rejected claim line before it is resent."""

    takster = forms.CharField(
        label=_("Takster"),
        max_length=300,
        validators=[validate_ren_tekst],
        help_text=_("Kode og beløp, skilt med komma, f.eks. «2ad 199, 2cd 2x150»."),
    )
    diagnoser = forms.CharField(
        label=_("Diagnoser (ICPC-2)"),
        max_length=100,
        validators=[validate_ren_tekst],
        help_text=_("Skilt med komma, f.eks. «T90, K86»."),
    )
    merknad = forms.CharField(
        label=_("Merknad til HELFO"),
        max_length=500,
        required=False,
        validators=[validate_ren_tekst],
    )
