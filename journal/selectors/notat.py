"""Reads of clinical notes: the list, one note, its history with diffs, and full-text search.

Every read goes through journal.access and writes its audit rows. Another person's note
that was never signed is invisible (a private draft); a note the patient has blocked for the
reader is listed as "sperret" without content and cannot be opened or found by search.
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import transaction
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt
from journal.access import (
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    blocked_entries_decided,
    pasient_access,
    restrict_decided,
    restrict_scoped,
)
from journal.models import Journalnotat, JournalnotatVersjon, NotatStatus, Notattype, Pasient
from journal.selectors.pasient import pasient_read_refused_audit
from journal.services.notat import (
    NOTAT_OBJEKT,
    correction_refusal,
    countersign_refusal,
    draft_refusal,
    feilregistrering_refusal,
    innhold_ordered,
    notattype_overskrifter,
    notattyper_for_enhet,
)

SIDE_STORRELSE = 20
MAX_SOK = 200
# Markers ts_headline puts around hits; the text is escaped before they become <mark>.
_HIT_START, _HIT_STOP = "\x02", "\x03"


# --- list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notatrad:
    """One note in a list as this person may see it (nothing but `sperret` when blocked)."""

    notat: Journalnotat
    sperret: bool
    tittel: str
    eget_utkast: bool
    signert_at: dt.datetime | None

    @property
    def venter_kontrasignering(self) -> bool:
        n = self.notat
        return (
            n.status == NotatStatus.SIGNERT and n.krever_kontrasignering and not n.kontrasignert_at
        )


@dataclass(frozen=True)
class Notatliste:
    pasient: Pasient
    side: Side[Any]  # Journalnotat rows annotated with their signed title and time
    rader: list[Notatrad]


def _blocked_ids(actor: Ansatt, pasient_id: uuid.UUID) -> set[uuid.UUID]:
    ids = set()
    for value in blocked_entries_decided(actor, pasient_id, NOTAT_OBJEKT):
        try:
            ids.add(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def _pasient(actor: Ansatt, pasient_id: uuid.UUID | str, action: Action = Action.VIEW) -> Pasient:
    return pasient_access(actor, pasient_id, action=action)


def _visible(actor: Ansatt) -> Q:
    """Signed (or feilregistrert) notes, and the actor's own never-signed drafts."""
    return Q(gjeldende_versjon__gt=0) | Q(utkast_av_id=actor.pk)


def journalnotater_for_pasient(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = SIDE_STORRELSE
) -> Notatliste:
    """The patient's notes, newest first, one page (never the whole record).

    Audited: one NOTAT_LISTED row per note whose title is shown (blocked ones show nothing).
    A refused list is audited like a refused patient (PASIENT_READ_REFUSED), then NotFound.
    """
    try:
        pasient = _pasient(actor, pasient_id)
    except NotFound:
        pasient_read_refused_audit(actor, pasient_id)
        raise
    # Access is decided before the transaction, so nothing in it raises NotFound; the read
    # has nothing to undo, and inside the overview's transaction a savepoint would only
    # add two statements.
    with transaction.atomic(savepoint=False):
        blocked = _blocked_ids(actor, pasient.pk)
        current = JournalnotatVersjon.objects.filter(
            notat=OuterRef("pk"), nummer=OuterRef("gjeldende_versjon")
        )
        notater = (
            restrict_decided(Journalnotat.objects.all(), actor, pasient.pk, action=Action.VIEW)
            .filter(_visible(actor))
            .select_related("type", "forfatter")
            .annotate(
                v_tittel=Subquery(current.values("tittel")[:1]),
                v_signert_at=Subquery(current.values("signert_at")[:1]),
            )
            .order_by("-dokumentert_tid", "-created_at", "-id")
        )
        page = side_fetch(notater, nummer=side, storrelse=storrelse)
        rader = [_rad(actor, n, n.pk in blocked) for n in page.items]
        audit_log_many(
            actor=actor,
            event=AuditEvent.NOTAT_LISTED,
            targets=[r.notat for r in rader if not r.sperret],
            extra={"side": side},
        )
    return Notatliste(pasient=pasient, side=page, rader=rader)


def _rad(actor: Ansatt, notat: Any, sperret: bool) -> Notatrad:
    eget_utkast = notat.utkast_av_id == actor.pk
    signed_title: str | None = notat.v_tittel
    return Notatrad(
        notat=notat,
        sperret=sperret,
        tittel="" if sperret else (signed_title or notat.tittel),
        eget_utkast=eget_utkast and not sperret,
        signert_at=notat.v_signert_at,
    )


# --- one note ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Handlinger:
    """What this person may do with the note now (computed by the services' own rules)."""

    lagre: bool = False
    signere: bool = False
    korrigere: bool = False
    feilregistrere: bool = False
    kontrasignere: bool = False


