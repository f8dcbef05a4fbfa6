"""GP office (legekontor): each GP's patient list, the appointment book, consultations with
their ICPC-2 diagnoses and fee lines (takster), and what a HELFO claim needs from them.

The office is a core.Enhet of type legekontor. Joining and leaving a GP's list opens and
closes the journal's `fastlegeliste` care relationship (journal services), so the list is
what gives the GP access to the shared record.

No double booking: the exclusion constraint `timeavtale_ingen_dobbeltbooking` (migration
0001, raw SQL, no contrib extension needed) rejects two live appointments of one resource
whose [start, slutt) overlap, also from concurrent transactions. Same box trick as the
nursing home's beds: x = the resource's number, y = minutes since 2000-01-01.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet
from journal.models import Diagnose, Journalnotat, PasientScopedModel

RESSURS_NUMMER_SEKVENS = "legekontor_ressurs_nummer_seq"
DOBBELTBOOKING_CONSTRAINT = "timeavtale_ingen_dobbeltbooking"


# -- the list (fastlegeliste) -------------------------------------------------------------


class ListeStatus(models.TextChoices):
    AAPEN = "aapen", _("Åpen")
    LUKKET = "lukket", _("Lukket")


class Fastlegeliste(BaseModel):
    """One GP's patient list at a GP office, with its capacity and open/closed status."""

    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    lege = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    kapasitet = models.PositiveIntegerField(_("listetak"))
    status = models.CharField(
        _("status"), max_length=8, choices=ListeStatus.choices, default=ListeStatus.AAPEN
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("fastlegeliste")
        verbose_name_plural = _("fastlegelister")
        constraints = [
            models.UniqueConstraint(fields=["enhet", "lege"], name="fastlegeliste_unik"),
            models.CheckConstraint(
                condition=models.Q(kapasitet__gte=1) & models.Q(kapasitet__lte=5000),
                name="fastlegeliste_kapasitet",
            ),
        ]

    def __str__(self) -> str:
        return str(self.lege)


class Listeplass(PasientScopedModel):
    """A patient's place on a GP's list, dated [fra, til) (til NULL while on the list).

    Every change to a list is one of these rows: joining, leaving, moving to another GP."""

    liste = models.ForeignKey(Fastlegeliste, on_delete=models.PROTECT, related_name="plasser")
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    sluttgrunn = models.CharField(_("grunn til utmelding"), max_length=200, blank=True)
    relasjon = models.ForeignKey(
        "journal.Behandlingsrelasjon", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("listeplass")
        verbose_name_plural = _("listeplasser")
        ordering = ["-fra", "id"]
        indexes = [models.Index(fields=["liste", "til"], name="listeplass_liste")]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient"],
                condition=models.Q(til__isnull=True),
                name="listeplass_en_aktiv_per_pasient",
            ),
        ]


# -- the appointment book (timebok) ---------------------------------------------------------


class RessursType(models.TextChoices):
    LEGE = "lege", _("Lege")
    SYKEPLEIER = "sykepleier", _("Sykepleier")
    LAB = "lab", _("Laboratorium")


