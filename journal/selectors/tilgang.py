"""Reads about access: the patient's access log, the leaders' log review, emergency reviews."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, ExtractHour, ExtractIsoWeekDay, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt, AuditLogg, Enhet
from journal.access import Grunnlag, actor_require, pasient_access
from journal.models import Pasient, Sperring, TilgangType, UtvidetTilgang
from journal.services.tilgang import leader_scope

REVIEWED_EVENTS = [
    AuditEvent.PASIENT_READ,
    AuditEvent.UTVIDET_TILGANG_OPENED,
    AuditEvent.PASIENT_CREATED,
]
FLAGS = {
    "akutt": _("Akuttilgang"),
    "utenfor_relasjon": _("Utenfor behandlingsrelasjon"),
    "samme_etternavn": _("Samme etternavn"),
    "samme_adresse": _("Samme adresse"),
    "egen_journal": _("Egen journal"),
    "kollega": _("Kollegas journal"),
    "utenfor_arbeidstid": _("Utenfor arbeidstid"),
    "mange_pasienter": _("Mange pasienter på kort tid"),
}


def grunnlag_text(kode: str, begrunnelse: str) -> str:
    """The basis of an access in plain Norwegian, for the patient and for leaders."""
    if kode == Grunnlag.RELASJON:
        return _("Behandlingsrelasjon med enheten")
    if kode == Grunnlag.BESLUTNINGSSTYRT:
        return _("Tilgang med begrunnelse: %(b)s") % {"b": begrunnelse}
    if kode == Grunnlag.AKUTT:
        return _("Akuttilgang: %(b)s") % {"b": begrunnelse}
    if kode == Grunnlag.SYSTEM:
        return _("Systemet")
    return "–"


@dataclass(frozen=True)
class Loggrad:
    tidspunkt: dt.datetime
    hvem: str
    yrke: str
    enhet: str
    hva: str
    grunnlag: str
    flagg: list[str]
    pasient: str = ""
    pasient_id: uuid.UUID | None = None


def _unit_names(ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    return dict(Enhet.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "navn"))


def tilgangslogg_for_pasient(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = 50
) -> tuple[Pasient, Side[AuditLogg], list[Loggrad]]:
    """Who accessed the record, when and on what basis (innsyn i logg). Reading it is audited."""
    with transaction.atomic():
        pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
        rows = AuditLogg.objects.filter(pasient_id=pasient.pk).order_by("-tidspunkt", "-id")
        page = side_fetch(rows, nummer=side, storrelse=storrelse)
        audit_log(
            actor=actor,
            event=AuditEvent.TILGANGSLOGG_READ,
            target=pasient,
            pasient_id=pasient.pk,
            extra={"side": side},
        )
    names = _unit_names({r.enhet_id for r in page.items})
    labels = dict(AuditEvent.choices)
    rader = [
        Loggrad(
            tidspunkt=r.tidspunkt,
            hvem=r.aktor_navn or _("Systemet"),
            yrke=r.aktor_yrke,
            enhet=names.get(r.enhet_id, "") if r.enhet_id else "",
            hva=str(labels.get(r.hendelse, r.hendelse)),
            grunnlag=grunnlag_text(r.grunnlag, r.begrunnelse),
            flagg=[],
        )
        for r in page.items
    ]
    return pasient, page, rader


@dataclass(frozen=True)
class Loggfilter:
    fra: dt.date
    til: dt.date
    ansatt_id: uuid.UUID | None = None
    identifikator: str = ""
    kun_flagget: bool = False


def _annotated_log(scope: set[uuid.UUID]) -> QuerySet[AuditLogg]:
    oslo = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    pasient = Pasient.objects.filter(pk=OuterRef("pasient_id"))
    ansatt = Ansatt.objects.filter(pk=OuterRef("aktor_id"))
    window = dt.timedelta(minutes=settings.LOGGKONTROLL_VINDU_MINUTTER)
    reads_nearby = (
        AuditLogg.objects.filter(
            aktor_id=OuterRef("aktor_id"),
            hendelse=AuditEvent.PASIENT_READ,
            tidspunkt__gte=OuterRef("tidspunkt") - window,
            tidspunkt__lte=OuterRef("tidspunkt") + window,
        )
        .order_by()
        .values("aktor_id")
        .annotate(n=Count("pasient_id", distinct=True))
        .values("n")
    )

    def flag(condition: Q) -> ExpressionWrapper[Q]:
        return ExpressionWrapper(condition, output_field=BooleanField())

    return (
        AuditLogg.objects.filter(
            enhet_id__in=scope, pasient_id__isnull=False, hendelse__in=REVIEWED_EVENTS
        )
        .annotate(
            p_navn=Subquery(
                pasient.annotate(n=Concat("fornavn", Value(" "), "etternavn")).values("n")[:1]
            ),
            p_identifikator=Subquery(pasient.values("identifikator")[:1]),
            p_etternavn=Lower(Subquery(pasient.values("etternavn")[:1])),
            p_adresse=Lower(Subquery(pasient.values("adresse")[:1])),
            p_postnummer=Subquery(pasient.values("postnummer")[:1]),
            a_etternavn=Lower(Subquery(ansatt.values("last_name")[:1])),
            a_fnr=Subquery(ansatt.values("fodselsnummer")[:1]),
            a_adresse=Lower(Subquery(ansatt.values("adresse")[:1])),
            a_postnummer=Subquery(ansatt.values("postnummer")[:1]),
            time=ExtractHour("tidspunkt", tzinfo=oslo),
            ukedag=ExtractIsoWeekDay("tidspunkt", tzinfo=oslo),
            naerliggende=Coalesce(Subquery(reads_nearby[:1]), 0),
        )
        .annotate(
            f_akutt=flag(Q(grunnlag=Grunnlag.AKUTT)),
            f_utenfor_relasjon=flag(Q(grunnlag__in=[Grunnlag.AKUTT, Grunnlag.BESLUTNINGSSTYRT])),
            f_samme_etternavn=flag(Q(p_etternavn=F("a_etternavn"))),
            f_samme_adresse=flag(
                Q(p_adresse=F("a_adresse"), p_postnummer=F("a_postnummer")) & ~Q(a_adresse="")
            ),
            f_egen_journal=flag(Q(p_identifikator=F("a_fnr"))),
            f_kollega=flag(
                Q(
                    Exists(
                        Ansatt.objects.filter(fodselsnummer=OuterRef("p_identifikator")).exclude(
                            pk=OuterRef("aktor_id")
                        )
                    )
                )
            ),
            f_utenfor_arbeidstid=flag(
                Q(time__lt=settings.ARBEIDSTID_START)
                | Q(time__gte=settings.ARBEIDSTID_SLUTT)
                | Q(ukedag__gte=6)
            ),
            f_mange_pasienter=flag(Q(naerliggende__gt=settings.LOGGKONTROLL_MANGE_PASIENTER)),
        )
        .order_by("-tidspunkt", "-id")
    )


def logganalyse(*, actor: Ansatt, filter: Loggfilter) -> QuerySet[AuditLogg]:
    """Accesses made from the leader's units, with automatic flags (f_* annotations)."""
    actor_require(actor, Action.REVIEW_LOG)
    oslo = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(filter.fra, dt.time.min, tzinfo=oslo)
    end = dt.datetime.combine(filter.til + dt.timedelta(days=1), dt.time.min, tzinfo=oslo)
    rows = _annotated_log(leader_scope(actor)).filter(tidspunkt__gte=start, tidspunkt__lt=end)
    if filter.ansatt_id:
        rows = rows.filter(aktor_id=filter.ansatt_id)
    if filter.identifikator:
        rows = rows.filter(p_identifikator="".join(filter.identifikator.split()))  # type: ignore[misc]
    if filter.kun_flagget:
        rows = rows.filter(
            Q(f_akutt=True)
            | Q(f_utenfor_relasjon=True)
            | Q(f_samme_etternavn=True)
            | Q(f_samme_adresse=True)
            | Q(f_egen_journal=True)
            | Q(f_kollega=True)
            | Q(f_utenfor_arbeidstid=True)
            | Q(f_mange_pasienter=True)
        )
    return rows