@dataclass(frozen=True)
class Notatvisning:
    notat: Journalnotat
    versjon: JournalnotatVersjon | None  # the signed version everyone sees (None: new draft)
    innhold: dict[str, str]  # the signed version's sections, in template order
    utkast: dict[str, str] | None  # only for the draft's author, in template order
    handlinger: Handlinger

    @property
    def venter_kontrasignering(self) -> bool:
        n = self.notat
        return (
            n.status == NotatStatus.SIGNERT and n.krever_kontrasignering and not n.kontrasignert_at
        )

    @property
    def er_korrigering(self) -> bool:
        return self.utkast is not None and self.versjon is not None


def _handlinger(
    actor: Ansatt, notat: Journalnotat, versjon: JournalnotatVersjon | None
) -> Handlinger:
    signer = versjon.signert_av_id if versjon else None
    return Handlinger(
        lagre=actor_can(actor, Action.WRITE_NOTE) and draft_refusal(actor, notat) is None,
        signere=actor_can(actor, Action.SIGN) and draft_refusal(actor, notat) is None,
        korrigere=actor_can(actor, Action.CORRECT) and correction_refusal(actor, notat) is None,
        feilregistrere=actor_can(actor, Action.CORRECT) and feilregistrering_refusal(notat) is None,
        kontrasignere=actor_can(actor, Action.SIGN)
        and countersign_refusal(actor, notat, signer) is None,
    )


def _notat(
    actor: Ansatt, notat_id: uuid.UUID | str, pasient_id: uuid.UUID | str | None
) -> Journalnotat:
    queryset = Journalnotat.objects.select_related(
        "type", "forfatter", "utkast_av", "kontrasignert_av", "feilregistrert_av", "enhet"
    )
    if pasient_id is not None:
        try:
            queryset = queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    notat = access_scoped(actor, queryset, notat_id, action=Action.VIEW)
    visible = notat.gjeldende_versjon > 0 or notat.utkast_av_id == actor.pk
    if not visible or notat.pk in _blocked_ids(actor, notat.pasient_id):
        raise NotFound
    return notat


def _audit_read(actor: Ansatt, notat: Journalnotat, extra: dict[str, Any]) -> None:
    basis = access_basis(actor, notat.pasient_id)
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_READ,
        target=notat,
        pasient_id=notat.pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra={**extra, **({"sperring_overstyrt": True} if basis.sperring_overstyrt else {})},
    )


def journalnotat_get(
    *, actor: Ansatt, notat_id: uuid.UUID | str, pasient_id: uuid.UUID | str | None = None
) -> Notatvisning:
    """One note, or NotFound (missing, not allowed, blocked, or someone else's draft).

    The draft (new note or correction in progress) is shown only to its author; everyone
    else sees the latest signed version. Audited (NOTAT_READ, with the access basis).
    """
    with transaction.atomic():
        notat = _notat(actor, notat_id, pasient_id)
        versjon = (
            JournalnotatVersjon.objects.select_related("signert_av")
            .filter(notat=notat, nummer=notat.gjeldende_versjon)
            .first()
        )
        _audit_read(actor, notat, {"versjon": notat.gjeldende_versjon})
    eget = notat.utkast_av_id == actor.pk
    return Notatvisning(
        notat=notat,
        versjon=versjon,
        innhold=innhold_ordered(versjon.innhold, notat.type) if versjon else {},
        utkast=innhold_ordered(notat.utkast, notat.type) if eget else None,
        handlinger=_handlinger(actor, notat, versjon),
    )


# --- history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difflinje:
    """One line of a version compared with the one before: "lik", "ny" or "fjernet"."""

    type: str
    tekst: str


@dataclass(frozen=True)
class Versjonsrad:
    versjon: JournalnotatVersjon
    endringer: list[Difflinje] | None  # None for the first version


def _lines(versjon: JournalnotatVersjon) -> list[str]:
    return [versjon.tittel, "", *versjon.tekst.splitlines()]


def line_diff(old: list[str], new: list[str]) -> list[Difflinje]:
    """The new text line by line, with removed lines in place (a full, not a context, diff)."""
    result: list[Difflinje] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result += [Difflinje("lik", line) for line in new[b1:b2]]
            continue
        result += [Difflinje("fjernet", line) for line in old[a1:a2]]
        result += [Difflinje("ny", line) for line in new[b1:b2]]
    return result


def journalnotat_historikk(
    *, actor: Ansatt, notat_id: uuid.UUID | str, pasient_id: uuid.UUID | str | None = None
) -> tuple[Journalnotat, list[Versjonsrad]]:
    """All signed versions, newest first, each with its changes against the one before.

    Drafts are never part of the history. Audited (NOTAT_READ, extra historikk=True).
    """
    with transaction.atomic():
        notat = _notat(actor, notat_id, pasient_id)
        versjoner = list(
            JournalnotatVersjon.objects.filter(notat=notat)
            .select_related("signert_av")
            .order_by("nummer")
        )
        _audit_read(actor, notat, {"historikk": True, "versjoner": len(versjoner)})
    rader = []
    previous: JournalnotatVersjon | None = None
    for versjon in versjoner:
        diff = line_diff(_lines(previous), _lines(versjon)) if previous else None
        rader.append(Versjonsrad(versjon=versjon, endringer=diff))
        previous = versjon
    return notat, rader[::-1]


