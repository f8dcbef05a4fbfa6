"""Home care (hjemmetjeneste): visits (besøk) with their tasks, address points with
key information, and deviation reports (avvik)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models import PasientScopedModel


class BesoekStatus(models.TextChoices):
    PLANLAGT = "planlagt", _("Planlagt")
    PAAGAAR = "pagaar", _("Pågår")
    UTFORT = "utfort", _("Utført")
    IKKE_UTFORT = "ikke_utfort", _("Ikke utført")
    AVLYST = "avlyst", _("Avlyst")


class Besoek(PasientScopedModel):
    """A home visit to a patient by the district (`enhet`) on one day inside a time window.

    Generated from the patient's scheduled plan tiltak (`kilde_nokkel` names the slot it was
    made for, so re-generating finds it again) or made by hand (`kilde_nokkel` empty).
    `varslet_at` is set when the window ended without a check-in (late / missed visit).
    """

    dato = models.DateField(_("dato"))
    fra_tid = models.TimeField(_("fra"))
    til_tid = models.TimeField(_("til"))
    varighet_min = models.PositiveSmallIntegerField(_("forventet varighet (min)"))
    status = models.CharField(
        _("status"), max_length=12, choices=BesoekStatus.choices, default=BesoekStatus.PLANLAGT
    )
    ansatt = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tildelt"),
    )
    rekkefolge = models.PositiveIntegerField(_("rekkefølge"), default=0)
    kilde_nokkel = models.CharField(max_length=16, blank=True)
    innsjekk_at = models.DateTimeField(_("sjekket inn"), null=True, blank=True)
    utsjekk_at = models.DateTimeField(_("sjekket ut"), null=True, blank=True)
    faktisk_min = models.PositiveIntegerField(_("faktisk tid (min)"), null=True, blank=True)
    utfort_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    varslet_at = models.DateTimeField(_("varslet som ikke startet"), null=True, blank=True)
    ikke_utfort_grunn = models.CharField(_("grunn"), max_length=300, blank=True)

    class Meta(PasientScopedModel.Meta):
        db_table = "hjemmetjeneste_besok"  # the name before the naming rule
        verbose_name = _("besøk")
        verbose_name_plural = _("besøk")
        ordering = ["dato", "rekkefolge", "fra_tid", "id"]
        indexes = [
            models.Index(fields=["enhet", "dato", "rekkefolge"], name="besok_enhet_dato"),
            models.Index(fields=["ansatt", "dato"], name="besok_ansatt_dato"),
            models.Index(fields=["pasient", "-dato"], name="besok_pasient_dato"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "enhet", "dato", "kilde_nokkel"],
                condition=~models.Q(kilde_nokkel=""),
                name="besok_generert_unik",
            ),
            models.CheckConstraint(
                condition=models.Q(til_tid__gt=models.F("fra_tid")), name="besok_vindu_gyldig"
            ),
        ]

    def __str__(self) -> str:
        return f"Besøk {self.dato:%d.%m.%Y} {self.fra_tid:%H:%M}–{self.til_tid:%H:%M}"

    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.dato, self.fra_tid))

    def slutt_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.dato, self.til_tid))

    @property
    def ikke_startet_varslet(self) -> bool:
        """Alerted and still not checked in: a missed visit."""
        return self.varslet_at is not None and self.innsjekk_at is None


class Besoeksoppgave(BaseModel):
    """One task of a visit, from an occurrence of a plan tiltak (or typed by hand)."""

    besok = models.ForeignKey(Besoek, on_delete=models.CASCADE, related_name="oppgaver")
    tiltak_id = models.UUIDField(null=True, blank=True)
    tekst = models.CharField(_("oppgave"), max_length=500)
    tidspunkt = models.TimeField(_("tidspunkt"), null=True, blank=True)
    utfort = models.BooleanField(_("utført"), null=True, blank=True)  # None: not ticked yet
    grunn = models.CharField(_("grunn"), max_length=300, blank=True)
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registrert_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "hjemmetjeneste_besoksoppgave"  # the name before the naming rule
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        ordering = ["tidspunkt", "tekst", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["besok", "tiltak_id"],
                condition=models.Q(tiltak_id__isnull=False),
                name="besoksoppgave_tiltak_unik",
            ),
        ]

    def __str__(self) -> str:
        return self.tekst


class Adressepunkt(PasientScopedModel):
    """Where the patient lives as the district knows it: coordinates for route planning and
    key-safe information (nøkkelboks), shown only to staff of the district (`enhet`)."""

    adresse = models.CharField(_("adresse"), max_length=200)
    lat = models.FloatField(_("breddegrad"))
    lon = models.FloatField(_("lengdegrad"))
    nokkelinfo = models.CharField(_("nøkkelinformasjon"), max_length=300, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("adressepunkt")
        verbose_name_plural = _("adressepunkter")
        constraints = [
            models.UniqueConstraint(fields=["pasient", "enhet"], name="adressepunkt_unik"),
        ]

    def __str__(self) -> str:
        return self.adresse


class AvvikKategori(models.TextChoices):
    LEGEMIDDEL = "legemiddel", _("Legemiddelhåndtering")
    FALL = "fall", _("Fall eller skade")
    BESOK = "besok", _("Besøk ikke gjennomført som planlagt")
    UTSTYR = "utstyr", _("Utstyr og hjelpemidler")
    TILGANG = "tilgang", _("Kom ikke inn (nøkkel, dør)")
    ANNET = "annet", _("Annet")


class Avvik(PasientScopedModel):
    """A deviation report from a visit, for the district leader."""

    besok = models.ForeignKey(
        Besoek, on_delete=models.PROTECT, null=True, blank=True, related_name="avvik"
    )
    kategori = models.CharField(_("kategori"), max_length=16, choices=AvvikKategori.choices)
    tekst = models.TextField(_("beskrivelse"), max_length=2000)
    meldt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("avvik")
        verbose_name_plural = _("avvik")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["enhet", "-created_at"], name="avvik_enhet_tid")]

    def __str__(self) -> str:
        return f"Avvik {self.get_kategori_display()}"