class Ressurs(BaseModel):
    """A bookable resource at a GP office: a GP, a nurse or the lab."""

    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    navn = models.CharField(_("navn"), max_length=100)
    type = models.CharField(_("type"), max_length=16, choices=RessursType.choices)
    ansatt = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    nummer = models.IntegerField(
        unique=True,
        editable=False,
        db_default=models.Func(
            models.Value(RESSURS_NUMMER_SEKVENS),
            function="nextval",
            output_field=models.IntegerField(),
        ),
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")
        ordering = ["enhet", "navn"]
        constraints = [
            models.UniqueConstraint(fields=["enhet", "navn"], name="ressurs_navn_unik"),
        ]

    def __str__(self) -> str:
        return self.navn


class Tidstype(models.TextChoices):
    ORDINAER = "ordinaer", _("Ordinær time")
    AKUTT = "akutt", _("Øyeblikkelig hjelp")
    BLOKKERT = "blokkert", _("Blokkert")


class Timemal(BaseModel):
    """A slot template: on a weekday, from–til, slots of `lengde_min` of one kind.

    The non-blocked templates of a day are the resource's opening hours."""

    ressurs = models.ForeignKey(Ressurs, on_delete=models.CASCADE, related_name="maler")
    ukedag = models.PositiveSmallIntegerField(_("ukedag"))  # 0 = Monday … 6 = Sunday
    fra = models.TimeField(_("fra"))
    til = models.TimeField(_("til"))
    lengde_min = models.PositiveSmallIntegerField(_("lengde (minutter)"), default=20)
    type = models.CharField(
        _("type"), max_length=16, choices=Tidstype.choices, default=Tidstype.ORDINAER
    )

    class Meta(BaseModel.Meta):
        verbose_name = _("timemal")
        verbose_name_plural = _("timemaler")
        ordering = ["ressurs", "ukedag", "fra"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ukedag__gte=0) & models.Q(ukedag__lte=6),
                name="timemal_ukedag",
            ),
            models.CheckConstraint(
                condition=models.Q(til__gt=models.F("fra")), name="timemal_fra_til"
            ),
            models.CheckConstraint(
                condition=models.Q(lengde_min__gte=5) & models.Q(lengde_min__lte=240),
                name="timemal_lengde",
            ),
        ]


class TimeStatus(models.TextChoices):
    BOOKET = "booket", _("Booket")
    ANKOMMET = "ankommet", _("Ankommet")
    PAAGAAR = "paagaar", _("Hos legen")
    FERDIG = "ferdig", _("Ferdig")
    IKKE_MOETT = "ikke_moett", _("Ikke møtt")
    AVLYST = "avlyst", _("Avlyst")


class Timeavtale(PasientScopedModel):
    """An appointment with a resource, [start, slutt). Cancelled ones free the slot."""

    ressurs = models.ForeignKey(Ressurs, on_delete=models.PROTECT, related_name="timer")
    # Denormalised from the resource so the constraint needs no join.
    ressurs_nr = models.IntegerField(editable=False)
    start = models.DateTimeField(_("start"))
    slutt = models.DateTimeField(_("slutt"))
    type = models.CharField(
        _("type"), max_length=16, choices=Tidstype.choices, default=Tidstype.ORDINAER
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TimeStatus.choices, default=TimeStatus.BOOKET
    )
    aarsak = models.CharField(_("årsak til timen"), max_length=200, blank=True)
    avlyst_grunn = models.CharField(_("grunn til avlysning"), max_length=200, blank=True)
    ankommet_at = models.DateTimeField(_("ankommet"), null=True, blank=True)
    booket_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(BaseModel.Meta):
        verbose_name = _("timeavtale")
        verbose_name_plural = _("timeavtaler")
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["ressurs", "start"], name="timeavtale_ressurs_start"),
            models.Index(fields=["enhet", "start"], name="timeavtale_enhet_start"),
            models.Index(fields=["pasient", "start"], name="timeavtale_pasient"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slutt__gt=models.F("start")), name="timeavtale_start_slutt"
            ),
        ]


# -- the consultation ----------------------------------------------------------------------


class KonsultasjonStatus(models.TextChoices):
    AAPEN = "aapen", _("Åpen")
    SIGNERT = "signert", _("Signert")


class Betaling(models.TextChoices):
    IKKE_BETALT = "ikke_betalt", _("Ikke betalt")
    SKRANKE = "skranke", _("Betalt i skranken")
    FAKTURA = "faktura", _("Faktura sendt")
    INGEN = "ingen", _("Ingen egenandel")


