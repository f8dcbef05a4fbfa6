"""Writes for invoicing: start a monthly run, compute it (streaming, in a Celery task),
send it to the economy system through the outbox, and the income basis per patient.

The run (kjoring_run) walks the patients of every registered source (selectors/kilder.py) with a
server-side cursor, in batches of FAKTURA_BATCH: per batch a constant number of queries
(each source's rows, income, the sent lines to correct) and one bulk insert; progress is
committed per batch so the run page can show it. It never holds more than one batch of
patients (plus the absences of the month) in memory.

Corrections: for each month up to FAKTURA_KORREKSJON_MANEDER back that has a sent run, the
run computes the month again and compares with the lines in force (sent, not credited).
A changed line is credited in full (kredit, referring to it) and charged again (debet,
referring to it); a line that no longer applies is credited; a charge that was missing is
added as debet. Sent lines are never changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.faktura.client import fil_send
from integrasjoner.faktura.lib.beregning import Trinn, maaned_slutt
from integrasjoner.faktura.models import (
    Fakturafil,
    Fakturagrunnlag,
    Fakturakjoering,
    Grunnbeloep,
    Inntektsgrunnlag,
    KjoeringStatus,
    Linjetype,
    Satser,
)
from integrasjoner.faktura.selectors.kilder import Periode, kilder
from integrasjoner.faktura.selectors.kjoering import acting_kommune
from integrasjoner.faktura.services import eksport
from integrasjoner.faktura.services.linjer import (
    Avvik,
    Inntekt,
    Linje,
    Satsversjon,
    g_for,
    linjer_for_pasient,
)

logger = logging.getLogger(__name__)

OKONOMISYSTEM = "faktura.okonomisystem"
HENDELSE_KLAR = "faktura.kjoring_klar"
OKONOMISYSTEM_HENDELSER = {HENDELSE_KLAR}
# A run still "beregner" after this long lost its worker and may be started again.
STALE_ETTER = dt.timedelta(hours=2)
MAX_FEIL = 2000
# Deviations kept on the run for the administrator to see (the count keeps them all).
AVVIK_VIST = 500


# --- helpers -------------------------------------------------------------------------------


def maaned_parse(value: str | dt.date | None) -> dt.date:
    """'2025-03' (or a date) → the first day of that month; a Norwegian 400 otherwise."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        aar, maned = (int(part) for part in str(value or "").strip().split("-")[:2])
        return dt.date(aar, maned, 1)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("Oppgi måned som ÅÅÅÅ-MM, for eksempel 2025-03.")) from exc


def forste_maaned(*, kommune_id: uuid.UUID) -> dt.date | None:
    """The first month with both fee rates (national or the kommune's) and a G in force on
    its first day; None when either table is empty."""
    g_fra = Grunnbeloep.objects.order_by("gyldig_fra").values_list("gyldig_fra", flat=True).first()
    satser_fra = (
        Satser.objects.filter(Q(kommune__isnull=True) | Q(kommune_id=kommune_id))
        .order_by("gyldig_fra")
        .values_list("gyldig_fra", flat=True)
        .first()
    )
    if g_fra is None or satser_fra is None:
        return None
    fra = max(g_fra, satser_fra)
    if fra.day != 1:  # the month must be covered from its first day
        fra = maaned_slutt(fra) + dt.timedelta(days=1)
    return fra


# --- start and send ------------------------------------------------------------------------


