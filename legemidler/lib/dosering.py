"""Dose schedules of a medication order (forordning): validation, expansion into due doses,
and the limits of doses given as needed (PRN).

Pure functions (no database, no clock): "now" and the time zone are arguments. The
schedule is stored as JSON on `legemidler.models.Forordning.dosering`; `plan_from_dict` and
`plan_to_dict` are the two directions.

Kinds of schedule (`Doseringsplan.type`):

- `fast`: fixed times of day, each with its dose; every day, on chosen weekdays only
  (`ukedager`, ISO 1 = Monday … 7 = Sunday), or once every `intervall_uker` weeks on those
  weekdays (methotrexate: one weekday, interval 1);
- `nedtrapping`: tapering, a dose per day given as steps (`trinn`: so many days at so much at
  each of the times); after the last step the order gives nothing more;
- `behov`: as needed (PRN), never due by itself: a single dose, a maximum per 24 hours and a
  minimum interval between doses.

A course (kur) is any schedule with an end date (`sluttdato` of the order, inclusive).
Times are wall-clock times in Europe/Oslo: an 08:00 dose is at 08:00 on the days daylight
saving time starts and ends too. A time that does not exist on the spring-forward day
(02:00–02:59) is given at the same minutes after the clock has jumped (03:xx); a time that
occurs twice on the fall-back day is due once, at its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC

FAST = "fast"
NEDTRAPPING = "nedtrapping"
BEHOV = "behov"
TYPER = (FAST, NEDTRAPPING, BEHOV)

UKEDAG_KORT = {1: "man", 2: "tir", 3: "ons", 4: "tor", 5: "fre", 6: "lør", 7: "søn"}
UKEDAG_LANG = {
    1: "mandag",
    2: "tirsdag",
    3: "onsdag",
    4: "torsdag",
    5: "fredag",
    6: "lørdag",
    7: "søndag",
}
MAX_TIDER = 12
MAX_TRINN = 60
MAX_INTERVALL_UKER = 12
MAX_NEDTRAPPING_DAGER = 366
MIN_INTERVALL_MIN = 15
MAX_INTERVALL_MIN = 72 * 60

# Plausibility limits of one dose per dose unit (enhet). Not clinical rules: a guard against
# typing errors (10 000 tablets, 0 ml). The doctor's dose inside the limits is never judged.
MAKS_ENKELTDOSE: dict[str, Decimal] = {
    "tablett": Decimal(20),
    "kapsel": Decimal(20),
    "stk": Decimal(20),
    "dose": Decimal(20),
    "draape": Decimal(60),
    "pust": Decimal(20),
    "plaster": Decimal(4),
    "mg": Decimal(5000),
    "mikrog": Decimal(5000),
    "g": Decimal(20),
    "ml": Decimal(500),
    "IE": Decimal(200000),
    "mmol": Decimal(200),
}
DOSE_ENHETER = tuple(MAKS_ENKELTDOSE)


@dataclass(frozen=True)
class Dosetid:
    """One time of day and the dose given then (for tapering: the dose is the step's)."""

    tid: dt.time
    dose: Decimal = Decimal(0)


@dataclass(frozen=True)
class Trinn:
    """One step of a tapering: `dager` days at `dose` at each time of the schedule."""

    dager: int
    dose: Decimal


@dataclass(frozen=True)
class Doseringsplan:
    """A medication order's schedule; see the module docstring for the meaning."""

    type: str = FAST
    tider: tuple[Dosetid, ...] = ()
    ukedager: tuple[int, ...] = ()
    intervall_uker: int = 1
    trinn: tuple[Trinn, ...] = ()
    behov_dose: Decimal | None = None
    behov_maks_per_doegn: Decimal | None = None
    behov_min_intervall_min: int | None = None


@dataclass(frozen=True)
class Forfall:
    """A dose due: when (aware, UTC) and how much; `tid` is the scheduled wall-clock time."""

    tidspunkt: dt.datetime
    dose: Decimal
    tid: dt.time = field(compare=False)


# --- parsing and validation -------------------------------------------------------------


def dose_parse(value: object, *, felt: str = "dose") -> Decimal:
    """A dose from text or a number ("1", "0,5", 2.5). Raises ValidationError in Norwegian."""
    text = str(value).strip().replace(",", ".") if value is not None else ""
    try:
        dose = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            {felt: [_("«%(v)s» er ikke en dose. Skriv et tall, f.eks. 1 eller 0,5.") % {"v": text}]}
        ) from None
    if not dose.is_finite():
        raise ValidationError({felt: [_("Skriv dosen som et tall.")]})
    return dose


