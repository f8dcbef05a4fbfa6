"""Outgoing messages (utgående meldinger): each one stored with its XML as sent, and tracked
until its application receipt (AppRec) arrives."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt
from journal.models import PasientScopedModel


class MeldingType(models.TextChoices):
    """MsgHead MsgInfo/Type (kodeverk 8279) of the messages we send."""

    INNLEGGELSESRAPPORT = "INNLEGGELSESRAPPORT", _("Innleggelsesrapport")
    HELSEOPPLYSNINGER_LEGE = "HELSEOPPLYSNINGER_LEGE", _("Helseopplysninger til lege")
    ORIENTERING_TJENESTETILBUD = "ORIENTERING_TJENESTETILBUD", _("Orientering om tjenestetilbud")
    LOG_DOD = "LOG_DOD", _("Orientering om dødsfall")
    DIALOG_FORESPORSEL = "DIALOG_FORESPORSEL", _("Forespørsel")
    DIALOG_SVAR = "DIALOG_SVAR", _("Svar på forespørsel")
    DIALOG_HELSEFAGLIG = "DIALOG_HELSEFAGLIG", _("Helsefaglig dialog")


class UtgaaendeStatus(models.TextChoices):
    KLAR = "klar", _("Klar til sending")
    SENDT = "sendt", _("Sendt, venter på kvittering")
    KVITTERT = "kvittert", _("Kvittert")
    AVVIST = "avvist", _("Avvist av mottaker")
    FEILET = "feilet", _("Ikke sendt")


class Varsel(models.TextChoices):
    INGEN = "", _("Ingen")
    INGEN_KVITTERING = "ingen_kvittering", _("Ingen kvittering innen fristen")
    AVVIST = "avvist", _("Avvist av mottaker")
    FEIL_I_DELMELDING = "feil_i_delmelding", _("Mottatt med feil")
    IKKE_SENDT = "ikke_sendt", _("Kunne ikke sendes")


class AppRecStatus(models.TextChoices):
    """AppRec status (kodeverk 8258)."""

    OK = "1", _("OK")
    AVVIST = "2", _("Avvist")
    OK_FEIL = "3", _("OK, feil i delmelding")


class UtgaaendeMelding(PasientScopedModel):
    """One outgoing message: its type, the patient, the sending unit (`enhet`), the
    receiver's HER-id, the whole MsgHead XML as validated and sent, and where it is:
    waiting, sent, receipted or rejected — with an alert on the unit's list when the
    receipt is an error or does not come in time."""

    type = models.CharField(_("meldingstype"), max_length=32, choices=MeldingType.choices)
    msg_id = models.CharField(_("meldings-id"), max_length=64, unique=True)
    avsender_herid = models.CharField(_("avsenders HER-id"), max_length=9, blank=True)
    mottaker_herid = models.CharField(_("mottakers HER-id"), max_length=9, blank=True)
    mottaker_navn = models.CharField(_("mottaker"), max_length=200, blank=True)
    xml = models.TextField(_("melding (XML)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UtgaaendeStatus.choices, default=UtgaaendeStatus.KLAR
    )
    transport_id = models.CharField(_("id hos meldingstjeneren"), max_length=100, blank=True)
    # What produced it, when a repeat must not produce it twice (e.g. "vedtak:<id>").
    kilde = models.CharField(max_length=100, null=True, blank=True, unique=True)
    svar_paa = models.CharField(_("svar på meldings-id"), max_length=64, blank=True)
    sammendrag = models.CharField(_("sammendrag"), max_length=200, blank=True)
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    kvittering_frist = models.DateTimeField(_("frist for kvittering"), null=True, blank=True)
    apprec_status = models.CharField(
        _("kvittering"), max_length=1, choices=AppRecStatus.choices, blank=True
    )
    apprec_feil = models.JSONField(_("feil i kvitteringen"), default=list, blank=True)
    apprec_at = models.DateTimeField(_("kvittert"), null=True, blank=True)
    feil = models.TextField(_("feil ved sending"), blank=True)
    varsel = models.CharField(
        _("varsel"), max_length=20, choices=Varsel.choices, default=Varsel.INGEN, blank=True
    )
    varsel_at = models.DateTimeField(null=True, blank=True)
    varsel_lukket_at = models.DateTimeField(null=True, blank=True)
    varsel_lukket_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(PasientScopedModel.Meta):
        verbose_name = _("utgående melding")
        verbose_name_plural = _("utgående meldinger")
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["enhet", "-created_at"], name="utgmelding_enhet_idx"),
            models.Index(
                fields=["kvittering_frist"],
                condition=models.Q(status="sendt"),
                name="utgmelding_frist_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.msg_id}"

    @property
    def varsel_aapent(self) -> bool:
        return bool(self.varsel) and self.varsel_lukket_at is None
