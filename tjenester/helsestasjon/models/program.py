"""The national programmes as dated, admin-editable data: the health-station consultations
(helsestasjonsprogrammet, school health by school year) and the childhood immunisation
programme (barnevaksinasjonsprogrammet). Loaded from data files by `seeds.py`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class AlderEnhet(models.TextChoices):
    DAG = "dag", _("dager")
    UKE = "uke", _("uker")
    MAANED = "maaned", _("måneder")
    AAR = "aar", _("år")
    TRINN = "trinn", _("skoletrinn")


class Programpunkt(BaseModel):
    """One consultation of the health-station programme at an age (or a school year), who
    leads it and the topics it covers; dated (`gyldig_fra`/`gyldig_til`) so the programme
    can change without rewriting history. `verifisert` is false when the value could not
    be checked against the published guideline (`kilde` names what was tried)."""

    kode = models.SlugField(_("kode"), max_length=40)
    navn = models.CharField(_("navn"), max_length=100)
    alder_enhet = models.CharField(_("aldersenhet"), max_length=6, choices=AlderEnhet.choices)
    alder_verdi = models.PositiveSmallIntegerField(_("alder"))
    ansvarlige = models.JSONField(_("hvem"), default=list)
    temaer = models.JSONField(_("temaer"), default=list)
    gruppe = models.BooleanField(_("gruppekonsultasjon"), default=False)
    skolehelse = models.BooleanField(_("skolehelsetjenesten"), default=False)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    kilde = models.CharField(_("kilde"), max_length=500)
    verifisert = models.BooleanField(_("verifisert mot kilden"), default=False)

    class Meta(BaseModel.Meta):
        verbose_name = _("programpunkt")
        verbose_name_plural = _("helsestasjonsprogrammet")
        ordering = ["rekkefolge", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "gyldig_fra"], name="programpunkt_kode_unik")
        ]

    def __str__(self) -> str:
        return self.navn


class Vaksinedose(BaseModel):
    """One dose of the childhood immunisation programme: vaccine, dose number, the age it
    is offered, and the minimum age and interval to the previous dose of the same vaccine
    (and, for rotavirus, the highest age). Dated like `Programpunkt`."""

    kode = models.SlugField(_("kode"), max_length=40)
    vaksine = models.CharField(_("vaksine"), max_length=40)
    sykdommer = models.CharField(_("beskytter mot"), max_length=300)
    dose_nr = models.PositiveSmallIntegerField(_("dose"))
    alder_enhet = models.CharField(_("aldersenhet"), max_length=6, choices=AlderEnhet.choices)
    alder_verdi = models.PositiveSmallIntegerField(_("alder"))
    minimumsalder_dager = models.PositiveIntegerField(_("minste alder (dager)"))
    minsteintervall_dager = models.PositiveIntegerField(
        _("minste intervall til forrige dose (dager)"), null=True, blank=True
    )
    maksalder_dager = models.PositiveIntegerField(_("høyeste alder (dager)"), null=True, blank=True)
    kjoenn = models.CharField(_("bare for kjønn"), max_length=6, blank=True)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    kilde = models.CharField(_("kilde"), max_length=500)
    verifisert = models.BooleanField(_("verifisert mot kilden"), default=False)

    class Meta(BaseModel.Meta):
        verbose_name = _("vaksinedose i programmet")
        verbose_name_plural = _("barnevaksinasjonsprogrammet")
        ordering = ["rekkefolge", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "gyldig_fra"], name="vaksinedose_kode_unik")
        ]

    def __str__(self) -> str:
        return f"{self.vaksine} dose {self.dose_nr}"
