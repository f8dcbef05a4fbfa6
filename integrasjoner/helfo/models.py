"""Claims to HELFO (KUHR, STANDARDS §6): a GP's signed consultations for a period become one
claim (Behandlerkrav, sent as a LOM message), each consultation a claim line (Kravlinje);
HELFO answers with a receipt and later a settlement (Oppgjoer) that pays or rejects each
line. Rejected lines are corrected and resent in a new claim; a claim's id is its message
id and idempotency key, so nothing is sent twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Pasient

NULL = Decimal(0)


class KravStatus(models.TextChoices):
    NY = "ny", _("Ny")
    VALIDERT = "validert", _("Validert")
    SENDT = "sendt", _("Sendt")
    KVITTERT = "kvittert", _("Kvittert")
    OPPGJORT = "oppgjort", _("Oppgjort")
    FEILET = "feilet", _("Feilet")


class LinjeStatus(models.TextChoices):
    NY = "ny", _("Ny")
    BETALT = "betalt", _("Betalt")
    AVVIST = "avvist", _("Avvist")
    KORRIGERT = "korrigert", _("Korrigert, ikke sendt")
    SENDT_PAA_NYTT = "sendt_paa_nytt", _("Sendt på nytt")


class Behandlerkrav(BaseModel):
    """One claim to HELFO: a GP's (behandler) consultations in a unit for a period, the
    LOM message built and validated from them, HELFO's receipt and the settlement state.
    `korrigerer` is the claim whose rejected lines this one resends."""

    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    behandler = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"))
    status = models.CharField(
        _("status"), max_length=16, choices=KravStatus.choices, default=KravStatus.NY
    )
    korrigerer = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="korreksjoner"
    )
    antall_linjer = models.PositiveIntegerField(_("antall regninger"), default=0)
    sum_krav = models.DecimalField(_("sum krav"), max_digits=14, decimal_places=2, default=NULL)
    sum_utbetalt = models.DecimalField(
        _("sum utbetalt"), max_digits=14, decimal_places=2, default=NULL
    )
    xml = models.TextField(_("melding (LOM)"), blank=True)
    kvittering = models.JSONField(_("kvittering"), default=dict, blank=True)
    feil = models.TextField(_("feil"), blank=True)
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    kvittert_at = models.DateTimeField(_("kvittert"), null=True, blank=True)
    oppgjort_at = models.DateTimeField(_("oppgjort"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("behandlerkrav")
        verbose_name_plural = _("behandlerkrav")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(til__gte=models.F("fra")), name="helfo_krav_periode")
        ]

    def __str__(self) -> str:
        return f"Krav {self.fra:%d.%m.%Y}–{self.til:%d.%m.%Y} ({self.get_status_display()})"


class Kravlinje(BaseModel):
    """One consultation in a claim (an Enkeltregning): the patient, time, ICPC-2 diagnoses,
    fee codes with amounts and the patient's share, and what HELFO decided for it.
    `guid` stays the same when a rejected line is corrected and resent; `kilde_id` is the
    consultation it came from (tjenester.legekontor), claimed by one active line at most."""

    krav = models.ForeignKey(Behandlerkrav, on_delete=models.CASCADE, related_name="linjer")
    guid = models.UUIDField(_("regnings-GUID"))
    regning_nr = models.CharField(_("regningsnummer"), max_length=40)
    kilde_id = models.UUIDField(_("konsultasjon"), null=True, blank=True)
    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fnr = models.CharField(_("fødselsnummer"), max_length=11)
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    diagnoser = models.JSONField(_("diagnoser (ICPC-2)"), default=list)
    takster = models.JSONField(_("takster"), default=list)  # [{kode, verdi, antall}]
    egenandel = models.DecimalField(_("egenandel"), max_digits=10, decimal_places=2, default=NULL)
    egenandel_betalt = models.BooleanField(_("egenandel betalt"), default=True)
    kode_egenandel = models.CharField(_("fritakskode"), max_length=2, blank=True)
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LinjeStatus.choices, default=LinjeStatus.NY
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)  # false once resent in a new claim
    refusjon = models.DecimalField(_("refusjon"), max_digits=12, decimal_places=2, default=NULL)
    utbetalt = models.DecimalField(_("utbetalt"), max_digits=12, decimal_places=2, default=NULL)
    aarsakskode = models.CharField(_("årsakskode"), max_length=20, blank=True)
    aarsakstekst = models.CharField(_("årsak"), max_length=500, blank=True)
    erstattet_av = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("kravlinje")
        verbose_name_plural = _("kravlinjer")
        ordering = ["tidspunkt", "regning_nr", "id"]
        constraints = [
            models.UniqueConstraint(fields=["krav", "guid"], name="helfo_linje_guid_per_krav"),
            models.UniqueConstraint(
                fields=["kilde_id"],
                condition=Q(aktiv=True, kilde_id__isnull=False),
                name="helfo_konsultasjon_kreves_en_gang",
            ),
        ]
        indexes = [models.Index(fields=["status", "aktiv"], name="helfo_linje_status")]

    def __str__(self) -> str:
        return f"Regning {self.regning_nr}"


class Oppgjoer(BaseModel):
    """A settlement from HELFO for one claim: what was paid and rejected. One HELFO sends
    for a claim we do not know is kept with `feil` (krav empty) for an administrator."""

    oppgjoer_id = models.CharField(_("oppgjørs-id"), max_length=64, unique=True)
    krav = models.ForeignKey(
        Behandlerkrav, on_delete=models.PROTECT, null=True, blank=True, related_name="oppgjoer"
    )
    krav_ref = models.CharField(_("kravets id hos HELFO"), max_length=64)
    antall_betalt = models.PositiveIntegerField(_("betalte linjer"), default=0)
    antall_avvist = models.PositiveIntegerField(_("avviste linjer"), default=0)
    sum_utbetalt = models.DecimalField(
        _("sum utbetalt"), max_digits=14, decimal_places=2, default=NULL
    )
    feil = models.TextField(_("feil"), blank=True)
    innhold = models.JSONField(_("innhold"), default=dict)

    class Meta(BaseModel.Meta):
        verbose_name = _("oppgjør")
        verbose_name_plural = _("oppgjør")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"Oppgjør {self.oppgjoer_id}"
