"""The administration round (utdeling): a unit's settings for its rounds, every dose given or
not given (administrasjon, FHIR MedicationAdministration), the evaluation of a PRN dose's
effect, and the flags of doses nobody signed or a dispenser reported missed (dosevarsel).

Signed administrations are immutable in PostgreSQL (migration 0003_utdeling): the only
change a row accepts is the second signature of a dose that needs double signing, once, by
someone else than the one who gave it. A correction is a new row pointing at the old one.
Which doses need double signing is decided in the database too: a trigger sets
`krever_dobbel` for prescription group A and B drugs and for ATC codes the unit marks.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import PasientScopedModel
from legemidler.lib.utdeling import STANDARD_RUNDER, runder_from_list, runder_to_list
from legemidler.models.forordning import Forordning

STANDARD_VARSEL_MIN = 60
STANDARD_EFFEKT_MIN = 60


def standard_runder() -> list[dict[str, str]]:
    return runder_to_list(STANDARD_RUNDER)


class Utdelingsoppsett(BaseModel):
    """A unit's settings for the administration round: its rounds (`runder`, JSON read
    through `legemidler.lib.utdeling.runder_from_list`), how long after it was due an
    unsigned dose is flagged (`varsel_etter_min`), when a PRN dose's effect is to be
    evaluated (`effekt_etter_min`), and ATC codes (prefixes) the unit double-signs besides
    prescription groups A and B (`dobbeltkontroll_atc`). A unit without settings uses the
    defaults."""

    enhet = models.OneToOneField(Enhet, on_delete=models.CASCADE, related_name="utdelingsoppsett")
    runder = models.JSONField(_("runder"), default=standard_runder)
    varsel_etter_min = models.PositiveSmallIntegerField(
        _("varsle ikke signert dose etter (min)"), default=STANDARD_VARSEL_MIN
    )
    effekt_etter_min = models.PositiveSmallIntegerField(
        _("evaluere effekt av behovsdose etter (min)"), default=STANDARD_EFFEKT_MIN
    )
    dobbeltkontroll_atc = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("ATC-koder med dobbeltkontroll"),
        default=list,
        blank=True,
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("utdelingsoppsett")
        verbose_name_plural = _("utdelingsoppsett")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(varsel_etter_min__gte=5, varsel_etter_min__lte=24 * 60),
                name="utdelingsoppsett_varsel_rimelig",
            ),
            models.CheckConstraint(
                condition=models.Q(effekt_etter_min__gte=5, effekt_etter_min__lte=24 * 60),
                name="utdelingsoppsett_effekt_rimelig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enhet_id}"

    def clean(self) -> None:
        """The rounds must cover the day exactly once (Norwegian ValidationError)."""
        runder_from_list(self.runder)
        self.dobbeltkontroll_atc = [
            a.strip().upper() for a in self.dobbeltkontroll_atc if a.strip()
        ]


class AdministrasjonStatus(models.TextChoices):
    GITT = "gitt", _("Gitt")
    GITT_ANNEN_DOSE = "gitt_annen_dose", _("Gitt, annen dose")
    IKKE_GITT = "ikke_gitt", _("Ikke gitt")


class IkkeGittGrunn(models.TextChoices):
    NEKTET = "nektet", _("Nektet")
    SOV = "sov", _("Sov")
    IKKE_TIL_STEDE = "ikke_til_stede", _("Ikke til stede")
    KASTET_OPP = "kastet_opp", _("Kastet opp")
    HOLDT_TILBAKE = "holdt_tilbake", _("Holdt tilbake etter forordning")


class AdministrasjonKilde(models.TextChoices):
    RUNDE = "runde", _("Utdelingsrunde")
    BESOEK = "besoek", _("Hjemmebesøk")
    API = "api", _("API")


class Administrasjon(PasientScopedModel):
    """One dose of an order given, given with another dose, or not given with a reason
    (FHIR MedicationAdministration). A scheduled dose has its due moment (`forfall_at`);
    a PRN dose has none and carries why it was given (`behov_grunn`) and when its effect is
    to be evaluated (`effekt_forfall_at`). `forsinket`: given later than the unit's limit.

    Signed by `signert_av`; a dose that needs double signing (`krever_dobbel`, set by the
    database) is complete when a different person has signed as `kontrollert_av`.
    Immutable once written; a correction is a new row (`korrigerer`, `korreksjonsgrunn`).
    One uncorrected row per due dose (two nurses at the same moment: one wins)."""

    forordning = models.ForeignKey(
        Forordning, on_delete=models.PROTECT, related_name="administrasjoner"
    )
    forfall_at = models.DateTimeField(_("forfall"), null=True, blank=True)
    planlagt_dose = models.DecimalField(
        _("planlagt dose"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=AdministrasjonStatus.choices)
    grunn = models.CharField(
        _("grunn til ikke gitt"), max_length=16, choices=IkkeGittGrunn.choices, blank=True
    )
    dose = models.DecimalField(_("dose"), max_digits=12, decimal_places=4, null=True, blank=True)
    dose_enhet = models.CharField(_("doseenhet"), max_length=8)
    gitt_at = models.DateTimeField(_("tidspunkt"))
    forsinket = models.BooleanField(_("gitt for sent"), default=False)
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    behov_grunn = models.CharField(_("grunn til behovsdose"), max_length=300, blank=True)
    effekt_forfall_at = models.DateTimeField(_("effekt evalueres"), null=True, blank=True)
    kilde = models.CharField(
        _("kilde"), max_length=8, choices=AdministrasjonKilde.choices, default="runde"
    )
    besoek_id = models.UUIDField(_("hjemmebesøk"), null=True, blank=True)
    signert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("signert av")
    )
    signert_at = models.DateTimeField(_("signert"))
    krever_dobbel = models.BooleanField(_("krever dobbeltkontroll"), default=False)
    kontrollert_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontrollert av"),
    )
    kontrollert_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    korrigerer = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="korrigert_av",
        verbose_name=_("korrigerer"),
    )
    korreksjonsgrunn = models.CharField(_("grunn til korrigering"), max_length=500, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("administrasjon")
        verbose_name_plural = _("administrasjoner")
        ordering = ["gitt_at", "id"]
        indexes = [
            models.Index(fields=["forordning", "gitt_at"], name="administrasjon_ord_tid"),
            models.Index(fields=["pasient", "gitt_at"], name="administrasjon_pas_tid"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["forordning", "forfall_at"],
                condition=models.Q(forfall_at__isnull=False, korrigerer__isnull=True),
                name="administrasjon_en_per_forfall",
            ),
            models.CheckConstraint(
                condition=models.Q(kontrollert_av__isnull=True)
                | ~models.Q(kontrollert_av=models.F("signert_av")),
                name="administrasjon_kontroll_annen_person",
            ),
            models.CheckConstraint(
                condition=models.Q(kontrollert_av__isnull=True, kontrollert_at__isnull=True)
                | models.Q(kontrollert_av__isnull=False, kontrollert_at__isnull=False),
                name="administrasjon_kontroll_hel",
            ),
            models.CheckConstraint(
                condition=models.Q(status="ikke_gitt", dose__isnull=True) & ~models.Q(grunn="")
                | models.Q(status__in=["gitt", "gitt_annen_dose"], dose__gt=0, grunn=""),
                name="administrasjon_status_gyldig",
            ),
            models.CheckConstraint(
                condition=models.Q(korrigerer__isnull=True) | ~models.Q(korreksjonsgrunn=""),
                name="administrasjon_korrigering_grunn",
            ),
            models.CheckConstraint(
                condition=models.Q(forfall_at__isnull=False) | ~models.Q(behov_grunn=""),
                name="administrasjon_behov_grunn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.gitt_at:%d.%m.%Y %H:%M}"

    @property
    def venter_kontroll(self) -> bool:
        """Given, needs a second signature, and has none yet."""
        return (
            self.krever_dobbel
            and self.kontrollert_av_id is None
            and self.status != AdministrasjonStatus.IKKE_GITT
        )


class Effektvurdering(BaseModel):
    """The evaluation of a PRN dose's effect, written after the unit's set time."""

    administrasjon = models.OneToOneField(
        Administrasjon, on_delete=models.PROTECT, related_name="effektvurdering"
    )
    tekst = models.CharField(_("effekt"), max_length=1000)
    vurdert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    vurdert_at = models.DateTimeField(_("vurdert"))

    class Meta(BaseModel.Meta):
        verbose_name = _("effektvurdering")
        verbose_name_plural = _("effektvurderinger")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(tekst=""), name="effektvurdering_tekst_paakrevd"
            )
        ]

    def __str__(self) -> str:
        return self.tekst[:60]


class DosevarselKilde(models.TextChoices):
    IKKE_SIGNERT = "ikke_signert", _("Dose ikke signert")
    DOSETTAUTOMAT = "dosettautomat", _("Medisindispenser: dose ikke tatt")


class Dosevarsel(PasientScopedModel):
    """A dose that may have been missed: one nobody signed within the unit's limit after it
    was due (`ikke_signert`), or a medication dispenser's missed-dose event from welfare
    technology (`dosettautomat`, `hendelse_ref` = the event's id), linked to the order
    when one was due then. Open until someone closes it with what was done (`tiltak`)."""

    kilde = models.CharField(_("kilde"), max_length=16, choices=DosevarselKilde.choices)
    forordning = models.ForeignKey(
        Forordning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dosevarsler",
    )
    forfall_at = models.DateTimeField(_("forfall"), null=True, blank=True)
    hendelse_ref = models.CharField(_("hendelse"), max_length=64, blank=True)
    tekst = models.CharField(_("tekst"), max_length=500)
    oppdaget_at = models.DateTimeField(_("oppdaget"))
    lukket_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lukket_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    tiltak = models.CharField(_("hva ble gjort"), max_length=1000, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("dosevarsel")
        verbose_name_plural = _("dosevarsler")
        ordering = ["-oppdaget_at", "id"]
        indexes = [
            models.Index(
                fields=["enhet", "oppdaget_at"],
                name="dosevarsel_aapne",
                condition=models.Q(lukket_at__isnull=True),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["forordning", "forfall_at"],
                condition=models.Q(kilde="ikke_signert"),
                name="dosevarsel_en_per_forfall",
            ),
            models.UniqueConstraint(
                fields=["hendelse_ref"],
                condition=~models.Q(hendelse_ref=""),
                name="dosevarsel_en_per_hendelse",
            ),
            models.CheckConstraint(
                condition=models.Q(lukket_at__isnull=True, lukket_av__isnull=True, tiltak="")
                | (
                    models.Q(lukket_at__isnull=False, lukket_av__isnull=False)
                    & ~models.Q(tiltak="")
                ),
                name="dosevarsel_lukket_med_tiltak",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kilde_display()}: {self.tekst[:60]}"
