"""Reads of home care: the district's day list, the nurse's own visits, one visit (with the
patient's critical information first), the patient's missed visits, the leader's page and
performed time (utført tid) for payroll and invoicing.

Every list of patient data is restricted by journal.access and audited per patient.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import (
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    pasient_access,
    restrict_scoped,
)
from journal.models import KritiskInformasjon, KritiskType, Pasient
from journal.selectors.maaling import Maalingsrad, maalinger_for_pasient
from journal.selectors.pasient import Pasientvisning, pasient_get
from legemidler.selectors import Doserad, besoek_doser, besoek_vindu
from tjenester.hjemmetjeneste.lib import rute
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Besoek,
    Besoeksoppgave,
    BesoekStatus,
)


def besoek_list_audit(actor: Ansatt | None, besok: list[Besoek], **extra: object) -> None:
    """One BESOK_LISTED audit row per patient shown."""
    first: dict[uuid.UUID, Besoek] = {}
    for b in besok:
        first.setdefault(b.pasient_id, b)
    if first:
        audit_log_many(
            actor=actor, event=AuditEvent.BESOK_LISTED, targets=list(first.values()), extra=extra
        )


def besoek_list_qs(actor: Ansatt) -> QuerySet[Besoek]:
    return restrict_scoped(
        Besoek.objects.select_related("pasient", "ansatt").annotate(
            antall_oppgaver=Count("oppgaver"),
            antall_gjort=Count("oppgaver", filter=Q(oppgaver__utfort__isnull=False)),
        ),
        actor,
        action=Action.VIEW,
    )


@dataclass(frozen=True)
class Besoeksrad:
    """One visit on the nurse's list with the patient's active critical information:
    CAVE (allergies, infection …) and decisions such as "ikke HLR", marked in the list."""

    besok: Besoek
    cave: list[KritiskInformasjon]
    beslutninger: list[KritiskInformasjon]

    @property
    def ferdig(self) -> bool:
        return self.besok.status in (BesoekStatus.UTFORT, BesoekStatus.IKKE_UTFORT)


@dataclass(frozen=True)
class MineBesoek:
    kommende: list[Besoeksrad]
    ferdige: list[Besoeksrad]

    def __bool__(self) -> bool:
        return bool(self.kommende or self.ferdige)


def mine_besoek(*, actor: Ansatt, dato: dt.date | None = None) -> MineBesoek:
    """The actor's own visits of the day (acting district) by planned time, coming visits
    apart from done ones, each with the patient's CAVE and decisions. Audited."""
    actor_require(actor, Action.VIEW)
    dato = dato or idag()
    with transaction.atomic():
        besok = list(
            besoek_list_qs(actor)
            .filter(enhet_id=acting_enhet_id(), dato=dato, ansatt_id=actor.pk)
            .exclude(status=BesoekStatus.AVLYST)
            .order_by("fra_tid", "rekkefolge", "id")
        )
        besoek_list_audit(actor, besok, dato=dato.isoformat(), liste="mine")
        kritisk: dict[uuid.UUID, list[KritiskInformasjon]] = {}
        for k in KritiskInformasjon.objects.filter(
            pasient_id__in={b.pasient_id for b in besok}, aktiv=True
        ).order_by("created_at"):
            kritisk.setdefault(k.pasient_id, []).append(k)
    rader = [
        Besoeksrad(
            besok=b,
            cave=[k for k in kritisk.get(b.pasient_id, []) if k.type != KritiskType.BESLUTNING],
            beslutninger=[
                k for k in kritisk.get(b.pasient_id, []) if k.type == KritiskType.BESLUTNING
            ],
        )
        for b in besok
    ]
    return MineBesoek(
        kommende=[r for r in rader if not r.ferdig], ferdige=[r for r in rader if r.ferdig]
    )


# --- one visit -------------------------------------------------------------------------------


