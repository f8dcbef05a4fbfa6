"""The receipts SYSVAK gave for our reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from journal.models import PasientScopedModel
from tjenester.helsestasjon.models import Vaksinasjon


class SysvakMeldingstype(models.TextChoices):
    VAKSINASJON = "vaksinasjon", _("Vaksinasjon")
    KORREKSJON = "korreksjon", _("Korreksjon")


class SysvakKvittering(PasientScopedModel):
    """SYSVAK's receipt for one report of a vaccination (given, or corrected): its
    reference, once per outbox delivery (a resend after a lost answer stores nothing new)."""

    vaksinasjon = models.ForeignKey(
        Vaksinasjon, on_delete=models.PROTECT, related_name="+", verbose_name=_("vaksinasjon")
    )
    type = models.CharField(_("type"), max_length=12, choices=SysvakMeldingstype.choices)
    referanse = models.CharField(_("SYSVAK-referanse"), max_length=100)
    levering_id = models.UUIDField(_("levering"), unique=True)
    mottatt_at = models.DateTimeField(_("kvittert"))

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("SYSVAK-kvittering")
        verbose_name_plural = _("SYSVAK-kvitteringer")
        ordering = ["mottatt_at", "id"]
        indexes = [models.Index(fields=["vaksinasjon"], name="sysvakkvittering_vaksinasjon")]

    def __str__(self) -> str:
        return f"SYSVAK {self.get_type_display()} {self.referanse}"