# --- search ------------------------------------------------------------------------------


class NorwegianDocument(Func):
    """to_tsvector('norwegian', tittel || ' ' || tekst) — exactly the expression of the GIN
    index notatversjon_fulltekst (migration 0006), so PostgreSQL can use the index."""

    template = "to_tsvector('norwegian', %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__(F("tittel"), F("tekst"))


@dataclass(frozen=True)
class Soekerad:
    versjon: JournalnotatVersjon
    utdrag: SafeString  # escaped text with the hits in <mark>


@dataclass(frozen=True)
class Notatsoek:
    pasient: Pasient
    sok: str
    side: Side[JournalnotatVersjon]
    rader: list[Soekerad]


def _excerpt(headline: str) -> SafeString:
    html = escape(headline).replace(_HIT_START, "<mark>").replace(_HIT_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - the note text is escaped above; only <mark> is ours


def notat_search_queryset(
    actor: Ansatt, pasient: Pasient, sok: str
) -> QuerySet[JournalnotatVersjon]:
    """The signed, current versions of the patient's notes matching `sok`, best first."""
    query = SearchQuery(sok, config="norwegian", search_type="websearch")
    versjoner = restrict_scoped(
        JournalnotatVersjon.objects.filter(pasient=pasient), actor, action=Action.VIEW
    )
    return (
        versjoner.alias(dokument=NorwegianDocument())
        .filter(dokument=query, nummer=F("notat__gjeldende_versjon"))
        .exclude(notat_id__in=_blocked_ids(actor, pasient.pk))
        .select_related("notat", "notat__type", "signert_av")
        .annotate(
            rang=SearchRank(NorwegianDocument(), query),
            utdrag=SearchHeadline(
                "tekst",
                query,
                config="norwegian",
                start_sel=_HIT_START,
                stop_sel=_HIT_STOP,
                max_words=25,
                min_words=8,
            ),
        )
        .order_by("-rang", "-signert_at", "-id")
    )


def journalnotat_search(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    q: str,
    side: int = 1,
    storrelse: int = SIDE_STORRELSE,
) -> Notatsoek:
    """Full-text search in the patient's signed notes (PostgreSQL, Norwegian stemming:
    "smerter" finds "smertene", "faller" finds "fallet"; irregular forms such as "falt"
    are different words to the stemmer). Web-search syntax: "phrase", -word, or.

    Audited: one NOTAT_SEARCHED row (with the search text) and a NOTAT_LISTED row per hit shown.
    """
    actor_require(actor, Action.VIEW)
    sok = q.strip()
    if not sok:
        raise ApplicationError(_("Skriv hva du vil søke etter."))
    if len(sok) > MAX_SOK:
        raise ApplicationError(_("Søket er for langt."))
    with transaction.atomic():
        pasient = _pasient(actor, pasient_id)
        page = side_fetch(
            notat_search_queryset(actor, pasient, sok), nummer=side, storrelse=storrelse
        )
        audit_log(
            actor=actor,
            event=AuditEvent.NOTAT_SEARCHED,
            target=pasient,
            pasient_id=pasient.pk,
            extra={"sok": sok, "side": side, "treff": len(page.items)},
        )
        audit_log_many(
            actor=actor,
            event=AuditEvent.NOTAT_LISTED,
            targets=[v.notat for v in page.items],
            extra={"sok": True},
        )
    rader = [Soekerad(versjon=v, utdrag=_excerpt(getattr(v, "utdrag", ""))) for v in page.items]
    return Notatsoek(pasient=pasient, sok=sok, side=page, rader=rader)


# --- new note ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Notatskjema:
    pasient: Pasient
    typer: list[Notattype]

    def valg(self, type_id: uuid.UUID | str | None) -> tuple[Notattype, list[str]] | None:
        """The chosen type and its headings (the only type when there is just one)."""
        if not type_id and len(self.typer) == 1:
            type_id = self.typer[0].pk
        for notattype in self.typer:
            if str(notattype.pk) == str(type_id):
                return notattype, notattype_overskrifter(notattype)
        return None


def notatskjema_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Notatskjema:
    """What a new note for the patient may be: the note types offered in the acting unit."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = _pasient(actor, pasient_id, Action.WRITE_NOTE)
    ctx = context_get()
    typer = list(notattyper_for_enhet(ctx.enhet_id if ctx else None))
    return Notatskjema(pasient=pasient, typer=typer)


def notattyper_list(*, actor: Ansatt) -> list[Notattype]:
    """Note types offered in the acting unit (no patient data)."""
    actor_require(actor, Action.WRITE_NOTE)
    ctx = context_get()
    return list(notattyper_for_enhet(ctx.enhet_id if ctx else None))
