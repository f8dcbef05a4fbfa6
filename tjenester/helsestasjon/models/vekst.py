"""Growth: the child's measurements (weight, length/height, head circumference) and the
birth facts that correct the age of a child born preterm."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt
from journal.models.pasient import PasientScopedModel


class Maalemetode(models.TextChoices):
    """How length/height was measured (WHO: lying under two years, standing from two)."""

    LIGGENDE = "liggende", _("Liggende")
    STAAENDE = "staaende", _("Stående")


class Vekstmaaling(PasientScopedModel):
    """One growth measurement of a child on one date. Values not measured are NULL;
    weight in grams, length/height and head circumference in millimetres."""

    dato = models.DateField(_("dato"))
    vekt_g = models.PositiveIntegerField(_("vekt (g)"), null=True, blank=True)
    lengde_mm = models.PositiveIntegerField(_("lengde/høyde (mm)"), null=True, blank=True)
    hodeomkrets_mm = models.PositiveIntegerField(_("hodeomkrets (mm)"), null=True, blank=True)
    maalemetode = models.CharField(
        _("målt liggende/stående"), max_length=10, choices=Maalemetode.choices, blank=True
    )
    maalt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("målt av")
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("vekstmåling")
        verbose_name_plural = _("vekstmålinger")
        ordering = ["dato", "created_at"]
        indexes = [models.Index(fields=["pasient", "dato"], name="vekstmaaling_pasient_dato")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vekt_g__isnull=False)
                | models.Q(lengde_mm__isnull=False)
                | models.Q(hodeomkrets_mm__isnull=False),
                name="vekstmaaling_minst_en_verdi",
            )
        ]

    def __str__(self) -> str:
        return f"Vekstmåling {self.dato:%d.%m.%Y}"

    @property
    def vekt_kg(self) -> Decimal | None:
        return None if self.vekt_g is None else Decimal(self.vekt_g) / 1000

    @property
    def lengde_cm(self) -> Decimal | None:
        return None if self.lengde_mm is None else Decimal(self.lengde_mm) / 10

    @property
    def hodeomkrets_cm(self) -> Decimal | None:
        return None if self.hodeomkrets_mm is None else Decimal(self.hodeomkrets_mm) / 10


class Fodselsopplysning(PasientScopedModel):
    """The gestational age at birth of a child (one per child), which corrects the age on
    the growth charts for a child born before 37 weeks until two years."""

    svangerskapsuker = models.PositiveSmallIntegerField(
        _("svangerskapsuke ved fødsel"), validators=[MinValueValidator(22), MaxValueValidator(44)]
    )
    svangerskapsdager = models.PositiveSmallIntegerField(
        _("dager utover hele uker"), default=0, validators=[MaxValueValidator(6)]
    )
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("fødselsopplysning")
        verbose_name_plural = _("fødselsopplysninger")
        constraints = [
            models.UniqueConstraint(fields=["pasient"], name="fodselsopplysning_en_per_barn")
        ]

    def __str__(self) -> str:
        return f"Født i uke {self.svangerskapsuker}+{self.svangerskapsdager}"
