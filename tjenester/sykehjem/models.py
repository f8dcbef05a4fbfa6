"""Nursing homes: rooms and beds of a ward, stays with their bed periods and absences,
the waiting list for long-term places and the ticks on the ward's task list.

The ward (avdeling) is a core.Enhet of type sykehjemsavdeling. A bed can never be
double-booked: the exclusion constraint `sengeperiode_ingen_dobbeltbooking` (migration
0001, raw SQL) rejects two bed periods of one bed that overlap, even from concurrent
transactions. Periods are half-open: [fra, til), til NULL = open-ended.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import PasientScopedModel

SENG_NUMMER_SEKVENS = "sykehjem_seng_nummer_seq"
DOBBELTBOOKING_CONSTRAINT = "sengeperiode_ingen_dobbeltbooking"


class Sengetype(models.TextChoices):
    LANGTID = "langtid", _("Langtid")
    KORTTID = "korttid", _("Korttid")
    AVLASTNING = "avlastning", _("Avlastning")
    DEMENS = "demens", _("Skjermet enhet for personer med demens")


class Rom(BaseModel):
    """A room in a ward."""

    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    navn = models.CharField(_("rom"), max_length=50)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("rom")
        verbose_name_plural = _("rom")
        ordering = ["enhet", "navn"]
        constraints = [
            models.UniqueConstraint(fields=["enhet", "navn"], name="rom_navn_unik_i_avdeling")
        ]

    def __str__(self) -> str:
        return self.navn


class Seng(BaseModel):
    """A bed in a room. `nummer` (from a sequence) identifies it in the exclusion constraint."""

    rom = models.ForeignKey(Rom, on_delete=models.PROTECT, related_name="senger")
    # Denormalised from the room so a ward's beds are one indexed look-up.
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    navn = models.CharField(_("seng"), max_length=50)
    type = models.CharField(_("type"), max_length=16, choices=Sengetype.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    nummer = models.IntegerField(
        unique=True,
        editable=False,
        db_default=models.Func(
            models.Value(SENG_NUMMER_SEKVENS),
            function="nextval",
            output_field=models.IntegerField(),
        ),
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("seng")
        verbose_name_plural = _("senger")
        ordering = ["enhet", "rom__navn", "navn"]
        constraints = [models.UniqueConstraint(fields=["rom", "navn"], name="seng_navn_unik_i_rom")]
        indexes = [models.Index(fields=["enhet", "aktiv"], name="seng_enhet")]

    def __str__(self) -> str:
        return self.navn


class Oppholdstype(models.TextChoices):
    KORTTID = "korttid", _("Korttidsopphold")
    LANGTID = "langtid", _("Langtidsopphold")
    AVLASTNING = "avlastning", _("Avlastningsopphold")
    DAG = "dag", _("Dagopphold")
    NATT = "natt", _("Nattopphold")


# Service types (IPLOS kodeverk 9151) that are stays in a nursing home, and the stay type
# each gives: avlastning, dag-/nattopphold, tidsbegrenset (korttid) and langtid.
OPPHOLD_TJENESTEKODER: dict[str, str] = {
    "8": Oppholdstype.AVLASTNING,
    "17": Oppholdstype.DAG,
    "18": Oppholdstype.KORTTID,
    "19": Oppholdstype.KORTTID,
    "20": Oppholdstype.KORTTID,
    "21": Oppholdstype.LANGTID,
    "22": Oppholdstype.NATT,
}


class OppholdStatus(models.TextChoices):
    RESERVERT = "reservert", _("Reservert")
    AKTIV = "aktiv", _("Aktiv")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Avslutningsaarsak(models.TextChoices):
    UTSKREVET = "utskrevet", _("Utskrevet")
    DOD = "dod", _("Død")
    ANNULLERT = "annullert", _("Reservasjon annullert")


class Opphold(PasientScopedModel):
    """A stay in a nursing home; `enhet` is the ward the resident is in now.

    `til` is the planned end while the stay runs and the actual end once it is over
    (half-open: the resident left on `til`). The beds used are the stay's Sengeperioder.
    """

    type = models.CharField(_("type opphold"), max_length=16, choices=Oppholdstype.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=OppholdStatus.choices, default=OppholdStatus.AKTIV
    )
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    seng = models.ForeignKey(Seng, on_delete=models.PROTECT, related_name="+")  # current bed
    avslutningsarsak = models.CharField(
        _("avslutningsårsak"), max_length=16, choices=Avslutningsaarsak.choices, blank=True
    )
    dodsdato = models.DateField(_("dødsdato"), null=True, blank=True)
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The service (from a decision) the stay fulfils, when known.
    tjeneste = models.ForeignKey(
        "journal.Tjeneste",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtak (tjeneste)"),
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("opphold")
        verbose_name_plural = _("opphold")
        ordering = ["-fra", "id"]
        indexes = [
            models.Index(fields=["pasient", "status"], name="opphold_pasient"),
            models.Index(fields=["enhet", "status"], name="opphold_enhet"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til__isnull=True) | models.Q(til__gte=models.F("fra")),
                name="opphold_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} fra {self.fra:%d.%m.%Y}"


class Sengeperiode(PasientScopedModel):
    """The stay's use of one bed for a half-open period [fra, til); til NULL = open.

    `seng_nr` copies Seng.nummer for the exclusion constraint (kept by the services).
    """

    opphold = models.ForeignKey(Opphold, on_delete=models.PROTECT, related_name="sengeperioder")
    seng = models.ForeignKey(Seng, on_delete=models.PROTECT, related_name="perioder")
    seng_nr = models.IntegerField(editable=False)
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("sengeperiode")
        verbose_name_plural = _("sengeperioder")
        ordering = ["fra", "id"]
        indexes = [models.Index(fields=["seng", "fra"], name="sengeperiode_seng")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til__isnull=True) | models.Q(til__gte=models.F("fra")),
                name="sengeperiode_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seng_id} {self.fra}–{self.til or ''}"


class Fravaerstype(models.TextChoices):
    PERMISJON = "permisjon", _("Permisjon")
    SYKEHUS = "sykehus", _("Sykehusopphold")


class Fravaer(PasientScopedModel):
    """A dated absence within a stay (leave or hospital): [fra, til), til NULL = ongoing.

    The bed stays the resident's; the days matter for the fee (fravar_per_pasient).
    """

    opphold = models.ForeignKey(Opphold, on_delete=models.PROTECT, related_name="fravar")
    type = models.CharField(_("type"), max_length=16, choices=Fravaerstype.choices)
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        db_table = "sykehjem_fravar"  # the name before the naming rule
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        ordering = ["fra", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til__isnull=True) | models.Q(til__gte=models.F("fra")),
                name="fravar_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} fra {self.fra:%d.%m.%Y}"


class VentelisteStatus(models.TextChoices):
    VENTER = "venter", _("Venter")
    INNLAGT = "innlagt", _("Innlagt")
    TRUKKET = "trukket", _("Trukket")


class Prioritet(models.IntegerChoices):
    HOY = 1, _("Høy")
    MIDDELS = 2, _("Middels")
    LAV = 3, _("Lav")


class Venteliste(PasientScopedModel):
    """A patient waiting for a long-term place; `enhet` is the unit that keeps the list."""

    prioritet = models.PositiveSmallIntegerField(
        _("prioritet"), choices=Prioritet.choices, default=Prioritet.MIDDELS
    )
    soknadsdato = models.DateField(_("søknadsdato"))
    vedtaksdato = models.DateField(_("vedtaksdato"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=VentelisteStatus.choices,
        default=VentelisteStatus.VENTER,
    )
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    opphold = models.ForeignKey(
        Opphold, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("venteliste")
        verbose_name_plural = _("venteliste")
        ordering = ["prioritet", "soknadsdato", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enhet", "pasient"],
                condition=models.Q(status="venter"),
                name="venteliste_en_per_pasient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pasient_id} ({self.get_prioritet_display()})"


class OppgaveStatus(models.TextChoices):
    UTFORT = "utfort", _("Utført")
    IKKE_UTFORT = "ikke_utfort", _("Ikke utført")


class Avdelingsoppgave(PasientScopedModel):
    """The tick of one occurrence on the ward's task list: tiltak `tiltak` due on `dato`
    at `tidspunkt` (NULL: due that day at no set time), done or not done (with a reason).

    Only occurrences that were ticked have a row; `enhet` is the ward (the tiltak's
    responsible unit). A tick may be changed the same day; old and new values are in the
    audit log (AVDELINGSOPPGAVE_TICKED).
    """

    tiltak = models.ForeignKey("journal.Tiltak", on_delete=models.PROTECT, related_name="+")
    dato = models.DateField(_("dato"))
    tidspunkt = models.TimeField(_("tidspunkt"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OppgaveStatus.choices)
    grunn = models.CharField(_("grunn"), max_length=500, blank=True)
    utfort_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    utfort_at = models.DateTimeField(_("kvittert"))

    class Meta(BaseModel.Meta):
        verbose_name = _("avdelingsoppgave")
        verbose_name_plural = _("avdelingsoppgaver")
        ordering = ["dato", "tidspunkt", "id"]
        indexes = [models.Index(fields=["enhet", "dato"], name="avdelingsoppgave_enhet_dato")]
        constraints = [
            models.UniqueConstraint(
                fields=["tiltak", "dato", "tidspunkt"],
                name="avdelingsoppgave_en_per_forekomst",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ikke_utfort") | ~models.Q(grunn=""),
                name="avdelingsoppgave_grunn_ved_ikke_utfort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tiltak_id} {self.dato} {self.tidspunkt or ''} {self.status}"