def loggrader(rows: list[AuditLogg]) -> list[Loggrad]:
    names = _unit_names({r.enhet_id for r in rows})
    labels = dict(AuditEvent.choices)
    return [
        Loggrad(
            tidspunkt=r.tidspunkt,
            hvem=r.aktor_navn,
            yrke=r.aktor_yrke,
            enhet=names.get(r.enhet_id, "") if r.enhet_id else "",
            hva=str(labels.get(r.hendelse, r.hendelse)),
            grunnlag=grunnlag_text(r.grunnlag, r.begrunnelse),
            flagg=[str(label) for key, label in FLAGS.items() if getattr(r, f"f_{key}", False)],
            pasient=getattr(r, "p_navn", "") or "",
            pasient_id=r.pasient_id,
        )
        for r in rows
    ]


def logganalyse_side(
    *, actor: Ansatt, filter: Loggfilter, side: int = 1
) -> tuple[Side[AuditLogg], list[Loggrad]]:
    with transaction.atomic():
        page = side_fetch(logganalyse(actor=actor, filter=filter), nummer=side, storrelse=50)
        audit_log(
            actor=actor,
            event=AuditEvent.LOGGKONTROLL_READ,
            extra={
                "fra": filter.fra.isoformat(),
                "til": filter.til.isoformat(),
                "side": side,
                "rader": len(page.items),
            },
        )
    return page, loggrader(list(page.items))