def besoek_get(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besoek:
    """A visit of the acting district or on the actor's own list, of a patient the actor
    may see; NotFound for missing and not allowed alike. Audited (BESOK_READ)."""
    actor_require(actor, Action.VIEW)
    scope = Q(enhet_id=acting_enhet_id()) | Q(ansatt_id=actor.pk)
    with transaction.atomic():
        besok = access_scoped(
            actor,
            Besoek.objects.select_related("pasient", "ansatt", "enhet", "utfort_av").filter(scope),
            besok_id,
            action=Action.VIEW,
        )
        basis = access_basis(actor, besok.pasient_id)
        audit_log(
            actor=actor,
            event=AuditEvent.BESOK_READ,
            target=besok,
            pasient_id=besok.pasient_id,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
        )
    return besok


@dataclass(frozen=True)
class Besoeksside:
    """The phone page of a visit: the patient banner (critical info and allergies), the
    address and (for staff of the district) key information, and the tasks."""

    besok: Besoek
    visning: Pasientvisning
    oppgaver: list[Besoeksoppgave]
    adresse: str
    punkt: rute.Punkt | None
    nokkelinfo: str
    kan_registrere: bool
    # legemidler: the doses due in the visit's window, signed here like tasks
    doser: list[Doserad] = field(default_factory=list)
    kan_gi_legemidler: bool = False
    # the newest measurement of the visit's day, shown with its NEWS2 level and advice
    maling: Maalingsrad | None = None

    @property
    def kartlenke(self) -> str:
        if self.punkt is None:
            return ""
        return (
            "https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
        ).format(lat=self.punkt.lat, lon=self.punkt.lon)

    @property
    def geolenke(self) -> str:
        return f"geo:{self.punkt.lat:.5f},{self.punkt.lon:.5f}" if self.punkt else ""

    @property
    def alle_registrert(self) -> bool:
        return all(o.utfort is not None for o in self.oppgaver)


def besoekside_get(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besoeksside:
    besok = besoek_get(actor=actor, besok_id=besok_id)
    visning = pasient_get(actor=actor, pasient_id=besok.pasient_id)
    punkt = Adressepunkt.objects.filter(
        pasient_id=besok.pasient_id, enhet_id=besok.enhet_id
    ).first()
    # key-safe information only for staff acting in the district that keeps it
    nokkelinfo = punkt.nokkelinfo if punkt and punkt.enhet_id == acting_enhet_id() else ""
    fra, til = besoek_vindu(besok.dato, besok.fra_tid, besok.til_tid)
    dagens = maalinger_for_pasient(
        actor=actor, pasient_id=besok.pasient_id, fra=besok.dato, til=besok.dato, storrelse=5
    )
    maling = next((m for m in dagens.side.items if m.feilregistrert_at is None), None)
    return Besoeksside(
        besok=besok,
        visning=visning,
        oppgaver=list(besok.oppgaver.all()),
        adresse=(punkt.adresse if punkt else "")
        or " ".join(
            p
            for p in (besok.pasient.adresse, besok.pasient.postnummer, besok.pasient.poststed)
            if p
        ),
        punkt=rute.Punkt(punkt.lat, punkt.lon) if punkt else None,
        nokkelinfo=nokkelinfo,
        kan_registrere=actor_can(actor, Action.REGISTER_VISIT),
        doser=besoek_doser(actor=actor, pasient_id=besok.pasient_id, fra=fra, til=til),
        kan_gi_legemidler=actor_can(actor, Action.ADMINISTER_MEDICATION),
        maling=Maalingsrad(maling) if maling else None,
    )


# --- the patient's missed visits -------------------------------------------------------------


@dataclass(frozen=True)
class Pasientbesoek:
    pasient: Pasient
    visning: Pasientvisning
    side: Side[Besoek]


def pasient_besoek(*, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1) -> Pasientbesoek:
    """The patient's missed and not performed visits (any district), newest first, paged.
    NotFound for missing and not allowed alike; audited as a read of the patient."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    with transaction.atomic():
        pasient = pasient_access(actor, visning.pasient.pk, action=Action.VIEW)
        qs = (
            Besoek.objects.filter(pasient=pasient)
            .filter(
                Q(varslet_at__isnull=False, innsjekk_at__isnull=True)
                | Q(status=BesoekStatus.IKKE_UTFORT)
            )
            .select_related("enhet", "ansatt")
            .order_by("-dato", "-fra_tid", "id")
        )
        page = side_fetch(qs, nummer=side, storrelse=25)
        audit_log(
            actor=actor,
            event=AuditEvent.BESOK_LISTED,
            target=pasient,
            pasient_id=pasient.pk,
            extra={"liste": "uteblitte", "antall": len(page.items)},
        )
    return Pasientbesoek(pasient=pasient, visning=visning, side=page)
