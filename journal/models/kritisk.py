"""Critical information (CAVE): allergies, intolerances, implants, infection, advance decisions;
and problems/diagnoses coded from code lists loaded as data."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models.pasient import PasientScopedModel


class KritiskType(models.TextChoices):
    ALLERGI = "allergi", _("Allergi")
    INTOLERANSE = "intoleranse", _("Intoleranse")
    IMPLANTAT = "implantat", _("Implantat")
    SMITTE = "smitte", _("Smitterisiko")
    BESLUTNING = "beslutning", _("Beslutning (f.eks. ikke HLR)")
    ANNET = "annet", _("Annen kritisk informasjon")


class Alvorlighet(models.TextChoices):
    LIVSTRUENDE = "livstruende", _("Livstruende")
    ALVORLIG = "alvorlig", _("Alvorlig")
    MODERAT = "moderat", _("Moderat")
    LETT = "lett", _("Lett")
    UKJENT = "ukjent", _("Ukjent")


class Sikkerhet(models.TextChoices):
    BEKREFTET = "bekreftet", _("Bekreftet")
    MISTENKT = "mistenkt", _("Mistenkt")


class KritiskInformasjon(PasientScopedModel):
    """One piece of critical information, always shown in the patient banner while active.
    Never deleted: made inactive with a reason."""

    type = models.CharField(_("type"), max_length=16, choices=KritiskType.choices)
    tittel = models.CharField(_("substans / beskrivelse"), max_length=200)
    reaksjon = models.CharField(_("reaksjon"), max_length=500, blank=True)
    # Optional coded substance: an ATC group (J01C, the penicillins) or one substance
    # (J01CE02). The medication checks match every product whose ATC code starts with it.
    substans_atc = models.CharField(
        _("ATC-kode for substansen"),
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$",
                _("Skriv en ATC-kode, f.eks. J01C (penicilliner) eller J01CE02."),
            )
        ],
    )
    alvorlighet = models.CharField(
        _("alvorlighet"), max_length=16, choices=Alvorlighet.choices, default=Alvorlighet.UKJENT
    )
    sikkerhet = models.CharField(
        _("sikkerhet"), max_length=16, choices=Sikkerhet.choices, default=Sikkerhet.MISTENKT
    )
    kilde = models.CharField(_("kilde"), max_length=200, blank=True)
    dato = models.DateField(_("dato"), null=True, blank=True)
    besluttet_av = models.CharField(_("besluttet av"), max_length=200, blank=True)
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    aktiv = models.BooleanField(default=True)
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_at = models.DateTimeField(null=True, blank=True)
    avsluttet_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("kritisk informasjon")
        verbose_name_plural = _("kritisk informasjon")
        indexes = [
            models.Index(
                fields=["pasient"], name="kritisk_pasient_aktiv", condition=models.Q(aktiv=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.tittel}"


class Kodeverk(models.TextChoices):
    ICPC2 = "ICPC-2", "ICPC-2"
    ICD10 = "ICD-10", "ICD-10"


class Kode(BaseModel):
    """A code from a code list (loaded as data by `manage.py kodeverk_last`)."""

    kodeverk = models.CharField(max_length=8, choices=Kodeverk.choices)
    kode = models.CharField(max_length=16)
    tekst = models.CharField(max_length=300)
    aktiv = models.BooleanField(default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("kode")
        verbose_name_plural = _("koder")
        ordering = ["kodeverk", "kode"]
        constraints = [models.UniqueConstraint(fields=["kodeverk", "kode"], name="kode_unik")]

    def __str__(self) -> str:
        return f"{self.kode} {self.tekst}"


class DiagnoseStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktiv")
    AVSLUTTET = "avsluttet", _("Avsluttet")
    FEILREGISTRERT = "feilregistrert", _("Feilregistrert")


class Diagnose(PasientScopedModel):
    """A problem or diagnosis coded with ICPC-2 or ICD-10."""

    kode = models.ForeignKey(Kode, on_delete=models.PROTECT, related_name="+")
    debut = models.DateField(_("debut"), null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=DiagnoseStatus.choices, default=DiagnoseStatus.AKTIV
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    satt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    avsluttet_at = models.DateTimeField(null=True, blank=True)
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("diagnose")
        verbose_name_plural = _("diagnoser")
        indexes = [models.Index(fields=["pasient", "status"], name="diagnose_pasient")]

    def __str__(self) -> str:
        return str(self.kode)
