"""The chart (kurve): a day-by-day grid of every order of a patient and its administrations
for 7 or 14 days, with the vitals (journal Maaling) of each day."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import context_get
from core.exceptions import ApplicationError
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_basis, pasient_access
from journal.models import Maaling, Pasient
from legemidler.lib.dosering import OSLO, lokal_tid
from legemidler.lib.utdeling import STANDARD_RUNDER
from legemidler.models import Forordning
from legemidler.selectors.utdeling import (
    Doserad,
    Oppsett,
    administrasjoner_i_vindu,
    doserader_build,
    oppsett_get,
    ordrer_i_vindu_q,
)

KURVE_DAGER = (7, 14)


@dataclass
class Kurverad:
    """One order and, per day of the chart, its doses (due or PRN given)."""

    forordning: Forordning
    celler: list[list[Doserad]]


@dataclass
class Kurve:
    pasient: Pasient
    fra: dt.date
    dager: list[dt.date]
    rader: list[Kurverad]
    maalinger: list[list[str]]  # per day: the vitals in words, time order

    @property
    def til(self) -> dt.date:
        return self.dager[-1]


def _maaling_tekst(m: Maaling) -> str:
    deler = [f"{m.tidspunkt.astimezone(OSLO):%H:%M}"]
    if m.systolisk and m.diastolisk:
        deler.append(_("BT %(s)d/%(d)d") % {"s": m.systolisk, "d": m.diastolisk})
    if m.puls:
        deler.append(_("P %(p)d") % {"p": m.puls})
    if m.temperatur is not None:
        deler.append(_("T %(t)s") % {"t": str(m.temperatur).replace(".", ",")})
    if m.spo2:
        deler.append(f"SpO₂ {m.spo2}")
    if m.respirasjon:
        deler.append(_("RF %(r)d") % {"r": m.respirasjon})
    if m.blodsukker is not None:
        deler.append(_("BS %(b)s") % {"b": str(m.blodsukker).replace(".", ",")})
    if m.news2 is not None:
        deler.append(f"NEWS2 {m.news2}")
    return " ".join(deler)


def kurve_dager_parse(value: object) -> int:
    try:
        dager = int(str(value or 7))
    except ValueError:
        dager = 0
    if dager not in KURVE_DAGER:
        raise ApplicationError(_("Kurven vises for 7 eller 14 dager."))
    return dager


def kurve_get(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    fra: dt.date | None = None,
    dager: int = 7,
    utskrift: bool = False,
) -> Kurve:
    """The patient's chart from `fra` (default: the last `dager` days up to today) for 7 or
    14 days: every order active in the period, its doses due each day with what was signed
    (corrections shown as they stand), PRN doses given, and each day's vitals. NotFound for
    missing and other units' patients alike. Audited KURVE_READ (KURVE_PRINTED for the
    PDF). A fixed number of queries."""
    if dager not in KURVE_DAGER:
        raise ApplicationError(_("Kurven vises for 7 eller 14 dager."))
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    fra = fra or idag() - dt.timedelta(days=dager - 1)
    dagliste = [fra + dt.timedelta(days=i) for i in range(dager)]
    start = lokal_tid(fra, dt.time(0))
    slutt = lokal_tid(fra + dt.timedelta(days=dager), dt.time(0))
    ctx = context_get()
    oppsett = (
        oppsett_get(ctx.enhet_id)
        if ctx is not None and ctx.enhet_id is not None
        else Oppsett(enhet_id=uuid.uuid4(), runder=STANDARD_RUNDER)
    )
    with transaction.atomic():
        basis = access_basis(actor, pasient.pk)
        ordrer = list(
            Forordning.objects.filter(ordrer_i_vindu_q(start, slutt), pasient=pasient)
            .select_related("legemiddel")
            .order_by("doseringstype", "legemiddel_navn", "start")
        )
        adm = list(administrasjoner_i_vindu([o.pk for o in ordrer], start, slutt))
        maalinger = list(
            Maaling.objects.filter(
                pasient=pasient,
                feilregistrert_at__isnull=True,
                tidspunkt__gte=start,
                tidspunkt__lt=slutt,
            ).order_by("tidspunkt")
        )
        audit_log(
            actor=actor,
            event=AuditEvent.KURVE_PRINTED if utskrift else AuditEvent.KURVE_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"fra": fra.isoformat(), "dager": dager},
        )
    per_pasient = doserader_build(ordrer, adm, oppsett, start, slutt, naa())
    per_ordre: dict[uuid.UUID, dict[dt.date, list[Doserad]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for d in per_pasient.get(pasient.pk, []):
        moment = d.forfall or (d.administrasjon.gitt_at if d.administrasjon else start)
        per_ordre[d.forordning.pk][moment.astimezone(OSLO).date()].append(d)
    rader = [Kurverad(o, [per_ordre[o.pk].get(dag, []) for dag in dagliste]) for o in ordrer]
    vitals: dict[dt.date, list[str]] = defaultdict(list)
    for m in maalinger:
        vitals[m.tidspunkt.astimezone(OSLO).date()].append(_maaling_tekst(m))
    return Kurve(
        pasient=pasient,
        fra=fra,
        dager=dagliste,
        rader=rader,
        maalinger=[vitals.get(dag, []) for dag in dagliste],
    )