@transaction.atomic
def kjoering_start(*, actor: Ansatt, maned: dt.date) -> Fakturakjoering:
    """Start (or restart) the run of the actor's kommune for a month; computed by a task.

    A draft or failed run of the month is replaced; a sent run cannot be run again (its
    corrections go in a later month), and a run in progress is not started twice. Only
    finished months may be run. Audited as FAKTURA_KJORING_STARTED.
    """
    kommune = acting_kommune(actor)
    maned = maned.replace(day=1)
    if maaned_slutt(maned) >= idag():
        raise ApplicationError(_("Bare avsluttede måneder kan faktureres."))
    forste = forste_maaned(kommune_id=kommune.pk)
    if forste is None or maned < forste:
        raise ApplicationError(
            _(
                "%(m)s kan ikke faktureres: satser og grunnbeløp er registrert fra %(f)s. "
                "Velg en måned fra %(f)s, eller legg inn satsene for perioden først."
            )
            % {"m": f"{maned:%m.%Y}", "f": f"{forste:%m.%Y}" if forste else "–"}
        )
    now = timezone.now()
    kjoring = (
        Fakturakjoering.objects.select_for_update().filter(kommune=kommune, maned=maned).first()
    )
    if kjoring is None:
        kjoring = Fakturakjoering(kommune=kommune, maned=maned)
    elif kjoring.status == KjoeringStatus.SENDT:
        raise ApplicationError(
            _(
                "Kjøringen for %(m)s er sendt og kan ikke endres. Rettelser kommer som "
                "kreditering i en senere kjøring."
            )
            % {"m": f"{maned:%m.%Y}"}
        )
    elif kjoring.status in (KjoeringStatus.KOET, KjoeringStatus.BEREGNER) and (
        kjoring.startet_at is not None and now - kjoring.startet_at < STALE_ETTER
    ):
        raise ApplicationError(_("Kjøringen for denne måneden pågår allerede."))
    kjoring.status = KjoeringStatus.KOET
    kjoring.startet_av = actor
    kjoring.startet_at = now
    kjoring.ferdig_at = None
    kjoring.feil = ""
    kjoring.antall_pasienter = kjoring.antall_linjer = 0
    kjoring.antall_korreksjoner = kjoring.antall_avvik = 0
    kjoring.avvik = []
    kjoring.sum_belop = Decimal(0)
    kjoring.full_clean()
    kjoring.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FAKTURA_KJORING_STARTED,
        target=kjoring,
        extra={"kommune": kommune.nummer, "maned": f"{maned:%Y-%m}"},
    )
    from integrasjoner.faktura.tasks import kjoering_run as kjoring_run_task

    kjoring_id = str(kjoring.pk)
    transaction.on_commit(lambda: kjoring_run_task.delay(kjoring_id))
    return kjoring


@transaction.atomic
def kjoering_send(*, actor: Ansatt, kjoring_id: uuid.UUID | str) -> Fakturakjoering:
    """Approve a computed draft and send it to the economy system (through the outbox).

    From now on the run and its lines are never changed. Audited as FAKTURA_KJORING_SENT.
    """
    kommune = acting_kommune(actor)
    try:
        key = uuid.UUID(str(kjoring_id))
    except ValueError as exc:
        raise NotFound from exc
    kjoring = Fakturakjoering.objects.select_for_update().filter(pk=key, kommune=kommune).first()
    if kjoring is None:
        raise NotFound
    if kjoring.status != KjoeringStatus.UTKAST:
        raise ApplicationError(_("Bare en ferdig beregnet kjøring (utkast) kan sendes."))
    fil = Fakturafil.objects.filter(kjoring=kjoring).only("sha256", "filnavn").first()
    if fil is None:
        raise ApplicationError(_("Kjøringen har ingen fil. Kjør den på nytt."))
    kjoring.status = KjoeringStatus.SENDT
    kjoring.sendt_at = timezone.now()
    kjoring.sendt_av = actor
    kjoring.save(update_fields=["status", "sendt_at", "sendt_av", "updated_at"])
    outbox_publish(
        hendelse=HENDELSE_KLAR,
        payload={
            "kjoring_id": str(kjoring.pk),
            "kommunenummer": kommune.nummer,
            "maned": f"{kjoring.maned:%Y-%m}",
            "filnavn": fil.filnavn,
            "sha256": fil.sha256,
            "antall_linjer": kjoring.antall_linjer + kjoring.antall_korreksjoner,
            "sum": str(kjoring.sum_belop),
        },
    )
    audit_log(
        actor=actor,
        event=AuditEvent.FAKTURA_KJORING_SENT,
        target=kjoring,
        extra={"sum": str(kjoring.sum_belop), "sha256": fil.sha256},
    )
    return kjoring


