"""Care relationships, access outside them, and the patient's blocks."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.klokke import naa
from core.models import Ansatt, BaseModel, Enhet, Virksomhet
from journal.models.pasient import Pasient


class RelasjonGrunnlag(models.TextChoices):
    VEDTAK = "vedtak", _("Vedtak om tjeneste")
    OPPHOLD = "opphold", _("Opphold")
    FASTLEGELISTE = "fastlegeliste", _("Fastlegeliste")
    HELSESTASJON = "helsestasjon", _("Helsestasjonsoppfølging")
    SAK = "sak", _("Åpen sak")
    MANUELL = "manuell", _("Manuelt registrert")


class BehandlingsrelasjonQuerySet(models.QuerySet["Behandlingsrelasjon"]):
    def active(self, at: dt.datetime | None = None) -> BehandlingsrelasjonQuerySet:
        moment = at or naa()
        return self.filter(gyldig_fra__lte=moment).filter(
            models.Q(gyldig_til__isnull=True) | models.Q(gyldig_til__gt=moment)
        )


class Behandlingsrelasjon(BaseModel):
    """A care relationship: unit U helps patient P on a basis, for a period (history kept).

    Opened and closed only through journal.services (behandlingsrelasjon_open / _close).

    The table also has the patient's folded names (sok_etternavn, sok_fornavn,
    sok_mellomnavn), in the database only, not on this model: triggers copy them from
    journal_pasient on every INSERT and UPDATE of a relationship and propagate a patient's
    new names (migration journal 0016), so every writer (ORM, bulk SQL, COPY) keeps them
    right without code, and the ORM never writes a stale or empty copy. Partial indexes by
    unit and name over the open relationships serve the small unit's name search
    (journal.access.navnesok).
    """

    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="relasjoner")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="relasjoner")
    grunnlag = models.CharField(_("grunnlag"), max_length=16, choices=RelasjonGrunnlag.choices)
    ansvarlig = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    begrunnelse = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    gyldig_fra = models.DateTimeField(_("gyldig fra"), default=naa)
    gyldig_til = models.DateTimeField(_("gyldig til"), null=True, blank=True)
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BehandlingsrelasjonQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        verbose_name = _("behandlingsrelasjon")
        verbose_name_plural = _("behandlingsrelasjoner")
        indexes = [
            models.Index(
                fields=["enhet", "pasient"],
                name="relasjon_enhet_pasient",
                condition=models.Q(gyldig_til__isnull=True),
            ),
            models.Index(fields=["pasient", "enhet", "gyldig_til"], name="relasjon_pasient"),
            # A unit's relationships with an end (the name search's few relationships
            # outside the name indexes: those ending in the future), not its open ones.
            models.Index(
                fields=["enhet", "gyldig_til"],
                include=["pasient", "gyldig_fra"],
                name="relasjon_enhet_slutt",
                condition=models.Q(gyldig_til__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gyldig_til__isnull=True)
                | models.Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="relasjon_periode_gyldig",
            ),
            models.CheckConstraint(
                condition=~models.Q(grunnlag="manuell") | ~models.Q(begrunnelse=""),
                name="relasjon_manuell_har_begrunnelse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enhet} – {self.pasient} ({self.get_grunnlag_display()})"


class Tilgangsgrunn(BaseModel):
    """A configured reason for reasoned access (beslutningsstyrt tilgang)."""

    tekst = models.CharField(_("tekst"), max_length=200, unique=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("tilgangsgrunn")
        verbose_name_plural = _("tilgangsgrunner")
        ordering = ["tekst"]

    def __str__(self) -> str:
        return self.tekst


class TilgangType(models.TextChoices):
    BESLUTNINGSSTYRT = "beslutningsstyrt", _("Tilgang med begrunnelse")
    AKUTT = "akutt", _("Akuttilgang")


class UtvidetTilgangQuerySet(models.QuerySet["UtvidetTilgang"]):
    def active(self) -> UtvidetTilgangQuerySet:
        now = naa()
        return self.filter(gyldig_fra__lte=now, gyldig_til__gt=now)


class UtvidetTilgang(BaseModel):
    """Time-limited access outside a care relationship: reasoned, or emergency (akuttilgang).

    Emergency access must be reviewed by a leader of the unit (gjennomgatt_*).
    """

    ansatt = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="utvidede_tilganger")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("type"), max_length=16, choices=TilgangType.choices)
    grunn = models.ForeignKey(
        Tilgangsgrunn, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    begrunnelse = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    gyldig_fra = models.DateTimeField(default=naa)
    gyldig_til = models.DateTimeField()
    gjennomgatt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gjennomgatt_at = models.DateTimeField(null=True, blank=True)
    gjennomgang_kommentar = models.CharField(max_length=1000, blank=True)

    objects = UtvidetTilgangQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        verbose_name = _("utvidet tilgang")
        verbose_name_plural = _("utvidede tilganger")
        indexes = [
            models.Index(fields=["ansatt", "pasient", "gyldig_til"], name="utvtilgang_ansatt"),
            models.Index(fields=["enhet", "type", "gjennomgatt_at"], name="utvtilgang_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(type="akutt") | ~models.Q(begrunnelse=""),
                name="akuttilgang_har_begrunnelse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.ansatt} → {self.pasient}"


class SperringMal(models.TextChoices):
    ANSATT = "ansatt", _("Navngitt ansatt")
    ENHET = "enhet", _("Enhet")
    VIRKSOMHET = "virksomhet", _("Virksomhet")


class SperringQuerySet(models.QuerySet["Sperring"]):
    def active(self) -> SperringQuerySet:
        return self.filter(opphevet_at__isnull=True)


class Sperring(BaseModel):
    """The patient's request that a person, unit or organisation must not see the record,
    or one entry of it (objekt_type + objekt_id). Lifted, never deleted."""

    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="sperringer")
    mal = models.CharField(_("gjelder"), max_length=16, choices=SperringMal.choices)
    ansatt = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objekt_type = models.CharField(max_length=100, blank=True)
    objekt_id = models.CharField(max_length=64, blank=True)
    begrunnelse = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    registrert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, null=True, related_name="+")
    opphevet_at = models.DateTimeField(null=True, blank=True)
    opphevet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SperringQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        verbose_name = _("sperring")
        verbose_name_plural = _("sperringer")
        indexes = [
            models.Index(
                fields=["pasient"],
                name="sperring_pasient",
                condition=models.Q(opphevet_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        mal="ansatt",
                        ansatt__isnull=False,
                        enhet__isnull=True,
                        virksomhet__isnull=True,
                    )
                    | models.Q(
                        mal="enhet",
                        enhet__isnull=False,
                        ansatt__isnull=True,
                        virksomhet__isnull=True,
                    )
                    | models.Q(
                        mal="virksomhet",
                        virksomhet__isnull=False,
                        ansatt__isnull=True,
                        enhet__isnull=True,
                    )
                ),
                name="sperring_ett_mal",
            ),
        ]

    def __str__(self) -> str:
        return f"Sperring av {self.pasient} ({self.get_mal_display()})"
