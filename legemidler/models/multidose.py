"""Multidose: every change to an order the pharmacy packs in multidose is sent to the
pharmacy through the outbox; the link from the order to the event shows its delivery."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, Utbokshendelse
from legemidler.models.forordning import Forordning


class MultidoseEndringType(models.TextChoices):
    NY = "ny", _("Ny forordning")
    SEPONERT = "seponert", _("Seponert")
    ENDRET = "endret", _("Endret")


class Multidoseendring(BaseModel):
    """One change of a multidose order told to the pharmacy: what changed (`endring`) and
    the outbox event (`utbokshendelse`) whose deliveries show whether it arrived."""

    forordning = models.ForeignKey(
        Forordning, on_delete=models.PROTECT, related_name="multidoseendringer"
    )
    endring = models.CharField(_("endring"), max_length=10, choices=MultidoseEndringType.choices)
    utbokshendelse = models.OneToOneField(
        Utbokshendelse, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("multidoseendring")
        verbose_name_plural = _("multidoseendringer")
        constraints = [
            models.UniqueConstraint(
                fields=["forordning", "endring"], name="multidoseendring_en_per_endring"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forordning_id} {self.endring}"