def kjoering_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the run's stored file goes to the economy system, keyed by the
    delivery's id. A run or file that is gone is a permanent failure."""
    from core.exceptions import IntegrationError

    fil = (
        Fakturafil.objects.select_related("kjoring__kommune")
        .filter(kjoring_id=hendelse.payload.get("kjoring_id"))
        .first()
    )
    if fil is None:
        raise IntegrationError(_("Fakturafilen finnes ikke lenger."), permanent=True)
    fil_send(
        kjoring_id=str(fil.kjoring_id),
        kommunenummer=fil.kjoring.kommune.nummer,
        maned=f"{fil.kjoring.maned:%Y-%m}",
        filnavn=fil.filnavn,
        innhold=eksport.fil_innhold(fil),
        sha256=fil.sha256,
        antall_linjer=fil.antall_linjer,
        idempotency_key=str(levering.id),
    )


# --- the run -------------------------------------------------------------------------------


@dataclass
class _Kontekst:
    kommune_id: uuid.UUID
    maned: dt.date
    perioder: list[Periode]  # the month first, then months to correct
    korrigeres: list[Periode]
    satser: list[Satsversjon]  # the kommune's rows, then the default's
    kommunens: int  # how many of `satser` are the kommune's own
    g_tabell: list[tuple[dt.date, Decimal]]
    tilstand: dict[str, Any]


def _satsversjon(row: Satser) -> Satsversjon:
    return Satsversjon(
        id=str(row.pk),
        gyldig_fra=row.gyldig_fra,
        timepris=row.timepris_praktisk_bistand,
        tak_under_2g=row.tak_under_2g,
        korttid_per_dogn=row.korttid_per_dogn,
        dag_natt_per_dogn=row.dag_natt_per_dogn,
        fribelop=row.fribelop,
        kurdognpris=row.kurdognpris,
        trygghetsalarm=row.trygghetsalarm_per_maned,
        matombringing=row.matombringing_per_maned,
        trinn=tuple(Trinn(fra_g=t.fra_g, tak=t.tak) for t in row.trinn.all()),
    )


def satser_for(satser: Sequence[Satsversjon], kommunens: int, dato: dt.date) -> Satsversjon:
    """The kommune's rates in force on `dato`, else the national default's."""
    for group in (satser[:kommunens], satser[kommunens:]):
        gyldige = [s for s in group if s.gyldig_fra <= dato]
        if gyldige:
            return max(gyldige, key=lambda s: s.gyldig_fra)
    raise ApplicationError(
        _("Ingen satser gjelder for %(d)s. Registrer satser i administrasjonen.")
        % {"d": f"{dato:%d.%m.%Y}"}
    )


def _pasient_stream(ctx: _Kontekst, batch: int) -> Iterator[list[uuid.UUID]]:
    """Patient ids with something to invoice or correct, in batches, over a server-side
    cursor (one pass; only ids cross the wire)."""
    parts: list[QuerySet[Any]] = [
        kilde.pasienter(kommune_id=ctx.kommune_id, perioder=ctx.perioder) for kilde in kilder()
    ]
    if ctx.korrigeres:
        parts.append(_i_kraft(ctx.kommune_id, ctx.korrigeres).values_list("pasient_id", flat=True))
    if not parts:
        return
    union = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
    ids: list[uuid.UUID] = []
    for pasient_id in union.order_by().iterator(chunk_size=batch):
        ids.append(pasient_id)
        if len(ids) >= batch:
            yield ids
            ids = []
    if ids:
        yield ids


