"""Alerts (varsler) the nightly check raises so that nothing silently falls out."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Pasient


class VarselType(models.TextChoices):
    VEDTAK_UTLOPER = "vedtak_utloper", _("Vedtak går ut")
    REVURDERING = "revurdering", _("Vedtak skal revurderes")
    TJENESTE_UTEN_VEDTAK = "tjeneste_uten_vedtak", _("Tjeneste uten gyldig vedtak")
    IKKE_STARTET = "ikke_startet", _("Innvilget tjeneste ikke startet")


class Varsel(BaseModel):
    """One alert about one thing (a decision or a service), due on a date.

    At most one open alert per (type, object): the nightly check is idempotent. An alert
    is resolved by a person or, when its condition is gone, by the check itself.
    """

    type = models.CharField(_("type"), max_length=24, choices=VarselType.choices)
    objekt_type = models.CharField(max_length=50)
    objekt_id = models.UUIDField()
    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    utforende_enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forfallsdato = models.DateField(_("forfaller"))
    tekst = models.CharField(_("tekst"), max_length=300)
    lost_at = models.DateTimeField(null=True, blank=True)
    lost_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lost_kommentar = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["forfallsdato", "id"]
        indexes = [
            models.Index(
                fields=["enhet", "forfallsdato"],
                name="varsel_apne_enhet",
                condition=models.Q(lost_at__isnull=True),
            ),
            models.Index(
                fields=["utforende_enhet", "forfallsdato"],
                name="varsel_apne_utforende",
                condition=models.Q(lost_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "objekt_id"],
                condition=models.Q(lost_at__isnull=True),
                name="varsel_ett_apent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.tekst}"
