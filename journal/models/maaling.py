"""Vital signs (målinger) with the NEWS2 score computed and stored at registration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.klokke import naa
from core.models import Ansatt, BaseModel
from journal.models.pasient import PasientScopedModel


class Bevissthet(models.TextChoices):
    """ACVPU."""

    A = "A", _("Våken (A)")
    C = "C", _("Ny forvirring (C)")
    V = "V", _("Reagerer på tiltale (V)")
    P = "P", _("Reagerer på smerte (P)")
    U = "U", _("Reagerer ikke (U)")


class News2Nivaa(models.TextChoices):
    INGEN = "ingen", _("Ingen")
    LAV = "lav", _("Lav")
    LAV_MIDDELS = "lav_middels", _("Lav–middels")
    MIDDELS = "middels", _("Middels")
    HOY = "hoy", _("Høy")


class News2Unntak(models.TextChoices):
    """Why a full set of observations has no NEWS2 (journal/lib/news2.py UNNTAK)."""

    BARN = "barn", _("Barn under 16 år")
    GRAVID = "gravid", _("Svangerskap")


class Maaling(PasientScopedModel):
    """One set of observations at one time. Values not measured are NULL."""

    tidspunkt = models.DateTimeField(_("tidspunkt"), default=naa)
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    systolisk = models.PositiveSmallIntegerField(_("systolisk blodtrykk"), null=True, blank=True)
    diastolisk = models.PositiveSmallIntegerField(_("diastolisk blodtrykk"), null=True, blank=True)
    puls = models.PositiveSmallIntegerField(_("puls"), null=True, blank=True)
    respirasjon = models.PositiveSmallIntegerField(_("respirasjonsfrekvens"), null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(_("SpO₂"), null=True, blank=True)
    spo2_skala = models.PositiveSmallIntegerField(
        _("SpO₂-skala"), default=1, choices=[(1, "1"), (2, "2")]
    )
    oksygen = models.BooleanField(_("får oksygen"), null=True, blank=True)
    temperatur = models.DecimalField(
        _("temperatur"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    bevissthet = models.CharField(
        _("bevissthet (ACVPU)"), max_length=1, choices=Bevissthet.choices, blank=True
    )
    vekt = models.DecimalField(_("vekt"), max_digits=5, decimal_places=1, null=True, blank=True)
    blodsukker = models.DecimalField(
        _("blodsukker"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    news2 = models.PositiveSmallIntegerField(null=True, blank=True)
    news2_niva = models.CharField(max_length=16, choices=News2Nivaa.choices, blank=True)
    # Set when NEWS2 was not scored because it is not valid for the patient (child, pregnancy).
    news2_unntak = models.CharField(max_length=16, choices=News2Unntak.choices, blank=True)
    feilregistrert_at = models.DateTimeField(null=True, blank=True)
    feilregistrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feilregistrert_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "journal_maling"  # the name before the naming rule
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["-tidspunkt"]
        indexes = [models.Index(fields=["pasient", "-tidspunkt"], name="maling_pasient_tid")]

    def __str__(self) -> str:
        return f"Måling {self.tidspunkt:%d.%m.%Y %H:%M}"