def _i_kraft(kommune_id: uuid.UUID, perioder: Sequence[Periode]) -> QuerySet[Fakturagrunnlag]:
    """Sent lines of the periods that are in force: charges not credited by a sent line."""
    in_periods = Q()
    for p in perioder:
        in_periods |= Q(periode_fra__gte=p.fra, periode_fra__lte=p.til)
    credited = Fakturagrunnlag.objects.filter(
        korrigerer=OuterRef("pk"),
        type=Linjetype.KREDIT,
        kjoring__status=KjoeringStatus.SENDT,
    )
    return Fakturagrunnlag.objects.filter(
        in_periods,
        kjoring__kommune_id=kommune_id,
        kjoring__status=KjoeringStatus.SENDT,
        type__in=[Linjetype.ORDINAER, Linjetype.DEBET],
    ).exclude(Exists(credited))


def _inntekter(pasient_ids: Sequence[uuid.UUID], aar: int) -> dict[uuid.UUID, list[Inntekt]]:
    found: dict[uuid.UUID, list[Inntekt]] = defaultdict(list)
    rows = (
        Inntektsgrunnlag.objects.filter(pasient_id__in=pasient_ids, aar__lte=aar)
        .order_by("pasient_id", "-aar")
        .values_list("pasient_id", "aar", "husstandsinntekt", "netto_inntekt")
    )
    for pasient_id, year, husstand, netto in rows:
        found[pasient_id].append(Inntekt(aar=year, husstandsinntekt=husstand, netto_inntekt=netto))
    return found


def _inntekt_for(rows: list[Inntekt], aar: int) -> Inntekt | None:
    """The year's income basis, else the latest earlier one (rows newest first)."""
    return next((row for row in rows if row.aar <= aar), None)


def _compute(
    ctx: _Kontekst, pasient_ids: list[uuid.UUID], periode: Periode
) -> tuple[dict[uuid.UUID, list[Linje]], list[Avvik]]:
    forbruk: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for kilde in kilder():
        for item in kilde.forbruk(
            kommune_id=ctx.kommune_id,
            pasient_ids=pasient_ids,
            periode=periode,
            tilstand=ctx.tilstand.get(kilde.navn),
        ):
            forbruk[item.pasient_id].append(item)
    if not forbruk:
        return {}, []
    inntekter = _inntekter(list(forbruk), periode.fra.year)
    sats = satser_for(ctx.satser, ctx.kommunens, periode.fra)
    try:
        g_fra, g = g_for(periode.fra, ctx.g_tabell)
    except LookupError as exc:
        raise ApplicationError(
            _("Grunnbeløpet for %(d)s mangler.") % {"d": f"{periode.fra:%d.%m.%Y}"}
        ) from exc
    result: dict[uuid.UUID, list[Linje]] = {}
    avvik: list[Avvik] = []
    for pasient_id, items in forbruk.items():
        lines, problems = linjer_for_pasient(
            pasient_id=pasient_id,
            maned=periode.fra,
            forbruk=items,
            sats=sats,
            g=g,
            g_fra=g_fra,
            inntekt=_inntekt_for(inntekter.get(pasient_id, []), periode.fra.year),
        )
        result[pasient_id] = lines
        avvik.extend(problems)
    return result, avvik


def _row(kjoring: Fakturakjoering, line: Linje, **more: Any) -> Fakturagrunnlag:
    return Fakturagrunnlag(
        kjoring=kjoring,
        pasient_id=line.pasient_id,
        tjeneste=line.tjeneste,
        nokkel=line.nokkel,
        periode_fra=line.periode_fra,
        periode_til=line.periode_til,
        antall=line.antall,
        enhet=line.enhet,
        enhetspris=line.enhetspris,
        belop=line.belop,
        grunnlag=line.grunnlag,
        merknad=line.merknad,
        **more,
    )


