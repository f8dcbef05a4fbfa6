"""Organisation, staff, roles and rights, and the append-only audit log."""

from __future__ import annotations

import datetime as dt
import decimal
import operator
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.context import context_get
from core.klokke import idag
from core.validators import validate_hpr, validate_kommunenummer, validate_orgnr


class BaseModel(models.Model):
    """UUID primary key and creation/update times for every domain model."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    # ci: full_clean() without the queries that cannot find anything. Django looks up the
    # primary key of every new row (a fresh uuid4 is never taken) and every foreign key
    # (an object loaded from the database exists, and so does the unit the request acts
    # in: core.context holds only units read from the database). PostgreSQL's keys still
    # enforce both; a primary key or any other foreign key given as a bare id is still checked.

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # rows loaded from the database pass their values positionally (Model.from_db)
        self._pk_generert = not args and "id" not in kwargs and "pk" not in kwargs

    def _get_unique_checks(
        self, exclude: Any = None, include_meta_constraints: bool = False
    ) -> tuple[list[Any], list[Any]]:
        unique_checks, date_checks = super()._get_unique_checks(  # type: ignore[misc]
            exclude=exclude, include_meta_constraints=include_meta_constraints
        )
        if self._state.adding and getattr(self, "_pk_generert", False):
            unique_checks = [(m, check) for m, check in unique_checks if tuple(check) != ("id",)]
        return unique_checks, date_checks

    def clean_fields(self, exclude: Any = None) -> None:
        known = {f.name for f in self._meta.concrete_fields if _related_known(self, f)}
        super().clean_fields(exclude=set(exclude or ()) | known)

    def validate_constraints(self, exclude: Any = None) -> None:
        """Django's, but a simple CheckConstraint (comparisons of fields and constants) is
        decided in Python with SQL's rules (NULL passes) instead of one query (and a
        savepoint) each; anything else is still asked of the database."""
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict[str, Any] = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                try:
                    ok = (
                        _check_in_python(constraint, self, exclude)
                        if isinstance(constraint, models.CheckConstraint)
                        else _ASK_DB
                    )
                    if ok is _ASK_DB:
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                    elif ok is False:
                        raise ValidationError(
                            constraint.get_violation_error_message(),
                            code=constraint.violation_error_code,
                        )
                except ValidationError as e:
                    fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                    if getattr(e, "code", None) == "unique" and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


_ASK_DB = object()  # the condition is not simple enough to decide in Python
_ORDER = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def _check_in_python(
    constraint: models.CheckConstraint, instance: models.Model, exclude: Any
) -> Any:
    """True/None (NULL) passes, False fails, _ASK_DB when undecided here."""
    excluded = set(exclude or ())
    values = {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.local_concrete_fields
        if f.name not in excluded and not f.generated
    }
    try:
        result = _q_value(models.Q(constraint.condition), values)
    except _Undecided:
        return _ASK_DB
    except _Excluded:
        return True  # Django skips a constraint on an excluded field (FieldError)
    return result is not False


class _Undecided(Exception):
    pass


class _Excluded(Exception):
    pass


def _field_value(name: str, values: dict[str, Any]) -> Any:
    if "__" in name or name == "pk":
        raise _Undecided
    if name not in values:
        raise _Excluded
    value = values[name]
    if hasattr(value, "resolve_expression"):
        raise _Undecided
    return value


def _same_kind(a: Any, b: Any) -> bool:
    numbers = (int, float, decimal.Decimal)
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if isinstance(a, numbers) and isinstance(b, numbers):
        return True
    if isinstance(a, str) and isinstance(b, str):
        return True
    return type(a) is type(b)


def _lookup_value(lookup: str, rhs: Any, values: dict[str, Any]) -> bool | None:
    field, _sep, kind = lookup.rpartition("__")
    if not field or kind not in ("exact", "isnull", "in", *_ORDER):
        field, kind = lookup, "exact"
    lhs = _field_value(field, values)
    if isinstance(rhs, models.F):
        rhs = _field_value(str(getattr(rhs, "name", "__")), values)
    elif hasattr(rhs, "resolve_expression"):
        raise _Undecided
    if kind == "isnull":
        if not isinstance(rhs, bool):
            raise _Undecided
        return (lhs is None) == rhs
    if kind == "exact" and rhs is None:
        return lhs is None
    if lhs is None or rhs is None:
        return None
    if kind == "in":
        if not isinstance(rhs, (list, tuple, set, frozenset)) or not all(
            _same_kind(lhs, v) for v in rhs if v is not None
        ):
            raise _Undecided
        return True if lhs in rhs else (None if None in rhs else False)
    if not _same_kind(lhs, rhs):
        raise _Undecided
    if kind == "exact":
        return bool(lhs == rhs)
    if isinstance(lhs, str):
        raise _Undecided  # string order is the database collation's
    try:
        return bool(_ORDER[kind](lhs, rhs))
    except TypeError:
        raise _Undecided from None


def _q_value(q: models.Q, values: dict[str, Any]) -> bool | None:
    """SQL's three-valued logic: None is unknown (NULL)."""
    results: list[bool | None] = []
    for child in q.children:
        if isinstance(child, models.Q):
            results.append(_q_value(child, values))
        elif isinstance(child, tuple) and len(child) == 2:
            results.append(_lookup_value(child[0], child[1], values))
        else:
            raise _Undecided
    value: bool | None
    if q.connector == models.Q.AND:
        value = False if False in results else (None if None in results else True)
    elif q.connector == models.Q.OR:
        value = True if True in results else (None if None in results else False)
    else:
        raise _Undecided
    if q.negated:
        return None if value is None else not value
    return value


