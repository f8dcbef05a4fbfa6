"""Assessments (kartlegging) with standard forms (IPLOS, Barthel ADL) defined as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models.pasient import PasientScopedModel


class Kartleggingsskjema(BaseModel):
    """One version of a standard assessment form; its items live in `definisjon` (see
    journal/lib/skjema.py). Versions are never changed once loaded: assessments refer to them."""

    kode = models.SlugField(_("kode"), max_length=50)
    navn = models.CharField(_("navn"), max_length=200)
    versjon = models.PositiveSmallIntegerField(_("versjon"))
    gyldig_fra = models.DateField(_("gyldig fra"))
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    definisjon = models.JSONField(_("definisjon"))
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("kartleggingsskjema")
        verbose_name_plural = _("kartleggingsskjemaer")
        ordering = ["navn", "-versjon"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "versjon"], name="kartleggingsskjema_versjon")
        ]

    def __str__(self) -> str:
        return f"{self.navn} (versjon {self.versjon})"


class KartleggingStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    FULLFORT = "fullfort", _("Fullført")
    FEILREGISTRERT = "feilregistrert", _("Feilregistrert")


class Kartlegging(PasientScopedModel):
    """One assessment of a patient with one form version. A completed assessment is never
    changed (PostgreSQL refuses it; only feilregistrering is allowed): a new assessment is a
    new row, so the history is kept."""

    skjema = models.ForeignKey(Kartleggingsskjema, on_delete=models.PROTECT, related_name="+")
    dato = models.DateField(_("dato for kartleggingen"))
    utfort_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=KartleggingStatus.choices,
        default=KartleggingStatus.UTKAST,
    )
    svar = models.JSONField(_("svar"), default=dict, blank=True)  # item code → value
    total = models.SmallIntegerField(_("totalskår"), null=True, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True, max_length=2000)
    fullfort_at = models.DateTimeField(null=True, blank=True)
    feilregistrert_at = models.DateTimeField(null=True, blank=True)
    feilregistrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feilregistrert_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        ordering = ["-dato", "-created_at"]
        indexes = [
            models.Index(fields=["pasient", "-dato"], name="kartlegging_pasient_dato"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="fullfort") | models.Q(fullfort_at__isnull=False),
                name="kartlegging_fullfort_har_tid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="feilregistrert") | ~models.Q(feilregistrert_grunn=""),
                name="kartlegging_feilregistrert_har_grunn",
            ),
        ]

    def __str__(self) -> str:
        return f"Kartlegging {self.dato:%d.%m.%Y}"
