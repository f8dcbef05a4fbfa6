"""The nightly check that nothing silently falls out (the CosDoc lesson).

It ends decisions whose period is over (and their services), then raises one alert per
thing that needs a person: decisions expiring soon, reviews due, services running
without a valid decision, and granted decisions whose service has not started. It is
idempotent (at most one open alert per thing) and resolves alerts whose cause is gone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import actor_require
from journal.models import Tjeneste
from journal.selectors import tjenester_uten_gyldig_vedtak
from tildeling.models import Avslutning, Utfall, Varsel, VarselType, Vedtak, VedtakStatus
from tildeling.selectors.varsel import varsler_scope
from tildeling.services.vedtak import vedtak_end_apply

LOCK_KEY = 0x7D11_5E1  # pg advisory lock: one nightly check at a time


@dataclass(frozen=True)
class Funn:
    """One thing that needs an alert."""

    type: str
    objekt_type: str
    objekt_id: uuid.UUID
    pasient_id: uuid.UUID
    enhet_id: uuid.UUID | None
    utforende_enhet_id: uuid.UUID | None
    forfallsdato: dt.date
    tekst: str


@dataclass(frozen=True)
class Varselkjoering:
    avsluttet: int
    nye: int
    lost: int
    apne: int


def _innvilget() -> Q:
    return Q(status=VedtakStatus.FATTET, utfall__in=[Utfall.INNVILGET, Utfall.DELVIS_INNVILGET])


def gyldige_vedtak(dag: dt.date) -> QuerySet[Vedtak]:
    """Granted decisions in force on `dag`."""
    return Vedtak.objects.filter(_innvilget()).filter(
        Q(til_dato__isnull=True) | Q(til_dato__gte=dag)
    )


def _navn(v: Vedtak) -> str:
    return f"{v.tjenestetype.navn} – {v.pasient.fullt_navn}"


def varsel_funn(dag: dt.date) -> list[Funn]:
    """Everything that needs an alert on `dag` (four queries)."""
    funn: list[Funn] = []
    base = Vedtak.objects.select_related("tjenestetype", "pasient").filter(
        erstattet_av__isnull=True
    )
    utlop = dag + dt.timedelta(days=settings.TILDELING_VARSEL_UTLOP_DAGER)
    for v in base.filter(_innvilget(), til_dato__gte=dag, til_dato__lte=utlop):
        assert v.til_dato is not None  # noqa: S101 - filtered
        funn.append(
            Funn(
                VarselType.VEDTAK_UTLOPER,
                "tildeling.Vedtak",
                v.pk,
                v.pasient_id,
                v.enhet_id,
                v.utforende_enhet_id,
                v.til_dato,
                _("%(navn)s går ut %(dato)s")
                % {"navn": _navn(v), "dato": f"{v.til_dato:%d.%m.%Y}"},
            )
        )
    revurdering = dag + dt.timedelta(days=settings.TILDELING_VARSEL_REVURDERING_DAGER)
    for v in base.filter(status=VedtakStatus.FATTET, revurdering_dato__lte=revurdering):
        assert v.revurdering_dato is not None  # noqa: S101 - filtered
        funn.append(
            Funn(
                VarselType.REVURDERING,
                "tildeling.Vedtak",
                v.pk,
                v.pasient_id,
                v.enhet_id,
                v.utforende_enhet_id,
                v.revurdering_dato,
                _("%(navn)s skal revurderes innen %(dato)s")
                % {"navn": _navn(v), "dato": f"{v.revurdering_dato:%d.%m.%Y}"},
            )
        )
    started = Tjeneste.objects.filter(kilde_vedtak_id=OuterRef("pk"))
    for v in (
        base.filter(_innvilget(), fra_dato__lte=dag)
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=dag))
        .filter(~Exists(started))
    ):
        assert v.fra_dato is not None  # noqa: S101 - filtered
        funn.append(
            Funn(
                VarselType.IKKE_STARTET,
                "tildeling.Vedtak",
                v.pk,
                v.pasient_id,
                v.enhet_id,
                v.utforende_enhet_id,
                v.fra_dato,
                _("%(navn)s skulle starte %(dato)s, men ingen tjeneste er startet")
                % {"navn": _navn(v), "dato": f"{v.fra_dato:%d.%m.%Y}"},
            )
        )
    gyldige = gyldige_vedtak(dag).values("pk")
    uten = list(tjenester_uten_gyldig_vedtak(gyldige_vedtak_ids=gyldige))
    kontor = _kontor_for(uten)
    for t in uten:
        funn.append(
            Funn(
                VarselType.TJENESTE_UTEN_VEDTAK,
                "journal.Tjeneste",
                t.pk,
                t.pasient_id,
                kontor.get(t.pk),
                t.enhet_id,
                dag,
                _("%(tjeneste)s for %(pasient)s hos %(enhet)s har ikke gyldig vedtak")
                % {"tjeneste": t.navn, "pasient": t.pasient.fullt_navn, "enhet": t.enhet.navn},
            )
        )
    return funn


def _kontor_for(tjenester: list[Tjeneste]) -> dict[uuid.UUID, uuid.UUID | None]:
    """The allocation office answerable for each service: the one that decided it, else an
    office in the providing unit's organisation."""
    vedtak_ids = [t.kilde_vedtak_id for t in tjenester if t.kilde_vedtak_id]
    by_vedtak = dict(Vedtak.objects.filter(pk__in=vedtak_ids).values_list("pk", "enhet_id"))
    # the first office by name wins (later pairs overwrite earlier ones in dict())
    offices = dict(
        Enhet.objects.filter(type=EnhetType.TILDELINGSKONTOR, aktiv=True)
        .order_by("-navn")
        .values_list("virksomhet_id", "pk")
    )
    return {
        t.pk: (by_vedtak.get(t.kilde_vedtak_id) if t.kilde_vedtak_id else None)
        or offices.get(t.enhet.virksomhet_id)
        for t in tjenester
    }


