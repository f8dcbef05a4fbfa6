"""Invoicing of user fees (brukerbetaling, docs/standarder.md §7): dated rates, income per
patient and year, monthly invoice runs with their lines and the exported file.

Rates are dated configuration (admin-editable, seeded by migration 0001 with the values
§7 states): the row in force on the first day of the invoiced month is used.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Kommune
from journal.models import Pasient

NULL = Decimal(0)


class Grunnbeloep(BaseModel):
    """Folketrygdens grunnbeløp (G) from a date (it changes every 1 May)."""

    gyldig_fra = models.DateField(_("gyldig fra"), unique=True)
    belop = models.DecimalField(
        _("beløp"), validators=[MinValueValidator(1)], max_digits=12, decimal_places=2
    )
    kilde = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "faktura_grunnbelop"  # the name before the naming rule
        verbose_name = _("grunnbeløp")
        verbose_name_plural = _("grunnbeløp")
        ordering = ["-gyldig_fra"]

    def __str__(self) -> str:
        return f"G {self.belop} fra {self.gyldig_fra:%d.%m.%Y}"


class Satser(BaseModel):
    """Fee rates from a date, for one kommune or (kommune empty) the national default.

    State maxima (korttid per døgn, dag/natt, the < 2G cap, fribeløp) come from the yearly
    HOD rundskriv; the kommune sets timepris, the income bands above 2G (Betalingstrinn),
    the actual cost per døgn (kurdøgnpris) and the subscription prices.
    """

    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tom = nasjonal standard, brukt når kommunen ikke har egne satser."),
    )
    gyldig_fra = models.DateField(_("gyldig fra"))
    timepris_praktisk_bistand = models.DecimalField(
        _("timepris praktisk bistand"), max_digits=12, decimal_places=2
    )
    tak_under_2g = models.DecimalField(
        _("tak per måned, inntekt under 2G"), max_digits=12, decimal_places=2
    )
    korttid_per_dogn = models.DecimalField(
        _("korttidsopphold per døgn"), max_digits=12, decimal_places=2
    )
    dag_natt_per_dogn = models.DecimalField(
        _("dag- eller nattopphold per døgn"), max_digits=12, decimal_places=2
    )
    fribelop = models.DecimalField(_("fribeløp (vederlag)"), max_digits=12, decimal_places=2)
    kurdognpris = models.DecimalField(
        _("faktiske kostnader per døgn (kurdøgnpris)"),
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
    )
    trygghetsalarm_per_maned = models.DecimalField(
        _("trygghetsalarm per måned"), max_digits=12, decimal_places=2
    )
    matombringing_per_maned = models.DecimalField(
        _("matombringing per måned"), max_digits=12, decimal_places=2
    )
    kilde = models.CharField(_("kilde"), max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("satser")
        verbose_name_plural = _("satser")
        ordering = ["kommune__nummer", "-gyldig_fra"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "gyldig_fra"],
                name="satser_unik_per_kommune_og_dato",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        hvem = self.kommune.navn if self.kommune_id and self.kommune else "Standard"
        return f"{hvem} fra {self.gyldig_fra:%d.%m.%Y}"


class Betalingstrinn(BaseModel):
    """An income band for praktisk bistand: from `fra_g` × G (inclusive) up to the next
    band's limit, the monthly fee is at most `tak` (empty = no cap but hours × timepris).
    Below the lowest band (2G) the state cap `Satser.tak_under_2g` applies."""

    satser = models.ForeignKey(Satser, on_delete=models.CASCADE, related_name="trinn")
    fra_g = models.DecimalField(
        _("fra (antall G)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(2)]
    )
    tak = models.DecimalField(
        _("tak per måned"), null=True, blank=True, max_digits=12, decimal_places=2
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("betalingstrinn")
        verbose_name_plural = _("betalingstrinn")
        ordering = ["satser", "fra_g"]
        constraints = [
            models.UniqueConstraint(fields=["satser", "fra_g"], name="trinn_unik_grense")
        ]

    def __str__(self) -> str:
        return f"≥ {self.fra_g} G: {self.tak if self.tak is not None else '–'}"


class Inntektsgrunnlag(BaseModel):
    """A patient's income basis for a year, from the tax assessment.

    `husstandsinntekt`: the household's samlet skattbar nettoinntekt før særfradrag
    (praktisk bistand); `netto_inntekt`: the resident's own income after tax (vederlag).
    """

    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    aar = models.PositiveSmallIntegerField(_("år"))
    husstandsinntekt = models.DecimalField(
        _("husstandens inntekt"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    netto_inntekt = models.DecimalField(
        _("netto inntekt etter skatt"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("inntektsgrunnlag")
        verbose_name_plural = _("inntektsgrunnlag")
        ordering = ["pasient", "-aar"]
        constraints = [
            models.UniqueConstraint(fields=["pasient", "aar"], name="inntekt_unik_per_aar")
        ]

    def __str__(self) -> str:
        return f"{self.aar}"


class KjoeringStatus(models.TextChoices):
    KOET = "koet", _("I kø")
    BEREGNER = "beregner", _("Beregner")
    UTKAST = "utkast", _("Utkast")
    FEILET = "feilet", _("Feilet")
    SENDT = "sendt", _("Sendt")


class Fakturakjoering(BaseModel):
    """The monthly invoice run of a kommune (one per kommune and month).

    A draft (utkast/feilet) is replaced when run again; a sent run is never changed, and
    corrections to it go as credit and debit lines in a later run.
    """

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    maned = models.DateField(_("måned"))  # the first day of the invoiced month
    status = models.CharField(
        _("status"), max_length=16, choices=KjoeringStatus.choices, default=KjoeringStatus.KOET
    )
    startet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    startet_at = models.DateTimeField(_("startet"), null=True, blank=True)
    ferdig_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forsok = models.PositiveIntegerField(default=0)
    antall_pasienter = models.PositiveIntegerField(_("pasienter behandlet"), default=0)
    antall_linjer = models.PositiveIntegerField(_("linjer"), default=0)
    antall_korreksjoner = models.PositiveIntegerField(_("korreksjonslinjer"), default=0)
    antall_avvik = models.PositiveIntegerField(_("avvik"), default=0)
    # Which lines could not be charged and why: [{"pasient_id": "…", "tekst": "…"}], the
    # first AVVIK_VIST of them (the count above has them all).
    avvik = models.JSONField(_("avvik"), default=list, blank=True)
    sum_belop = models.DecimalField(_("sum"), default=NULL, max_digits=12, decimal_places=2)
    feil = models.TextField(_("feil"), blank=True)

    class Meta(BaseModel.Meta):
        db_table = "faktura_fakturakjoring"  # the name before the naming rule
        verbose_name = _("fakturakjøring")
        verbose_name_plural = _("fakturakjøringer")
        ordering = ["-maned", "kommune__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "maned"], name="kjoring_unik_per_maned")
        ]

    def __str__(self) -> str:
        return f"{self.maned:%m.%Y}"

    @property
    def er_utkast(self) -> bool:
        return self.status in (KjoeringStatus.UTKAST, KjoeringStatus.FEILET)


class Tjenestekode(models.TextChoices):
    PRAKTISK_BISTAND = "praktisk_bistand", _("Praktisk bistand")
    TRYGGHETSALARM = "trygghetsalarm", _("Trygghetsalarm")
    MATOMBRINGING = "matombringing", _("Matombringing")
    KORTTID = "korttid", _("Korttidsopphold")
    KORTTID_VEDERLAG = "korttid_vederlag", _("Korttidsopphold ut over 60 døgn (vederlag)")
    DAG_NATT = "dag_natt", _("Dag- eller nattopphold")
    LANGTID = "langtid", _("Langtidsopphold (vederlag)")


class Linjetype(models.TextChoices):
    ORDINAER = "ordinaer", _("Ordinær")
    KREDIT = "kredit", _("Kreditering")
    DEBET = "debet", _("Korrigert debet")


class Fakturagrunnlag(BaseModel):
    """One invoice line: a patient, a service, quantity × unit price = amount, for a period
    (within one month), with the basis used (rates version, G, band) so it can be checked.

    `nokkel` identifies the charge across runs (patient, service, source, month): a
    correction credits the line it replaces and charges it again: both the kredit and the
    debet line refer to the replaced line (`korrigerer`).
    """

    kjoring = models.ForeignKey(Fakturakjoering, on_delete=models.CASCADE, related_name="linjer")
    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(
        _("linjetype"), max_length=12, choices=Linjetype.choices, default=Linjetype.ORDINAER
    )
    tjeneste = models.CharField(_("tjeneste"), max_length=24, choices=Tjenestekode.choices)
    nokkel = models.CharField(max_length=200)
    periode_fra = models.DateField(_("fra"))
    periode_til = models.DateField(_("til"))
    antall = models.DecimalField(_("antall"), max_digits=10, decimal_places=2)
    enhet = models.CharField(_("enhet"), max_length=16)  # døgn, time, måned
    enhetspris = models.DecimalField(_("enhetspris"), max_digits=12, decimal_places=4)
    belop = models.DecimalField(_("beløp"), max_digits=12, decimal_places=2)
    grunnlag = models.JSONField(_("grunnlag"), default=dict)
    korrigerer = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="korreksjoner"
    )
    merknad = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("fakturalinje")
        verbose_name_plural = _("fakturalinjer")
        ordering = ["kjoring", "pasient", "periode_fra", "tjeneste", "id"]
        indexes = [
            models.Index(fields=["kjoring", "pasient"], name="fakturalinje_kjoring_pasient"),
            models.Index(fields=["nokkel"], name="fakturalinje_nokkel"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tjeneste_display()} {self.belop}"


class Fakturafil(BaseModel):
    """The exported CSV of a run (layout: integrasjoner/faktura/services/eksport.py), stored with it
    in parts (Fakturafildel), so neither writing nor reading it holds the whole file."""

    kjoring = models.OneToOneField(Fakturakjoering, on_delete=models.CASCADE, related_name="fil")
    filnavn = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    storrelse = models.PositiveIntegerField()
    antall_linjer = models.PositiveIntegerField()

    class Meta(BaseModel.Meta):
        verbose_name = _("fakturafil")
        verbose_name_plural = _("fakturafiler")

    def __str__(self) -> str:
        return self.filnavn


class Fakturafildel(models.Model):
    """One part of a stored CSV, in order (`nummer` from 0); the file is the parts joined."""

    id = models.BigAutoField(primary_key=True)
    fil = models.ForeignKey(Fakturafil, on_delete=models.CASCADE, related_name="deler")
    nummer = models.PositiveIntegerField()
    innhold = models.TextField()

    class Meta:
        verbose_name = _("del av fakturafil")
        verbose_name_plural = _("deler av fakturafil")
        ordering = ["fil", "nummer"]
        constraints = [models.UniqueConstraint(fields=["fil", "nummer"], name="fildel_unik_nummer")]

    def __str__(self) -> str:
        return f"{self.nummer}"
