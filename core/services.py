"""Writes in core: logging in and out, choosing the acting unit, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.acting import ActingUnit, acting_unit_resolve, tilgang_changed
from core.audit import AuditEvent, audit_log
from core.context import context_get
from core.exceptions import ApplicationError, Forbidden, LoginError, NotFound
from core.klokke import naa
from core.models import (
    Action,
    Ansatt,
    ApiNoekkel,
    Rolle,
    RolleRettighet,
    RolleRettighetEndring,
    Tilknytning,
)


def ansatt_login(*, username: str, password: str) -> Ansatt:
    """Check a password, with lockout per user name *and* source address.

    LOGIN_MAX_FAILURES failures for one user name from one address lock that pair for
    LOGIN_LOCKOUT_MINUTES; the same person from another address (her own ward) is not
    locked out by a stranger guessing. Known and unknown user names take the same path,
    the same time (a password hash is computed either way) and get the same text, also
    when locked. Each attempt is audited (committed before the error is raised).
    """
    error = _("Feil brukernavn eller passord.")
    key = _login_key(username)
    ansatt = Ansatt.objects.filter(username=username).first()
    locked_until = cache.get(f"{key}:laast")
    if locked_until is not None:
        with transaction.atomic():  # committed before the error is raised
            _login_audit(ansatt, username, AuditEvent.LOGIN_LOCKED)
        raise LoginError(_locked_message(locked_until))
    with transaction.atomic():
        if ansatt is None:
            Ansatt().set_password(password)  # the same hashing time as a real check
            valid = False
        else:
            valid = ansatt.check_password(password) and ansatt.is_active
        if valid and ansatt is not None:
            cache.delete(key)
            ansatt.last_login = timezone.now()
            ansatt.save(update_fields=["last_login"])
            audit_log(actor=ansatt, event=AuditEvent.LOGIN_OK, target=ansatt)
            return ansatt
        window = settings.LOGIN_LOCKOUT_MINUTES * 60
        cache.add(key, 0, timeout=window)
        event = AuditEvent.LOGIN_FAILED
        if cache.incr(key) >= settings.LOGIN_MAX_FAILURES:
            locked_until = timezone.now() + dt.timedelta(seconds=window)
            cache.set(f"{key}:laast", locked_until, timeout=window)
            cache.delete(key)
            event = AuditEvent.LOGIN_LOCKED
            error = _locked_message(locked_until)
        _login_audit(ansatt, username, event)
    raise LoginError(error)


def _login_key(username: str) -> str:
    """The lockout counter's key: the user name (as typed, case-folded) and the source."""
    ctx = context_get()
    source = (ctx.ip if ctx is not None else None) or "ukjent"
    digest = hashlib.sha256(f"{username.casefold()}\x00{source}".encode()).hexdigest()
    return f"innlogging:{digest}"


def _login_audit(ansatt: Ansatt | None, username: str, event: AuditEvent) -> None:
    if ansatt is None:
        audit_log(actor=None, event=event, extra={"brukernavn": username[:150]})
    else:
        audit_log(actor=ansatt, event=event, target=ansatt)


def _locked_message(until: dt.datetime) -> str:
    local = timezone.localtime(until)
    return _(
        "Kontoen er midlertidig låst etter for mange mislykkede forsøk. "
        "Prøv igjen etter kl. %(tid)s."
    ) % {"tid": local.strftime("%H:%M")}


@transaction.atomic
def ansatt_logout(*, ansatt: Ansatt) -> None:
    audit_log(actor=ansatt, event=AuditEvent.LOGOUT, target=ansatt)


@transaction.atomic
def ansatt_enhet_select(*, ansatt: Ansatt, enhet_id: uuid.UUID | str) -> ActingUnit:
    acting = acting_unit_resolve(ansatt=ansatt, enhet_id=enhet_id)
    if acting is None:
        raise ApplicationError(_("Du har ingen aktiv tilknytning til den enheten."))
    audit_log(actor=ansatt, event=AuditEvent.ENHET_SELECTED, target=acting.enhet)
    return acting


def noekkel_hash(key: str) -> str:
    """What is stored of an API key: its SHA-256 (the key has 256 random bits, so a plain
    hash is enough; the key itself is never stored)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def ansatt_token_issue(*, ansatt: Ansatt) -> tuple[ApiNoekkel, str]:
    """A new API key for one client login, valid API_NOEKKEL_TIMER hours. Returns the stored
    token and the key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    noekkel = ApiNoekkel.objects.create(
        ansatt=ansatt,
        noekkel_hash=noekkel_hash(key),
        utloeper=naa() + dt.timedelta(hours=settings.API_NOEKKEL_TIMER),
    )
    audit_log(
        actor=ansatt,
        event=AuditEvent.TOKEN_ISSUED,
        target=ansatt,
        extra={"noekkel_id": str(noekkel.pk), "utloeper": noekkel.utloeper.isoformat()},
    )
    return noekkel, key


@transaction.atomic
def ansatt_token_revoke(*, ansatt: Ansatt, noekkel: ApiNoekkel) -> None:
    """API logout: the key stops working at once, in every web process."""
    ApiNoekkel.objects.filter(pk=noekkel.pk, ansatt=ansatt, tilbakekalt__isnull=True).update(
        tilbakekalt=naa()
    )
    tilgang_changed()
    audit_log(
        actor=ansatt,
        event=AuditEvent.TOKEN_REVOKED,
        target=ansatt,
        extra={"noekkel_id": str(noekkel.pk)},
    )


