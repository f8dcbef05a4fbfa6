"""Reads of the administration round: a unit's settings, the round list (doses due in a
round with what was signed), the doses due in a home visit's window, and the missed-dose
list. Every read is restricted through journal.access and audited per patient."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt, Enhet
from journal.access import actor_can, actor_require, pasient_access, restrict_scoped
from journal.models import Pasient
from legemidler.lib.dosering import BEHOV, OSLO, dose_format, forfall_expand, lokal_tid
from legemidler.lib.utdeling import (
    STANDARD_RUNDER,
    Runde,
    atc_match,
    er_glemt,
    runde_get,
    runde_naa,
    runde_vindu,
    runder_from_list,
)
from legemidler.models import (
    Administrasjon,
    Dosevarsel,
    Forordning,
    ForordningStatus,
    IkkeGittGrunn,
    Reseptgruppe,
    Utdelingsoppsett,
)
from legemidler.models.utdeling import STANDARD_EFFEKT_MIN, STANDARD_VARSEL_MIN

DOBBEL_GRUPPER = frozenset({Reseptgruppe.A, Reseptgruppe.B})
# The columns of an order the round list and the rows it shows need.
RUNDE_FELT = (
    "id",
    "pasient_id",
    "enhet_id",
    "legemiddel_navn",
    "atc",
    "doseringstype",
    "dosering",
    "dose_enhet",
    "administrasjonsvei",
    "merknad",
    "multidose",
    "start",
    "sluttdato",
    "status",
    "seponert_at",
    "legemiddel__reseptgruppe",
)


@dataclass(frozen=True)
class Oppsett:
    """A unit's round settings (the defaults when the unit has none)."""

    enhet_id: uuid.UUID
    runder: tuple[Runde, ...]
    varsel_etter_min: int = STANDARD_VARSEL_MIN
    effekt_etter_min: int = STANDARD_EFFEKT_MIN
    dobbeltkontroll_atc: tuple[str, ...] = ()


def oppsett_get(enhet_id: uuid.UUID) -> Oppsett:
    """The unit's settings for the round (one query)."""
    rad = Utdelingsoppsett.objects.filter(enhet_id=enhet_id).first()
    if rad is None:
        return Oppsett(enhet_id=enhet_id, runder=STANDARD_RUNDER)
    return Oppsett(
        enhet_id=enhet_id,
        runder=runder_from_list(rad.runder),
        varsel_etter_min=rad.varsel_etter_min,
        effekt_etter_min=rad.effekt_etter_min,
        dobbeltkontroll_atc=tuple(rad.dobbeltkontroll_atc),
    )


def dobbel_kreves(forordning: Forordning, oppsett: Oppsett) -> bool:
    """Whether a dose of this order needs a second signature on this unit (the database
    decides the same with its trigger; this is for showing it before signing)."""
    return forordning.legemiddel.reseptgruppe in DOBBEL_GRUPPER or atc_match(
        forordning.atc, oppsett.dobbeltkontroll_atc
    )


def acting_unit() -> uuid.UUID:
    """The unit the person acts in; a Norwegian 400 without one."""
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:
        raise ApplicationError(_("Velg enheten du jobber på for å se utdelingen."))
    return ctx.enhet_id


def gjeldende(rader: Iterable[Administrasjon]) -> list[Administrasjon]:
    """The administrations that stand: those no later row corrects."""
    rader = list(rader)
    korrigert = {r.korrigerer_id for r in rader if r.korrigerer_id is not None}
    return [r for r in rader if r.pk not in korrigert]


def ordrer_i_vindu_q(fra: dt.datetime, til: dt.datetime) -> Q:
    """Orders that may give something in [fra, til)."""
    return (
        Q(start__lt=til)
        & (Q(status=ForordningStatus.AKTIV) | Q(seponert_at__gt=fra))
        & (Q(sluttdato__isnull=True) | Q(sluttdato__gte=fra.astimezone(OSLO).date()))
    )


def forfall_for(
    forordning: Forordning, fra: dt.datetime, til: dt.datetime
) -> list[tuple[dt.datetime, Decimal]]:
    """The order's doses due in [fra, til): moment and dose."""
    return [
        (f.tidspunkt, f.dose)
        for f in forfall_expand(
            forordning.plan,
            start=forordning.start,
            fra=fra,
            til=til,
            sluttdato=forordning.sluttdato,
            stoppet=forordning.seponert_at,
        )
    ]


