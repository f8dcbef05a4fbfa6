"""Service deliveries (tjenester) a unit gives a patient, started by a decision (vedtak)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt
from journal.models.pasient import PasientScopedModel


class TjenesteStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktiv")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Tjeneste(PasientScopedModel):
    """One service a unit (`enhet`, the providing unit) delivers to a patient for a period.

    The service type is an IPLOS kodeverk 9151 code with its name copied in (journal does
    not know the tildeling catalogue); `kilde_vedtak_id` names the decision behind it.
    Started and ended only through journal.services (tjeneste_start / tjeneste_close).
    """

    tjenestetype_kode = models.CharField(_("tjenestetype (IPLOS 9151)"), max_length=8)
    navn = models.CharField(_("tjeneste"), max_length=200)
    omfang = models.DecimalField(_("omfang"), max_digits=7, decimal_places=2, null=True, blank=True)
    omfang_enhet = models.CharField(_("enhet for omfang"), max_length=40, blank=True)
    fra_dato = models.DateField(_("fra"))
    til_dato = models.DateField(_("til"), null=True, blank=True)
    kilde_vedtak_id = models.UUIDField(_("vedtak"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TjenesteStatus.choices, default=TjenesteStatus.AKTIV
    )
    startet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_at = models.DateTimeField(null=True, blank=True)
    avslutning_grunn = models.CharField(_("grunn til avslutning"), max_length=200, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["-fra_dato", "id"]
        indexes = [
            models.Index(fields=["pasient", "status"], name="tjeneste_pasient_status"),
            models.Index(fields=["kilde_vedtak_id"], name="tjeneste_vedtak"),
            models.Index(fields=["enhet", "status"], name="tjeneste_enhet_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til_dato__isnull=True)
                | models.Q(til_dato__gte=models.F("fra_dato")),
                name="tjeneste_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.fra_dato:%d.%m.%Y})"
