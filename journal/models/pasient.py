"""The patient (one person across the whole system) and the base for patient-scoped data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.identifikatorer import IdentifikatorType
from core.klokke import idag
from core.models import BaseModel, Enhet, Kommune
from journal.lib.soek import name_normalize


class Kjoenn(models.TextChoices):
    KVINNE = "kvinne", _("Kvinne")
    MANN = "mann", _("Mann")
    UKJENT = "ukjent", _("Ukjent")


class Maalform(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class Pasient(BaseModel):
    """A person receiving care. One row per person, shared by every unit in the system."""

    identifikator = models.CharField(_("fødselsnummer/identifikator"), max_length=11)
    identifikator_type = models.CharField(
        _("type identifikator"),
        max_length=3,
        choices=[(t.value, t.value) for t in IdentifikatorType],
    )
    # H-nummer is only unique inside the issuing system, so its issuer is recorded.
    identifikator_utsteder = models.CharField(_("utsteder av H-nummer"), max_length=100, blank=True)
    fornavn = models.CharField(_("fornavn"), max_length=100)
    mellomnavn = models.CharField(_("mellomnavn"), max_length=100, blank=True)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    # Normalised copies for search; C collation so btree indexes serve LIKE 'x%' and ORDER BY.
    sok_fornavn = models.CharField(max_length=100, editable=False, db_collation="C")
    sok_mellomnavn = models.CharField(max_length=100, editable=False, db_collation="C", blank=True)
    sok_etternavn = models.CharField(max_length=100, editable=False, db_collation="C")
    fodselsdato = models.DateField(_("fødselsdato"))
    kjonn = models.CharField(
        _("kjønn"), max_length=6, choices=Kjoenn.choices, default=Kjoenn.UKJENT
    )
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bostedskommune"),
    )
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    foretrukket_sprak = models.CharField(_("foretrukket språk"), max_length=50, blank=True)
    tolkebehov = models.BooleanField(_("behov for tolk"), default=False)
    malform = models.CharField(
        _("målform"), max_length=2, choices=Maalform.choices, default=Maalform.BOKMAL
    )
    fastlege = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fastlegepasienter",
        verbose_name=_("fastlege"),
    )
    dodsdato = models.DateField(_("dødsdato"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("pasient")
        verbose_name_plural = _("pasienter")
        ordering = ["sok_etternavn", "sok_fornavn", "id"]
        constraints = [
            # A constraint (not unique=True) so PostgreSQL keeps one index, not an extra
            # LIKE index that exact look-ups never use.
            models.UniqueConstraint(fields=["identifikator"], name="pasient_identifikator_unik"),
        ]
        indexes = [
            models.Index(
                fields=["sok_etternavn", "sok_fornavn", "id"], name="pasient_sok_etternavn"
            ),
            # Covering, so a name search in name order reads the index only (issue 12:
            # pasienter_soek for a unit related to most patients).
            models.Index(
                fields=["sok_fornavn"],
                include=["sok_etternavn", "id"],
                name="pasient_sok_fornavn_d",
            ),
            models.Index(
                fields=["sok_mellomnavn"],
                include=["sok_etternavn", "sok_fornavn", "id"],
                name="pasient_sok_mellomnavn_d",
            ),
            # A unit's few thousand patients checked against a name without reading the
            # table (the small-unit side of pasienter_soek).
            models.Index(
                fields=["id"],
                include=["sok_etternavn", "sok_fornavn", "sok_mellomnavn"],
                name="pasient_id_sok",
            ),
            models.Index(fields=["fodselsdato"], name="pasient_fodselsdato"),
        ]

    def __str__(self) -> str:
        return self.fullt_navn

    def save(self, *args: object, **kwargs: object) -> None:
        self.sok_fornavn = name_normalize(self.fornavn)
        self.sok_mellomnavn = name_normalize(self.mellomnavn)
        self.sok_etternavn = name_normalize(self.etternavn)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "sok_fornavn",
                "sok_mellomnavn",
                "sok_etternavn",
            }  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def fullt_navn(self) -> str:
        return " ".join(p for p in (self.fornavn, self.mellomnavn, self.etternavn) if p)

    @property
    def identifikator_visning(self) -> str:
        return f"{self.identifikator[:6]} {self.identifikator[6:]}"

    def alder(self, on: dt.date | None = None) -> int:
        """Age from the registered birth date (never derived from the identifier)."""
        day = on or self.dodsdato or idag()
        born = self.fodselsdato
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Paaroerende(BaseModel):
    """Next of kin (pårørende) or guardian (verge) of a patient."""

    pasient = models.ForeignKey(Pasient, on_delete=models.CASCADE, related_name="paarorende")
    navn = models.CharField(_("navn"), max_length=200)
    relasjon = models.CharField(_("relasjon"), max_length=100)
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    er_naermeste = models.BooleanField(_("nærmeste pårørende"), default=False)
    er_verge = models.BooleanField(_("verge"), default=False)

    class Meta(BaseModel.Meta):
        db_table = "journal_paarorende"  # the name before the naming rule
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["-er_naermeste", "navn"]

    def __str__(self) -> str:
        return f"{self.navn} ({self.relasjon})"


class PasientScopedModel(BaseModel):
    """Base for every patient-scoped record: reached only through journal.access."""

    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")

    class Meta(BaseModel.Meta):
        abstract = True
