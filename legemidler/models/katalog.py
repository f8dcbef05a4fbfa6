"""The drug catalogue, shaped like FEST (Forskrivnings- og ekspedisjonsstøtte, DMP): brand
products (legemiddel merkevare) with their active substances (virkestoff), ATC code, form,
strength and prescription group, and the interactions between substances.

Loaded by `manage.py fest_last <file>` from the FEST M30 XML message
(`legemidler.services.katalog.katalog_load`). A reload never deletes: a product or
interaction missing from the new file, or marked inactive in it, is marked withdrawn
(`utgaatt_at`), so orders pointing at it keep working and show it as withdrawn; a new order
cannot use it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel


class Reseptgruppe(models.TextChoices):
    """Prescription group (reseptgruppe, FEST kodeverk 7421). A: narcotics (e.g. morphine),
    B: addictive drugs, C: other prescription drugs, F: non-prescription."""

    A = "A", _("A – narkotika")
    B = "B", _("B – vanedannende")
    C = "C", _("C – reseptpliktig")
    CF = "CF", _("CF – reseptfri i visse pakninger")
    F = "F", _("F – reseptfri")


class Katalogimport(BaseModel):
    """One load of the catalogue from a FEST file: when, which extract (HentetDato), by whom,
    and how many entries were new, changed and withdrawn. `demo` marks our own demo extract."""

    filnavn = models.CharField(_("fil"), max_length=300)
    hentet_dato = models.DateTimeField(_("FEST hentet"), null=True, blank=True)
    demo = models.BooleanField(_("demodata"), default=False)
    lastet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    antall_nye = models.PositiveIntegerField(default=0)
    antall_endret = models.PositiveIntegerField(default=0)
    antall_utgaatt = models.PositiveIntegerField(default=0)

    class Meta(BaseModel.Meta):
        verbose_name = _("katalogimport")
        verbose_name_plural = _("katalogimporter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.created_at:%d.%m.%Y %H:%M})"


class Virkestoff(BaseModel):
    """An active substance (virkestoff) of the catalogue, by its FEST id."""

    fest_id = models.CharField(_("FEST-id"), max_length=64, unique=True)
    navn = models.CharField(_("navn"), max_length=200)
    navn_engelsk = models.CharField(_("engelsk navn"), max_length=200, blank=True)
    utgaatt_at = models.DateTimeField(_("utgått"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("virkestoff")
        verbose_name_plural = _("virkestoffer")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class Legemiddel(BaseModel):
    """A brand product in a form and strength (FEST LegemiddelMerkevare): what is ordered.

    `atc` is the WHO ATC code (e.g. L04AX03 methotrexate); `reseptgruppe` A or B makes every
    administration need two signatures. `kan_knuses` False shows "må ikke knuses" on the
    order. Withdrawn (`utgaatt_at`) products stay for the orders that use them."""

    fest_id = models.CharField(_("FEST-id"), max_length=64, unique=True)
    varenavn = models.CharField(_("varenavn"), max_length=200)
    navn_form_styrke = models.CharField(_("navn, form og styrke"), max_length=300)
    atc = models.CharField(_("ATC-kode"), max_length=8, db_index=True)
    atc_navn = models.CharField(_("ATC-navn"), max_length=200, blank=True)
    legemiddelform = models.CharField(_("legemiddelform"), max_length=100, blank=True)
    legemiddelform_kode = models.CharField(max_length=8, blank=True)
    styrke = models.DecimalField(
        _("styrke"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    styrke_enhet = models.CharField(_("styrkeenhet"), max_length=20, blank=True)
    reseptgruppe = models.CharField(_("reseptgruppe"), max_length=2, choices=Reseptgruppe.choices)
    administrasjonsvei = models.CharField(_("administrasjonsvei"), max_length=100, blank=True)
    kan_knuses = models.BooleanField(_("kan knuses"), null=True, blank=True)
    virkestoffer = models.ManyToManyField(
        Virkestoff, related_name="legemidler", blank=True, verbose_name=_("virkestoffer")
    )
    fest_tidspunkt = models.DateTimeField(null=True, blank=True)
    utgaatt_at = models.DateTimeField(_("utgått"), null=True, blank=True)
    import_sist = models.ForeignKey(
        Katalogimport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("legemiddel")
        verbose_name_plural = _("legemidler")
        ordering = ["navn_form_styrke"]
        indexes = [
            models.Index(
                fields=["navn_form_styrke"],
                name="legemiddel_aktiv_navn",
                condition=models.Q(utgaatt_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.navn_form_styrke

    @property
    def er_utgaatt(self) -> bool:
        return self.utgaatt_at is not None


class Relevans(models.TextChoices):
    """How serious an interaction is (FEST Interaksjon/Relevans, kodeverk 7427)."""

    UNNGAA = "1", _("Bør unngås")
    FORSIKTIGHET = "2", _("Forsiktighetsregler")
    INGEN_TILTAK = "3", _("Ingen tiltak nødvendig")


class Interaksjon(BaseModel):
    """An interaction between two groups of substances (FEST Interaksjon): severity
    (`relevans`), clinical consequence, mechanism and what to do (`handtering`). Which
    substances: `InteraksjonSubstans` rows in group 1 and group 2."""

    fest_id = models.CharField(_("FEST-id"), max_length=64, unique=True)
    relevans = models.CharField(_("relevans"), max_length=1, choices=Relevans.choices)
    situasjonskriterium = models.TextField(_("situasjonskriterium"), blank=True)
    klinisk_konsekvens = models.TextField(_("klinisk konsekvens"))
    mekanisme = models.TextField(_("interaksjonsmekanisme"), blank=True)
    handtering = models.TextField(_("håndtering"), blank=True)
    kildegrunnlag = models.CharField(_("kildegrunnlag"), max_length=200, blank=True)
    utgaatt_at = models.DateTimeField(_("utgått"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("interaksjon")
        verbose_name_plural = _("interaksjoner")

    def __str__(self) -> str:
        return f"{self.get_relevans_display()}: {self.klinisk_konsekvens[:60]}"


class InteraksjonSubstans(BaseModel):
    """One substance of an interaction's group (FEST Substansgruppe/Substans): its name and
    ATC code. A product whose ATC code starts with `atc` belongs to the group."""

    interaksjon = models.ForeignKey(
        Interaksjon, on_delete=models.CASCADE, related_name="substanser"
    )
    gruppe = models.PositiveSmallIntegerField(_("gruppe"))
    substans = models.CharField(_("substans"), max_length=200)
    atc = models.CharField(_("ATC-kode"), max_length=8, db_index=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("substans i interaksjon")
        verbose_name_plural = _("substanser i interaksjoner")
        ordering = ["interaksjon", "gruppe", "atc"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gruppe__in=[1, 2]), name="interaksjonsubstans_gruppe_1_2"
            )
        ]

    def __str__(self) -> str:
        return f"{self.substans} ({self.atc})"


class UkentligLegemiddel(BaseModel):
    """A substance that is dosed once a week at most (a curated list admins edit; seeded with
    methotrexate). Ordering it on a daily schedule is stopped until overridden with a reason.
    Matches products whose ATC code starts with `atc`."""

    atc = models.CharField(_("ATC-kode"), max_length=8, unique=True)
    navn = models.CharField(_("navn"), max_length=200)
    begrunnelse = models.TextField(_("begrunnelse og kilde"), blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("legemiddel som doseres ukentlig")
        verbose_name_plural = _("legemidler som doseres ukentlig")
        ordering = ["navn"]

    def __str__(self) -> str:
        return f"{self.navn} ({self.atc})"