def tid_parse(value: str) -> dt.time:
    """A time of day from "08:00", "8.30" or "20". Raises ValidationError in Norwegian."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*", value or "")
    if match is None or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise ValidationError(
            {"tider": [_("«%(v)s» er ikke et klokkeslett. Skriv f.eks. 08:00.") % {"v": value}]}
        )
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def dose_validate(dose: Decimal, enhet: str, *, felt: str = "dose") -> None:
    """A dose must be above 0 and not above the plausibility limit of its unit."""
    if dose <= 0:
        raise ValidationError({felt: [_("Dosen må være større enn 0.")]})
    maks = MAKS_ENKELTDOSE.get(enhet)
    if maks is None:
        raise ValidationError({"dose_enhet": [_("Velg en doseenhet fra listen.")]})
    if dose > maks:
        raise ValidationError(
            {
                felt: [
                    _(
                        "%(dose)s %(enhet)s i én dose er urimelig mye (høyst %(maks)s). "
                        "Sjekk om dosen er skrevet riktig."
                    )
                    % {"dose": dose_format(dose), "enhet": enhet, "maks": dose_format(maks)}
                ]
            }
        )


def plan_validate(plan: Doseringsplan, enhet: str) -> None:
    """Raise ValidationError (field → Norwegian messages) for a schedule that cannot be
    given. Checks that belong to ordering (a PRN without a maximum, a daily schedule of a
    weekly-only drug) are not errors here: see `legemidler.lib.kontroll`."""
    if plan.type not in TYPER:
        raise ValidationError({"type": [_("Velg fast dosering, nedtrapping eller ved behov.")]})
    if plan.type == BEHOV:
        if plan.behov_dose is None:
            raise ValidationError({"behov_dose": [_("Skriv dosen som gis ved behov.")]})
        dose_validate(plan.behov_dose, enhet, felt="behov_dose")
        if plan.behov_maks_per_doegn is not None:
            if plan.behov_maks_per_doegn <= 0:
                raise ValidationError(
                    {"behov_maks_per_doegn": [_("Maksimal dose per døgn må være større enn 0.")]}
                )
            if plan.behov_maks_per_doegn < plan.behov_dose:
                raise ValidationError(
                    {
                        "behov_maks_per_doegn": [
                            _("Maksimal dose per døgn kan ikke være mindre enn én dose.")
                        ]
                    }
                )
            if plan.behov_maks_per_doegn > plan.behov_dose * 24:
                raise ValidationError(
                    {
                        "behov_maks_per_doegn": [
                            _("Maksimal dose per døgn er mer enn 24 doser. Sjekk tallet.")
                        ]
                    }
                )
        if plan.behov_min_intervall_min is not None and not (
            MIN_INTERVALL_MIN <= plan.behov_min_intervall_min <= MAX_INTERVALL_MIN
        ):
            raise ValidationError(
                {
                    "behov_min_intervall": [
                        _("Minste intervall må være mellom 15 minutter og 72 timer.")
                    ]
                }
            )
        return
    if not plan.tider:
        raise ValidationError({"tider": [_("Legg inn minst ett klokkeslett.")]})
    if len(plan.tider) > MAX_TIDER:
        raise ValidationError({"tider": [_("Høyst %(n)d klokkeslett per dag.") % {"n": MAX_TIDER}]})
    klokkeslett = [t.tid for t in plan.tider]
    if len(set(klokkeslett)) != len(klokkeslett):
        raise ValidationError({"tider": [_("Samme klokkeslett står to ganger.")]})
    if any(d not in UKEDAG_KORT for d in plan.ukedager) or len(set(plan.ukedager)) != len(
        plan.ukedager
    ):
        raise ValidationError({"ukedager": [_("Ukedager oppgis som 1 (mandag) til 7 (søndag).")]})
    if not 1 <= plan.intervall_uker <= MAX_INTERVALL_UKER:
        raise ValidationError(
            {
                "intervall_uker": [
                    _("Intervallet må være mellom 1 og %(n)d uker.") % {"n": MAX_INTERVALL_UKER}
                ]
            }
        )
    if plan.intervall_uker > 1 and not plan.ukedager:
        raise ValidationError(
            {"ukedager": [_("Velg ukedag når dosen gis sjeldnere enn hver uke.")]}
        )
    if plan.type == FAST:
        if plan.trinn:
            raise ValidationError({"trinn": [_("Trinn hører bare til nedtrapping.")]})
        for t in plan.tider:
            dose_validate(t.dose, enhet)
        return
    # nedtrapping
    if not plan.trinn:
        raise ValidationError({"trinn": [_("Legg inn minst ett trinn i nedtrappingen.")]})
    if len(plan.trinn) > MAX_TRINN:
        raise ValidationError({"trinn": [_("Høyst %(n)d trinn.") % {"n": MAX_TRINN}]})
    for steg in plan.trinn:
        if steg.dager < 1:
            raise ValidationError({"trinn": [_("Hvert trinn må vare minst én dag.")]})
        dose_validate(steg.dose, enhet, felt="trinn")
    if sum(s.dager for s in plan.trinn) > MAX_NEDTRAPPING_DAGER:
        raise ValidationError({"trinn": [_("En nedtrapping kan vare høyst ett år.")]})


def plan_from_dict(data: Mapping[str, Any]) -> Doseringsplan:
    """The schedule stored as JSON (or posted to the API) → Doseringsplan.

    Raises ValidationError in Norwegian for a malformed value; does not validate limits
    (call `plan_validate`)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"dosering": [_("Doseringen mangler eller har feil form.")]})
    tider_raw = data.get("tider") or []
    if not isinstance(tider_raw, list):
        raise ValidationError({"tider": [_("Klokkeslettene har feil form.")]})
    tider: list[Dosetid] = []
    for item in tider_raw:
        if isinstance(item, Mapping):
            tid = tid_parse(str(item.get("tid", "")))
            dose = dose_parse(item.get("dose", "0"))
        else:
            tid, dose = tid_parse(str(item)), Decimal(0)
        tider.append(Dosetid(tid=tid, dose=dose))
    trinn_raw = data.get("trinn") or []
    if not isinstance(trinn_raw, list):
        raise ValidationError({"trinn": [_("Trinnene har feil form.")]})
    trinn = []
    for item in trinn_raw:
        if not isinstance(item, Mapping):
            raise ValidationError({"trinn": [_("Trinnene har feil form.")]})
        trinn.append(
            Trinn(
                dager=_int(item.get("dager"), "trinn"),
                dose=dose_parse(item.get("dose"), felt="trinn"),
            )
        )
    ukedager_raw = data.get("ukedager") or []
    if not isinstance(ukedager_raw, list):
        raise ValidationError({"ukedager": [_("Ukedagene har feil form.")]})

    def optional_decimal(key: str) -> Decimal | None:
        value = data.get(key)
        return None if value in (None, "") else dose_parse(value, felt=key)

    intervall = data.get("behov_min_intervall_min")
    return Doseringsplan(
        type=str(data.get("type", FAST)),
        tider=tuple(sorted(tider, key=lambda t: t.tid)),
        ukedager=tuple(sorted(_int(d, "ukedager") for d in ukedager_raw)),
        intervall_uker=_int(data.get("intervall_uker", 1), "intervall_uker"),
        trinn=tuple(trinn),
        behov_dose=optional_decimal("behov_dose"),
        behov_maks_per_doegn=optional_decimal("behov_maks_per_doegn"),
        behov_min_intervall_min=None
        if intervall in (None, "")
        else _int(intervall, "behov_min_intervall"),
    )