@dataclass
class Doserad:
    """One dose due (or, for PRN, one given) with the administration that stands."""

    forordning: Forordning
    forfall: dt.datetime | None
    planlagt_dose: Decimal | None
    krever_dobbel: bool
    administrasjon: Administrasjon | None = None
    glemt: bool = False

    @property
    def pasient_id(self) -> uuid.UUID:
        return self.forordning.pasient_id

    @property
    def nokkel(self) -> str:
        """A stable id for the row in the page (HTMX swaps one row)."""
        tid = f"{self.forfall.astimezone(dt.UTC):%Y%m%d%H%M}" if self.forfall else "behov"
        return f"dose-{self.forordning.pk}-{tid}"

    @property
    def forfall_lokal(self) -> dt.datetime | None:
        return self.forfall.astimezone(OSLO) if self.forfall else None

    @property
    def dose_tekst(self) -> str:
        if self.planlagt_dose is None:
            return ""
        return f"{dose_format(self.planlagt_dose)} {self.forordning.get_dose_enhet_display()}"

    @property
    def grunner(self) -> list[tuple[str, str]]:
        """The reasons a dose is not given (for the row's form)."""
        return [(k, str(n)) for k, n in IkkeGittGrunn.choices]

    @property
    def status(self) -> str:
        """venter, glemt, gitt, gitt_annen_dose, ikke_gitt, venter_kontroll."""
        a = self.administrasjon
        if a is None:
            return "glemt" if self.glemt else "venter"
        if a.venter_kontroll:
            return "venter_kontroll"
        return a.status


@dataclass
class Pasientdoser:
    pasient: Pasient
    doser: list[Doserad] = field(default_factory=list)
    behov: list[Forordning] = field(default_factory=list)
    effekt_venter: list[Administrasjon] = field(default_factory=list)


@dataclass
class Rundeliste:
    """The doses due in one round of one unit, by patient, with PRN orders and PRN doses
    whose effect is due to be evaluated."""

    enhet: Enhet
    dato: dt.date
    runde: Runde
    runder: tuple[Runde, ...]
    fra: dt.datetime
    til: dt.datetime
    pasienter: list[Pasientdoser]
    kan_signere: bool

    @property
    def antall(self) -> int:
        return sum(len(p.doser) for p in self.pasienter)

    @property
    def signert(self) -> int:
        return sum(1 for p in self.pasienter for d in p.doser if d.administrasjon is not None)


def administrasjoner_i_vindu(
    forordning_ids: Sequence[uuid.UUID], fra: dt.datetime, til: dt.datetime
) -> QuerySet[Administrasjon]:
    return Administrasjon.objects.filter(
        Q(forfall_at__gte=fra, forfall_at__lt=til)
        | Q(forfall_at__isnull=True, gitt_at__gte=fra, gitt_at__lt=til),
        forordning_id__in=forordning_ids,
    ).select_related("signert_av", "kontrollert_av")


def doserader_build(
    ordrer: Sequence[Forordning],
    administrasjoner: Iterable[Administrasjon],
    oppsett: Oppsett,
    fra: dt.datetime,
    til: dt.datetime,
    now: dt.datetime,
) -> dict[uuid.UUID, list[Doserad]]:
    """Due doses (and PRN doses given) in [fra, til) per patient, with what stands."""
    staar: dict[tuple[uuid.UUID, dt.datetime | None], list[Administrasjon]] = defaultdict(list)
    for a in gjeldende(administrasjoner):
        staar[(a.forordning_id, a.forfall_at)].append(a)
    per_pasient: dict[uuid.UUID, list[Doserad]] = defaultdict(list)
    for o in ordrer:
        dobbel = dobbel_kreves(o, oppsett)
        if o.doseringstype == BEHOV:
            for a in staar.get((o.pk, None), []):
                per_pasient[o.pasient_id].append(Doserad(o, None, a.dose, dobbel, administrasjon=a))
            continue
        for moment, dose in forfall_for(o, fra, til):
            a_liste = staar.get((o.pk, moment), [])
            staaende = a_liste[0] if a_liste else None
            per_pasient[o.pasient_id].append(
                Doserad(
                    o,
                    moment,
                    dose,
                    dobbel,
                    administrasjon=staaende,
                    glemt=staaende is None and er_glemt(moment, now, oppsett.varsel_etter_min),
                )
            )
    for rader in per_pasient.values():
        rader.sort(
            key=lambda d: (
                d.forfall or (d.administrasjon.gitt_at if d.administrasjon else fra),
                d.forordning.legemiddel_navn,
            )
        )
    return per_pasient


