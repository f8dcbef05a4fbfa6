"""The address book (adressebok): which communication party (kommunikasjonspart) in the
national address register is which of our units and services (tjenestebasert adressering,
HIS 1153), and the outside parties we write to (hospitals, GPs)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, Enhet

validate_herid = RegexValidator(r"^[0-9]{1,9}$", _("HER-id er et tall med inntil ni sifre."))


class Tjenestetype(models.TextChoices):
    """Tjenestetype of a service-addressed party (kodeverk 8663, the ones PLO uses)."""

    LEGETJENESTE = "KP01", _("Legetjeneste PLO")
    SYKEPLEIETJENESTE = "KP02", _("Sykepleietjeneste PLO")
    PSYKISK_HELSE = "KP03", _("Psykisk helsetjeneste")
    SAKSBEHANDLING = "KD0501", _("Saksbehandling")


class Kilde(models.TextChoices):
    ADRESSEREGISTER = "adresseregister", _("Adresseregisteret")
    MANUELL = "manuell", _("Lagt inn manuelt")


class Kommunikasjonspart(BaseModel):
    """A communication party in the address book: its HER-id, its parent organisation's
    HER-id, and either one of our units with the service it answers for (`enhet`,
    `tjenestetype`) or an outside party (a hospital ward, a GP by HPR number)."""

    herid = models.CharField(_("HER-id"), max_length=9, unique=True, validators=[validate_herid])
    navn = models.CharField(_("navn"), max_length=200)
    forelder_herid = models.CharField(
        _("HER-id for virksomheten"), max_length=9, validators=[validate_herid]
    )
    forelder_navn = models.CharField(_("virksomhet"), max_length=200)
    organisasjonsnummer = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    tjenestetype = models.CharField(
        _("tjenestetype"), max_length=8, choices=Tjenestetype.choices, blank=True
    )
    enhet = models.ForeignKey(
        Enhet,
        verbose_name=_("vår enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kommunikasjonsparter",
    )
    hpr_nummer = models.CharField(_("HPR-nummer"), max_length=9, blank=True)
    kilde = models.CharField(_("kilde"), max_length=16, choices=Kilde.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("kommunikasjonspart")
        verbose_name_plural = _("kommunikasjonsparter")
        ordering = ["forelder_navn", "navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["enhet", "tjenestetype"],
                condition=models.Q(aktiv=True, enhet__isnull=False),
                name="kommunikasjonspart_enhet_tjeneste_unik",
            ),
        ]
        indexes = [models.Index(fields=["hpr_nummer"], name="kommpart_hpr_idx")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.herid})"
