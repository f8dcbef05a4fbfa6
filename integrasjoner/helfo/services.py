"""Claims to HELFO: build and validate (krav_build / krav_create), send through the outbox
(krav_send → krav_deliver), register settlements (oppgjoer_register, polled by a task),
correct rejected lines and resend them (kravlinje_correct, krav_resend).

Who may: the SIGN right in the acting unit (the GP who signs the consultations claims
for them), for claims of that unit only. The system (tasks, the outbox) acts as None.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import context_get
from core.exceptions import IntegrationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt, Enhet, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.helfo import client
from integrasjoner.helfo.lib.krav import (
    ICPC2,
    TAKSTKODE,
    KravFeil,
    Kravhode,
    Regning,
    Takst,
    krav_xml,
)
from integrasjoner.helfo.models import Behandlerkrav, Kravlinje, KravStatus, LinjeStatus, Oppgjoer
from journal.access import actor_require
from tjenester.legekontor.lib.takst import Takstregel, gjeldende, kombinasjon_feil, krever_feil
from tjenester.legekontor.models import KravStatus as TakstKravStatus
from tjenester.legekontor.models import Takst as LegekontorTakst
from tjenester.legekontor.models import Takstlinje
from tjenester.legekontor.seeds import takstregel
from tjenester.legekontor.selectors import konsultasjoner_for_krav

logger = logging.getLogger(__name__)

HELFO = "helfo.kuhr"
HENDELSE_KRAV_SENDT = "helfo.krav_sendt"
HELFO_HENDELSER = {HENDELSE_KRAV_SENDT}
MAKS_PERIODE_DAGER = 31


@dataclass(frozen=True)
class Kravkilde:
    """One consultation to claim: the bill as it goes in the message, the patient, and the
    consultation it came from (so it is never claimed twice)."""

    regning: Regning
    pasient_id: uuid.UUID | None = None
    kilde_id: uuid.UUID | None = None


def _unit_require(actor: Ansatt | None, enhet: Enhet) -> None:
    """The SIGN right, acting in `enhet` (else the same 404 as a missing claim)."""
    actor_require(actor, Action.SIGN)
    ctx = context_get()
    if actor is not None and (ctx is None or ctx.enhet_id != enhet.pk):
        raise NotFound


def _hode(krav: Behandlerkrav, regninger: Sequence[Regning]) -> Kravhode:
    b = krav.behandler
    e = krav.enhet
    return Kravhode(
        krav_id=krav.pk,
        generert=naa(),
        fra=krav.fra,
        til=krav.til,
        behandler_hpr=b.hpr_nummer or "",
        behandler_etternavn=b.last_name,
        behandler_fornavn=b.first_name,
        kontor_navn=e.navn,
        kontor_orgnr=e.organisasjonsnummer or e.virksomhet.organisasjonsnummer,
        kontor_her_id=e.her_id or e.virksomhet.her_id or 0,
        mottaker_her_id=settings.HELFO_HER_ID,
        avdeling=e.navn,
        regninger=tuple(regninger),
    )


def _regning(linje: Kravlinje) -> Regning:
    return Regning(
        guid=linje.guid,
        regning_nr=linje.regning_nr,
        fnr=linje.fnr,
        tidspunkt=linje.tidspunkt,
        diagnoser=tuple(linje.diagnoser),
        takster=tuple(
            Takst(kode=t["kode"], verdi=Decimal(str(t["verdi"])), antall=int(t["antall"]))
            for t in linje.takster
        ),
        egenandel=linje.egenandel,
        egenandel_betalt=linje.egenandel_betalt,
        kode_egenandel=linje.kode_egenandel,
        merknad=linje.merknad,
    )


def _linje(krav: Behandlerkrav, kilde: Kravkilde) -> Kravlinje:
    r = kilde.regning
    return Kravlinje(
        krav=krav,
        guid=r.guid,
        regning_nr=r.regning_nr,
        kilde_id=kilde.kilde_id,
        pasient_id=kilde.pasient_id,
        fnr=r.fnr,
        tidspunkt=r.tidspunkt,
        diagnoser=list(r.diagnoser),
        takster=[{"kode": t.kode, "verdi": str(t.verdi), "antall": t.antall} for t in r.takster],
        egenandel=r.egenandel,
        egenandel_betalt=r.egenandel_betalt,
        kode_egenandel=r.kode_egenandel,
        merknad=r.merknad,
        refusjon=r.refusjon,
    )


def _xml_store(krav: Behandlerkrav, regninger: Sequence[Regning]) -> None:
    """Build and validate the message; an invalid one rolls the whole claim back."""
    try:
        xml = krav_xml(_hode(krav, regninger))
    except KravFeil as e:
        raise ValidationError(e.feil) from e
    krav.xml = xml.decode("utf-8")
    krav.antall_linjer = len(regninger)
    krav.sum_krav = sum((r.refusjon for r in regninger), Decimal(0))
    krav.status = KravStatus.VALIDERT
    krav.save(update_fields=["xml", "antall_linjer", "sum_krav", "status", "updated_at"])


@transaction.atomic
def krav_create(
    *,
    actor: Ansatt | None,
    enhet: Enhet,
    behandler: Ansatt,
    fra: dt.date,
    til: dt.date,
    kilder: Sequence[Kravkilde],
    korrigerer: Behandlerkrav | None = None,
) -> Behandlerkrav:
    """A claim for `kilder`, stored with its LOM message validated against the XSDs.
    Anything invalid (data or schema) is a Norwegian ValidationError and nothing is kept."""
    _unit_require(actor, enhet)
    if til < fra or (til - fra).days > MAKS_PERIODE_DAGER:
        raise ValidationError({"til": _("Perioden må være fra 1 til 31 dager.")})
    if not kilder:
        raise ValidationError(_("Det er ingen konsultasjoner å kreve refusjon for i perioden."))
    krav = Behandlerkrav(
        enhet=enhet,
        behandler=behandler,
        opprettet_av=actor or behandler,
        fra=fra,
        til=til,
        korrigerer=korrigerer,
    )
    krav.full_clean()
    krav.save()
    linjer = [_linje(krav, k) for k in kilder]
    for linje in linjer:
        linje.full_clean(exclude=["krav", "erstattet_av"], validate_constraints=False)
    Kravlinje.objects.bulk_create(linjer)
    _xml_store(krav, [k.regning for k in kilder])
    kilde_ids = [k.kilde_id for k in kilder if k.kilde_id is not None]
    if kilde_ids:  # new consultations' unclaimed lines, or a resent claim's lines
        hvilke = Q(krav_id__isnull=True, krav_status=TakstKravStatus.NY)
        if korrigerer is not None:
            hvilke |= Q(krav_id=korrigerer.pk)
        Takstlinje.objects.filter(hvilke, konsultasjon_id__in=kilde_ids).update(
            krav_id=krav.pk, krav_status=TakstKravStatus.NY, avvisningsgrunn=""
        )
    audit_log(
        actor=actor,
        event=AuditEvent.HELFO_KRAV_BUILT,
        target=krav,
        extra={
            "linjer": krav.antall_linjer,
            "korrigerer": str(korrigerer.pk) if korrigerer else "",
        },
    )
    return krav


# Why a patient pays no share, as BKM's KodeEgenandel (kodeverk 7461). Only the codes the
# published field description names are mapped (navikt/kuhr-krav-api-dokumentasjon,
# "arsakFriEgenandel": A smittefarlig sykdom, B barn under 16 år, F frikort); the other
# exemptions go without a code, named in the bill's Merknad.
FRITAK_KODE_7461 = {"under16": "B", "frikort": "F", "smittevern": "A"}


def _regning_nr(start: dt.datetime) -> str:
    """A numeric bill number that rises with the time of the consultation (minutes since
    the epoch), as BKM asks; the same when a rejected bill is corrected and resent."""
    return str(int(start.timestamp()) // 60)


def kravkilde_from_konsultasjon(konsultasjon: Any) -> Kravkilde:
    """One signed consultation (tjenester.legekontor, with its unclaimed fee lines and
    diagnoses prefetched) as a bill. A fee line without a known amount is refused."""
    takster = []
    for linje in konsultasjon.takstlinjer.all():
        if linje.honorar is None:
            raise ValidationError(
                _("Takst %(kode)s har ikke et kjent beløp; kravet kan ikke bygges.")
                % {"kode": linje.kode}
            )
        antall = max(1, int(linje.antall))
        takster.append(Takst(kode=linje.kode, verdi=linje.honorar / antall, antall=antall))
    diagnoser = tuple(
        d.kode.kode for d in konsultasjon.diagnoser.all() if d.kode.kodeverk == "ICPC-2"
    )
    fritak = konsultasjon.egenandel_fritak or ""
    kode = FRITAK_KODE_7461.get(fritak, "")
    merknad = "" if kode or not fritak else f"Fritak for egenandel: {fritak}"
    return Kravkilde(
        regning=Regning(
            guid=konsultasjon.pk,
            regning_nr=_regning_nr(konsultasjon.start),
            fnr=konsultasjon.pasient.identifikator,
            tidspunkt=konsultasjon.start,
            diagnoser=diagnoser,
            takster=tuple(takster),
            egenandel=Decimal(0) if fritak else (konsultasjon.egenandel or Decimal(0)),
            egenandel_betalt=konsultasjon.betaling in ("skranke", "ingen"),
            kode_egenandel=kode,
            merknad=merknad,
        ),
        pasient_id=konsultasjon.pasient_id,
        kilde_id=konsultasjon.pk,
    )


def _kilder(
    actor: Ansatt | None, enhet: Enhet, fra: dt.date, til: dt.date
) -> dict[uuid.UUID, list[Kravkilde]]:
    """The unit's signed, not yet claimed consultations per GP (tjenester.legekontor)."""
    resultat: dict[uuid.UUID, list[Kravkilde]] = {}
    for k in konsultasjoner_for_krav(enhet_id=enhet.pk, fra=fra, til=til, actor=actor):
        resultat.setdefault(k.lege_id, []).append(kravkilde_from_konsultasjon(k))
    return resultat


