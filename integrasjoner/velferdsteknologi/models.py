"""Sending systems, devices, inbound events, alarms and measurement thresholds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Journalnotat, Maaling, Pasient, PasientScopedModel


class HendelseType(models.TextChoices):
    # Alarms
    TRYGGHETSALARM = "trygghetsalarm", _("Trygghetsalarm")
    FALL = "fall", _("Fall")
    DOR = "dor", _("Dør åpnet")
    MEDISIN_GLEMT = "medisin_glemt", _("Medisin ikke tatt")
    MEDISIN_SEN = "medisin_sen", _("Medisin tatt for sent")
    # Measurements (digital hjemmeoppfølging)
    BLODTRYKK = "blodtrykk", _("Blodtrykk")
    SPO2 = "spo2", _("Oksygenmetning")
    VEKT = "vekt", _("Vekt")
    BLODSUKKER = "blodsukker", _("Blodsukker")
    # Raised here when a measurement crosses a threshold
    TERSKEL = "terskel", _("Måling utenfor terskel")


ALARMTYPER = frozenset(
    {
        HendelseType.TRYGGHETSALARM,
        HendelseType.FALL,
        HendelseType.DOR,
        HendelseType.MEDISIN_GLEMT,
        HendelseType.MEDISIN_SEN,
    }
)
MALINGTYPER = frozenset(
    {HendelseType.BLODTRYKK, HendelseType.SPO2, HendelseType.VEKT, HendelseType.BLODSUKKER}
)

# VKP CodeSystem vkp-alert-code (docs/standarder.md §9): the code (or main code) per type.
# 3 = Trygghetsalarm per the CodeSystem; NHN's sample uses 7 (Sykesignalanlegg) for it,
# an inconsistency to confirm with NHN. Sub-codes (1.x, 4.x) are accepted when they
# belong to the right main code.
VKP_KODE: dict[str, str] = {
    HendelseType.TRYGGHETSALARM: "3",
    HendelseType.FALL: "4.1",
    HendelseType.DOR: "6",
    HendelseType.MEDISIN_GLEMT: "1",
    HendelseType.MEDISIN_SEN: "1",
    HendelseType.BLODTRYKK: "5",
    HendelseType.SPO2: "5",
    HendelseType.VEKT: "5",
    HendelseType.BLODSUKKER: "5",
    HendelseType.TERSKEL: "5",
}


class Alvorlighet(models.IntegerChoices):
    """VKP severity 0/10/20/30/40 (higher is more urgent)."""

    IKKE_ANGITT = 0, _("Ikke angitt")
    LAV = 10, _("Lav")
    MODERAT = 20, _("Moderat")
    HOY = 30, _("Høy")
    KRITISK = 40, _("Kritisk")


STANDARD_ALVORLIGHET: dict[str, int] = {
    HendelseType.FALL: Alvorlighet.KRITISK,
    HendelseType.TRYGGHETSALARM: Alvorlighet.HOY,
    HendelseType.DOR: Alvorlighet.HOY,
    HendelseType.MEDISIN_GLEMT: Alvorlighet.MODERAT,
    HendelseType.MEDISIN_SEN: Alvorlighet.LAV,
}


class UtstyrType(models.TextChoices):
    TRYGGHETSALARM = "trygghetsalarm", _("Trygghetsalarm")
    FALLSENSOR = "fallsensor", _("Fallsensor")
    DORSENSOR = "dorsensor", _("Dørsensor")
    MEDISINDISPENSER = "medisindispenser", _("Medisindispenser")
    BLODTRYKKSMALER = "blodtrykksmaler", _("Blodtrykksmåler")
    PULSOKSYMETER = "pulsoksymeter", _("Pulsoksymeter")
    VEKT = "vekt", _("Vekt")
    BLODSUKKERMALER = "blodsukkermaler", _("Blodsukkermåler")


class Avsendersystem(BaseModel):
    """An external system allowed to send events (alarm central, remote monitoring platform).

    It signs every request with HMAC-SHA256 using `hemmelighet`; `nokkel_id` names it.
    Measurements it sends are registered by its `systembruker` in the device's unit.
    """

    navn = models.CharField(_("navn"), max_length=200)
    nokkel_id = models.CharField(_("API-nøkkel"), max_length=64, unique=True)
    hemmelighet = models.CharField(_("delt hemmelighet"), max_length=128)
    enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarlig enhet (parkerte hendelser)"),
    )
    systembruker = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("avsendersystem")
        verbose_name_plural = _("avsendersystemer")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class Utstyr(BaseModel):
    """A device at a patient's home, known to a sending system by its own id."""

    avsender = models.ForeignKey(Avsendersystem, on_delete=models.PROTECT, related_name="utstyr")
    ekstern_id = models.CharField(_("utstyrs-id"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=UtstyrType.choices)
    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    installert_dato = models.DateField(_("installert"))
    fjernet_dato = models.DateField(_("fjernet"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("utstyr")
        verbose_name_plural = _("utstyr")
        constraints = [
            models.UniqueConstraint(fields=["avsender", "ekstern_id"], name="utstyr_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.ekstern_id}"


class HendelseStatus(models.TextChoices):
    MOTTATT = "mottatt", _("Mottatt, venter på behandling")
    BEHANDLET = "behandlet", _("Behandlet")
    PARKERT = "parkert", _("Parkert, venter på kobling")


class Velferdshendelse(BaseModel):
    """One inbound event as the sender sent it. Never dropped: an event without a known
    device or patient is parked for manual matching. (avsender, ekstern_id) is unique, so
    a repeated event is recognised and answered with the original."""

    avsender = models.ForeignKey(Avsendersystem, on_delete=models.PROTECT, related_name="hendelser")
    ekstern_id = models.CharField(_("avsenders hendelses-id"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=HendelseType.choices)
    kode = models.CharField(_("VKP-kode"), max_length=10)
    alvorlighet = models.PositiveSmallIntegerField(
        _("alvorlighet"), choices=Alvorlighet.choices, default=Alvorlighet.IKKE_ANGITT
    )
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    utstyr_ref = models.CharField(_("utstyrs-id fra avsender"), max_length=100)
    # The identifier the sender gave for the patient, if any (kept for manual matching).
    pasient_ref = models.CharField(max_length=11, blank=True)
    verdier = models.JSONField(_("verdier"), default=dict, blank=True)
    tekst = models.CharField(_("tekst"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HendelseStatus.choices)
    parkert_grunn = models.CharField(_("hvorfor parkert"), max_length=300, blank=True)
    utstyr = models.ForeignKey(
        Utstyr, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    maling = models.ForeignKey(
        Maaling, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    koblet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("hendelse fra velferdsteknologi")
        verbose_name_plural = _("hendelser fra velferdsteknologi")
        ordering = ["-tidspunkt", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["avsender", "ekstern_id"], name="velferdshendelse_unik"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-tidspunkt"],
                name="vfthendelse_parkert",
                condition=models.Q(status="parkert"),
            ),
            models.Index(
                fields=["created_at"],
                name="vfthendelse_mottatt",
                condition=models.Q(status="mottatt"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.tidspunkt:%d.%m.%Y %H:%M}"


class AlarmStatus(models.TextChoices):
    AAPEN = "aapen", _("Åpen")
    KVITTERT = "kvittert", _("Kvittert")
    LUKKET = "lukket", _("Håndtert")


class AlarmUtfall(models.TextChoices):
    """How an alarm ended (the responssenter's behandlingslogg, VKP composition-event)."""

    FALSK = "falsk", _("Falsk alarm / utløst ved et uhell")
    SAMTALE = "samtale", _("Samtale, ingen videre tiltak")
    TILSYN = "tilsyn", _("Tilsyn utført")
    UTRYKNING = "utrykning", _("Utrykning")
    ANNEN_AKTOR = "annen_aktor", _("Overlatt til annen aktør (AMK, pårørende)")
    ANNET = "annet", _("Annet")


class Alarm(PasientScopedModel):
    """An alarm in the response queue: open → acknowledged → handled (with documentation)."""

    hendelse = models.OneToOneField(
        Velferdshendelse, on_delete=models.PROTECT, related_name="alarm"
    )
    type = models.CharField(_("type"), max_length=20, choices=HendelseType.choices)
    kode = models.CharField(_("VKP-kode"), max_length=10)
    alvorlighet = models.PositiveSmallIntegerField(_("alvorlighet"), choices=Alvorlighet.choices)
    tittel = models.CharField(_("tittel"), max_length=300)
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    status = models.CharField(
        _("status"), max_length=10, choices=AlarmStatus.choices, default=AlarmStatus.AAPEN
    )
    kvittert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kvittert_at = models.DateTimeField(null=True, blank=True)
    lukket_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lukket_at = models.DateTimeField(null=True, blank=True)
    utfall = models.CharField(_("utfall"), max_length=12, choices=AlarmUtfall.choices, blank=True)
    dokumentasjon = models.TextField(_("dokumentasjon"), blank=True)
    notat = models.ForeignKey(
        Journalnotat, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("alarm")
        verbose_name_plural = _("alarmer")
        ordering = ["-alvorlighet", "tidspunkt", "id"]
        indexes = [
            models.Index(
                fields=["-alvorlighet", "tidspunkt"],
                name="alarm_open_queue",
                condition=~models.Q(status="lukket"),
            ),
            models.Index(fields=["pasient", "-tidspunkt"], name="alarm_pasient_tid"),
        ]

    def __str__(self) -> str:
        return self.tittel


class Parameter(models.TextChoices):
    SYSTOLISK = "systolisk", _("Systolisk blodtrykk")
    DIASTOLISK = "diastolisk", _("Diastolisk blodtrykk")
    PULS = "puls", _("Puls")
    SPO2 = "spo2", _("SpO₂")
    VEKT = "vekt", _("Vekt")
    BLODSUKKER = "blodsukker", _("Blodsukker")


class Terskel(BaseModel):
    """Alarm limits for one measured value: for one patient, or the default (pasient empty).

    A patient's own threshold replaces the default for that value.
    """

    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameter = models.CharField(_("måleverdi"), max_length=12, choices=Parameter.choices)
    minimum = models.DecimalField(
        _("nedre grense"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    maksimum = models.DecimalField(
        _("øvre grense"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    alvorlighet = models.PositiveSmallIntegerField(
        _("alvorlighet"), choices=Alvorlighet.choices, default=Alvorlighet.MODERAT
    )
    endret_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("terskelverdi")
        verbose_name_plural = _("terskelverdier")
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "parameter"],
                name="terskel_pasient_unik",
                condition=models.Q(pasient__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["parameter"],
                name="terskel_standard_unik",
                condition=models.Q(pasient__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_parameter_display()}: {self.minimum}–{self.maksimum}"
