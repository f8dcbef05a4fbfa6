"""Applications (søknad), the cases (sak) they open, case notes and case documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel
from journal.models import Kartlegging, PasientScopedModel
from tildeling.models.katalog import Tjenestetype

# Longest description of an application (form, API and service enforce it; TextField does not).
BESKRIVELSE_MAKS = 4000


class Kanal(models.TextChoices):
    PAPIR = "papir", _("Papir")
    TELEFON = "telefon", _("Telefon")
    DIGITAL = "digital", _("Digitalt (innbygger)")
    SYKEHUS = "sykehus", _("Fra sykehus")
    ANNET = "annet", _("Annet")


class Soeker(models.TextChoices):
    PASIENT = "pasient", _("Pasienten selv")
    REPRESENTANT = "representant", _("Representant")


class Soeknad(PasientScopedModel):
    """An application for services, received by an allocation office (`enhet`)."""

    mottatt_dato = models.DateField(_("mottatt"))
    kanal = models.CharField(_("kanal"), max_length=12, choices=Kanal.choices)
    soker = models.CharField(_("søker"), max_length=12, choices=Soeker.choices)
    representant_navn = models.CharField(_("representantens navn"), max_length=200, blank=True)
    representant_relasjon = models.CharField(
        _("representantens relasjon"), max_length=100, blank=True
    )
    beskrivelse = models.TextField(_("hva det søkes om"), max_length=BESKRIVELSE_MAKS, blank=True)
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(PasientScopedModel.Meta):
        db_table = "tildeling_soknad"  # the name before the naming rule
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        indexes = [models.Index(fields=["enhet", "-mottatt_dato"], name="soknad_enhet_mottatt")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(soker="representant") | ~models.Q(representant_navn=""),
                name="soknad_representant_har_navn",
            ),
        ]

    def __str__(self) -> str:
        return f"Søknad {self.mottatt_dato:%d.%m.%Y}"


class SoeknadTjeneste(BaseModel):
    """One service applied for in an application."""

    soknad = models.ForeignKey(Soeknad, on_delete=models.CASCADE, related_name="tjenester")
    tjenestetype = models.ForeignKey(Tjenestetype, on_delete=models.PROTECT, related_name="+")
    onsket_omfang = models.CharField(_("ønsket omfang"), max_length=200, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "tildeling_soknadtjeneste"  # the name before the naming rule
        verbose_name = _("tjeneste det søkes om")
        verbose_name_plural = _("tjenester det søkes om")
        constraints = [
            models.UniqueConstraint(fields=["soknad", "tjenestetype"], name="soknad_tjeneste_unik"),
        ]

    def __str__(self) -> str:
        return str(self.tjenestetype)


class SakStatus(models.TextChoices):
    MOTTATT = "mottatt", _("Mottatt")
    UNDER_BEHANDLING = "under_behandling", _("Under behandling")
    VEDTATT = "vedtatt", _("Vedtatt")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Sak(PasientScopedModel):
    """The case an application opens at the allocation office (`enhet`).

    Status moves only along SAK_OVERGANGER (tildeling.services.sak). While the case is
    not closed, the office has a care relationship with the patient (grunnlag sak).
    """

    soknad = models.OneToOneField(Soeknad, on_delete=models.PROTECT, related_name="sak")
    saksbehandler = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saksbehandler"),
    )
    mottatt_dato = models.DateField(_("mottatt"))
    frist = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=20, choices=SakStatus.choices, default=SakStatus.MOTTATT
    )
    kartlegging = models.ForeignKey(
        Kartlegging,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("IPLOS-kartlegging"),
    )
    vedtatt_dato = models.DateField(_("vedtatt"), null=True, blank=True)
    avsluttet_at = models.DateTimeField(null=True, blank=True)

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["frist", "id"]
        indexes = [
            models.Index(fields=["enhet", "status", "frist"], name="sak_arbeidsliste"),
            models.Index(fields=["saksbehandler", "status", "frist"], name="sak_mine"),
            models.Index(fields=["pasient", "status"], name="sak_pasient"),
        ]

    def __str__(self) -> str:
        return f"Sak {self.mottatt_dato:%d.%m.%Y} ({self.get_status_display()})"


class NotatType(models.TextChoices):
    HJEMMEBESOK = "hjemmebesok", _("Hjemmebesøk")
    KARTLEGGING = "kartlegging", _("Kartleggingssamtale")
    SAMTALE = "samtale", _("Samtale/telefon")
    ANNET = "annet", _("Annet")


class SakNotat(BaseModel):
    """A note in a case (home visit, assessment talk). Notes are added, never changed."""

    sak = models.ForeignKey(Sak, on_delete=models.PROTECT, related_name="notater")
    type = models.CharField(_("type"), max_length=12, choices=NotatType.choices)
    dato = models.DateField(_("dato"))
    tekst = models.TextField(_("tekst"), max_length=8000)
    skrevet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(BaseModel.Meta):
        verbose_name = _("saksnotat")
        verbose_name_plural = _("saksnotater")
        ordering = ["-dato", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.dato:%d.%m.%Y}"


class DokumentType(models.TextChoices):
    VEDTAKSBREV = "vedtaksbrev", _("Vedtaksbrev")
    VEDLEGG = "vedlegg", _("Vedlegg")


class SakDokument(BaseModel):
    """A document kept with a case (decision letters, attachments). Never changed: the
    content and its SHA-256 are written once (PostgreSQL refuses updates and deletes)."""

    sak = models.ForeignKey(Sak, on_delete=models.PROTECT, related_name="dokumenter")
    vedtak = models.ForeignKey(
        "tildeling.Vedtak", on_delete=models.PROTECT, null=True, blank=True, related_name="brev"
    )
    type = models.CharField(_("type"), max_length=12, choices=DokumentType.choices)
    tittel = models.CharField(_("tittel"), max_length=200)
    filnavn = models.CharField(_("filnavn"), max_length=200)
    mimetype = models.CharField(max_length=100)
    innhold = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    storrelse = models.PositiveIntegerField()
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("saksdokument")
        verbose_name_plural = _("saksdokumenter")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vedtak"],
                condition=models.Q(type="vedtaksbrev"),
                name="sakdokument_ett_brev_per_vedtak",
            ),
        ]

    def __str__(self) -> str:
        return self.tittel
