"""Care plans (tiltaksplan / pleieplan): nursing problems, goals, scheduled interventions
(tiltak) and evaluations. Never deleted; a changed schedule is a new tiltak version from a
date, so what was planned for past days stays true."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.klokke import idag
from core.models import Ansatt, BaseModel, Enhet
from journal.models.kritisk import Kode
from journal.models.pasient import PasientScopedModel


class PlanStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktiv")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Tiltaksplan(PasientScopedModel):
    """A patient's care plan. At most one is active per patient at a time (partial unique
    constraint); an individual plan (IP) needs a coordinator (check constraint)."""

    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.AKTIV)
    gyldig_fra = models.DateField(_("gjelder fra"), default=idag)
    gyldig_til = models.DateField(_("gjelder til"), null=True, blank=True)
    individuell_plan = models.BooleanField(_("individuell plan (IP)"), default=False)
    koordinator = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koordinator"),
    )
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_at = models.DateTimeField(null=True, blank=True)
    avsluttet_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("tiltaksplan")
        verbose_name_plural = _("tiltaksplaner")
        ordering = ["-gyldig_fra", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient"],
                condition=models.Q(status="aktiv"),
                name="tiltaksplan_en_aktiv_per_pasient",
            ),
            models.CheckConstraint(
                condition=models.Q(individuell_plan=False) | models.Q(koordinator__isnull=False),
                name="tiltaksplan_ip_krever_koordinator",
            ),
            models.CheckConstraint(
                condition=models.Q(gyldig_til__isnull=True)
                | models.Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="tiltaksplan_periode_gyldig",
            ),
        ]
        indexes = [models.Index(fields=["pasient", "status"], name="tiltaksplan_pasient")]

    def __str__(self) -> str:
        return f"Tiltaksplan fra {self.gyldig_fra:%d.%m.%Y}"


class BehovStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktiv")
    LOEST = "loest", _("Løst")


class Behov(PasientScopedModel):
    """A nursing problem or need (sykepleieproblem): free text, optionally coded with an
    ICPC-2/ICD-10 code from the code lists or a free code (e.g. a local or NANDA code)."""

    plan = models.ForeignKey(Tiltaksplan, on_delete=models.PROTECT, related_name="behov")
    tekst = models.CharField(_("problem/behov"), max_length=500)
    kode = models.ForeignKey(
        Kode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kode_fri = models.CharField(_("egen kode"), max_length=50, blank=True)
    status = models.CharField(max_length=16, choices=BehovStatus.choices, default=BehovStatus.AKTIV)
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    loest_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loest_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("problem/behov")
        verbose_name_plural = _("problemer/behov")

    def __str__(self) -> str:
        return self.tekst


class MaalStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktivt")
    NAADD = "naadd", _("Nådd")


class Maal(PasientScopedModel):
    """A goal for one problem, with an optional target date."""

    plan = models.ForeignKey(Tiltaksplan, on_delete=models.PROTECT, related_name="maal")
    behov = models.ForeignKey(Behov, on_delete=models.PROTECT, related_name="maal")
    tekst = models.CharField(_("mål"), max_length=500)
    maldato = models.DateField(_("måldato"), null=True, blank=True)
    status = models.CharField(max_length=16, choices=MaalStatus.choices, default=MaalStatus.AKTIV)
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    naadd_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    naadd_at = models.DateTimeField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.tekst


class Frekvens(models.TextChoices):
    DAGLIG = "daglig", _("Hver dag / hver N. dag")
    UKENTLIG = "ukentlig", _("Faste ukedager, hver N. uke")
    VED_BEHOV = "ved_behov", _("Ved behov")


class TiltakStatus(models.TextChoices):
    AKTIV = "aktiv", _("Aktivt")
    ENDRET = "endret", _("Erstattet av ny versjon")
    AVSLUTTET = "avsluttet", _("Avsluttet")


class Tiltak(PasientScopedModel):
    """One intervention with its schedule, valid from `start_dato` to `slutt_dato` (both
    included; an end before the start means the version never took effect).

    Schedule: `frekvens` daglig = every `intervall` days from the start date; ukentlig =
    the ISO `ukedager` (1 = Monday … 7 = Sunday) of every `intervall`-th week counted from
    the week of the start date; ved_behov = no fixed occurrences. `tidspunkter` are the
    times of day (none: once that day, no set time). A change of text, unit or schedule
    ends this row (status endret) and starts a new one from a date (`forrige` links them).
    """

    plan = models.ForeignKey(Tiltaksplan, on_delete=models.PROTECT, related_name="tiltak")
    behov = models.ForeignKey(
        Behov, on_delete=models.PROTECT, null=True, blank=True, related_name="tiltak"
    )
    tekst = models.CharField(_("tiltak"), max_length=500)
    ansvarlig_enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    frekvens = models.CharField(max_length=16, choices=Frekvens.choices, default=Frekvens.DAGLIG)
    intervall = models.PositiveSmallIntegerField(default=1)
    ukedager = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    tidspunkter = ArrayField(models.TimeField(), default=list, blank=True)
    varighet_min = models.PositiveSmallIntegerField(_("forventet varighet (min)"), default=15)
    start_dato = models.DateField(_("fra dato"))
    slutt_dato = models.DateField(_("til og med dato"), null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=TiltakStatus.choices, default=TiltakStatus.AKTIV
    )
    forrige = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="neste"
    )
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avsluttet_grunn = models.CharField(max_length=500, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["start_dato", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(intervall__gte=1), name="tiltak_intervall"),
            models.CheckConstraint(
                condition=models.Q(varighet_min__gte=1) & models.Q(varighet_min__lte=1440),
                name="tiltak_varighet",
            ),
        ]
        indexes = [
            # The task lists: a unit's tiltak overlapping a date range.
            models.Index(fields=["ansvarlig_enhet", "start_dato"], name="tiltak_enhet_start"),
        ]

    def __str__(self) -> str:
        return self.tekst


class Evaluering(PasientScopedModel):
    """An evaluation note on exactly one goal or one intervention."""

    plan = models.ForeignKey(Tiltaksplan, on_delete=models.PROTECT, related_name="evalueringer")
    maal = models.ForeignKey(
        Maal, on_delete=models.PROTECT, null=True, blank=True, related_name="evalueringer"
    )
    tiltak = models.ForeignKey(
        Tiltak, on_delete=models.PROTECT, null=True, blank=True, related_name="evalueringer"
    )
    dato = models.DateField(_("dato"), default=idag)
    tekst = models.TextField(_("evaluering"), max_length=4000)
    forfatter = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    class Meta(BaseModel.Meta):
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["-dato", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(maal__isnull=False) & models.Q(tiltak__isnull=True))
                | (models.Q(maal__isnull=True) & models.Q(tiltak__isnull=False)),
                name="evaluering_maal_eller_tiltak",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluering {self.dato:%d.%m.%Y}"
