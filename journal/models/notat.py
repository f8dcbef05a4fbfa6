"""Clinical notes: a draft is edited, a signature freezes a version; corrections add versions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.klokke import naa
from core.models import Ansatt, BaseModel
from journal.models.pasient import Pasient, PasientScopedModel


class Notattype(BaseModel):
    """A kind of note (sykepleienotat, legenotat …) with its template headings."""

    kode = models.SlugField(_("kode"), max_length=50, unique=True)
    navn = models.CharField(_("navn"), max_length=100)
    # Template headings, e.g. the PLO headings of kodeverk 9142; empty list = one free text.
    overskrifter = models.JSONField(_("overskrifter"), default=list, blank=True)
    # Unit types (core.EnhetType values) the type is offered in; empty = all.
    enhetstyper = models.JSONField(_("enhetstyper"), default=list, blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("notattype")
        verbose_name_plural = _("notattyper")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class NotatStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    SIGNERT = "signert", _("Signert")
    FEILREGISTRERT = "feilregistrert", _("Feilregistrert")


class Journalnotat(PasientScopedModel):
    """A note. Its signed content lives only in JournalnotatVersjon rows (immutable in the DB);
    this row holds the status, the current draft and the optimistic-lock counter."""

    type = models.ForeignKey(Notattype, on_delete=models.PROTECT, related_name="+")
    tittel = models.CharField(_("tittel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=NotatStatus.choices, default=NotatStatus.UTKAST
    )
    forfatter = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    dokumentert_tid = models.DateTimeField(_("gjelder tidspunkt"), default=naa)
    # The draft being written: a new note, or a correction of the signed version.
    utkast = models.JSONField(default=dict, blank=True)
    utkast_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    korrigeringsgrunn = models.CharField(max_length=500, blank=True)
    # Optimistic locking: every draft save must present the counter it read.
    lasversjon = models.PositiveIntegerField(default=0)
    gjeldende_versjon = models.PositiveSmallIntegerField(default=0)
    krever_kontrasignering = models.BooleanField(default=False)
    kontrasignert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kontrasignert_at = models.DateTimeField(null=True, blank=True)
    feilregistrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feilregistrert_at = models.DateTimeField(null=True, blank=True)
    feilregistrert_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        ordering = ["-dokumentert_tid", "-created_at"]
        indexes = [models.Index(fields=["pasient", "-dokumentert_tid"], name="notat_pasient_tid")]

    def __str__(self) -> str:
        return self.tittel


class JournalnotatVersjon(BaseModel):
    """One signed version of a note. PostgreSQL rejects UPDATE and DELETE on these rows."""

    notat = models.ForeignKey(Journalnotat, on_delete=models.PROTECT, related_name="versjoner")
    pasient = models.ForeignKey(Pasient, on_delete=models.PROTECT, related_name="+")
    nummer = models.PositiveSmallIntegerField()
    tittel = models.CharField(max_length=200)
    innhold = models.JSONField(default=dict)  # heading → text, in template order
    tekst = models.TextField()  # flattened, for full-text search and print
    signert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    signert_at = models.DateTimeField()
    korrigeringsgrunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("signert versjon")
        verbose_name_plural = _("signerte versjoner")
        ordering = ["notat", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["notat", "nummer"], name="notatversjon_unik"),
            models.CheckConstraint(
                condition=models.Q(nummer=1) | ~models.Q(korrigeringsgrunn=""),
                name="korrigering_har_grunn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tittel} v{self.nummer}"