def _related_known(instance: models.Model, f: models.Field[Any, Any]) -> bool:
    """A foreign key known to exist, so Django's existence query for it is skipped: its
    object is on the instance, loaded from the database, with the same key; or it is a unit
    and the unit the request acts in (`enhet_id=acting_enhet_id()`, the commonest key a
    service writes)."""
    if not isinstance(f, models.ForeignKey) or f.validators:
        return False
    if f.remote_field.parent_link or f.remote_field.limit_choices_to:
        return False
    if not f.is_cached(instance):
        if f.related_model is not Enhet:
            return False
        ctx = context_get()
        value = getattr(instance, f.attname)
        return ctx is not None and value is not None and value == ctx.enhet_id
    obj = f.get_cached_value(instance)
    return (
        obj is not None
        and not obj._state.adding
        and getattr(obj, f.target_field.attname) == getattr(instance, f.attname)
    )


class Kommune(BaseModel):
    """A municipality (kommune), identified by its four-digit kommunenummer."""

    nummer = models.CharField(
        _("kommunenummer"), max_length=4, unique=True, validators=[validate_kommunenummer]
    )
    navn = models.CharField(_("navn"), max_length=100)

    class Meta(BaseModel.Meta):
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.navn}"


class Virksomhet(BaseModel):
    """A legal entity (virksomhet) in a kommune, registered in Enhetsregisteret."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="virksomheter")
    navn = models.CharField(_("navn"), max_length=200)
    organisasjonsnummer = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    her_id = models.PositiveIntegerField(_("HER-id"), null=True, blank=True, unique=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class EnhetType(models.TextChoices):
    HJEMMETJENESTE = "hjemmetjeneste", _("Hjemmetjeneste")
    HJEMMETJENESTE_SONE = "hjemmetjeneste_sone", _("Hjemmetjeneste-sone")
    SYKEHJEM = "sykehjem", _("Sykehjem")
    SYKEHJEMSAVDELING = "sykehjemsavdeling", _("Sykehjemsavdeling")
    LEGEKONTOR = "legekontor", _("Legekontor")
    HELSESTASJON = "helsestasjon", _("Helsestasjon")
    TILDELINGSKONTOR = "tildelingskontor", _("Tildelingskontor")
    ADMINISTRASJON = "administrasjon", _("Administrasjon")


class Enhet(BaseModel):
    """A unit (enhet) where care is given; units form a tree under a virksomhet."""

    virksomhet = models.ForeignKey(Virksomhet, on_delete=models.PROTECT, related_name="enheter")
    forelder = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="underenheter"
    )
    navn = models.CharField(_("navn"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=EnhetType.choices)
    organisasjonsnummer = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_orgnr]
    )
    her_id = models.PositiveIntegerField(_("HER-id"), null=True, blank=True, unique=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class Helsepersonellkategori(models.TextChoices):
    """HPR helsepersonellkategori (kodeverk 9060), the ones a municipality employs."""

    LE = "LE", _("Lege")
    SP = "SP", _("Sykepleier")
    HE = "HE", _("Helsefagarbeider")
    JO = "JO", _("Jordmor")
    FT = "FT", _("Fysioterapeut")
    ET = "ET", _("Ergoterapeut")
    VP = "VP", _("Vernepleier")
    HS = "HS", _("Helsesekretær")


class AnsattManager(UserManager["Ansatt"]):
    pass


class Ansatt(AbstractUser):
    """A member of staff and the login user. Health personnel carry an HPR number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hpr_nummer = models.CharField(
        _("HPR-nummer"), max_length=9, null=True, blank=True, unique=True, validators=[validate_hpr]
    )
    helsepersonellkategori = models.CharField(
        _("helsepersonellkategori"),
        max_length=2,
        blank=True,
        choices=Helsepersonellkategori.choices,
    )
    stilling = models.CharField(_("stilling"), max_length=100, blank=True)
    # Used only by the access-log review to flag look-ups of one's own, a relative's or a
    # neighbour's record; never shown in lists.
    fodselsnummer = models.CharField(_("fødselsnummer"), max_length=11, blank=True)
    adresse = models.CharField(_("bostedsadresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    failed_logins = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[AnsattManager] = AnsattManager()

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def yrke(self) -> str:
        # Read on every audit row: the enum lookup, not get_..._display() (which rebuilds
        # the field's choices on each call).
        kategori = self.helsepersonellkategori
        if not kategori:
            return str(self.stilling)
        try:
            return str(Helsepersonellkategori(kategori).label)
        except ValueError:
            return str(kategori)


class Action(models.TextChoices):
    """What a role may do. Role → action grants are data (RolleRettighet)."""

    SEARCH_PATIENT = "search_patient", _("Søke etter pasient")
    VIEW = "view", _("Lese journal")
    REGISTER_PATIENT = "register_patient", _("Registrere pasient")
    WRITE_NOTE = "write_note", _("Skrive journalnotat")
    SIGN = "sign", _("Signere")
    CORRECT = "correct", _("Korrigere")
    ADMINISTER_MEDICATION = "administer_medication", _("Gi legemidler")
    DECIDE_VEDTAK = "decide_vedtak", _("Fatte vedtak")
    REVIEW_LOG = "review_log", _("Kontrollere tilgangslogg")
    EMERGENCY_ACCESS = "emergency_access", _("Be om tilgang utenfor behandlingsrelasjon")
    MANAGE_RELATIONS = "manage_relations", _("Opprette og avslutte behandlingsrelasjoner")
    MANAGE_BLOCKING = "manage_blocking", _("Registrere sperring")
    ASSESS = "assess", _("Kartlegge funksjon (IPLOS, ADL)")
    PLAN = "plan", _("Lage og endre tiltaksplan")
    HANDLE_CASE = "handle_case", _("Behandle søknader og saker")
    REGISTER_VISIT = "register_visit", _("Utføre og registrere besøk")
    MANAGE_STAYS = "manage_stays", _("Administrere senger og opphold")
    RESPOND_ALARM = "respond_alarm", _("Håndtere alarmer")
    ORDER_MEDICATION = "order_medication", _("Ordinere legemidler")
    # legekontor: the appointment book (helsesekretær, lege, sykepleier)
    BOOK_TIME = "book_time", _("Booke og endre timer")
    ADMIN = "admin", _("Administrere")


class Rolle(BaseModel):
    """A role staff hold in a unit (sykepleier, lege, saksbehandler …)."""

    kode = models.SlugField(_("kode"), max_length=50, unique=True)
    navn = models.CharField(_("navn"), max_length=100)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class RolleRettighet(BaseModel):
    """One right (action) granted to a role."""

    rolle = models.ForeignKey(Rolle, on_delete=models.CASCADE, related_name="rettigheter")
    action = models.CharField(_("handling"), max_length=32, choices=Action.choices)

    class Meta(BaseModel.Meta):
        verbose_name = _("rettighet")
        verbose_name_plural = _("rettigheter")
        constraints = [
            models.UniqueConstraint(fields=["rolle", "action"], name="rollerettighet_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.rolle}: {self.get_action_display()}"


class RolleRettighetEndring(BaseModel):
    """History of rights changes: who changed which role, from what, to what."""

    rolle = models.ForeignKey(Rolle, on_delete=models.CASCADE, related_name="endringer")
    endret_av = models.ForeignKey("Ansatt", on_delete=models.PROTECT, related_name="+")
    for_endring = models.JSONField(default=list)
    etter_endring = models.JSONField(default=list)

    class Meta(BaseModel.Meta):
        verbose_name = _("endring av rettigheter")
        verbose_name_plural = _("endringer av rettigheter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rolle}: {self.created_at:%d.%m.%Y %H:%M}"


class Tilknytning(BaseModel):
    """Staff assignment to a unit with a role, for a period (gyldig_til inclusive)."""

    ansatt = models.ForeignKey(Ansatt, on_delete=models.CASCADE, related_name="tilknytninger")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="tilknytninger")
    rolle = models.ForeignKey(Rolle, on_delete=models.PROTECT, related_name="tilknytninger")
    gyldig_fra = models.DateField(_("gyldig fra"), default=dt.date.today)
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gyldig_til__isnull=True)
                | models.Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="tilknytning_periode_gyldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ansatt} – {self.enhet} ({self.rolle})"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or idag()
        return self.gyldig_fra <= day and (self.gyldig_til is None or day <= self.gyldig_til)


class ApiNoekkel(BaseModel):
    """An API token: one per client login, with a lifetime, revoked at API logout or when the
    person is deactivated. Only the SHA-256 of the key is stored; the key itself is shown
    once, in the login answer."""

    ansatt = models.ForeignKey(Ansatt, on_delete=models.CASCADE, related_name="api_noekler")
    noekkel_hash = models.CharField(_("nøkkel (SHA-256)"), max_length=64, unique=True)
    utloeper = models.DateTimeField(_("utløper"))
    tilbakekalt = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        indexes = [models.Index(fields=["ansatt", "utloeper"], name="apinoekkel_ansatt")]

    def __str__(self) -> str:
        return f"{self.ansatt} ({self.utloeper:%d.%m.%Y %H:%M})"


class Vakt(BaseModel):
    """A shift: a member of staff working in a unit (any unit type: a home-care district, a
    nursing-home ward …) on one day, from–to. A shift whose `til_tid` is before its
    `fra_tid` ends the next day (a night shift). Registered by the service apps (each with
    its own rules), read by payroll (integrasjoner.lonn.kilder)."""

    ansatt = models.ForeignKey(Ansatt, on_delete=models.CASCADE, related_name="+")
    enhet = models.ForeignKey(Enhet, on_delete=models.PROTECT, related_name="+")
    dato = models.DateField(_("dato"))
    fra_tid = models.TimeField(_("fra"))
    til_tid = models.TimeField(_("til"))

    class Meta(BaseModel.Meta):
        verbose_name = _("vakt")
        verbose_name_plural = _("vakter")
        ordering = ["dato", "fra_tid", "id"]
        indexes = [models.Index(fields=["enhet", "dato"], name="core_vakt_enhet_dato")]
        constraints = [
            models.UniqueConstraint(
                fields=["ansatt", "enhet", "dato", "fra_tid"], name="core_vakt_unik"
            ),
            models.CheckConstraint(
                condition=~models.Q(til_tid=models.F("fra_tid")), name="core_vakt_lengde"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ansatt} {self.dato:%d.%m.%Y} {self.fra_tid:%H:%M}–{self.til_tid:%H:%M}"

    @property
    def minutter(self) -> int:
        """The shift's length; a shift past midnight ends the next day."""
        start = self.fra_tid.hour * 60 + self.fra_tid.minute
        slutt = self.til_tid.hour * 60 + self.til_tid.minute
        return (slutt - start) % (24 * 60)


class AuditLogg(models.Model):
    """Append-only audit trail, partitioned by month (migration 0005).

    PostgreSQL rejects UPDATE and DELETE (trigger from migration 0002, kept in 0005), and
    the runtime role may only INSERT and SELECT (core/dbroller.py). Each row carries a hash
    chained to the previous row of its partition (migration 0010; `revisjon_verifiser`).

    Actor details are copied, not referenced, so the row stays true after staff change.
    """

    id = models.BigAutoField(primary_key=True)
    tidspunkt = models.DateTimeField(default=timezone.now, db_index=True)
    hendelse = models.PositiveSmallIntegerField()
    aktor_id = models.UUIDField(null=True, blank=True)
    aktor_navn = models.CharField(max_length=300, blank=True)
    aktor_hpr = models.CharField(max_length=9, blank=True)
    aktor_yrke = models.CharField(max_length=100, blank=True)
    rolle = models.CharField(max_length=50, blank=True)
    enhet_id = models.UUIDField(null=True, blank=True)
    pasient_id = models.UUIDField(null=True, blank=True)
    objekt_type = models.CharField(max_length=100, blank=True)
    objekt_id = models.CharField(max_length=64, blank=True)
    grunnlag = models.CharField(max_length=32, blank=True)
    begrunnelse = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # A client's own X-Request-ID, kept beside ours (request_id), never instead of it.
    klient_request_id = models.CharField(max_length=64, blank=True)
    kanal = models.CharField(max_length=16, blank=True)
    ekstra = models.JSONField(default=dict, blank=True)
    # Tamper evidence (migration 0010): set by the database on insert, per partition.
    kjede_nr = models.BigIntegerField(null=True, blank=True, editable=False)
    forrige_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("revisjonslogg")
        verbose_name_plural = _("revisjonslogg")
        ordering = ["-tidspunkt", "-id"]
        indexes = [
            models.Index(fields=["pasient_id", "-tidspunkt"], name="auditlogg_pasient_tid"),
            models.Index(fields=["aktor_id", "-tidspunkt"], name="auditlogg_aktor_tid"),
            models.Index(fields=["enhet_id", "-tidspunkt"], name="auditlogg_enhet_tid"),
            models.Index(fields=["kjede_nr"], name="auditlogg_kjede_nr"),
        ]

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.hendelse} {self.aktor_navn}"


# --- Transactional outbox (core/outbox.py) -------------------------------------------------


class Utbokshendelse(BaseModel):
    """An event a domain change wrote in its own transaction (transactional outbox).

    It commits if and only if the change commits; one Levering row per receiver
    registered for `hendelse` carries the delivery state.
    """

    hendelse = models.CharField(_("hendelse"), max_length=100, db_index=True)
    payload = models.JSONField(_("innhold"), default=dict, blank=True)
    pasient_id = models.UUIDField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("utbokshendelse")
        verbose_name_plural = _("utbokshendelser")

    def __str__(self) -> str:
        return f"{self.hendelse} {self.created_at:%d.%m.%Y %H:%M:%S}"


class LeveringStatus(models.TextChoices):
    VENTER = "venter", _("Venter")
    SENDER = "sender", _("Sendes")
    LEVERT = "levert", _("Levert")
    DOD = "dod", _("Feilet (stoppet)")


class Levering(BaseModel):
    """One delivery of an outbox event to one receiver. Its id is the idempotency key the
    receiver is told, so a repeated delivery is harmless on the other side."""

    hendelse = models.ForeignKey(
        Utbokshendelse, on_delete=models.PROTECT, related_name="leveringer"
    )
    mottaker = models.CharField(_("mottaker"), max_length=100)
    status = models.CharField(
        _("status"), max_length=8, choices=LeveringStatus.choices, default=LeveringStatus.VENTER
    )
    forsok = models.PositiveIntegerField(_("forsøk"), default=0)
    neste_forsok_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    # When a task was last put on the queue for it (the sweep re-queues lost ones).
    koet_at = models.DateTimeField(null=True, blank=True)
    # When the current attempt claimed it (a row stuck in SENDER is reclaimed after a timeout).
    sendt_at = models.DateTimeField(null=True, blank=True)
    levert_at = models.DateTimeField(_("levert"), null=True, blank=True)
    siste_feil = models.TextField(_("siste feil"), blank=True)

    class Meta(BaseModel.Meta):
        verbose_name = _("levering")
        verbose_name_plural = _("leveringer")
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["status", "neste_forsok_at"], name="levering_status_neste"),
            models.Index(fields=["mottaker", "status"], name="levering_mottaker_status"),
            models.Index(fields=["mottaker", "-updated_at"], name="levering_mottaker_endret"),
            models.Index(fields=["mottaker", "-levert_at"], name="levering_mottaker_levert"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["hendelse", "mottaker"], name="levering_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.mottaker}: {self.hendelse.hendelse} ({self.status})"


class LeveringUtfall(models.TextChoices):
    LEVERT = "levert", _("Levert")
    FEIL = "feil", _("Feil, prøves igjen")
    DOD = "dod", _("Feil, stoppet")
    AVBRUTT = "avbrutt", _("Avbrutt (arbeider stoppet)")


class LeveringForsoek(models.Model):
    """One attempt at a delivery: when, how it ended and why (the dashboard's history)."""

    id = models.BigAutoField(primary_key=True)
    levering = models.ForeignKey(Levering, on_delete=models.CASCADE, related_name="forsoksliste")
    nummer = models.PositiveIntegerField()
    startet_at = models.DateTimeField()
    ferdig_at = models.DateTimeField(default=timezone.now)
    utfall = models.CharField(max_length=8, choices=LeveringUtfall.choices)
    feil = models.TextField(blank=True)

    class Meta:
        db_table = "core_leveringforsok"  # the name before the naming rule
        verbose_name = _("leveringsforsøk")
        verbose_name_plural = _("leveringsforsøk")
        ordering = ["levering", "nummer", "id"]

    def __str__(self) -> str:
        return f"{self.levering_id} #{self.nummer} {self.utfall}"
