"""Forms for the tildeling pages: types and choices only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.klokke import idag
from core.models import Enhet
from tildeling.models import (
    Kanal,
    KommuneUtfall,
    NotatType,
    SakStatus,
    Soker,
    StatsforvalterUtfall,
    Tjenestetype,
    Utfall,
)

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DESIMAL = {"inputmode": "decimal", "autocomplete": "off"}


def _dato(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATO,
        error_messages={"invalid": _("Skriv en gyldig dato."), "required": _("Oppgi dato.")},
    )


class SoknadForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    mottatt_dato = _dato(_("Mottatt"))
    kanal = forms.ChoiceField(label=_("Kom inn som"), choices=Kanal.choices)
    soker = forms.ChoiceField(
        label=_("Søker"), choices=Soker.choices, widget=forms.RadioSelect, initial=Soker.PASIENT
    )
    representant_navn = forms.CharField(label=_("Representantens navn"), required=False)
    representant_relasjon = forms.CharField(label=_("Relasjon til pasienten"), required=False)
    tjenester = forms.MultipleChoiceField(
        label=_("Tjenester det søkes om"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    beskrivelse = forms.CharField(
        label=_("Hva søknaden gjelder"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, tjenestetyper: list[Tjenestetype], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tjenester"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [(str(t.pk), t.navn) for t in tjenestetyper]
        self.fields["mottatt_dato"].initial = idag()


class NotatForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=NotatType.choices)
    dato = _dato(_("Dato"))
    tekst = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 5}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=SakStatus.choices)


class VedtakForm(forms.Form):
    tjenestetype = forms.ModelChoiceField(
        label=_("Tjeneste"), queryset=Tjenestetype.objects.none(), empty_label=None
    )
    utfall = forms.ChoiceField(label=_("Utfall"), choices=Utfall.choices, widget=forms.RadioSelect)
    omfang = forms.DecimalField(
        label=_("Omfang"),
        required=False,
        localize=True,
        widget=forms.TextInput(attrs=DESIMAL),
        help_text=_("I enheten tjenesten måles i (timer, besøk eller dager per uke, døgn)."),
        error_messages={"invalid": _("Skriv et tall, for eksempel 3,5.")},
    )
    fra_dato = _dato(_("Fra"), required=False)
    til_dato = _dato(_("Til"), required=False)
    revurdering_dato = _dato(_("Revurderes innen"), required=False)
    utforende_enhet = forms.ModelChoiceField(
        label=_("Utførende enhet"),
        queryset=Enhet.objects.none(),
        required=False,
        empty_label=_("(ikke valgt ennå)"),
    )
    begrunnelse = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 6}))
    lovgrunnlag = forms.CharField(
        label=_("Lovgrunnlag"),
        required=False,
        help_text=_("Tomt: lovgrunnlaget i tjenestekatalogen."),
    )
    egenandel_grunnlag = forms.CharField(
        label=_("Grunnlag for egenandel"),
        required=False,
        help_text=_("Tomt: teksten i tjenestekatalogen (når tjenesten har egenandel)."),
    )

    def __init__(
        self, *args: Any, tjenestetyper: list[Tjenestetype], enheter: list[Enhet], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tjenestetype"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Tjenestetype.objects.filter(pk__in=[t.pk for t in tjenestetyper])
        enhet_field = self.fields["utforende_enhet"]
        assert isinstance(enhet_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        enhet_field.queryset = Enhet.objects.filter(pk__in=[e.pk for e in enheter])


class DatoForm(forms.Form):
    dato = _dato(_("Dato"))


class KlageForm(forms.Form):
    mottatt_dato = _dato(_("Klagen mottatt"))
    anforsler = forms.CharField(
        label=_("Hva klagen gjelder"), widget=forms.Textarea(attrs={"rows": 4})
    )


class KlageVurderingForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Kommunens vurdering"), choices=KommuneUtfall.choices, widget=forms.RadioSelect
    )
    vurdering = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}))


class KlageAvgjortForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Statsforvalterens utfall"), choices=StatsforvalterUtfall.choices
    )
    dato = _dato(_("Avgjort"))


class RapportForm(forms.Form):
    fra = _dato(_("Fra"))
    til = _dato(_("Til"))
    periode = forms.ChoiceField(
        label=_("Per"),
        choices=[("maaned", _("måned")), ("kvartal", _("kvartal")), ("aar", _("år"))],
        initial="maaned",
    )


class ArbeidslisteForm(forms.Form):
    mine = forms.BooleanField(label=_("Bare mine saker"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Åpne saker")), *SakStatus.choices],
    )