def _takstlinjer_mark(krav: Behandlerkrav, **fields: Any) -> None:
    """The fee lines of the claim's consultations carry its id and state (the GP office
    shows them; konsultasjoner_for_krav skips claimed ones)."""
    Takstlinje.objects.filter(krav_id=krav.pk).update(**fields)


@transaction.atomic
def krav_build(
    *, actor: Ansatt | None, enhet: Enhet, fra: dt.date, til: dt.date
) -> list[Behandlerkrav]:
    """One claim per GP for the unit's signed, unclaimed consultations in fra–til."""
    _unit_require(actor, enhet)
    per_behandler = _kilder(actor, enhet, fra, til)
    if not any(per_behandler.values()):
        raise ValidationError(_("Det er ingen konsultasjoner å kreve refusjon for i perioden."))
    behandlere = {a.pk: a for a in Ansatt.objects.filter(pk__in=per_behandler)}
    return [
        krav_create(
            actor=actor, enhet=enhet, behandler=behandlere[pk], fra=fra, til=til, kilder=kilder
        )
        for pk, kilder in per_behandler.items()
        if kilder
    ]


def _krav_for_update(actor: Ansatt | None, krav_id: uuid.UUID) -> Behandlerkrav:
    krav = (
        Behandlerkrav.objects.select_for_update()
        .select_related("enhet__virksomhet", "behandler")
        .filter(pk=krav_id)
        .first()
    )
    if krav is None:
        raise NotFound
    _unit_require(actor, krav.enhet)
    return krav


