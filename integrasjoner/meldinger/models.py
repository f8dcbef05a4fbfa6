"""Messages with hospitals and GPs (PLO 1.6, Dialogmelding) over the EDI 2.0 message service:
the unit↔HER-id mapping, each message as received with its processing state, the
application receipts (AppRec 1.1) we sent, and the conversation threads per patient.

A message whose patient or receiver cannot be resolved is parked (status `parkert`): the
manual matching queue is the parked messages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Pasient, PasientScopedModel


class EnhetHerId(BaseModel):
    """Which HER-id (Adresseregisteret) and service type (kodeverk 8663) one of our units
    receives messages on. Inbound routing looks a receiver up here (`enhet_for_herid`);
    records made from a message are made by the mapping's system user in that unit."""

    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    herid = models.CharField(_("HER-id"), max_length=12, unique=True)
    tjenestetype = models.CharField(_("tjenestetype (8663)"), max_length=10, blank=True)
    systembruker = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("systembruker")
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("HER-id for enhet")
        verbose_name_plural = _("HER-id-er for enheter")
        ordering = ["herid"]

    def __str__(self) -> str:
        return f"{self.herid} ({self.tjenestetype or '-'})"


class Retning(models.TextChoices):
    INN = "inn", _("Mottatt")
    UT = "ut", _("Sendt")


class MeldingStatus(models.TextChoices):
    MOTTATT = "mottatt", _("Mottatt, ikke behandlet")
    BEHANDLET = "behandlet", _("Behandlet")
    PARKERT = "parkert", _("Venter på manuell kobling")
    AVVIST = "avvist", _("Avvist")
    ERSTATTET = "erstattet", _("Erstattet av endring")
    KANSELLERT = "kansellert", _("Kansellert av avsender")


class Forsendelsesstatus(models.TextChoices):
    """Kodeverk 7309 (the ones we act on)."""

    NY = "N", _("Ny")
    ENDRING = "M", _("Endring")
    KANSELLERING = "C", _("Kansellering")


