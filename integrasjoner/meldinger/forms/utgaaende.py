"""Forms for sending messages from the patient's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_ren_tekst
from integrasjoner.meldinger.models import Kommunikasjonspart, MeldingType

TEKST = forms.Textarea(attrs={"rows": 6, "maxlength": 8000})


class InnleggelsesrapportForm(forms.Form):
    mottaker = forms.ChoiceField(label=_("Mottaker (sykehusavdeling)"))
    aarsak = forms.CharField(
        label=_("Årsak til innleggelse"),
        max_length=8000,
        widget=TEKST,
        help_text=_("Hva skjedde, og hvordan var pasienten før innleggelsen."),
    )
    viktige_opplysninger = forms.CharField(
        label=_("Andre viktige opplysninger"), max_length=8000, required=False, widget=TEKST
    )

    def __init__(
        self, *args: object, mottakere: list[Kommunikasjonspart], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["mottaker"]
        field.choices = [  # type: ignore[attr-defined]
            ("", _("Velg mottaker"))
        ] + [(p.herid, f"{p.forelder_navn} – {p.navn}") for p in mottakere]


class DialogForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (MeldingType.DIALOG_FORESPORSEL, _("Forespørsel (ber om svar)")),
            (MeldingType.DIALOG_HELSEFAGLIG, _("Helsefaglig dialog (notat)")),
        ],
    )
    tema = forms.CharField(
        label=_("Tema"), max_length=200, required=False, validators=[validate_ren_tekst]
    )
    tekst = forms.CharField(label=_("Melding"), max_length=8000, widget=TEKST)


class DialogSvarForm(forms.Form):
    svar_paa = forms.CharField(
        label=_("Meldingen det svares på"), widget=forms.HiddenInput, max_length=64
    )
    mottaker_herid = forms.CharField(label=_("Mottaker"), widget=forms.HiddenInput, max_length=9)
    sporsmal = forms.CharField(
        label=_("Spørsmålet"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
    tekst = forms.CharField(label=_("Svar"), max_length=8000, widget=TEKST)