def runde_list(*, actor: Ansatt, dato: dt.date | None = None, runde: str = "") -> Rundeliste:
    """The round list of the unit the person acts in: every dose due in the round
    (`runde`, default the one going on now) on `dato` (the day the round starts; default
    today's round), for the patients the unit may see, with the administration that stands
    and whether it waits for a second signature; PRN orders and PRN doses whose effect is
    due. Audited RUNDE_LISTED per patient shown. A fixed number of queries whatever the
    number of residents."""
    actor_require(actor, Action.VIEW)
    enhet_id = acting_unit()
    oppsett = oppsett_get(enhet_id)
    now = naa()
    if not runde:
        valgt, naa_dag = runde_naa(oppsett.runder, now)
        dato = dato or naa_dag
    else:
        try:
            valgt = runde_get(oppsett.runder, runde)
        except Exception:
            raise ApplicationError(_("Ukjent runde.")) from None
        dato = dato or now.astimezone(OSLO).date()
    fra, til = runde_vindu(valgt, dato)
    with transaction.atomic():
        ordrer = list(
            restrict_scoped(
                Forordning.objects.filter(ordrer_i_vindu_q(fra, til)),
                actor,
                action=Action.VIEW,
            )
            .select_related("legemiddel")
            .only(*RUNDE_FELT)
        )
        # each patient once (not once per order): a ward's list has hundreds of orders
        pasienter = {
            p.pk: p
            for p in Pasient.objects.filter(pk__in={o.pasient_id for o in ordrer}).only(
                "id", "fornavn", "mellomnavn", "etternavn"
            )
        }
        adm = list(administrasjoner_i_vindu([o.pk for o in ordrer], fra, til))
        effekt = list(
            Administrasjon.objects.filter(
                forordning_id__in=[o.pk for o in ordrer if o.doseringstype == BEHOV],
                effekt_forfall_at__isnull=False,
                effekt_forfall_at__lt=til,
                effektvurdering__isnull=True,
                korrigert_av__isnull=True,
                gitt_at__gte=fra - dt.timedelta(hours=24),
            ).select_related("forordning")
        )
        audit_log_many(
            actor=actor,
            event=AuditEvent.RUNDE_LISTED,
            targets=[pasienter[p] for p in sorted(pasienter)],
            extra={"runde": valgt.kode, "dato": dato.isoformat()},
        )
    rader = doserader_build(ordrer, adm, oppsett, fra, til, now)
    liste: dict[uuid.UUID, Pasientdoser] = {}
    for pid in pasienter:
        liste[pid] = Pasientdoser(pasienter[pid], doser=rader.get(pid, []))
    for o in ordrer:
        if o.doseringstype == BEHOV and o.status == ForordningStatus.AKTIV:
            liste[o.pasient_id].behov.append(o)
    for a in effekt:
        liste[a.pasient_id].effekt_venter.append(a)
    vist = [p for p in liste.values() if p.doser or p.behov or p.effekt_venter]
    vist.sort(key=lambda p: (p.pasient.etternavn, p.pasient.fornavn, str(p.pasient.pk)))
    return Rundeliste(
        enhet=Enhet.objects.get(pk=enhet_id),
        dato=dato,
        runde=valgt,
        runder=oppsett.runder,
        fra=fra,
        til=til,
        pasienter=vist,
        kan_signere=actor_can(actor, Action.ADMINISTER_MEDICATION),
    )


def doserad_for(administrasjon: Administrasjon) -> Doserad:
    """The round-list row of an administration just signed (loaded by the service)."""
    return Doserad(
        administrasjon.forordning,
        administrasjon.forfall_at,
        administrasjon.planlagt_dose if administrasjon.forfall_at else administrasjon.dose,
        administrasjon.krever_dobbel,
        administrasjon=administrasjon,
    )


# --- home care: the doses of a visit ------------------------------------------------------


