"""Appeals (klage) against decisions: the office's re-assessment and Statsforvalteren."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt
from journal.models import PasientScopedModel
from tildeling.models.vedtak import Vedtak


class KlageStatus(models.TextChoices):
    MOTTATT = "mottatt", _("Mottatt")
    OMGJORT = "omgjort", _("Omgjort av kommunen")
    OVERSENDT = "oversendt", _("Oversendt Statsforvalteren")
    AVGJORT = "avgjort", _("Avgjort av Statsforvalteren")


class KommuneUtfall(models.TextChoices):
    OPPRETTHOLDT = "opprettholdt", _("Opprettholdt")
    OMGJORT = "omgjort", _("Omgjort")


class StatsforvalterUtfall(models.TextChoices):
    STADFESTET = "stadfestet", _("Vedtaket er stadfestet")
    OMGJORT = "omgjort", _("Vedtaket er endret")
    OPPHEVET = "opphevet", _("Vedtaket er opphevet (ny behandling)")


class Klage(PasientScopedModel):
    """An appeal against a decision (forvaltningsloven kap. VI).

    The deadline is three weeks from when the letter was sent; a late appeal is
    registered and flagged (`for_sent`), never refused by the system.
    """

    vedtak = models.ForeignKey(Vedtak, on_delete=models.PROTECT, related_name="klager")
    mottatt_dato = models.DateField(_("mottatt"))
    frist_dato = models.DateField(_("klagefrist"), null=True, blank=True)
    for_sent = models.BooleanField(_("kom etter fristen"), default=False)
    anforsler = models.TextField(_("klagen"), max_length=8000)
    status = models.CharField(
        _("status"), max_length=12, choices=KlageStatus.choices, default=KlageStatus.MOTTATT
    )
    vurdering = models.TextField(_("kommunens vurdering"), max_length=8000, blank=True)
    kommune_utfall = models.CharField(
        _("kommunens utfall"), max_length=12, choices=KommuneUtfall.choices, blank=True
    )
    vurdert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vurdert_dato = models.DateField(_("vurdert"), null=True, blank=True)
    oversendt_dato = models.DateField(_("oversendt Statsforvalteren"), null=True, blank=True)
    statsforvalter_utfall = models.CharField(
        _("Statsforvalterens utfall"),
        max_length=12,
        choices=StatsforvalterUtfall.choices,
        blank=True,
    )
    statsforvalter_dato = models.DateField(_("avgjort av Statsforvalteren"), null=True, blank=True)
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["-mottatt_dato", "-created_at"]

    def __str__(self) -> str:
        return f"Klage {self.mottatt_dato:%d.%m.%Y}"
