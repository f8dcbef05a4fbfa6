"""Individual decisions (enkeltvedtak), one per service, immutable once decided."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, Enhet
from journal.models import PasientScopedModel
from tildeling.models.katalog import OmfangEnhet, Tjenestetype
from tildeling.models.sak import Sak


class Utfall(models.TextChoices):
    INNVILGET = "innvilget", _("Innvilget")
    DELVIS_INNVILGET = "delvis_innvilget", _("Delvis innvilget")
    AVSLAG = "avslag", _("Avslag")


class VedtakStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    TIL_GODKJENNING = "til_godkjenning", _("Til godkjenning")
    FATTET = "fattet", _("Fattet")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Avslutning(models.TextChoices):
    UTLOPT = "utlopt", _("Perioden er ute")
    OPPHORT = "opphort", _("Opphørt")
    ERSTATTET = "erstattet", _("Erstattet av nytt vedtak")


class Vedtak(PasientScopedModel):
    """A decision on one service in a case, made by the allocation office (`enhet`).

    Drafted (utkast), then decided (fattet) by a person with DECIDE_VEDTAK; when the
    service type demands two-person approval, a second, different person approves it
    (til_godkjenning → fattet). From then on its content is immutable (PostgreSQL refuses
    changes, tildeling/migrations/0001); a change is a new decision that replaces it
    (`erstatter`), and the old one ends. Only the lifecycle columns may still change.
    """

    sak = models.ForeignKey(Sak, on_delete=models.PROTECT, related_name="vedtak")
    tjenestetype = models.ForeignKey(Tjenestetype, on_delete=models.PROTECT, related_name="+")
    utfall = models.CharField(_("utfall"), max_length=20, choices=Utfall.choices)
    omfang = models.DecimalField(_("omfang"), max_digits=7, decimal_places=2, null=True, blank=True)
    omfang_enhet = models.CharField(
        _("enhet for omfang"), max_length=16, choices=OmfangEnhet.choices, blank=True
    )
    fra_dato = models.DateField(_("fra"), null=True, blank=True)
    til_dato = models.DateField(_("til"), null=True, blank=True)
    revurdering_dato = models.DateField(_("revurderes"), null=True, blank=True)
    begrunnelse = models.TextField(_("begrunnelse"), max_length=8000)
    lovgrunnlag = models.CharField(_("lovgrunnlag"), max_length=300)
    egenandel = models.BooleanField(_("egenandel"), default=False)
    egenandel_grunnlag = models.CharField(_("grunnlag for egenandel"), max_length=500, blank=True)
    utforende_enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utførende enhet"),
    )
    erstatter = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erstattet_av",
        verbose_name=_("erstatter vedtak"),
    )
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    # lifecycle (the only columns that change after the decision)
    status = models.CharField(
        _("status"), max_length=16, choices=VedtakStatus.choices, default=VedtakStatus.UTKAST
    )
    vedtaksdato = models.DateField(_("vedtaksdato"), null=True, blank=True)
    fattet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fattet_at = models.DateTimeField(null=True, blank=True)
    godkjent_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    godkjent_at = models.DateTimeField(null=True, blank=True)
    brev_sendt_dato = models.DateField(_("brev sendt"), null=True, blank=True)
    avsluttet_dato = models.DateField(_("avsluttet"), null=True, blank=True)
    avslutning = models.CharField(max_length=12, choices=Avslutning.choices, blank=True)
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["enhet", "status", "til_dato"], name="vedtak_utlop"),
            models.Index(fields=["enhet", "status", "revurdering_dato"], name="vedtak_revurdering"),
            models.Index(fields=["pasient", "status"], name="vedtak_pasient"),
            models.Index(fields=["vedtaksdato", "tjenestetype"], name="vedtak_rapport"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True)
                | Q(fra_dato__isnull=False, til_dato__gte=F("fra_dato")),
                name="vedtak_periode_gyldig",
            ),
            models.CheckConstraint(
                condition=Q(utfall="avslag") | Q(fra_dato__isnull=False),
                name="vedtak_innvilget_har_fra",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["utkast", "til_godkjenning"])
                | Q(vedtaksdato__isnull=False, fattet_av__isnull=False),
                name="vedtak_fattet_har_dato",
            ),
            models.CheckConstraint(
                condition=Q(godkjent_av__isnull=True) | ~Q(godkjent_av=F("fattet_av")),
                name="vedtak_to_ulike_personer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tjenestetype} – {self.get_utfall_display()}"

    @property
    def er_innvilget(self) -> bool:
        return self.utfall in (Utfall.INNVILGET, Utfall.DELVIS_INNVILGET)