def besoek_doser(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, fra: dt.datetime, til: dt.datetime
) -> list[Doserad]:
    """The patient's doses due in a visit's window [fra, til) with what stands, and the
    PRN doses given in it. NotFound as for the patient. Audited BESOEK_DOSER_READ."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW, fields=("id",))
    oppsett = oppsett_get(acting_unit())
    with transaction.atomic():
        ordrer = list(
            Forordning.objects.filter(ordrer_i_vindu_q(fra, til), pasient=pasient)
            .exclude(doseringstype=BEHOV)
            .select_related("legemiddel")
        )
        adm = list(administrasjoner_i_vindu([o.pk for o in ordrer], fra, til))
        audit_log(
            actor=actor,
            event=AuditEvent.BESOEK_DOSER_READ,
            target=pasient,
            pasient_id=pasient.pk,
            extra={"fra": fra.isoformat(), "til": til.isoformat()},
        )
    return doserader_build(ordrer, adm, oppsett, fra, til, naa()).get(pasient.pk, [])


def pasienter_med_doser(
    *, actor: Ansatt, vinduer: Sequence[tuple[uuid.UUID, dt.datetime, dt.datetime]]
) -> set[tuple[uuid.UUID, dt.datetime]]:
    """Of the visits given as (patient, window start, window end), those whose patient has
    a dose due in the window: the set of (patient, start). One query; the day list that
    calls it audits the patients it shows."""
    if not vinduer:
        return set()
    fra = min(v[1] for v in vinduer)
    til = max(v[2] for v in vinduer)
    ordrer = list(
        restrict_scoped(
            Forordning.objects.filter(
                ordrer_i_vindu_q(fra, til), pasient_id__in={v[0] for v in vinduer}
            ).exclude(doseringstype=BEHOV),
            actor,
            action=Action.VIEW,
        )
    )
    per_pasient: dict[uuid.UUID, list[Forordning]] = defaultdict(list)
    for o in ordrer:
        per_pasient[o.pasient_id].append(o)
    svar: set[tuple[uuid.UUID, dt.datetime]] = set()
    for pid, start, slutt in vinduer:
        if any(forfall_for(o, start, slutt) for o in per_pasient.get(pid, [])):
            svar.add((pid, start))
    return svar


def besoek_vindu(dato: dt.date, fra: dt.time, til: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """A home visit's window (local date and wall-clock times) as aware moments; a window
    that ends at or before it starts runs past midnight."""
    start = lokal_tid(dato, fra)
    slutt = lokal_tid(dato + dt.timedelta(days=1) if til <= fra else dato, til)
    return start, slutt


def besoek_medisin_ids(*, actor: Ansatt, besoek: Iterable[Any]) -> set[uuid.UUID]:
    """Of home visits (anything with pk, pasient_id, dato, fra_tid, til_tid), the ids of
    those whose patient has a dose due in the visit's window (for the day lists)."""
    besoek = list(besoek)
    vinduer = {b.pk: (b.pasient_id, *besoek_vindu(b.dato, b.fra_tid, b.til_tid)) for b in besoek}
    med = pasienter_med_doser(actor=actor, vinduer=list(vinduer.values()))
    return {pk for pk, (pid, fra, _til) in vinduer.items() if (pid, fra) in med}


# --- missed doses -------------------------------------------------------------------------


def dosevarsel_list(
    *, actor: Ansatt, aapne: bool = True, side: int = 1, storrelse: int = 25
) -> Side[Dosevarsel]:
    """The missed-dose flags of the unit the person acts in (open ones by default, newest
    first), only for patients the person may see; paginated. Audited per patient shown."""
    actor_require(actor, Action.VIEW)
    enhet_id = acting_unit()
    qs = restrict_scoped(
        Dosevarsel.objects.filter(enhet_id=enhet_id, lukket_at__isnull=aapne),
        actor,
        action=Action.VIEW,
    ).select_related("pasient", "forordning", "lukket_av")
    with transaction.atomic():
        page = side_fetch(qs.order_by("-oppdaget_at", "id"), nummer=side, storrelse=storrelse)
        audit_log_many(
            actor=actor,
            event=AuditEvent.DOSEVARSEL_LISTED,
            targets=list(page.items),
            extra={"aapne": aapne},
        )
    return page


def dosevarsel_count(*, actor: Ansatt) -> int:
    """How many open missed-dose flags the unit the person acts in and its sub-units have
    (for the leader's page). A number only, no patient data, so no audit row."""
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None or not actor_can(actor, Action.VIEW):
        return 0
    enheter = Q(enhet_id=ctx.enhet_id) | Q(enhet__forelder_id=ctx.enhet_id)
    return Dosevarsel.objects.filter(enheter, lukket_at__isnull=True).count()
