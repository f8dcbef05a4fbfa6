"""KPR/IPLOS reports: one row per build of a period for a kommune (the history), and the
stable integer numbers KPR's messages use for persons and decisions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Kommune


class RapportStatus(models.TextChoices):
    KOET = "koet", _("I kø")
    BYGGER = "bygger", _("Bygges")
    KLAR = "klar", _("Klar til sending")
    FEILET = "feilet", _("Feilet")
    SENDT = "sendt", _("Sendt")
    KVITTERT = "kvittert", _("Kvittert av KPR")


class Kprrapport(BaseModel):
    """One build of the KPR/IPLOS report of a kommune for a period (fra–til, both
    inclusive): the KPR_IPL message (no identities) and the KPR_IDE message (identities),
    linked by `loepenummer`, both validated against the XSDs before they are stored.

    Persons who could not be reported (missing assessment, gender, kommune, or failing the
    schema) are listed in `mangler` and left out of the messages. A report is sent once;
    KPR's receipt is stored on it. Every build is kept, so the list is the history.
    """

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    fra_dato = models.DateField(_("fra"))
    til_dato = models.DateField(_("til"))
    loepenummer = models.CharField(_("løpenummer"), max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=RapportStatus.choices, default=RapportStatus.KOET
    )
    startet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    startet_at = models.DateTimeField(_("startet"), null=True, blank=True)
    ferdig_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    antall_totalt = models.PositiveIntegerField(_("personer i perioden"), default=0)
    antall_behandlet = models.PositiveIntegerField(_("personer behandlet"), default=0)
    antall_rapportert = models.PositiveIntegerField(_("personer i rapporten"), default=0)
    antall_mangler = models.PositiveIntegerField(_("personer med mangler"), default=0)
    # [{"pasient_id": "…", "felt": "…", "tekst": "…"}] for the persons left out.
    mangler = models.JSONField(_("mangler"), default=list, blank=True)
    # The messages as gzip (a large kommune's KPR_IPL is tens of MB as text).
    ipl_gz = models.BinaryField(_("KPR_IPL (gzip)"), null=True, blank=True)
    ide_gz = models.BinaryField(_("KPR_IDE (gzip)"), null=True, blank=True)
    ipl_sha256 = models.CharField(max_length=64, blank=True)
    feil = models.TextField(_("feil"), blank=True)
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kvittering = models.JSONField(_("kvittering"), null=True, blank=True)
    kvittert_at = models.DateTimeField(_("kvittert"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("KPR-rapport")
        verbose_name_plural = _("KPR-rapporter")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kommune", "-created_at"], name="kprrapport_kommune")]
        constraints = [
            models.CheckConstraint(condition=Q(til_dato__gte=F("fra_dato")), name="kpr_periode"),
        ]

    def __str__(self) -> str:
        return f"KPR {self.fra_dato:%d.%m.%Y}–{self.til_dato:%d.%m.%Y}"

    @property
    def pagaar(self) -> bool:
        return self.status in (RapportStatus.KOET, RapportStatus.BYGGER)


class Kprnummer(models.Model):
    """The stable integer KPR knows a person or a decision by (pePeID, tjVeID): given once,
    never reused, so every report and every rebuild of a period uses the same numbers."""

    nummer = models.AutoField(primary_key=True)
    objekt_type = models.CharField(max_length=16)  # "pasient" | "vedtak"
    objekt_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("KPR-nummer")
        verbose_name_plural = _("KPR-numre")
        constraints = [
            models.UniqueConstraint(fields=["objekt_type", "objekt_id"], name="kprnummer_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.objekt_type} {self.nummer}"
