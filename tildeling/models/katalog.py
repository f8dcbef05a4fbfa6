"""The service catalogue (tjenestekatalog) and the municipal letterhead for letters."""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, EnhetType, Kommune


class OmfangEnhet(models.TextChoices):
    """The unit a decision's extent is measured in."""

    TIMER_UKE = "timer_uke", _("timer per uke")
    BESOK_UKE = "besok_uke", _("besøk per uke")
    DAGER_UKE = "dager_uke", _("dager per uke")
    DOGN = "dogn", _("døgn")
    ANTALL = "antall", _("antall")
    INGEN = "ingen", _("uten omfang")


class TjenestetypeQuerySet(models.QuerySet["Tjenestetype"]):
    def gyldige(self, on: dt.date) -> TjenestetypeQuerySet:
        return self.filter(gyldig_fra__lte=on).filter(
            Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=on)
        )


class Tjenestetype(BaseModel):
    """A service the municipality decides on, mapped to IPLOS kodeverk 9151 (dated rows:
    a change of rules is a new row from a date, so old decisions keep their terms)."""

    kode = models.CharField(_("IPLOS-kode (9151)"), max_length=8)
    navn = models.CharField(_("navn"), max_length=200)
    navn_nynorsk = models.CharField(_("navn på nynorsk"), max_length=200, blank=True)
    lovgrunnlag = models.CharField(_("lovgrunnlag"), max_length=300)
    omfang_enhet = models.CharField(
        _("enhet for omfang"), max_length=16, choices=OmfangEnhet.choices
    )
    utforende_enhetstyper = ArrayField(
        models.CharField(max_length=32, choices=EnhetType.choices),
        verbose_name=_("enhetstyper som kan gi tjenesten"),
        default=list,
        blank=True,
    )
    egenandel = models.BooleanField(_("egenandel"), default=False)
    egenandel_tekst = models.CharField(_("om egenandelen"), max_length=300, blank=True)
    to_personer = models.BooleanField(
        _("krever godkjenning av to personer"),
        default=False,
        help_text=_("Vedtaket må godkjennes av en annen person enn den som fattet det."),
    )
    frist_dager = models.PositiveSmallIntegerField(
        _("saksbehandlingsfrist (dager)"),
        null=True,
        blank=True,
        help_text=_("Tom: standardfristen (TILDELING_FRIST_DAGER)."),
    )
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = TjenestetypeQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        verbose_name = _("tjenestetype")
        verbose_name_plural = _("tjenestetyper")
        ordering = ["navn", "-gyldig_fra"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "gyldig_fra"], name="tjenestetype_kode_fra"),
            models.CheckConstraint(
                condition=Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="tjenestetype_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return self.navn


class Brevhode(BaseModel):
    """The municipality's letterhead on decision letters (one per kommune)."""

    kommune = models.OneToOneField(Kommune, on_delete=models.PROTECT, related_name="+")
    navn = models.CharField(_("kommunenavn i brevhodet"), max_length=200)
    avsender = models.CharField(_("avsender (enhet)"), max_length=200, default="Tildelingskontoret")
    adresse = models.CharField(_("postadresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    logotekst = models.CharField(_("logotekst"), max_length=100, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("brevhode")
        verbose_name_plural = _("brevhoder")

    def __str__(self) -> str:
        return self.navn