def plan_to_dict(plan: Doseringsplan) -> dict[str, Any]:
    """Doseringsplan → the JSON stored on the order (decimals as strings, times as HH:MM)."""
    data: dict[str, Any] = {"type": plan.type}
    if plan.type == BEHOV:
        data["behov_dose"] = _dec(plan.behov_dose)
        data["behov_maks_per_doegn"] = _dec(plan.behov_maks_per_doegn)
        data["behov_min_intervall_min"] = plan.behov_min_intervall_min
        return data
    data["tider"] = [
        {"tid": t.tid.strftime("%H:%M"), "dose": _dec(t.dose)}
        if plan.type == FAST
        else {"tid": t.tid.strftime("%H:%M")}
        for t in plan.tider
    ]
    data["ukedager"] = list(plan.ukedager)
    data["intervall_uker"] = plan.intervall_uker
    if plan.type == NEDTRAPPING:
        data["trinn"] = [{"dager": s.dager, "dose": _dec(s.dose)} for s in plan.trinn]
    return data


def _int(value: object, felt: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ValidationError({felt: [_("«%(v)s» er ikke et heltall.") % {"v": value}]}) from None


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else dose_format(value)


def dose_format(value: Decimal) -> str:
    """A dose without trailing zeros, decimal comma: 0,5 · 1 · 12,25."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


# --- expansion --------------------------------------------------------------------------


def lokal_tid(dag: dt.date, tid: dt.time, tz: ZoneInfo = OSLO) -> dt.datetime:
    """The aware moment (UTC) of a wall-clock time on a day. A non-existent time (spring
    forward) moves forward by the gap; an ambiguous one (fall back) is its first occurrence."""
    # zoneinfo resolves a wall-clock time with fold=0 by the offset in force before a
    # transition: in the spring gap 02:30 (+01:00) is 03:30 summer time; in the autumn
    # overlap it is the first 02:30 (+02:00).
    return dt.datetime.combine(dag, tid).replace(tzinfo=tz, fold=0).astimezone(UTC)


def _uke_mandag(dag: dt.date) -> dt.date:
    return dag - dt.timedelta(days=dag.isoweekday() - 1)


def dag_har_dose(plan: Doseringsplan, dag: dt.date, startdag: dt.date) -> bool:
    """Whether the schedule gives anything on `dag` (weekdays, interval of weeks)."""
    if plan.type == BEHOV or dag < startdag:
        return False
    if plan.ukedager and dag.isoweekday() not in plan.ukedager:
        return False
    if plan.intervall_uker > 1:
        uker = (_uke_mandag(dag) - _uke_mandag(startdag)).days // 7
        if uker % plan.intervall_uker:
            return False
    return True


def trinn_dose(plan: Doseringsplan, dag: dt.date, startdag: dt.date) -> Decimal | None:
    """A tapering's dose on `dag` (None before the start and after the last step)."""
    nummer = (dag - startdag).days
    if nummer < 0:
        return None
    for steg in plan.trinn:
        if nummer < steg.dager:
            return steg.dose
        nummer -= steg.dager
    return None


def nedtrapping_sluttdag(plan: Doseringsplan, startdag: dt.date) -> dt.date | None:
    """The last day a tapering gives a dose (None for other schedules)."""
    if plan.type != NEDTRAPPING or not plan.trinn:
        return None
    return startdag + dt.timedelta(days=sum(s.dager for s in plan.trinn) - 1)


def forfall_expand(
    plan: Doseringsplan,
    *,
    start: dt.datetime,
    fra: dt.datetime,
    til: dt.datetime,
    sluttdato: dt.date | None = None,
    stoppet: dt.datetime | None = None,
    tz: ZoneInfo = OSLO,
) -> list[Forfall]:
    """The doses due in [fra, til), in time order.

    `start` is when the order starts (no dose before it; its local date is day 1 of a
    tapering and the first week of a weekly interval), `sluttdato` the last day of a course
    (inclusive, local), `stoppet` when the order was stopped (no dose at or after it).
    A PRN schedule is never due."""
    if plan.type == BEHOV or til <= fra:
        return []
    startdag = start.astimezone(tz).date()
    forste = max(fra.astimezone(tz).date(), startdag)
    siste = (til - dt.timedelta(microseconds=1)).astimezone(tz).date()
    if sluttdato is not None:
        siste = min(siste, sluttdato)
    slutt_nedtrapping = nedtrapping_sluttdag(plan, startdag)
    if slutt_nedtrapping is not None:
        siste = min(siste, slutt_nedtrapping)
    nedre = max(fra.astimezone(UTC), start.astimezone(UTC))
    ovre = til.astimezone(UTC) if stoppet is None else min(til, stoppet).astimezone(UTC)
    result: list[Forfall] = []
    for dag in _dager(forste, siste):
        if not dag_har_dose(plan, dag, startdag):
            continue
        dagsdose = trinn_dose(plan, dag, startdag) if plan.type == NEDTRAPPING else None
        for t in plan.tider:
            moment = lokal_tid(dag, t.tid, tz)
            if nedre <= moment < ovre:
                dose = dagsdose if dagsdose is not None else t.dose
                result.append(Forfall(tidspunkt=moment, dose=dose, tid=t.tid))
    result.sort(key=lambda f: f.tidspunkt)
    return result


def _dager(forste: dt.date, siste: dt.date) -> Iterator[dt.date]:
    dag = forste
    while dag <= siste:
        yield dag
        dag += dt.timedelta(days=1)


def doses_per_week_window(plan: Doseringsplan) -> int:
    """How many different days in any 7 days the schedule can give a dose: 7 for daily or
    PRN, the number of weekdays for a weekday schedule, 0–1 for once a week or rarer."""
    if plan.type == BEHOV:
        return 7
    if plan.type == NEDTRAPPING:
        return 7 if not plan.ukedager else len(plan.ukedager)
    if not plan.ukedager:
        return 7
    return len(plan.ukedager)


def plan_is_weekly_or_rarer(plan: Doseringsplan) -> bool:
    """True when the schedule gives a dose on at most one day in any week (the only kind a
    weekly-only drug such as methotrexate may have)."""
    return plan.type == FAST and len(plan.ukedager) == 1


# --- PRN limits -------------------------------------------------------------------------


@dataclass(frozen=True)
class BehovBrudd:
    """Why a PRN dose cannot be given now: code (`maks_doegn` / `min_intervall`), the
    message, and the earliest time it can be given (when known)."""

    kode: str
    melding: str
    tidligst: dt.datetime | None = None


def behov_check(
    plan: Doseringsplan,
    *,
    gitt: Iterable[tuple[dt.datetime, Decimal]],
    naa: dt.datetime,
    dose: Decimal | None = None,
    tz: ZoneInfo = OSLO,
) -> list[BehovBrudd]:
    """The limits a PRN dose `dose` (default the ordered one) given at `naa` would break,
    given the earlier PRN doses of the order (`gitt`: moment, amount). Empty when it may be
    given. The 24 hours are a sliding window ending at `naa`, not the calendar day."""
    dose = plan.behov_dose if dose is None else dose
    # In UTC: Python adds and compares datetimes of one tzinfo by wall clock, so "24 hours
    # before" in Europe/Oslo would be 23 or 25 real hours on a daylight-saving day.
    naa = naa.astimezone(UTC)
    tidligere = sorted((t.astimezone(UTC), d) for t, d in gitt if t <= naa)
    brudd: list[BehovBrudd] = []
    if plan.behov_min_intervall_min and tidligere:
        siste = tidligere[-1][0]
        tidligst = siste + dt.timedelta(minutes=plan.behov_min_intervall_min)
        if naa < tidligst:
            brudd.append(
                BehovBrudd(
                    kode="min_intervall",
                    melding=_(
                        "Forrige dose ble gitt kl. %(siste)s; minste intervall er %(intervall)s. "
                        "Neste dose tidligst kl. %(neste)s."
                    )
                    % {
                        "siste": siste.astimezone(tz).strftime("%H:%M"),
                        "intervall": intervall_format(plan.behov_min_intervall_min),
                        "neste": tidligst.astimezone(tz).strftime("%d.%m. %H:%M"),
                    },
                    tidligst=tidligst,
                )
            )
    if plan.behov_maks_per_doegn is not None and dose is not None:
        vindu = [(t, d) for t, d in tidligere if t > naa - dt.timedelta(hours=24)]
        sum_24 = sum((d for _t, d in vindu), Decimal(0))
        if sum_24 + dose > plan.behov_maks_per_doegn:
            naar = _maks_tidligst(vindu, dose, plan.behov_maks_per_doegn)
            brudd.append(
                BehovBrudd(
                    kode="maks_doegn",
                    melding=_(
                        "Siste 24 timer er det gitt %(gitt)s; med denne dosen blir det "
                        "%(totalt)s, mer enn maksimalt %(maks)s per døgn."
                    )
                    % {
                        "gitt": dose_format(sum_24),
                        "totalt": dose_format(sum_24 + dose),
                        "maks": dose_format(plan.behov_maks_per_doegn),
                    },
                    tidligst=naar,
                )
            )
    return brudd


def _maks_tidligst(
    vindu: Sequence[tuple[dt.datetime, Decimal]], dose: Decimal, maks: Decimal
) -> dt.datetime | None:
    """When enough of the doses in the window have left it for `dose` to fit."""
    total = sum((d for _t, d in vindu), Decimal(0))
    for t, d in vindu:
        total -= d
        if total + dose <= maks:
            return t + dt.timedelta(hours=24)
    return None


def intervall_format(minutter: int) -> str:
    """120 → "2 timer", 90 → "1 t 30 min", 30 → "30 minutter"."""
    timer, rest = divmod(minutter, 60)
    if not timer:
        return _("%(m)d minutter") % {"m": rest}
    if not rest:
        return _("1 time") if timer == 1 else _("%(t)d timer") % {"t": timer}
    return _("%(t)d t %(m)d min") % {"t": timer, "m": rest}


# --- in words ---------------------------------------------------------------------------


def plan_describe(plan: Doseringsplan, enhet: str) -> str:
    """The schedule in Norwegian words for lists and print: "08:00 1 tablett, 20:00 2
    tablett · mandag", "Ved behov 1 tablett, maks 4 per døgn, minst 4 timer mellom"."""
    if plan.type == BEHOV:
        deler = [
            _("Ved behov %(dose)s %(enhet)s")
            % {"dose": dose_format(plan.behov_dose or Decimal(0)), "enhet": enhet}
        ]
        if plan.behov_maks_per_doegn is not None:
            deler.append(
                _("maks %(maks)s %(enhet)s per døgn")
                % {"maks": dose_format(plan.behov_maks_per_doegn), "enhet": enhet}
            )
        if plan.behov_min_intervall_min:
            deler.append(
                _("minst %(i)s mellom") % {"i": intervall_format(plan.behov_min_intervall_min)}
            )
        return ", ".join(deler)
    if plan.type == NEDTRAPPING:
        tider = ", ".join(t.tid.strftime("%H:%M") for t in plan.tider)
        trinn = "; ".join(
            _("%(d)d d: %(dose)s %(enhet)s")
            % {"d": s.dager, "dose": dose_format(s.dose), "enhet": enhet}
            for s in plan.trinn
        )
        tekst = _("Nedtrapping kl. %(tider)s – %(trinn)s") % {"tider": tider, "trinn": trinn}
    else:
        tekst = ", ".join(f"{t.tid:%H:%M} {dose_format(t.dose)} {enhet}" for t in plan.tider)
    if plan.ukedager:
        dager = ", ".join(UKEDAG_LANG[d] for d in plan.ukedager)
        if plan.intervall_uker > 1:
            tekst += " · " + _("%(dager)s hver %(n)d. uke") % {
                "dager": dager,
                "n": plan.intervall_uker,
            }
        elif len(plan.ukedager) == 1:
            tekst += " · " + _("én gang i uken, %(dag)s") % {"dag": dager}
        else:
            tekst += " · " + dager
    return tekst