@transaction.atomic
def ansatt_tokens_revoke_all(*, ansatt: Ansatt, actor: Ansatt | None = None) -> int:
    """Revoke every live API key of a person (when they are deactivated)."""
    count = ApiNoekkel.objects.filter(
        ansatt=ansatt, tilbakekalt__isnull=True, utloeper__gt=naa()
    ).update(tilbakekalt=naa())
    tilgang_changed()
    if count:
        audit_log(
            actor=actor,
            event=AuditEvent.TOKENS_REVOKED_ALL,
            target=ansatt,
            extra={"antall": count},
        )
    return count


# Fields a login writes on the person: they do not change who may act where.
_LOGIN_FIELDS = frozenset({"failed_logins", "locked_until", "last_login"})


def ansatt_saved(
    sender: Any,
    instance: Ansatt,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    **_: Any,
) -> None:
    """Signal receiver (core.apps): a changed person invalidates the cached access data,
    and a deactivated one loses their API keys. A new person has nothing cached yet."""
    if created or (update_fields is not None and set(update_fields) <= _LOGIN_FIELDS):
        return
    tilgang_changed()
    if not instance.is_active:
        ansatt_tokens_revoke_all(ansatt=instance)


def noekkel_saved(sender: Any, instance: ApiNoekkel, created: bool = False, **_: Any) -> None:
    """Signal receiver (core.apps): a new key needs nothing; a changed one (admin) may be
    cached, so the cache goes stale."""
    if not created:
        tilgang_changed()


def tilgang_data_changed(sender: Any, **_: Any) -> None:
    """Signal receiver (core.apps) for assignments and rights, and deletions."""
    tilgang_changed()


def tilgang_data_saved(sender: Any, created: bool = False, **_: Any) -> None:
    """Signal receiver (core.apps) for units, roles, virksomheter and municipalities: a new
    one is in nobody's cached assignments yet; a changed one may be."""
    if not created:
        tilgang_changed()


@transaction.atomic
def rolle_rettigheter_set(*, actor: Ansatt, rolle_id: uuid.UUID | str, actions: set[str]) -> Rolle:
    """Replace a role's rights; keeps a history row (before/after) and an audit row.

    Only people acting with the ADMIN right may do this; the admin role cannot remove
    its own ADMIN right (so nobody locks everyone out).
    """
    ctx = context_get()
    if ctx is None or Action.ADMIN.value not in ctx.actions:
        raise Forbidden(_("Bare administratorer kan endre roller."))
    try:
        key = uuid.UUID(str(rolle_id))
    except ValueError:
        raise NotFound from None
    rolle = Rolle.objects.select_for_update().filter(pk=key).first()
    if rolle is None:
        raise NotFound
    unknown = actions - set(Action.values)
    if unknown:
        raise ApplicationError(_("Ukjente rettigheter: %(r)s") % {"r": ", ".join(sorted(unknown))})
    if rolle.kode == ctx.rolle_kode and Action.ADMIN.value not in actions:
        raise ApplicationError(_("Du kan ikke fjerne administrator-retten fra din egen rolle."))
    before = sorted(rolle.rettigheter.values_list("action", flat=True))
    after = sorted(actions)
    if before == after:
        return rolle
    rolle.rettigheter.exclude(action__in=after).delete()
    for action in set(after) - set(before):
        RolleRettighet.objects.create(rolle=rolle, action=action)
    RolleRettighetEndring.objects.create(
        rolle=rolle, endret_av=actor, for_endring=before, etter_endring=after
    )
    audit_log(
        actor=actor,
        event=AuditEvent.ROLLE_RETTIGHETER_CHANGED,
        target=rolle,
        extra={"for": before, "etter": after},
    )
    return rolle


@transaction.atomic
def tilknytning_save(*, actor: Ansatt, tilknytning: Tilknytning) -> Tilknytning:
    """Create or change a staff member's assignment to a unit (admin). Audited."""
    tilknytning.save()
    audit_log(
        actor=actor,
        event=AuditEvent.TILKNYTNING_SAVED,
        target=tilknytning,
        extra=_tilknytning_extra(tilknytning),
    )
    return tilknytning


@transaction.atomic
def tilknytning_delete(*, actor: Ansatt, tilknytning: Tilknytning) -> None:
    """Remove an assignment (admin); one's own admin assignment cannot be removed."""
    if tilknytning.ansatt_id == actor.pk and tilknytning.rolle.kode == "admin":
        raise ApplicationError(_("Du kan ikke fjerne din egen administratortilknytning."))
    extra = _tilknytning_extra(tilknytning)
    audit_log(actor=actor, event=AuditEvent.TILKNYTNING_REMOVED, target=tilknytning, extra=extra)
    tilknytning.delete()


def _tilknytning_extra(tilknytning: Tilknytning) -> dict[str, str]:
    return {
        "ansatt": str(tilknytning.ansatt_id),
        "enhet": str(tilknytning.enhet_id),
        "rolle": tilknytning.rolle.kode,
        "gyldig_fra": str(tilknytning.gyldig_fra),
        "gyldig_til": str(tilknytning.gyldig_til or ""),
    }


@transaction.atomic
def auditlogg_read_record(*, actor: Ansatt, visning: str, pasient_ids: list[str]) -> None:
    """Reading the audit log is itself audited (admin list and detail, exports)."""
    audit_log(
        actor=actor,
        event=AuditEvent.REVISJONSLOGG_READ,
        extra={"visning": visning[:200], "pasienter": sorted(set(pasient_ids))[:200]},
    )


def auditlogg_partitions_ensure(*, months: int = 12) -> None:
    """Create monthly audit partitions from this month and `months` ahead (idempotent)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT core_auditlogg_ensure_partitions(current_date, %s)", [months])
