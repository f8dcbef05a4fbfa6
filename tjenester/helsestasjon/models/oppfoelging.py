"""What happened: consultations (konsultasjon) held or missed, and vaccinations
(vaksinasjon) given or refused."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt
from journal.models import PasientScopedModel
from tjenester.helsestasjon.models.program import Programpunkt, Vaksinedose


class KonsultasjonStatus(models.TextChoices):
    UTFOERT = "utfort", _("Gjennomført")
    IKKE_MOETT = "ikke_mott", _("Ikke møtt")


class Konsultasjon(PasientScopedModel):
    """A consultation of the programme (`programpunkt`) held with the child on a date, or
    recorded as not attended. The note text starts from the topics of the programme point."""

    programpunkt = models.ForeignKey(
        Programpunkt, on_delete=models.PROTECT, related_name="+", verbose_name=_("konsultasjon")
    )
    dato = models.DateField(_("dato"))
    status = models.CharField(_("status"), max_length=10, choices=KonsultasjonStatus.choices)
    notat = models.TextField(_("notat"), blank=True)
    utfoert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("utført av")
    )

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("konsultasjon")
        verbose_name_plural = _("konsultasjoner")
        ordering = ["-dato", "id"]
        indexes = [models.Index(fields=["pasient", "programpunkt"], name="konsultasjon_pasient")]

    def __str__(self) -> str:
        return f"{self.programpunkt} {self.dato:%d.%m.%Y}"


class VaksinasjonStatus(models.TextChoices):
    GITT = "gitt", _("Gitt")
    RESERVERT = "reservert", _("Reservert (foresattes beslutning)")
    FEILREGISTRERT = "feilregistrert", _("Feilregistrert")


class VaksinasjonKilde(models.TextChoices):
    LOKAL = "lokal", _("Registrert her")
    SYSVAK = "sysvak", _("Fra SYSVAK")


class Injeksjonssted(models.TextChoices):
    LAAR_V = "laar_v", _("Lår, venstre")
    LAAR_H = "laar_h", _("Lår, høyre")
    OVERARM_V = "overarm_v", _("Overarm, venstre")
    OVERARM_H = "overarm_h", _("Overarm, høyre")
    MUNN = "munn", _("Gitt i munnen")


class Vaksinasjon(PasientScopedModel):
    """A vaccine dose given to a child (product, batch, site, giver, time), or the parents'
    recorded decision to refuse a dose. A dose given before the programme's minimum age or
    interval carries the giver's reason (`avvik_begrunnelse`). Reported to SYSVAK through
    the outbox (`sysvak.vaksinasjon`); a wrong entry is marked `feilregistrert`, never
    deleted. `kilde` is `sysvak` for earlier doses fetched from the national register."""

    vaksinedose = models.ForeignKey(
        Vaksinedose,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dose i programmet"),
    )
    vaksine = models.CharField(_("vaksine"), max_length=40)
    dose_nr = models.PositiveSmallIntegerField(_("dose"))
    status = models.CharField(_("status"), max_length=14, choices=VaksinasjonStatus.choices)
    kilde = models.CharField(
        _("kilde"), max_length=6, choices=VaksinasjonKilde.choices, default=VaksinasjonKilde.LOKAL
    )
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    preparat = models.CharField(_("preparat"), max_length=100, blank=True)
    batch = models.CharField(_("batchnummer"), max_length=40, blank=True)
    sted = models.CharField(
        _("injeksjonssted"), max_length=10, choices=Injeksjonssted.choices, blank=True
    )
    avvik_begrunnelse = models.CharField(
        _("begrunnelse for avvik fra minste alder/intervall"), max_length=500, blank=True
    )
    reservasjon_foresatt = models.CharField(_("besluttet av"), max_length=200, blank=True)
    reservasjon_begrunnelse = models.CharField(
        _("foresattes begrunnelse"), max_length=500, blank=True
    )
    registrert_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gitt/registrert av"),
    )
    feilregistrert_grunn = models.CharField(
        _("grunn til feilregistrering"), max_length=500, blank=True
    )

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("vaksinasjon")
        verbose_name_plural = _("vaksinasjoner")
        ordering = ["-tidspunkt", "id"]
        indexes = [models.Index(fields=["pasient", "vaksine"], name="vaksinasjon_pasient")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="gitt", kilde="lokal") | ~models.Q(batch=""),
                name="vaksinasjon_gitt_har_batch",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reservert") | ~models.Q(reservasjon_foresatt=""),
                name="vaksinasjon_reservasjon_har_foresatt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vaksine} dose {self.dose_nr} ({self.get_status_display()})"