def _expire(dag: dt.date) -> int:
    """End decisions whose period is over, and their services (system action)."""
    done = 0
    for v in Vedtak.objects.select_for_update(skip_locked=True).filter(
        status=VedtakStatus.FATTET, til_dato__lt=dag
    ):
        assert v.til_dato is not None  # noqa: S101 - filtered
        vedtak_end_apply(actor=None, vedtak=v, dato=v.til_dato, grunn=Avslutning.UTLOPT)
        done += 1
    return done


@transaction.atomic
def varsler_raise(*, dag: dt.date | None = None) -> Varselkjoering:
    """The nightly check (system context). Safe to run again: a second run the same day
    changes nothing. Returns what it did."""
    actor_require(None, Action.DECIDE_VEDTAK)  # the system only
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return Varselkjoering(0, 0, 0, Varsel.objects.filter(lost_at__isnull=True).count())
    dag = dag or idag()
    avsluttet = _expire(dag)
    funn = {(f.type, f.objekt_id): f for f in varsel_funn(dag)}
    apne = {(v.type, v.objekt_id): v for v in Varsel.objects.filter(lost_at__isnull=True)}
    lost = [v for key, v in apne.items() if key not in funn]
    now = naa()
    for v in lost:
        v.lost_at = now
        v.lost_kommentar = "Løst automatisk: årsaken er borte."
        v.save(update_fields=["lost_at", "lost_kommentar", "updated_at"])
        audit_log(actor=None, event=AuditEvent.VARSEL_RESOLVED, target=v, pasient_id=v.pasient_id)
    nye = [
        Varsel(
            type=f.type,
            objekt_type=f.objekt_type,
            objekt_id=f.objekt_id,
            pasient_id=f.pasient_id,
            enhet_id=f.enhet_id,
            utforende_enhet_id=f.utforende_enhet_id,
            forfallsdato=f.forfallsdato,
            tekst=f.tekst[:300],
        )
        for key, f in funn.items()
        if key not in apne
    ]
    Varsel.objects.bulk_create(nye, ignore_conflicts=True)
    for v in nye:
        audit_log(
            actor=None,
            event=AuditEvent.VARSEL_RAISED,
            target=v,
            pasient_id=v.pasient_id,
            extra={"type": v.type, "objekt_id": str(v.objekt_id)},
        )
    return Varselkjoering(avsluttet=avsluttet, nye=len(nye), lost=len(lost), apne=len(funn))


@transaction.atomic
def varsel_resolve(*, actor: Ansatt, varsel_id: uuid.UUID | str, kommentar: str) -> Varsel:
    """Mark an alert as handled, with a comment. If the cause remains, the next nightly
    check raises it again: an alert is resolved by fixing its cause."""
    actor_require(actor, Action.HANDLE_CASE)
    try:
        key = uuid.UUID(str(varsel_id))
    except ValueError as exc:
        raise NotFound from exc
    varsel = varsler_scope(actor).select_for_update().filter(pk=key, lost_at__isnull=True).first()
    if varsel is None:
        raise NotFound
    if not kommentar.strip():
        raise ValidationError({"kommentar": [_("Skriv hva som er gjort.")]})
    varsel.lost_at = naa()
    varsel.lost_av = actor
    varsel.lost_kommentar = kommentar.strip()[:500]
    varsel.save(update_fields=["lost_at", "lost_av", "lost_kommentar", "updated_at"])
    audit_log(
        actor=actor, event=AuditEvent.VARSEL_RESOLVED, target=varsel, pasient_id=varsel.pasient_id
    )
    return varsel