def _credit(kjoring: Fakturakjoering, old: Fakturagrunnlag) -> Fakturagrunnlag:
    return Fakturagrunnlag(
        kjoring=kjoring,
        pasient_id=old.pasient_id,
        type=Linjetype.KREDIT,
        tjeneste=old.tjeneste,
        nokkel=old.nokkel,
        periode_fra=old.periode_fra,
        periode_til=old.periode_til,
        antall=-old.antall,
        enhet=old.enhet,
        enhetspris=old.enhetspris,
        belop=-old.belop,
        grunnlag=old.grunnlag,
        korrigerer=old,
        merknad=_("Kreditering av linje fakturert %(m)s") % {"m": f"{old.periode_fra:%m.%Y}"},
    )


def _same(old: Fakturagrunnlag, new: Linje) -> bool:
    return (old.antall, old.enhetspris, old.belop) == (new.antall, new.enhetspris, new.belop)


def _korreksjoner(
    kjoring: Fakturakjoering, ctx: _Kontekst, pasient_ids: list[uuid.UUID]
) -> tuple[list[Fakturagrunnlag], list[Avvik]]:
    if not ctx.korrigeres:
        return [], []
    in_force: dict[str, Fakturagrunnlag] = {
        old.nokkel: old
        for old in _i_kraft(ctx.kommune_id, ctx.korrigeres).filter(pasient_id__in=pasient_ids)
    }
    rows: list[Fakturagrunnlag] = []
    avvik: list[Avvik] = []
    seen: set[str] = set()
    for periode in ctx.korrigeres:
        computed, problems = _compute(ctx, pasient_ids, periode)
        avvik.extend(problems)
        for lines in computed.values():
            for line in lines:
                seen.add(line.nokkel)
                old = in_force.get(line.nokkel)
                if old is None:
                    rows.append(_row(kjoring, line, type=Linjetype.DEBET))
                elif not _same(old, line):
                    rows.append(_credit(kjoring, old))
                    rows.append(_row(kjoring, line, type=Linjetype.DEBET, korrigerer=old))
    rows.extend(_credit(kjoring, old) for key, old in in_force.items() if key not in seen)
    return rows, avvik


def _kontekst(kjoring: Fakturakjoering) -> _Kontekst:
    maned = kjoring.maned
    earliest = maned
    for _n in range(int(settings.FAKTURA_KORREKSJON_MANEDER)):
        earliest = (earliest - dt.timedelta(days=1)).replace(day=1)
    sent_months = (
        Fakturakjoering.objects.filter(
            kommune_id=kjoring.kommune_id,
            status=KjoeringStatus.SENDT,
            maned__gte=earliest,
            maned__lt=maned,
        )
        .order_by("maned")
        .values_list("maned", flat=True)
    )
    korrigeres = [Periode(fra=m, til=maaned_slutt(m)) for m in sent_months]
    perioder = [Periode(fra=maned, til=maaned_slutt(maned)), *korrigeres]
    kommunens = list(Satser.objects.filter(kommune_id=kjoring.kommune_id).prefetch_related("trinn"))
    standard = list(Satser.objects.filter(kommune__isnull=True).prefetch_related("trinn"))
    tilstand: dict[str, Any] = {kilde.navn: kilde.prepare(perioder=perioder) for kilde in kilder()}
    return _Kontekst(
        kommune_id=kjoring.kommune_id,
        maned=maned,
        perioder=perioder,
        korrigeres=korrigeres,
        satser=[_satsversjon(s) for s in [*kommunens, *standard]],
        kommunens=len(kommunens),
        g_tabell=list(Grunnbeloep.objects.values_list("gyldig_fra", "belop")),
        tilstand=tilstand,
    )


def _claim(kjoring_id: uuid.UUID) -> bool:
    return bool(
        Fakturakjoering.objects.filter(id=kjoring_id, status=KjoeringStatus.KOET).update(
            status=KjoeringStatus.BEREGNER,
            forsok=F("forsok") + 1,
            updated_at=timezone.now(),
        )
    )


def _clear(kjoring: Fakturakjoering) -> None:
    """Remove a replaced draft's lines and file (credit lines first: they refer to lines)."""
    Fakturafil.objects.filter(kjoring=kjoring).delete()
    lines = Fakturagrunnlag.objects.filter(kjoring=kjoring)
    lines.exclude(korrigerer__isnull=True).delete()
    lines.delete()


