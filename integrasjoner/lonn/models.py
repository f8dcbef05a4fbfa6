"""Pay periods, their lines (hours per staff member, unit and source) and the municipality's
pay type codes (lønnsarter).

A closed period is frozen in PostgreSQL: a trigger (migration 0001) refuses any insert,
update or delete of its lines and any change to the period row itself. Corrections to
hours that were already paid go as delta lines in a later open period (`korreksjon_av`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ansatt, BaseModel, Enhet, Kommune


class Kilde(models.TextChoices):
    """Where a line's hours come from (and which pay type code it gets)."""

    HJEMMEBESOK = "hjemmebesok", _("Hjemmebesøk (utført tid)")
    VAKT_HJEMMETJENESTE = "vakt_hjemmetjeneste", _("Vakt i hjemmetjenesten")
    VAKT_SYKEHJEM = "vakt_sykehjem", _("Vakt på sykehjem")
    BPA = "bpa", _("Brukerstyrt personlig assistanse (BPA)")
    OMSORGSSTONAD = "omsorgsstonad", _("Omsorgsstønad")


class PeriodeStatus(models.TextChoices):
    AAPEN = "aapen", _("Åpen")
    LUKKET = "lukket", _("Lukket")


class ByggStatus(models.TextChoices):
    IKKE = "ikke", _("Ikke bygget")
    KOET = "koet", _("I kø")
    PAAGAAR = "paagaar", _("Bygges")
    FERDIG = "ferdig", _("Ferdig")
    FEILET = "feilet", _("Feilet")


class Loennsart(BaseModel):
    """A municipality's pay type code (lønnsart) for one source, valid from a date (and to a
    date, when replaced). The payroll system maps the code to its own wage types."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    kilde = models.CharField(_("kilde"), max_length=24, choices=Kilde.choices)
    kode = models.CharField(_("lønnsart"), max_length=16)
    tekst = models.CharField(_("tekst"), max_length=100)
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "lonn_lonnsart"  # the name before the naming rule
        verbose_name = _("lønnsart")
        verbose_name_plural = _("lønnsarter")
        ordering = ["kommune", "kilde", "-gyldig_fra", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "kilde", "gyldig_fra"], name="lonnsart_unik_fra"
            ),
            models.CheckConstraint(
                condition=models.Q(gyldig_til__isnull=True)
                | models.Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="lonnsart_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.tekst}"


class Loennsperiode(BaseModel):
    """A pay period of one municipality: from–to (both included), open or closed.

    While open it can be (re)built from the sources; closing freezes its lines and stores
    the CSV file (`fil`) that goes to the payroll system. The build runs in a Celery task
    and reports progress in `fremdrift` (0–100).
    """

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    fra_dato = models.DateField(_("fra"))
    til_dato = models.DateField(_("til"))
    status = models.CharField(
        _("status"), max_length=8, choices=PeriodeStatus.choices, default=PeriodeStatus.AAPEN
    )
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bygg_status = models.CharField(
        _("bygging"), max_length=8, choices=ByggStatus.choices, default=ByggStatus.IKKE
    )
    fremdrift = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    bygg_feil = models.TextField(_("feil under bygging"), blank=True)
    bygget_at = models.DateTimeField(_("bygget"), null=True, blank=True)
    lukket_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    lukket_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fil = models.TextField(_("lønnsfil (CSV)"), blank=True)
    fil_sha256 = models.CharField(max_length=64, blank=True)
    utbokshendelse_id = models.UUIDField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        db_table = "lonn_lonnsperiode"  # the name before the naming rule
        verbose_name = _("lønnsperiode")
        verbose_name_plural = _("lønnsperioder")
        ordering = ["kommune", "-fra_dato", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "fra_dato"], name="lonnsperiode_unik"),
            models.CheckConstraint(
                condition=models.Q(til_dato__gte=models.F("fra_dato")),
                name="lonnsperiode_gyldig",
            ),
            models.CheckConstraint(
                condition=models.Q(fremdrift__lte=100), name="lonnsperiode_fremdrift"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fra_dato:%d.%m.%Y}–{self.til_dato:%d.%m.%Y}"

    @property
    def filnavn(self) -> str:
        return f"lonn_{self.fra_dato:%Y%m%d}_{self.til_dato:%Y%m%d}.csv"

    @property
    def er_lukket(self) -> bool:
        return self.status == PeriodeStatus.LUKKET


class Loennslinje(BaseModel):
    """Hours from one source item (a visit, a shift, a service in a period) in a period.

    `kilde_ref` names the item (`besok:<id>`, `vakt:<id>`, `tjeneste:<id>:<period start>`);
    `dato` is the day worked (for a service: the first day of the period it covers).
    A line with `korreksjon_av` is a delta: the change, in hours, to a line of a closed
    period; a delta without it adds an item that a closed period missed. BPA and
    omsorgsstønad lines have no staff member (the model knows no assistant): they carry
    the patient and the service, and the payroll system maps them to the employee.
    """

    periode = models.ForeignKey(Loennsperiode, on_delete=models.PROTECT, related_name="linjer")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    kilde = models.CharField(_("kilde"), max_length=24, choices=Kilde.choices)
    kilde_ref = models.CharField(max_length=120)
    lonnsart = models.CharField(_("lønnsart"), max_length=16)
    ansatt = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pasient_id = models.UUIDField(null=True, blank=True)
    tjeneste_id = models.UUIDField(null=True, blank=True)
    dato = models.DateField(_("dato"))
    timer = models.DecimalField(_("timer"), max_digits=8, decimal_places=2)
    korreksjon = models.BooleanField(_("korreksjon"), default=False)
    korreksjon_av = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="korreksjoner"
    )

    class Meta(BaseModel.Meta):
        db_table = "lonn_lonnslinje"  # the name before the naming rule
        verbose_name = _("lønnslinje")
        verbose_name_plural = _("lønnslinjer")
        ordering = ["periode", "dato", "id"]
        indexes = [
            models.Index(fields=["periode", "enhet"], name="lonnslinje_periode_enhet"),
            models.Index(fields=["periode", "ansatt"], name="lonnslinje_periode_ansatt"),
            models.Index(fields=["kilde_ref"], name="lonnslinje_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.kilde_ref} {self.timer} t"