@transaction.atomic
def krav_send(*, actor: Ansatt | None, krav_id: uuid.UUID) -> Behandlerkrav:
    """Send a validated claim to HELFO (through the outbox, on commit). Sending one that
    was already sent changes nothing: HELFO gets each claim id once."""
    krav = _krav_for_update(actor, krav_id)
    if krav.status != KravStatus.VALIDERT:
        if krav.status in (KravStatus.SENDT, KravStatus.KVITTERT, KravStatus.OPPGJORT):
            return krav
        raise ValidationError(_("Bare validerte krav kan sendes."))
    krav.status = KravStatus.SENDT
    krav.sendt_at = naa()
    krav.save(update_fields=["status", "sendt_at", "updated_at"])
    _takstlinjer_mark(krav, krav_status=TakstKravStatus.SENDT)
    outbox_publish(hendelse=HENDELSE_KRAV_SENDT, payload={"krav_id": str(krav.pk)})
    audit_log(actor=actor, event=AuditEvent.HELFO_KRAV_SENT, target=krav)
    return krav


def krav_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the claim's stored message to HELFO, keyed by the claim id (so a
    retry, or a second delivery of the same claim, is dropped by HELFO). The receipt is
    recorded on the claim; a refusal marks it failed before the delivery dead-letters."""
    krav = Behandlerkrav.objects.filter(pk=hendelse.payload.get("krav_id")).first()
    if krav is None:
        raise IntegrationError(_("Kravet finnes ikke lenger."), permanent=True)
    try:
        kvittering = client.krav_post(xml=krav.xml.encode("utf-8"), krav_id=str(krav.pk))
    except IntegrationError as e:
        if e.permanent:
            _krav_fail(krav.pk, str(e))
        raise
    _kvittering_register(krav.pk, kvittering)


@transaction.atomic
def _krav_fail(krav_id: uuid.UUID, feil: str) -> None:
    krav = Behandlerkrav.objects.select_for_update().get(pk=krav_id)
    krav.status = KravStatus.FEILET
    krav.feil = feil[:2000]
    krav.save(update_fields=["status", "feil", "updated_at"])
    audit_log(
        actor=None, event=AuditEvent.HELFO_KRAV_FAILED, target=krav, extra={"feil": feil[:500]}
    )


@transaction.atomic
def _kvittering_register(krav_id: uuid.UUID, kvittering: dict[str, Any]) -> None:
    krav = Behandlerkrav.objects.select_for_update().get(pk=krav_id)
    if krav.status != KravStatus.SENDT:
        return  # already receipted (or settled): a repeat answer changes nothing
    krav.status = KravStatus.KVITTERT
    krav.kvittering = kvittering
    krav.kvittert_at = naa()
    krav.save(update_fields=["status", "kvittering", "kvittert_at", "updated_at"])
    audit_log(actor=None, event=AuditEvent.HELFO_KRAV_RECEIPT, target=krav, extra=kvittering)


def _penger(value: Any) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except InvalidOperation:
        return Decimal(0)


@transaction.atomic
def oppgjoer_register(*, actor: Ansatt | None, data: dict[str, Any]) -> Oppgjoer:
    """Record one settlement from HELFO (a repeat of one already recorded is a no-op).
    Paid lines are marked paid; rejected ones land on the unit's worklist with HELFO's
    reason. A settlement for a claim we do not know is kept with a Norwegian error for
    an administrator, logged, and changes nothing else."""
    oppgjoer_id = str(data.get("oppgjoer_id") or "").strip()
    krav_ref = str(data.get("krav_id") or "").strip()
    if not oppgjoer_id:
        raise ValidationError(_("Oppgjøret mangler id."))
    eksisterende = Oppgjoer.objects.filter(oppgjoer_id=oppgjoer_id).first()
    if eksisterende is not None:
        return eksisterende
    try:
        krav = Behandlerkrav.objects.select_for_update().filter(pk=uuid.UUID(krav_ref)).first()
    except ValueError:
        krav = None
    if krav is None:
        feil = _("Oppgjør for ukjent krav «%(ref)s»: HELFO har et krav vi ikke har sendt.") % {
            "ref": krav_ref[:64]
        }
        logger.warning("HELFO settlement %s for unknown claim %s", oppgjoer_id, krav_ref)
        oppgjoer = Oppgjoer.objects.create(
            oppgjoer_id=oppgjoer_id, krav_ref=krav_ref[:64], feil=feil, innhold=data
        )
        audit_log(actor=actor, event=AuditEvent.HELFO_OPPGJOER_UNKNOWN, target=oppgjoer)
        return oppgjoer
    if krav.status == KravStatus.OPPGJORT:
        feil = _("Kravet «%(ref)s» er allerede oppgjort; det nye oppgjøret er ikke brukt.") % {
            "ref": krav_ref[:64]
        }
        logger.warning("HELFO settlement %s repeats settled claim %s", oppgjoer_id, krav_ref)
        oppgjoer = Oppgjoer.objects.create(
            oppgjoer_id=oppgjoer_id, krav_ref=krav_ref[:64], feil=feil, innhold=data
        )
        audit_log(actor=actor, event=AuditEvent.HELFO_OPPGJOER_UNKNOWN, target=oppgjoer)
        return oppgjoer
    linjer = {str(linje.guid): linje for linje in krav.linjer.all()}
    betalt = avvist = 0
    utbetalt = Decimal(0)
    endret: list[Kravlinje] = []
    for rad in data.get("linjer") or []:
        linje = linjer.get(str(rad.get("guid", "")))
        if linje is None:
            continue
        if rad.get("status") == "avvist":
            linje.status = LinjeStatus.AVVIST
            linje.utbetalt = Decimal(0)
            linje.aarsakskode = str(rad.get("aarsakskode") or "")[:20]
            linje.aarsakstekst = str(rad.get("aarsakstekst") or "")[:500]
            avvist += 1
        else:
            linje.status = LinjeStatus.BETALT
            linje.utbetalt = _penger(rad.get("refusjon"))
            utbetalt += linje.utbetalt
            betalt += 1
        endret.append(linje)
    Kravlinje.objects.bulk_update(
        endret, ["status", "utbetalt", "aarsakskode", "aarsakstekst", "updated_at"]
    )
    for linje in endret:
        if linje.kilde_id is not None:
            Takstlinje.objects.filter(krav_id=krav.pk, konsultasjon_id=linje.kilde_id).update(
                krav_status=TakstKravStatus.AVVIST
                if linje.status == LinjeStatus.AVVIST
                else TakstKravStatus.BETALT,
                avvisningsgrunn=f"{linje.aarsakskode} {linje.aarsakstekst}".strip(),
            )
    oppgjoer = Oppgjoer.objects.create(
        oppgjoer_id=oppgjoer_id,
        krav=krav,
        krav_ref=krav_ref,
        antall_betalt=betalt,
        antall_avvist=avvist,
        sum_utbetalt=utbetalt,
        innhold=data,
    )
    krav.status = KravStatus.OPPGJORT
    krav.sum_utbetalt = utbetalt
    krav.oppgjort_at = naa()
    krav.save(update_fields=["status", "sum_utbetalt", "oppgjort_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.HELFO_OPPGJOER_REGISTERED,
        target=krav,
        extra={"betalt": betalt, "avvist": avvist, "oppgjoer_id": oppgjoer_id},
    )
    return oppgjoer


def oppgjoer_poll() -> int:
    """Fetch HELFO's settlements and register the new ones (the system acts); how many
    were new. Raises IntegrationError when HELFO cannot be reached."""
    kjente = set(Oppgjoer.objects.values_list("oppgjoer_id", flat=True))
    nye = 0
    for data in client.oppgjoer_get():
        if str(data.get("oppgjoer_id")) in kjente:
            continue
        oppgjoer_register(actor=None, data=data)
        nye += 1
    return nye


def _takster_parse(tekst: str) -> list[dict[str, Any]]:
    """ "2ad 199.00, 2cd 2x150" → fee lines; a Norwegian error for anything else."""
    takster: list[dict[str, Any]] = []
    for del_ in [d.strip() for d in tekst.replace(";", ",").split(",") if d.strip()]:
        deler = del_.split()
        if len(deler) != 2 or not TAKSTKODE.match(deler[0]):
            raise ValidationError(
                {
                    "takster": _(
                        "Skriv takstene som «kode beløp», skilt med komma (f.eks. «2ad 199»)."
                    )
                }
            )
        antall_tekst, _x, beloep_tekst = deler[1].rpartition("x")
        try:
            verdi = Decimal(beloep_tekst.replace(",", "."))
            antall = int(antall_tekst or 1)
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {"takster": _("«%(t)s» har ikke et gyldig beløp.") % {"t": del_}}
            ) from None
        if verdi < 0 or verdi > 100_000 or not 1 <= antall <= 99:
            raise ValidationError(
                {"takster": _("«%(t)s» har ugyldig beløp eller antall.") % {"t": del_}}
            )
        takster.append(
            {"kode": deler[0], "verdi": str(verdi.quantize(Decimal("0.01"))), "antall": antall}
        )
    if not takster:
        raise ValidationError({"takster": _("Minst én takst må være med.")})
    return takster


def _takster_check(koder: list[str], dato: dt.date) -> None:
    """A corrected bill of a consultation follows the tariff's rules (tjenester.legekontor):
    each code valid on the date, none excluding another, every add-on with its main code."""
    regler: list[Takstregel] = []
    for kode in koder:
        regel = gjeldende(
            [takstregel(t) for t in LegekontorTakst.objects.filter(kode=kode)], kode, dato
        )
        if regel is None:
            raise ValidationError(
                {
                    "takster": _("Takst %(k)s finnes ikke eller gjelder ikke på datoen.")
                    % {"k": kode}
                }
            )
        feil = kombinasjon_feil(regel, regler)
        if feil:
            raise ValidationError({"takster": feil})
        regler.append(regel)
    mangler = krever_feil(regler)
    if mangler:
        raise ValidationError({"takster": mangler})


@transaction.atomic
def kravlinje_correct(
    *,
    actor: Ansatt | None,
    linje_id: uuid.UUID,
    takster: str,
    diagnoser: str,
    merknad: str = "",
) -> Kravlinje:
    """Correct a rejected line (fee codes, diagnoses, remark) before it is resent."""
    linje = (
        Kravlinje.objects.select_for_update()
        .select_related("krav__enhet")
        .filter(pk=linje_id, aktiv=True)
        .first()
    )
    if linje is None:
        raise NotFound
    _unit_require(actor, linje.krav.enhet)
    if linje.status not in (LinjeStatus.AVVIST, LinjeStatus.KORRIGERT):
        raise ValidationError(_("Bare avviste linjer kan korrigeres."))
    koder = [k.strip().upper() for k in diagnoser.replace(";", ",").split(",") if k.strip()]
    if not koder or any(not ICPC2.match(k) for k in koder):
        raise ValidationError({"diagnoser": _("Oppgi ICPC-2-diagnoser, f.eks. «T90».")})
    foer = {"takster": linje.takster, "diagnoser": linje.diagnoser, "merknad": linje.merknad}
    linje.takster = _takster_parse(takster)
    if linje.kilde_id is not None:
        _takster_check(
            [t["kode"] for t in linje.takster], timezone.localtime(linje.tidspunkt).date()
        )
    linje.diagnoser = koder
    linje.merknad = merknad.strip()
    honorar = sum((Decimal(t["verdi"]) * t["antall"] for t in linje.takster), Decimal(0))
    if linje.egenandel > honorar:
        raise ValidationError({"takster": _("Honoraret kan ikke være lavere enn egenandelen.")})
    linje.refusjon = honorar - linje.egenandel
    linje.status = LinjeStatus.KORRIGERT
    linje.full_clean(exclude=["krav", "erstattet_av"], validate_constraints=False)
    linje.save()
    audit_log(
        actor=actor,
        event=AuditEvent.HELFO_KRAVLINJE_CORRECTED,
        target=linje,
        pasient_id=linje.pasient_id,
        extra={"foer": foer},
    )
    return linje


@transaction.atomic
def krav_resend(*, actor: Ansatt | None, enhet: Enhet) -> list[Behandlerkrav]:
    """A new claim per GP with only the unit's corrected lines, sent at once. The old lines
    are marked resent and point at their replacement; paid lines are never resent."""
    _unit_require(actor, enhet)
    linjer = list(
        Kravlinje.objects.select_for_update()
        .filter(krav__enhet=enhet, status=LinjeStatus.KORRIGERT, aktiv=True)
        .select_related("krav__behandler")
        .order_by("tidspunkt", "id")
    )
    if not linjer:
        raise ValidationError(_("Det er ingen korrigerte linjer å sende."))
    grupper: dict[uuid.UUID, list[Kravlinje]] = {}
    for linje in linjer:
        grupper.setdefault(linje.krav.behandler_id, []).append(linje)
    nye: list[Behandlerkrav] = []
    for gruppe in grupper.values():
        # The old lines step aside first, so the consultation's one active line moves over.
        Kravlinje.objects.filter(pk__in=[linje.pk for linje in gruppe]).update(
            aktiv=False, status=LinjeStatus.SENDT_PAA_NYTT
        )
        kilder = [
            Kravkilde(regning=_regning(linje), pasient_id=linje.pasient_id, kilde_id=linje.kilde_id)
            for linje in gruppe
        ]
        datoer = [timezone.localtime(linje.tidspunkt).date() for linje in gruppe]
        krav = krav_create(
            actor=actor,
            enhet=enhet,
            behandler=gruppe[0].krav.behandler,
            fra=min(datoer),
            til=max(datoer),
            kilder=kilder,
            korrigerer=gruppe[0].krav,
        )
        nye_linjer = {linje.guid: linje for linje in krav.linjer.all()}
        for linje in gruppe:
            linje.erstattet_av = nye_linjer[linje.guid]
        Kravlinje.objects.bulk_update(gruppe, ["erstattet_av"])
        nye.append(krav_send(actor=actor, krav_id=krav.pk))
    return nye