class Melding(BaseModel):
    """One message as it came (or went): its MsgHead facts, the raw XML, what we made of it.

    Never dropped: a message that cannot be read is kept as `avvist` with its errors (and an
    AppRec status 2 sent), one whose patient or receiver is unknown is `parkert` for manual
    matching. (retning, msg_id) is unique, so the same MsgId twice is processed once."""

    retning = models.CharField(
        _("retning"), max_length=3, choices=Retning.choices, default=Retning.INN
    )
    msg_id = models.CharField(_("MsgId"), max_length=100, blank=True)
    transport_id = models.CharField(_("id hos meldingstjeneren"), max_length=100, blank=True)
    meldingstype = models.CharField(_("meldingstype (8279)"), max_length=40, blank=True)
    undertype = models.CharField(_("undertype"), max_length=40, blank=True)
    forsendelsesstatus = models.CharField(
        _("forsendelsesstatus"), max_length=1, choices=Forsendelsesstatus.choices, blank=True
    )
    gen_date = models.DateTimeField(_("laget"), null=True, blank=True)
    avsender_herid = models.CharField(_("avsenders HER-id"), max_length=12, blank=True)
    avsender_navn = models.CharField(_("avsender"), max_length=300, blank=True)
    mottaker_herid = models.CharField(_("mottakers HER-id"), max_length=12, blank=True)
    mottaker_navn = models.CharField(_("mottaker"), max_length=300, blank=True)
    pasient_ref = models.CharField(_("pasientens identifikator"), max_length=11, blank=True)
    pasient_navn = models.CharField(_("pasientens navn i meldingen"), max_length=200, blank=True)
    konversasjon_ref = models.CharField(_("samtale-referanse"), max_length=100, blank=True)
    ref_til_melding = models.CharField(_("gjelder melding"), max_length=100, blank=True)
    xml = models.TextField(_("meldingen"), blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    storrelse = models.PositiveIntegerField(_("størrelse (byte)"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=MeldingStatus.choices, default=MeldingStatus.MOTTATT
    )
    # [{"kode": "E21", "tekst": "..."}]: kodeverk 8221, as sent in the receipt
    feil = models.JSONField(_("feil"), default=list, blank=True)
    # [{"type": "sak", "id": "...", "tekst": "..."}]: what the message became
    resultat = models.JSONField(_("resultat"), default=list, blank=True)
    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forrige_versjon = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    behandlet_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    # The unit's worklist: a message is open until someone in the unit has handled it.
    haandtert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    haandtert_at = models.DateTimeField(_("håndtert"), null=True, blank=True)
    koblet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["retning", "msg_id"],
                name="melding_msgid_unik",
                condition=~models.Q(msg_id=""),
            ),
        ]
        indexes = [
            models.Index(fields=["enhet", "status", "-created_at"], name="melding_enhet_status"),
            models.Index(
                fields=["-created_at"],
                name="melding_parkert",
                condition=models.Q(status="parkert"),
            ),
            models.Index(fields=["pasient", "-created_at"], name="melding_pasient"),
            # the poller's "fetched before?" look-up
            models.Index(
                fields=["transport_id"],
                name="melding_transport",
                condition=~models.Q(transport_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meldingstype or '?'} {self.msg_id or self.transport_id}"


class KvitteringStatus(models.TextChoices):
    """Kodeverk 8258."""

    OK = "1", _("OK")
    AVVIST = "2", _("Avvist")
    OK_FEIL = "3", _("OK, feil i delmelding")


class Applikasjonskvittering(BaseModel):
    """One AppRec 1.1 we sent for a received message (a message received again is receipted
    again: one row per receipt). `xml` is the receipt as validated against AppRec-v1.1.xsd."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="kvitteringer")
    msg_id = models.CharField(_("kvitteringens MsgId"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=1, choices=KvitteringStatus.choices)
    feil = models.JSONField(_("feilkoder"), default=list, blank=True)
    xml = models.TextField(_("kvitteringen"))
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("applikasjonskvittering")
        verbose_name_plural = _("applikasjonskvitteringer")

    def __str__(self) -> str:
        return f"AppRec {self.get_status_display()}"


class Samtale(PasientScopedModel):
    """A conversation thread with a GP or hospital about one patient (dialog messages that
    share a conversation reference)."""

    konversasjon_ref = models.CharField(_("samtale-referanse"), max_length=100)
    tema = models.CharField(_("tema"), max_length=300, blank=True)
    motpart_herid = models.CharField(_("motpartens HER-id"), max_length=12, blank=True)
    motpart_navn = models.CharField(_("motpart"), max_length=300, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        ordering = ["-updated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "konversasjon_ref"], name="samtale_ref_unik"
            ),
        ]

    def __str__(self) -> str:
        return self.tema or self.konversasjon_ref


class DialogType(models.TextChoices):
    FORESPORSEL = "DIALOG_FORESPORSEL", _("Forespørsel")
    SVAR = "DIALOG_SVAR", _("Svar på forespørsel")
    NOTAT = "DIALOG_NOTAT", _("Notat")
    AVVIK = "DIALOG_AVVIK", _("Avviksmelding")
    HELSEFAGLIG = "DIALOG_HELSEFAGLIG", _("Helsefaglig dialog")


class Dialogmelding(BaseModel):
    """One message in a conversation: received (with its `melding`) or written by a nurse
    (`skrevet_av`; sent by the outbound side on the `melding.dialog_svar` event)."""

    samtale = models.ForeignKey(Samtale, on_delete=models.PROTECT, related_name="meldinger")
    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retning = models.CharField(_("retning"), max_length=3, choices=Retning.choices)
    type = models.CharField(_("type"), max_length=20, choices=DialogType.choices)
    tema = models.CharField(_("tema"), max_length=300, blank=True)
    tekst = models.TextField(_("tekst"))
    avsender_navn = models.CharField(_("fra"), max_length=300, blank=True)
    skrevet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    svar_paa = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("dialogmelding")
        verbose_name_plural = _("dialogmeldinger")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.tema}"