def kjoering_run(*, kjoring_id: uuid.UUID) -> str:
    """Compute a queued run (the task calls this as the system). Returns the new status, or
    "opptatt" when the run was not queued (another worker has it, or it is done).

    Never inside a transaction: each batch commits on its own, so progress shows and a
    crash leaves a run that is simply started again.
    """
    if not _claim(kjoring_id):
        return "opptatt"
    kjoring = Fakturakjoering.objects.select_related("kommune").get(pk=kjoring_id)
    try:
        with transaction.atomic():
            _clear(kjoring)
        ctx = _kontekst(kjoring)
        totals = _run_batches(kjoring, ctx)
        fil = eksport.fil_write(kjoring=kjoring)
    except ApplicationError as exc:
        return _fail(kjoring, str(exc.message))
    except Exception as exc:
        logger.exception("Invoice run %s failed", kjoring_id)
        return _fail(kjoring, f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        Fakturakjoering.objects.filter(pk=kjoring.pk).update(
            status=KjoeringStatus.UTKAST,
            ferdig_at=timezone.now(),
            updated_at=timezone.now(),
            **totals,
        )
        audit_log(
            actor=None,
            event=AuditEvent.FAKTURA_KJORING_FINISHED,
            target=kjoring,
            extra={**{k: str(v) for k, v in totals.items()}, "sha256": fil.sha256},
        )
    return KjoeringStatus.UTKAST


def _run_batches(kjoring: Fakturakjoering, ctx: _Kontekst) -> dict[str, Any]:
    batch = int(settings.FAKTURA_BATCH)
    periode = ctx.perioder[0]
    pasienter = linjer = korreksjoner = avvik = 0
    vist: list[dict[str, str]] = []
    for pasient_ids in _pasient_stream(ctx, batch):
        computed, problems = _compute(ctx, pasient_ids, periode)
        rows = [_row(kjoring, line) for lines in computed.values() for line in lines]
        fixes, more = _korreksjoner(kjoring, ctx, pasient_ids)
        with transaction.atomic():
            Fakturagrunnlag.objects.bulk_create([*rows, *fixes], batch_size=batch * 2)
            pasienter += len(pasient_ids)
            linjer += len(rows)
            korreksjoner += len(fixes)
            avvik += len(problems) + len(more)
            vist.extend(
                {"pasient_id": str(p.pasient_id), "tekst": p.tekst}
                for p in [*problems, *more][: max(0, AVVIK_VIST - len(vist))]
            )
            Fakturakjoering.objects.filter(pk=kjoring.pk).update(
                antall_pasienter=pasienter,
                antall_linjer=linjer,
                antall_korreksjoner=korreksjoner,
                antall_avvik=avvik,
                avvik=vist,
            )
        for problem in [*problems, *more]:
            logger.info("Invoice run %s: %s (%s)", kjoring.pk, problem.tekst, problem.pasient_id)
    total = Fakturagrunnlag.objects.filter(kjoring=kjoring).aggregate(s=Sum("belop"))["s"]
    return {
        "antall_pasienter": pasienter,
        "antall_linjer": linjer,
        "antall_korreksjoner": korreksjoner,
        "antall_avvik": avvik,
        "sum_belop": total or Decimal(0),
    }


def _fail(kjoring: Fakturakjoering, feil: str) -> str:
    with transaction.atomic():
        Fakturakjoering.objects.filter(pk=kjoring.pk).update(
            status=KjoeringStatus.FEILET,
            feil=feil[:MAX_FEIL],
            ferdig_at=timezone.now(),
            updated_at=timezone.now(),
        )
        audit_log(
            actor=None,
            event=AuditEvent.FAKTURA_KJORING_FAILED,
            target=kjoring,
            extra={"feil": feil[:500]},
        )
    return KjoeringStatus.FEILET