class Konsultasjon(PasientScopedModel):
    """A contact with the GP: from an appointment or as an emergency contact, with the note,
    the reason for contact, ICPC-2 diagnoses and fee lines. Signed together with the note."""

    lege = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    timeavtale = models.OneToOneField(
        Timeavtale, on_delete=models.PROTECT, null=True, blank=True, related_name="konsultasjon"
    )
    akutt = models.BooleanField(_("øyeblikkelig hjelp"), default=False)
    start = models.DateTimeField(_("start"))
    kontaktaarsak = models.CharField(_("kontaktårsak"), max_length=300, blank=True)
    tidsbruk_min = models.PositiveSmallIntegerField(_("tidsbruk (minutter)"), null=True, blank=True)
    notat = models.ForeignKey(
        Journalnotat, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diagnoser = models.ManyToManyField(Diagnose, blank=True, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=KonsultasjonStatus.choices,
        default=KonsultasjonStatus.AAPEN,
    )
    signert_at = models.DateTimeField(_("signert"), null=True, blank=True)
    # The patient's share: an exemption ('' = none) and what was charged for the contact.
    egenandel_fritak = models.CharField(_("fritak for egenandel"), max_length=16, blank=True)
    egenandel = models.DecimalField(
        _("egenandel"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    betaling = models.CharField(
        _("betaling"), max_length=16, choices=Betaling.choices, default=Betaling.IKKE_BETALT
    )
    betalt_at = models.DateTimeField(_("betalt"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("konsultasjon")
        verbose_name_plural = _("konsultasjoner")
        ordering = ["-start", "id"]
        indexes = [
            models.Index(fields=["enhet", "status", "start"], name="konsultasjon_enhet"),
            models.Index(fields=["pasient", "start"], name="lk_konsultasjon_pasient"),
        ]


class Takst(BaseModel):
    """A fee code of the normal tariff, valid [gyldig_fra, gyldig_til], loaded from
    `data/takster_<year>.json` by `manage.py takster_last`. Amounts in NOK; None = not
    known from a published source. `verifisert` False: shown as unverified."""

    kode = models.CharField(_("takstkode"), max_length=16)
    tekst = models.CharField(_("tekst"), max_length=300)
    honorar = models.DecimalField(
        _("honorar"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    refusjon = models.DecimalField(
        _("refusjon"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    egenandel = models.DecimalField(
        _("egenandel"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    utelukker = models.JSONField(_("ugyldig sammen med"), default=list, blank=True)
    krever = models.JSONField(_("krever en av"), default=list, blank=True)
    krever_tid_min = models.PositiveSmallIntegerField(null=True, blank=True)
    per_paabegynt_min = models.PositiveSmallIntegerField(null=True, blank=True)
    verifisert = models.BooleanField(_("verifisert"), default=False)
    kilde = models.CharField(_("kilde"), max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("takst")
        verbose_name_plural = _("takster")
        ordering = ["kode", "-gyldig_fra"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "gyldig_fra"], name="takst_kode_fra_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.tekst}"


class KravStatus(models.TextChoices):
    NY = "ny", _("Ny")
    SENDT = "sendt", _("Sendt")
    BETALT = "betalt", _("Betalt")
    AVVIST = "avvist", _("Avvist")


class Takstlinje(BaseModel):
    """One fee code on a consultation, with the amounts of the day and its claim state
    (set by the HELFO integration: `krav_id`, `krav_status`, `avvisningsgrunn`)."""

    konsultasjon = models.ForeignKey(
        Konsultasjon, on_delete=models.CASCADE, related_name="takstlinjer"
    )
    takst = models.ForeignKey(Takst, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(_("takstkode"), max_length=16)
    antall = models.PositiveSmallIntegerField(_("antall"), default=1)
    honorar = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    refusjon = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    egenandel = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    krav_id = models.UUIDField(_("krav"), null=True, blank=True, db_index=True)
    krav_status = models.CharField(
        _("kravstatus"), max_length=8, choices=KravStatus.choices, default=KravStatus.NY
    )
    avvisningsgrunn = models.CharField(_("avvisningsgrunn"), max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("takstlinje")
        verbose_name_plural = _("takstlinjer")
        constraints = [
            models.UniqueConstraint(
                fields=["konsultasjon", "kode"], name="takstlinje_kode_unik_per_konsultasjon"
            ),
            models.CheckConstraint(
                condition=models.Q(antall__gte=1) & models.Q(antall__lte=20),
                name="takstlinje_antall",
            ),
        ]

    def __str__(self) -> str:
        return self.kode
