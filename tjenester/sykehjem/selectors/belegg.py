"""Reads for nursing homes: the occupancy board. Bed counts are shown for every ward of
the municipality; who lies in a bed only where journal.access allows it (audited)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log_many
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt, Enhet
from journal.access import actor_can, actor_require, restrict_scoped
from journal.models import Tjeneste
from tjenester.sykehjem.models import (
    Fravaer,
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Seng,
    Sengeperiode,
)
from tjenester.sykehjem.selectors.avdeling import (
    avdeling_get,
    avdelinger_i_kommunen,
    avdelinger_i_scope,
)
from tjenester.sykehjem.selectors.opphold import vedtak_uten_opphold
from tjenester.sykehjem.selectors.seng import covering_q

# How far ahead the occupancy board may look.
MAX_DAGER_FRAM = 366


# --- the occupancy board ----------------------------------------------------------------------


class Sengestatus:
    LEDIG = "ledig"
    BELAGT = "belagt"
    RESERVERT = "reservert"
    INAKTIV = "inaktiv"


@dataclass
class Sengerad:
    """One bed on the board on one day."""

    seng: Seng
    status: str
    opphold: Opphold | None = None  # only when the person may see who lies there
    fravar: str = ""  # Fravaerstype while the resident is away (the bed is still theirs)

    @property
    def status_tekst(self) -> str:
        tekster = {
            Sengestatus.LEDIG: _("Ledig"),
            Sengestatus.BELAGT: _("Belagt"),
            Sengestatus.RESERVERT: _("Reservert"),
            Sengestatus.INAKTIV: _("Ute av drift"),
        }
        return tekster[self.status]

    @property
    def fravar_tekst(self) -> str:
        return str(Fravaerstype(self.fravar).label) if self.fravar else ""


@dataclass
class Avdelingsbelegg:
    """The counts of one ward, and its beds when the board shows them."""

    enhet: Enhet
    ledig: int = 0
    belagt: int = 0
    reservert: int = 0
    permisjon: int = 0
    sykehus: int = 0
    inaktiv: int = 0
    senger: list[Sengerad] = field(default_factory=list)
    vis_senger: bool = False

    @property
    def totalt(self) -> int:
        return self.ledig + self.belagt + self.reservert


@dataclass
class Beleggsoversikt:
    dato: dt.date
    avdelinger: list[Avdelingsbelegg]
    kan_administrere: bool
    vedtak_uten_opphold: list[Tjeneste] = field(default_factory=list)

    @property
    def sum(self) -> Avdelingsbelegg:
        total = Avdelingsbelegg(enhet=Enhet(navn=_("Hele kommunen")))
        for a in self.avdelinger:
            for name in ("ledig", "belagt", "reservert", "permisjon", "sykehus", "inaktiv"):
                setattr(total, name, getattr(total, name) + getattr(a, name))
        return total


def belegg_dato_parse(value: str | None) -> dt.date:
    """The board's date from a query parameter: today when empty, at most a year ahead."""
    today = idag()
    if not value:
        return today
    try:
        dato = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(_("Skriv datoen som ÅÅÅÅ-MM-DD.")) from exc
    if dato < today - dt.timedelta(days=MAX_DAGER_FRAM) or dato > today + dt.timedelta(
        days=MAX_DAGER_FRAM
    ):
        raise ApplicationError(_("Velg en dato innen ett år fra i dag."))
    return dato


def belegg_get(
    *, actor: Ansatt, dato: dt.date, enhet_id: uuid.UUID | str | None = None
) -> Beleggsoversikt:
    """Free, occupied and reserved beds per ward of the municipality on `dato`.

    The beds themselves are listed for the chosen ward (`enhet_id`), else for the wards at
    or below the acting unit. Residents are named only where journal.access allows (VIEW);
    each named stay is audited as OPPHOLD_LISTED. A fixed number of queries.
    """
    actor_require(actor, Action.VIEW)
    avdelinger = list(avdelinger_i_kommunen())
    detalj = {avdeling_get(enhet_id=enhet_id).pk} if enhet_id else avdelinger_i_scope()
    senger = list(
        Seng.objects.filter(enhet__in=avdelinger)
        .select_related("rom")
        .order_by("rom__navn", "navn")
    )
    perioder = {
        p.seng_id: p
        for p in Sengeperiode.objects.filter(
            covering_q(dato), seng__in=[s.pk for s in senger]
        ).select_related("opphold")
    }
    seng_enhet = {s.pk: s.enhet_id for s in senger}
    opphold_ids = [p.opphold_id for p in perioder.values()]
    borte = dict(
        Fravaer.objects.filter(covering_q(dato), opphold_id__in=opphold_ids).values_list(
            "opphold_id", "type"
        )
    )
    synlige_ids = [p.opphold_id for p in perioder.values() if seng_enhet[p.seng_id] in detalj]
    with transaction.atomic():
        synlige = (
            {
                o.pk: o
                for o in restrict_scoped(
                    Opphold.objects.filter(pk__in=synlige_ids), actor, action=Action.VIEW
                ).select_related("pasient")
            }
            if synlige_ids
            else {}
        )
        audit_log_many(
            actor=actor,
            event=AuditEvent.OPPHOLD_LISTED,
            targets=list(synlige.values()),
            extra={"belegg": dato.isoformat()},
        )
    per_avdeling = {a.pk: Avdelingsbelegg(enhet=a, vis_senger=a.pk in detalj) for a in avdelinger}
    for seng in senger:
        belegg = per_avdeling[seng.enhet_id]
        periode = perioder.get(seng.pk)
        if periode is not None:
            opphold = periode.opphold
            status = (
                Sengestatus.RESERVERT
                if opphold.status == OppholdStatus.RESERVERT
                else Sengestatus.BELAGT
            )
            rad = Sengerad(seng, status, synlige.get(opphold.pk), borte.get(opphold.pk, ""))
        elif not seng.aktiv:
            rad = Sengerad(seng, Sengestatus.INAKTIV)
        else:
            rad = Sengerad(seng, Sengestatus.LEDIG)
        setattr(belegg, rad.status, getattr(belegg, rad.status) + 1)
        if rad.fravar:
            setattr(belegg, rad.fravar, getattr(belegg, rad.fravar) + 1)
        if belegg.vis_senger:
            belegg.senger.append(rad)
    return Beleggsoversikt(
        dato=dato,
        avdelinger=list(per_avdeling.values()),
        kan_administrere=actor_can(actor, Action.MANAGE_STAYS),
        vedtak_uten_opphold=vedtak_uten_opphold(actor=actor, enhet_ids=detalj) if detalj else [],
    )
