"""Medication reconciliation (legemiddelsamstemming) and medication review
(legemiddelgjennomgang).

Reconciliation, on admission to a nursing home or start of home care: an incoming list
(typed in now; the GP's PLO message later) is compared with the current orders, and each
line is decided (continue, change, stop, new) with a reason; a doctor signs. Until a
reconciliation is signed after the patient came into the nursing home or home care, the
patient banner says the list is not reconciled.

Review: a structured review of all the patient's medication, with date, participants,
findings and changes (reported to IPLOS/KPR).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models import PasientScopedModel
from legemidler.models.forordning import Forordning
from legemidler.models.katalog import Legemiddel


class SamstemmingAnledning(models.TextChoices):
    INNLEGGELSE = "innleggelse", _("Innleggelse i sykehjem")
    HJEMMETJENESTE = "hjemmetjeneste", _("Oppstart i hjemmetjenesten")
    UTSKRIVNING = "utskrivning", _("Etter sykehusopphold")
    ANNET = "annet", _("Annet")


class SamstemmingStatus(models.TextChoices):
    PAAGAAR = "paagaar", _("Pågår")
    SIGNERT = "signert", _("Signert")


class Legemiddelsamstemming(PasientScopedModel):
    """One reconciliation of a patient's medication list against an incoming list; signed by
    a doctor (`signert_av`, HPR copied) when every line is decided. At most one in progress
    per patient."""

    anledning = models.CharField(
        _("anledning"), max_length=16, choices=SamstemmingAnledning.choices
    )
    kilde = models.CharField(
        _("kilde for innkommende liste"),
        max_length=300,
        help_text=_("F.eks. fastlegens legemiddelliste, epikrise, pasient eller pårørende."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=SamstemmingStatus.choices, default="paagaar"
    )
    startet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    signert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signert_av_hpr = models.CharField(_("HPR-nummer"), max_length=9, blank=True)
    signert_at = models.DateTimeField(_("signert"), null=True, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("legemiddelsamstemming")
        verbose_name_plural = _("legemiddelsamstemminger")
        ordering = ["pasient", "-created_at"]
        indexes = [models.Index(fields=["pasient", "status"], name="samstemming_pasient")]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient"],
                condition=models.Q(status="paagaar"),
                name="samstemming_en_paagaar_per_pasient",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status="paagaar", signert_av__isnull=True, signert_at__isnull=True
                )
                | (
                    models.Q(status="signert", signert_av__isnull=False, signert_at__isnull=False)
                    & ~models.Q(signert_av_hpr="")
                ),
                name="samstemming_signert_hel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_anledning_display()} ({self.get_status_display()})"


class Beslutning(models.TextChoices):
    FORTSETT = "fortsett", _("Fortsett")
    ENDRE = "endre", _("Endre")
    SEPONER = "seponer", _("Seponer")
    NY = "ny", _("Ny")


class SamstemmingLinje(BaseModel):
    """One line of a reconciliation: a current order (`forordning`) and/or a drug from the
    incoming list (`innkommende`, as typed, optionally matched to a catalogue product), and
    the decision with its reason. A signed reconciliation stops the orders decided
    `seponer`."""

    samstemming = models.ForeignKey(
        Legemiddelsamstemming, on_delete=models.PROTECT, related_name="linjer"
    )
    forordning = models.ForeignKey(
        Forordning, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    innkommende = models.CharField(_("fra innkommende liste"), max_length=300, blank=True)
    legemiddel = models.ForeignKey(
        Legemiddel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beslutning = models.CharField(
        _("beslutning"), max_length=8, choices=Beslutning.choices, blank=True
    )
    begrunnelse = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    besluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besluttet_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("linje i legemiddelsamstemming")
        verbose_name_plural = _("linjer i legemiddelsamstemming")
        ordering = ["samstemming", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forordning__isnull=False) | ~models.Q(innkommende=""),
                name="samstemmingslinje_har_innhold",
            ),
            models.CheckConstraint(
                condition=models.Q(beslutning="", besluttet_av__isnull=True)
                | (
                    ~models.Q(beslutning="")
                    & ~models.Q(begrunnelse="")
                    & models.Q(besluttet_av__isnull=False, besluttet_at__isnull=False)
                ),
                name="samstemmingslinje_beslutning_med_grunn",
            ),
        ]

    def __str__(self) -> str:
        return self.innkommende or (self.forordning.legemiddel_navn if self.forordning else "")


class Legemiddelgjennomgang(PasientScopedModel):
    """A medication review (legemiddelgjennomgang): when, who took part, what was found and
    what was changed. Recorded by a doctor; counted for IPLOS/KPR."""

    dato = models.DateField(_("dato"))
    deltakere = models.CharField(_("deltakere"), max_length=500)
    funn = models.TextField(_("funn"))
    endringer = models.TextField(_("endringer"), blank=True)
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("legemiddelgjennomgang")
        verbose_name_plural = _("legemiddelgjennomganger")
        ordering = ["pasient", "-dato", "-created_at"]
        indexes = [models.Index(fields=["pasient", "dato"], name="gjennomgang_pasient")]

    def __str__(self) -> str:
        return f"{self.dato:%d.%m.%Y}"
