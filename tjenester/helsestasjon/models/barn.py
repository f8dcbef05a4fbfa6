"""The child at the health station: enrolment (innskrivning) and the people with parental
responsibility (foresatte)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Behandlingsrelasjon, Pasient, PasientScopedModel


class InnskrivningGrunn(models.TextChoices):
    FOEDSEL = "fodsel", _("Fødsel")
    INNFLYTTING = "innflytting", _("Innflytting")
    OVERFOERING = "overforing", _("Overført fra annen helsestasjon")


class Innskrivning(PasientScopedModel):
    """A child enrolled at a health station (`enhet`) for a period. Opens the
    `helsestasjon` care relationship; a move closes it and opens a new enrolment at the
    receiving station with `forrige` pointing back, so the history follows the child.
    `ansvarlig` is the nurse whose worklist the child is on. The programme status
    (`neste_*`, `aktuell_fra`, `forfall`: the open items and the days each is on the
    worklist) is stored as of `status_beregnet` by `services.status` and read by the
    worklist; the day decides what is due, so the stored dates never go stale."""

    grunn = models.CharField(_("grunn"), max_length=12, choices=InnskrivningGrunn.choices)
    fra_dato = models.DateField(_("innskrevet fra"))
    til_dato = models.DateField(_("innskrevet til"), null=True, blank=True)
    ansvarlig = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig helsesykepleier"),
    )
    relasjon = models.ForeignKey(
        Behandlingsrelasjon, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forrige = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="neste",
        verbose_name=_("forrige innskrivning"),
    )
    overfoert_til = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overført til"),
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    # The child's programme status (hs: worklist speed), kept by the services that change
    # it (services/status.py) in the same transaction; see lib.program.worklist_windows.
    neste_konsultasjon = models.CharField(_("neste konsultasjon"), max_length=40, blank=True)
    neste_konsultasjon_forfall = models.DateField(
        _("neste konsultasjon forfaller"), null=True, blank=True
    )
    neste_vaksinedose = models.CharField(_("neste vaksinedose"), max_length=40, blank=True)
    neste_vaksinedose_forfall = models.DateField(
        _("neste vaksinedose forfaller"), null=True, blank=True
    )
    aktuell_fra = models.DateField(_("på arbeidslisten fra"), null=True, blank=True)
    forfall = models.JSONField(_("åpne punkter i programmet"), default=list, blank=True)
    status_beregnet = models.DateField(_("status beregnet"), null=True, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("innskrivning")
        verbose_name_plural = _("innskrivninger")
        ordering = ["-fra_dato", "id"]
        indexes = [
            models.Index(
                fields=["enhet", "ansvarlig"],
                name="innskrivning_aktiv",
                condition=models.Q(til_dato__isnull=True),
            ),
            models.Index(fields=["pasient", "-fra_dato"], name="innskrivning_pasient"),
            models.Index(
                fields=["enhet", "ansvarlig", "aktuell_fra"],
                name="innskrivning_arbeidsliste",
                condition=models.Q(til_dato__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient"],
                condition=models.Q(til_dato__isnull=True),
                name="innskrivning_en_aktiv",
            ),
            models.CheckConstraint(
                condition=models.Q(til_dato__isnull=True)
                | models.Q(til_dato__gte=models.F("fra_dato")),
                name="innskrivning_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"Innskrevet {self.fra_dato:%d.%m.%Y}"


class Foreldreansvar(models.TextChoices):
    FELLES = "felles", _("Felles foreldreansvar")
    ALENE = "alene", _("Foreldreansvar alene")
    INGEN = "ingen", _("Uten foreldreansvar")


class Foresatt(BaseModel):
    """A parent or other person with (or without) parental responsibility for a child,
    with fødselsnummer and contact details for invitations. The journal's `Paaroerende`
    holds next of kin; this is the health station's register of who decides for the child."""

    pasient = models.ForeignKey(Pasient, on_delete=models.CASCADE, related_name="+")
    navn = models.CharField(_("navn"), max_length=200)
    identifikator = models.CharField(_("fødselsnummer"), max_length=11, blank=True)
    relasjon = models.CharField(_("relasjon til barnet"), max_length=100)
    foreldreansvar = models.CharField(
        _("foreldreansvar"), max_length=6, choices=Foreldreansvar.choices
    )
    telefon = models.CharField(_("mobil"), max_length=20, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")
        ordering = ["navn", "id"]
        indexes = [models.Index(fields=["pasient"], name="foresatt_pasient")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.relasjon})"