EXPORT_MAX_ROWS = 50_000


def logganalyse_export(*, actor: Ansatt, filter: Loggfilter) -> list[Loggrad]:
    """All rows of the filter (at most EXPORT_MAX_ROWS) for CSV; the export is audited."""
    with transaction.atomic():
        rows = list(logganalyse(actor=actor, filter=filter)[:EXPORT_MAX_ROWS])
        audit_log(
            actor=actor,
            event=AuditEvent.LOGGKONTROLL_EXPORTED,
            extra={
                "fra": filter.fra.isoformat(),
                "til": filter.til.isoformat(),
                "rader": len(rows),
            },
        )
    return loggrader(rows)


def akuttilganger_for_review(*, actor: Ansatt, side: int = 1) -> Side[UtvidetTilgang]:
    """Emergency accesses from the leader's units, unreviewed first."""
    actor_require(actor, Action.REVIEW_LOG)
    rows = (
        UtvidetTilgang.objects.filter(type=TilgangType.AKUTT, enhet_id__in=leader_scope(actor))
        .select_related("ansatt", "pasient", "enhet", "gjennomgatt_av")
        .order_by(F("gjennomgatt_at").desc(nulls_first=True), "-gyldig_fra")
    )
    return side_fetch(rows, nummer=side, storrelse=25)


def loggfilter_default() -> Loggfilter:
    # The audit log is stamped with the real time (core.audit), so its review window is too.
    today = timezone.localdate()  # noqa: TID251
    return Loggfilter(fra=today - dt.timedelta(days=7), til=today)


def sperringer_for_pasient(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> list[Sperring]:
    """Active blocks of a patient, for staff who register blocks on the patient's request."""
    actor_require(actor, Action.MANAGE_BLOCKING)
    return list(
        Sperring.objects.active()
        .filter(pasient_id=pasient_id)
        .select_related("ansatt", "enhet", "virksomhet", "registrert_av")
        .order_by("-created_at")
    )
