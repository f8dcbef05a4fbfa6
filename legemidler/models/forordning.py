"""Medication orders (forordning): what a patient is to be given, by whom it was ordered, on
which schedule, and why it was stopped. The patient's medication list (legemiddelliste) is
their orders, active and ended.

The schedule is JSON (`dosering`) read and written only through `legemidler.lib.dosering`
(`Forordning.plan`). An order is never deleted or edited in place: a change stops the old
order and creates a new one pointing back at it (`erstatter`). A check at ordering time that
the doctor overrode keeps its reason (`Overstyring`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models import PasientScopedModel
from legemidler.lib import dosering as lib
from legemidler.models.katalog import Legemiddel


class Doseringstype(models.TextChoices):
    FAST = lib.FAST, _("Fast dosering")
    NEDTRAPPING = lib.NEDTRAPPING, _("Nedtrapping")
    BEHOV = lib.BEHOV, _("Ved behov")


class DoseEnhet(models.TextChoices):
    TABLETT = "tablett", _("tablett")
    KAPSEL = "kapsel", _("kapsel")
    STK = "stk", _("stk")
    DOSE = "dose", _("dose")
    DRAAPE = "draape", _("dråpe")
    PUST = "pust", _("pust")
    PLASTER = "plaster", _("plaster")
    MG = "mg", _("mg")
    MIKROG = "mikrog", _("mikrogram")
    G = "g", _("g")
    ML = "ml", _("ml")
    IE = "IE", _("IE")
    MMOL = "mmol", _("mmol")


class Administrasjonsvei(models.TextChoices):
    """Route of administration (the common ones of FEST kodeverk 7477)."""

    ORAL = "oral", _("Oral (via munnen)")
    SUBLINGUAL = "sublingual", _("Sublingual (under tungen)")
    SUBKUTAN = "subkutan", _("Subkutan")
    INTRAMUSKULAER = "intramuskulaer", _("Intramuskulær")
    INTRAVENOES = "intravenoes", _("Intravenøs")
    REKTAL = "rektal", _("Rektal")
    KUTAN = "kutan", _("På huden (kutan)")
    TRANSDERMAL = "transdermal", _("Plaster (transdermal)")
    INHALASJON = "inhalasjon", _("Inhalasjon")
    NASAL = "nasal", _("I nesen")
    OKULAER = "okulaer", _("I øyet")
    AURIKULAER = "aurikulaer", _("I øret")
    VAGINAL = "vaginal", _("Vaginal")
    SONDE = "sonde", _("I sonde")


class ForordningStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktiv")
    SEPONERT = "seponert", _("Seponert")


class Forordning(PasientScopedModel):
    """One medication order of a patient (FHIR MedicationRequest): the product, the dose
    schedule (`doseringstype` + `dosering`, see `legemidler.lib.dosering`), route, notes
    such as "må ikke knuses", indication, start and planned end (`sluttdato`, inclusive: a
    course), and whether the pharmacy packs it in multidose.

    Ordered by a doctor (`ordinert_av`, HPR copied at ordering). A nurse may register a
    doctor's telephone order (`telefonordinasjon`): it is flagged until the doctor confirms
    it (`bekreftet_av`/`bekreftet_at`) and listed as overdue after `bekreftes_innen`.
    Stopped (seponert) with a reason; never deleted."""

    legemiddel = models.ForeignKey(
        Legemiddel, on_delete=models.PROTECT, related_name="forordninger"
    )
    # Copied at ordering, so the list reads the same after the catalogue changes.
    legemiddel_navn = models.CharField(_("legemiddel"), max_length=300)
    atc = models.CharField(_("ATC-kode"), max_length=8)
    doseringstype = models.CharField(
        _("doseringstype"), max_length=16, choices=Doseringstype.choices
    )
    dosering = models.JSONField(_("dosering"))
    dose_enhet = models.CharField(_("doseenhet"), max_length=8, choices=DoseEnhet.choices)
    administrasjonsvei = models.CharField(
        _("administrasjonsvei"), max_length=16, choices=Administrasjonsvei.choices
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    indikasjon = models.CharField(_("indikasjon"), max_length=300)
    multidose = models.BooleanField(_("multidose"), default=False)
    start = models.DateTimeField(_("start"))
    sluttdato = models.DateField(_("planlagt slutt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ForordningStatus.choices, default="aktiv"
    )
    ordinert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("ordinert av")
    )
    ordinert_av_hpr = models.CharField(_("HPR-nummer"), max_length=9)
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    telefonordinasjon = models.BooleanField(_("telefonordinasjon"), default=False)
    bekreftes_innen = models.DateTimeField(_("bekreftes innen"), null=True, blank=True)
    bekreftet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bekreftet_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    seponert_at = models.DateTimeField(_("seponert"), null=True, blank=True)
    seponert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seponeringsgrunn = models.CharField(_("seponeringsgrunn"), max_length=500, blank=True)
    erstatter = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erstattet_av",
        verbose_name=_("erstatter forordning"),
    )

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("forordning")
        verbose_name_plural = _("forordninger")
        ordering = ["pasient", "-start", "id"]
        indexes = [
            models.Index(fields=["pasient", "status"], name="forordning_pasient_status"),
            models.Index(
                fields=["enhet", "bekreftes_innen"],
                name="forordning_ubekreftet",
                condition=models.Q(telefonordinasjon=True, bekreftet_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(doseringstype__in=[lib.FAST, lib.NEDTRAPPING, lib.BEHOV]),
                name="forordning_doseringstype_gyldig",
            ),
            # Stopped ⇔ when, by whom and why are known.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status="seponert",
                        seponert_at__isnull=False,
                        seponert_av__isnull=False,
                    )
                    & ~models.Q(seponeringsgrunn="")
                )
                | models.Q(status="aktiv", seponert_at__isnull=True),
                name="forordning_seponert_med_grunn",
            ),
            # Confirmed: both who and when, and only a telephone order needs it.
            models.CheckConstraint(
                condition=models.Q(bekreftet_av__isnull=True, bekreftet_at__isnull=True)
                | models.Q(
                    telefonordinasjon=True, bekreftet_av__isnull=False, bekreftet_at__isnull=False
                ),
                name="forordning_bekreftelse_hel",
            ),
            models.CheckConstraint(
                condition=models.Q(telefonordinasjon=True) | models.Q(bekreftes_innen__isnull=True),
                name="forordning_frist_bare_telefon",
            ),
            models.CheckConstraint(
                condition=~models.Q(ordinert_av_hpr=""), name="forordning_hpr_paakrevd"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legemiddel_navn} ({self.get_status_display()})"

    @property
    def plan(self) -> lib.Doseringsplan:
        """The schedule as `legemidler.lib.dosering.Doseringsplan`."""
        return lib.plan_from_dict({**self.dosering, "type": self.doseringstype})

    @property
    def dosering_tekst(self) -> str:
        """The schedule in Norwegian words (lists, print)."""
        return lib.plan_describe(self.plan, self.get_dose_enhet_display())

    @property
    def er_ubekreftet(self) -> bool:
        """A telephone order the doctor has not yet confirmed."""
        return self.telefonordinasjon and self.bekreftet_at is None


class Kontroll(models.TextChoices):
    """The checks at ordering time; a finding stops the order until overridden with a reason."""

    ALLERGI = "allergi", _("Allergi (CAVE)")
    INTERAKSJON = "interaksjon", _("Interaksjon")
    SAMME_VIRKESTOFF = "samme_virkestoff", _("Samme virkestoff to ganger")
    UKENTLIG = "ukentlig", _("Daglig dosering av legemiddel som gis ukentlig")
    BEHOV_MAKS = "behov_maks", _("Ved behov uten maksimal dose")


class Overstyring(BaseModel):
    """A check at ordering time (`kontroll`) that the orderer overrode: what the check said
    (`melding`) and the written reason (`begrunnelse`), kept with the order."""

    forordning = models.ForeignKey(
        Forordning, on_delete=models.PROTECT, related_name="overstyringer"
    )
    kontroll = models.CharField(_("kontroll"), max_length=20, choices=Kontroll.choices)
    melding = models.TextField(_("melding"))
    begrunnelse = models.TextField(_("begrunnelse"))
    overstyrt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(BaseModel.Meta):
        verbose_name = _("overstyrt kontroll")
        verbose_name_plural = _("overstyrte kontroller")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(begrunnelse=""), name="overstyring_begrunnelse_paakrevd"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kontroll_display()}: {self.begrunnelse[:60]}"
