"""Route optimisation for a district's day list (OR-Tools routing; no Django).

The problem is a vehicle routing problem with time windows: every visit (`Stopp`) must be
*started* (checked in) inside its window [fra, til] (minutes after midnight) and takes
`varighet` minutes; travel times come from haversine distances between address points.
Each member of staff (`Rute`) starts at a depot (the district office, or the first visit)
at the start of their shift.

`optimise` (used by the service) solves it with OR-Tools routing within a time limit (see
its docstring); it reuses the cluster-first plan, the exact programme and the insertion
below. `optimise_lokalsok` is the earlier hand-written heuristic, kept to compare the two on
the same instances (benchmarks/bench_dagsliste.py); in order:
  1. two starting plans: cluster first (capacitated k-means on the coordinates gives each
     member of staff a compact group of visits with about the same work, each group ordered
     by cheapest insertion, tightest deadline first) and route first (parallel cheapest
     insertion over all staff, tightest deadline first; better when windows are tight);
     each is improved as below and the better plan is kept;
  2. local search until nothing improves (or a pass limit): or-opt (move a chain of 1–3
     visits elsewhere in the same route), 2-opt (reverse a stretch) and relocation of one
     visit next to one of its nearest visits in another staff member's route (this also
     repairs lateness the clustering caused);
  3. for a single route of at most EXAKT_MAKS visits, an exact dynamic programme over
     subsets finds an order without lateness whenever one exists, so the result never
     violates a window that can be kept.

Lateness is weighted so heavily that a solution with less total lateness always wins; with
none, less travel wins. The hand-written heuristic is deterministic for the same input.
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

# Travel model: straight-line distance times a road factor at an average speed, plus a
# fixed time to park and get to the door. Good enough to order a district's visits.
VEIFAKTOR = 1.35
FART_KMT = 40.0
PARKERING_MIN = 2.0
JORDRADIUS_KM = 6371.0

SEN_VEKT = 10_000.0  # one minute late costs more than any amount of travel
BALANSE_VEKT = 0.25  # the longest working day, so work is spread between staff
EXAKT_MAKS = 10
NABOER = 12
VINDU = 12  # or-opt and 2-opt move visits at most this many places
MAKS_RUNDER = 30
TIDSGRENSE_S = 5.0  # local search stops improving after this (the insertion result stands)


@dataclass(frozen=True)
class Punkt:
    lat: float
    lon: float


@dataclass(frozen=True)
class Stopp:
    """A visit to place: its id, where, when it may start (minutes after midnight), how long."""

    id: str
    punkt: Punkt
    fra: int
    til: int
    varighet: int


@dataclass(frozen=True)
class Ansattskift:
    """A member of staff's working time and start point (None: starts at the first visit)."""

    id: str
    start: int = 0
    slutt: int = 24 * 60
    depot: Punkt | None = None


@dataclass(frozen=True)
class Planlagt:
    """One visit in a route with its computed arrival and start (minutes after midnight)."""

    stopp: Stopp
    ankomst: float
    start: float
    forsinkelse: float  # minutes after the window's end, 0 when kept


@dataclass
class Rute:
    skift: Ansattskift
    stopp: list[Stopp] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluering:
    plan: tuple[Planlagt, ...]
    reisetid: float
    forsinkelse: float
    slutt: float

    @property
    def gyldig(self) -> bool:
        return self.forsinkelse <= 0


def avstand_km(a: Punkt, b: Punkt) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * JORDRADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def reisetid_min(a: Punkt, b: Punkt) -> float:
    if a == b:
        return 0.0
    return avstand_km(a, b) * VEIFAKTOR / FART_KMT * 60 + PARKERING_MIN


class Reisetider:
    """Travel times between points, computed once per pair."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Punkt, Punkt], float] = {}

    def __call__(self, a: Punkt | None, b: Punkt) -> float:
        if a is None:
            return 0.0
        key = (a, b)
        value = self._cache.get(key)
        if value is None:
            value = self._cache[key] = reisetid_min(a, b)
        return value


def _reisematrise(punkter: Sequence[Punkt]) -> list[list[float]]:
    """Travel times between all points (reisetid_min, computed for every pair at once)."""
    import numpy as np

    if not punkter:
        return []
    lat = np.radians(np.array([p.lat for p in punkter]))
    lon = np.radians(np.array([p.lon for p in punkter]))
    dp = lat[None, :] - lat[:, None]
    dl = lon[None, :] - lon[:, None]
    h = np.sin(dp / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dl / 2) ** 2
    km = 2 * JORDRADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    minutes = km * VEIFAKTOR / FART_KMT * 60 + PARKERING_MIN
    same = (dp == 0) & (dl == 0)
    minutes[same] = 0.0
    rows: list[list[float]] = minutes.tolist()
    return rows


def evaluate(skift: Ansattskift, stopp: Sequence[Stopp], reise: Reisetider) -> Evaluering:
    """Arrival, start and lateness of each visit when done in this order."""
    tid = float(skift.start)
    sted = skift.depot
    total_reise = 0.0
    total_sen = 0.0
    plan: list[Planlagt] = []
    for s in stopp:
        r = reise(sted, s.punkt)
        ankomst = tid + r
        start = max(ankomst, float(s.fra))
        sen = max(0.0, start - s.til)
        plan.append(Planlagt(s, ankomst, start, sen))
        total_reise += r
        total_sen += sen
        tid = start + s.varighet
        sted = s.punkt
    # working past the end of the shift counts as lateness too
    total_sen += max(0.0, tid - skift.slutt) if stopp else 0.0
    return Evaluering(tuple(plan), total_reise, total_sen, tid)


class _Problem:
    """The instance in plain lists indexed by visit number (the search's hot loops)."""

    def __init__(self, stopp: Sequence[Stopp], skift: Sequence[Ansattskift], reise: Reisetider):
        self.stopp = list(stopp)
        self.skift = list(skift)
        self.fra = [float(s.fra) for s in stopp]
        self.til = [float(s.til) for s in stopp]
        self.dur = [float(s.varighet) for s in stopp]
        self.t = _reisematrise([s.punkt for s in stopp])
        self.d = [[reise(k.depot, s.punkt) for s in stopp] for k in self.skift]
        self._naboer: list[list[int]] | None = None

    @property
    def naboer(self) -> list[list[int]]:
        """Granular neighbourhood: a visit is only moved next to one of its nearest visits."""
        if self._naboer is None:
            self._naboer = [
                [j for _tid, j in sorted((rad[j], j) for j in range(len(rad)) if j != i)[:NABOER]]
                for i, rad in enumerate(self.t)
            ]
        return self._naboer

    def cost(self, r: int, route: Sequence[int]) -> float:
        """Lateness (weighted) plus travel of route `r` done in this order."""
        late, travel = self.parts(r, route)
        return late * SEN_VEKT + travel

    def parts(self, r: int, route: Sequence[int]) -> tuple[float, float]:
        """Minutes late (windows and end of shift) and minutes of travel."""
        if not route:
            return 0.0, 0.0
        fra, til, dur, t = self.fra, self.til, self.dur, self.t
        first = route[0]
        travel = self.d[r][first]
        start = self.skift[r].start + travel
        if start < fra[first]:
            start = fra[first]
        late = start - til[first] if start > til[first] else 0.0
        tid = start + dur[first]
        prev = first
        for k in route[1:]:
            step = t[prev][k]
            travel += step
            start = tid + step
            if start < fra[k]:
                start = fra[k]
            if start > til[k]:
                late += start - til[k]
            tid = start + dur[k]
            prev = k
        slutt = self.skift[r].slutt
        if tid > slutt:
            late += tid - slutt
        return late, travel

    def work(self, r: int, route: Sequence[int]) -> float:
        if not route:
            return 0.0
        total = self.d[r][route[0]] + self.dur[route[0]]
        for a, b in itertools.pairwise(route):
            total += self.t[a][b] + self.dur[b]
        return total


def _cluster(p: _Problem) -> list[list[int]]:
    """Cluster first: split the visits into one geographic group per member of staff with
    about the same amount of work each (capacitated k-means, farthest-point seeds)."""
    n, k = len(p.stopp), len(p.skift)
    if k == 1 or n == 0:
        return [list(range(n))]
    pts = [(s.punkt.lat, s.punkt.lon * math.cos(math.radians(s.punkt.lat))) for s in p.stopp]
    cy = sum(y for y, _x in pts) / n
    cx = sum(x for _y, x in pts) / n

    def d2(a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2

    seeds = [max(range(n), key=lambda i: (d2(pts[i], (cy, cx)), -i))]
    while len(seeds) < min(k, n):
        seeds.append(max(range(n), key=lambda i: (min(d2(pts[i], pts[j]) for j in seeds), -i)))
    centres = [pts[i] for i in seeds] + [(cy, cx)] * (k - len(seeds))
    load = [p.dur[i] + 5.0 for i in range(n)]  # work, with a little travel, per visit
    cap = sum(load) / k * 1.15
    groups: list[list[int]] = [[] for _ in range(k)]
    for _iteration in range(8):
        groups = [[] for _ in range(k)]
        used = [0.0] * k
        ranked = []
        for i in range(n):
            dists = sorted((d2(pts[i], c), g) for g, c in enumerate(centres))
            regret = dists[1][0] - dists[0][0] if len(dists) > 1 else 0.0
            ranked.append((-regret, i, [g for _d, g in dists]))
        for _regret, i, prefs in sorted(ranked):
            g = next((g for g in prefs if used[g] + load[i] <= cap), prefs[0])
            groups[g].append(i)
            used[g] += load[i]
        new = [
            (sum(pts[i][0] for i in grp) / len(grp), sum(pts[i][1] for i in grp) / len(grp))
            if grp
            else centres[g]
            for g, grp in enumerate(groups)
        ]
        if new == centres:
            break
        centres = new
    return groups


def _cluster_np(p: _Problem) -> list[list[int]]:
    """_cluster with the distances computed by numpy (the same groups up to rounding)."""
    import numpy as np

    n, k = len(p.stopp), len(p.skift)
    if k == 1 or n == 0:
        return [list(range(n))]
    lat = np.array([s.punkt.lat for s in p.stopp])
    pts = np.column_stack([lat, np.array([s.punkt.lon for s in p.stopp]) * np.cos(np.radians(lat))])
    mean = pts.mean(axis=0)
    seeds = [int(np.argmax(((pts - mean) ** 2).sum(axis=1)))]  # first of the farthest
    nearest = ((pts - pts[seeds[0]]) ** 2).sum(axis=1)
    while len(seeds) < min(k, n):
        seeds.append(int(np.argmax(nearest)))
        nearest = np.minimum(nearest, ((pts - pts[seeds[-1]]) ** 2).sum(axis=1))
    centres = np.vstack([pts[seeds], np.tile(mean, (k - len(seeds), 1))])
    load = [p.dur[i] + 5.0 for i in range(n)]  # work, with a little travel, per visit
    cap = sum(load) / k * 1.15
    groups: list[list[int]] = [[] for _ in range(k)]
    for _iteration in range(8):
        d2 = ((pts[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        order = np.argsort(d2, axis=1, kind="stable")
        ranked = np.take_along_axis(d2, order, axis=1)
        regret = ranked[:, 1] - ranked[:, 0]
        prefs: list[list[int]] = order.tolist()
        groups = [[] for _ in range(k)]
        used = [0.0] * k
        for i in np.lexsort((np.arange(n), -regret)).tolist():
            g = next((g for g in prefs[i] if used[g] + load[i] <= cap), prefs[i][0])
            groups[g].append(i)
            used[g] += load[i]
        new = np.array(
            [pts[grp].mean(axis=0) if grp else centres[g] for g, grp in enumerate(groups)]
        )
        if np.array_equal(new, centres):
            break
        centres = new
    return groups


def _insert(p: _Problem, r: int, visits: Sequence[int]) -> list[int]:
    """Cheapest insertion into one route, tightest deadline first."""
    route: list[int] = []
    for k in sorted(visits, key=lambda k: (p.til[k], p.fra[k], p.stopp[k].id)):
        best: tuple[float, int] | None = None
        for pos in range(len(route) + 1):
            cost = p.cost(r, [*route[:pos], k, *route[pos:]])
            if best is None or cost < best[0] - 1e-9:
                best = (cost, pos)
        route.insert(best[1] if best else 0, k)
    return route


def _improve_route(p: _Problem, r: int, ruter: list[list[int]]) -> bool:
    """First-improvement or-opt and 2-opt inside one route; True if it changed.

    Moves stay within VINDU positions (a visit moved far in a day's route breaks its time
    window anyway), so a pass is O(n·VINDU) route evaluations even for long routes."""
    route = ruter[r]
    n = len(route)
    best = p.cost(r, route)
    for length in (1, 2, 3):
        for i in range(n - length + 1):
            chain = route[i : i + length]
            rest = route[:i] + route[i + length :]
            for j in range(max(0, i - VINDU), min(len(rest), i + VINDU) + 1):
                if j == i:
                    continue
                trial = rest[:j] + chain + rest[j:]
                if p.cost(r, trial) < best - 1e-9:
                    ruter[r] = trial
                    return True
    for i in range(n - 1):
        for j in range(i + 2, min(n, i + VINDU) + 1):
            trial = route[:i] + route[i:j][::-1] + route[j:]
            if p.cost(r, trial) < best - 1e-9:
                ruter[r] = trial
                return True
    return False


def _relocate_between(p: _Problem, ruter: list[list[int]]) -> bool:
    """One pass moving visits to another staff member's route when the plan gets better.

    Only the two routes involved are re-evaluated, so a pass over a district's 300 visits
    stays cheap. A move must not add lateness or travel in total; among those, less travel
    or a shorter longest working day wins. True if anything moved."""
    if len(ruter) < 2:
        return False
    costs = [p.cost(r, route) for r, route in enumerate(ruter)]
    work = [p.work(r, route) for r, route in enumerate(ruter)]
    changed = False
    for k in range(len(p.stopp)):
        a = next(r for r, route in enumerate(ruter) if k in route)
        i = ruter[a].index(k)
        rest = ruter[a][:i] + ruter[a][i + 1 :]
        cost_a, work_a = p.cost(a, rest), p.work(a, rest)
        longest_now = max(work)
        best: tuple[float, int, list[int]] | None = None
        where = {m: r for r, route in enumerate(ruter) for m in route}
        candidates = sorted(
            {
                (where[m], pos)
                for m in p.naboer[k]
                if where[m] != a
                for pos in _around(ruter, where, m)
            }
            | {(b, 0) for b, route in enumerate(ruter) if b != a and not route}
        )
        for b, pos in candidates:
            til_rute = ruter[b]
            others = max((w for x, w in enumerate(work) if x not in (a, b)), default=0.0)
            moved = [*til_rute[:pos], k, *til_rute[pos:]]
            delta = cost_a + p.cost(b, moved) - costs[a] - costs[b]
            if delta > 1e-9:
                continue
            longest = max(others, work_a, p.work(b, moved))
            score = delta + BALANSE_VEKT * (longest - longest_now)
            if score < -1e-6 and (best is None or score < best[0]):
                best = (score, b, moved)
        if best is not None:
            _score, b, moved = best
            ruter[a], ruter[b] = rest, moved
            costs[a], work[a] = cost_a, work_a
            costs[b], work[b] = p.cost(b, moved), p.work(b, moved)
            changed = True
    return changed


def _around(ruter: list[list[int]], where: dict[int, int], m: int) -> tuple[int, int]:
    pos = ruter[where[m]].index(m)
    return pos, pos + 1


def _exact(p: _Problem, r: int, route: Sequence[int]) -> list[int] | None:
    """An order of `route` without lateness finishing earliest, or None when there is none.

    Dynamic programme over subsets: for a set of visits done and the last one, the earliest
    time it can be finished. Earliest finish dominates (one may always wait), so this is
    exact for feasibility.
    """
    n = len(route)
    inf = math.inf
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for x, k in enumerate(route):
        start = max(p.skift[r].start + p.d[r][k], p.fra[k])
        if start <= p.til[k]:
            best[(1 << x, x)] = (start + p.dur[k], -1)
    for mask in range(1, 1 << n):
        for last in range(n):
            entry = best.get((mask, last))
            if entry is None:
                continue
            for x in range(n):
                if mask & (1 << x):
                    continue
                k = route[x]
                start = max(entry[0] + p.t[route[last]][k], p.fra[k])
                if start > p.til[k]:
                    continue
                key = (mask | (1 << x), x)
                done = start + p.dur[k]
                if done < best.get(key, (inf, -1))[0]:
                    best[key] = (done, last)
    full = (1 << n) - 1
    ends = [(best[(full, x)][0], x) for x in range(n) if (full, x) in best]
    if not ends or min(ends)[0] > p.skift[r].slutt:
        return None
    _tid, last = min(ends)
    order: list[int] = []
    mask = full
    while last != -1:
        order.append(route[last])
        prev = best[(mask, last)][1]
        mask &= ~(1 << last)
        last = prev
    return order[::-1]


def _insert_parallel(p: _Problem) -> list[list[int]]:
    """Route first: parallel cheapest insertion, tightest deadline first; each visit goes to
    the member of staff and place that adds least (lateness, travel, longest day)."""
    ruter: list[list[int]] = [[] for _ in p.skift]
    costs = [0.0] * len(ruter)
    work = [0.0] * len(ruter)
    for k in sorted(range(len(p.stopp)), key=lambda k: (p.til[k], p.fra[k], p.stopp[k].id)):
        best: tuple[float, int, int] | None = None
        longest_now = max(work)
        for r, route in enumerate(ruter):
            others = max((w for i, w in enumerate(work) if i != r), default=0.0)
            for pos in range(len(route) + 1):
                trial = [*route[:pos], k, *route[pos:]]
                delta = p.cost(r, trial) - costs[r]
                if best is not None and delta >= best[0] + BALANSE_VEKT * longest_now:
                    continue  # cannot win even with the best balance
                score = delta + BALANSE_VEKT * (max(others, p.work(r, trial)) - longest_now)
                if best is None or score < best[0] - 1e-9:
                    best = (score, r, pos)
        if best is None:  # pragma: no cover - there is always at least one route
            continue
        _score, r, pos = best
        ruter[r].insert(pos, k)
        costs[r], work[r] = p.cost(r, ruter[r]), p.work(r, ruter[r])
    return ruter


def _search(p: _Problem, ruter: list[list[int]], deadline: float, maks_runder: int) -> None:
    """Local search in place until nothing improves, the round limit or the deadline."""
    for _round in range(maks_runder):
        changed = False
        for r in range(len(ruter)):
            while time.monotonic() < deadline and _improve_route(p, r, ruter):
                changed = True
        if _relocate_between(p, ruter):
            changed = True
        if not changed or time.monotonic() > deadline:
            break


def _value(p: _Problem, ruter: list[list[int]]) -> float:
    cost = sum(p.cost(r, route) for r, route in enumerate(ruter))
    return cost + BALANSE_VEKT * max(p.work(r, route) for r, route in enumerate(ruter))


def optimise_lokalsok(
    stopp: Sequence[Stopp],
    skift: Sequence[Ansattskift],
    *,
    maks_runder: int = MAKS_RUNDER,
    tidsgrense_s: float = TIDSGRENSE_S,
) -> list[Rute]:
    """The hand-written heuristic (see the module docstring): kept to compare with
    `optimise` (benchmarks/bench_dagsliste.py), not used by the service.

    With no staff, one unnamed route is planned from 00:00 to 24:00.
    """
    begun = time.monotonic()
    shifts = list(skift) or [Ansattskift(id="")]
    p = _Problem(stopp, shifts, Reisetider())
    starts = [[_insert(p, r, group) for r, group in enumerate(_cluster(p))]]
    if len(shifts) > 1:
        starts.append(_insert_parallel(p))
    best: tuple[float, list[list[int]]] | None = None
    for n, ruter in enumerate(starts):
        share = (begun + tidsgrense_s - time.monotonic()) / (len(starts) - n)
        _search(p, ruter, time.monotonic() + share, maks_runder)
        value = _value(p, ruter)
        if best is None or value < best[0] - 1e-9:
            best = (value, ruter)
    ruter = best[1] if best is not None else starts[0]
    return [
        Rute(skift=shifts[r], stopp=[p.stopp[k] for k in route]) for r, route in enumerate(ruter)
    ]


def order_single(stopp: Sequence[Stopp], skift: Ansattskift | None = None) -> list[Stopp]:
    """The best order of one person's visits (their list re-ordered, nobody else involved)."""
    return optimise(stopp, [skift or Ansattskift(id="")])[0].stopp


def route_evaluate(stopp: Sequence[Stopp], skift: Ansattskift | None = None) -> Evaluering:
    return evaluate(skift or Ansattskift(id=""), stopp, Reisetider())


# OR-Tools routing (the solver `optimise` uses). Times are whole seconds; costs are whole
# numbers per second: travel KOSTFAKTOR, lateness KOSTFAKTOR × SEN_VEKT, and the longest
# working day KOSTFAKTOR × BALANSE_VEKT (= 1), the same weights as per minute above.
KOSTFAKTOR = 240
ORTOOLS_BUDSJETT_S = 0.35  # the whole optimisation, so the search gets what is left of it
ORTOOLS_GRENSE_S = 0.25  # search time for the largest districts (125+ visits)
ORTOOLS_PER_BESOK_S = 0.002  # smaller days get less: about 2 ms per visit, at least 50 ms
ORTOOLS_MIN_S = 0.05
HORISONT_S = 48 * 3600
NAERT_MIN = 120  # a visit left out is tried only between visits starting this near its window


def _without_late(p: _Problem, r: int, route: Sequence[int]) -> list[int]:
    """The route without the visits that would start after their window (in order)."""
    kept: list[int] = []
    for i in route:
        if p.parts(r, [*kept, i])[0] <= 0:
            kept.append(i)
    return kept


class _Tider:
    """Start times of one route's visits, so the cost of inserting a visit is found by
    following the change only until a later visit's start is unchanged (it waited anyway)."""

    def __init__(self, p: _Problem, r: int, route: list[int]) -> None:
        self.p, self.r, self.route = p, r, route
        self.start: list[float] = []
        tid = float(p.skift[r].start)
        for x, i in enumerate(route):
            step = p.d[r][i] if x == 0 else p.t[route[x - 1]][i]
            start = max(tid + step, p.fra[i])
            self.start.append(start)
            tid = start + p.dur[i]
        self.slutt = tid

    def delta(self, k: int, pos: int) -> float:
        """Added cost (lateness weighted, plus travel) of doing visit k at position pos."""
        p, r, route = self.p, self.r, self.route
        if pos == 0:
            tid = float(p.skift[r].start)
            til_k = p.d[r][k]
            travel = til_k - (p.d[r][route[0]] if route else 0.0)
        else:
            prev = route[pos - 1]
            tid = self.start[pos - 1] + p.dur[prev]
            til_k = p.t[prev][k]
            travel = til_k - (p.t[prev][route[pos]] if pos < len(route) else 0.0)
        start = max(tid + til_k, p.fra[k])
        late = max(0.0, start - p.til[k])
        tid = start + p.dur[k]
        sist = k
        for x in range(pos, len(route)):
            i = route[x]
            step = p.d[r][i] if sist == -1 else p.t[sist][i]
            if x == pos:
                travel += step
            start = max(tid + step, p.fra[i])
            if start <= self.start[x] + 1e-9:
                break  # from here on the route is as before
            late += max(0.0, start - p.til[i]) - max(0.0, self.start[x] - p.til[i])
            tid = start + p.dur[i]
            sist = i
        else:
            slutt = p.skift[r].slutt
            late += max(0.0, tid - slutt) - max(0.0, self.slutt - slutt)
        return late * SEN_VEKT + travel


def _insert_rest(p: _Problem, ruter: list[list[int]]) -> None:
    """Insert the visits no route has (the solver left them out: no way to keep their
    window) one by one where they add least cost (lateness first, then travel)."""
    planned = {i for route in ruter for i in route}
    tider = [_Tider(p, r, route) for r, route in enumerate(ruter)]
    for i in sorted(
        (i for i in range(len(p.stopp)) if i not in planned),
        key=lambda i: (p.til[i], p.fra[i], p.stopp[i].id),
    ):
        best: tuple[float, int, int] | None = None
        for r, route in enumerate(ruter):
            start = tider[r].start  # in time order: only places near the window are tried
            lo = bisect.bisect_left(start, p.fra[i] - NAERT_MIN)
            hi = min(len(route), bisect.bisect_right(start, p.til[i] + NAERT_MIN))
            for pos in range(lo, hi + 1):
                delta = tider[r].delta(i, pos)
                if best is None or delta < best[0] - 1e-9:
                    best = (delta, r, pos)
        if best is not None:
            _delta, r, pos = best
            ruter[r].insert(pos, i)
            tider[r] = _Tider(p, r, ruter[r])


def _ortools_limit_s(n: int, brukt_s: float) -> float:
    """Search time: about 2 ms per visit, at most ORTOOLS_GRENSE_S, and no more than what is
    left of ORTOOLS_BUDSJETT_S after building the model (less on a busy machine), keeping a
    share for inserting what the solver leaves out."""
    wanted = min(ORTOOLS_GRENSE_S, ORTOOLS_PER_BESOK_S * n)
    left = ORTOOLS_BUDSJETT_S - brukt_s - 0.25 * ORTOOLS_BUDSJETT_S
    return max(ORTOOLS_MIN_S, min(wanted, left))


def optimise(
    stopp: Sequence[Stopp],
    skift: Sequence[Ansattskift],
    *,
    tidsgrense_s: float | None = None,
) -> list[Rute]:
    """Split the visits among the staff and order each route with OR-Tools routing
    (vehicle routing with time windows). The solver keeps every window and shift hard and
    may leave a visit out at a cost above any travel; then it minimises travel plus a
    little weight on the longest working day, so work is spread. Guided local search from
    the cluster-first plan, stopped at the time limit (_ortools_limit_s), so two runs on a
    busy machine may give different plans. Visits left out are inserted where they add
    least lateness (_insert_rest); a route of at most EXAKT_MAKS visits still late is
    reordered by the exact programme when an order without lateness exists.

    With no staff, one unnamed route is planned from 00:00 to 24:00.
    """
    import numpy as np
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    begun = time.monotonic()
    shifts = list(skift) or [Ansattskift(id="")]
    p = _Problem(stopp, shifts, Reisetider())
    n, k = len(p.stopp), len(shifts)
    if n == 0:
        return [Rute(skift=s) for s in shifts]
    end = n + k
    size = n + k + 1
    reise = np.zeros((size, size), dtype=np.int64)
    reise[:n, :n] = np.rint(np.array(p.t) * 60)
    reise[n : n + k, :n] = np.rint(np.array(p.d) * 60)
    arbeid = reise.copy()
    arbeid[:n, :] += np.rint(np.array(p.dur) * 60).astype(np.int64)[:, None]
    kost = (reise * KOSTFAKTOR).tolist()
    manager = pywrapcp.RoutingIndexManager(size, k, [n + r for r in range(k)], [end] * k)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(kost))
    routing.AddDimension(
        routing.RegisterTransitMatrix(arbeid.tolist()), HORISONT_S, HORISONT_S, False, "tid"
    )
    tid = routing.GetDimensionOrDie("tid")
    # Windows and shifts are hard for the solver, which may leave a visit out instead (at a
    # cost above any travel); what it leaves out is inserted afterwards where it adds least
    # lateness (_insert_rest), so no visit is ever dropped. Hard windows keep the solver's
    # moves cheap to check, which soft ones do not.
    utelatt = round(SEN_VEKT * KOSTFAKTOR * 60)
    for i in range(n):
        index = manager.NodeToIndex(i)
        tid.CumulVar(index).SetRange(round(p.fra[i] * 60), round(p.til[i] * 60))
        routing.AddDisjunction([index], utelatt)
    for r, s in enumerate(shifts):
        tid.CumulVar(routing.Start(r)).SetValue(s.start * 60)
        tid.CumulVar(routing.End(r)).SetMax(max(s.slutt, s.start) * 60)
        routing.AddVariableMinimizedByFinalizer(tid.CumulVar(routing.End(r)))
    tid.SetGlobalSpanCostCoefficient(round(BALANSE_VEKT * KOSTFAKTOR / 60))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    # The start: cluster first (a compact group per member of staff, cheapest insertion
    # tightest deadline first), without the visits that would be late in it.
    start = [_without_late(p, r, _insert(p, r, group)) for r, group in enumerate(_cluster_np(p))]
    limit = (
        tidsgrense_s if tidsgrense_s is not None else _ortools_limit_s(n, time.monotonic() - begun)
    )
    params.time_limit.FromMilliseconds(max(1, round(limit * 1000)))
    routing.CloseModelWithParameters(params)
    initial = routing.ReadAssignmentFromRoutes(
        [[manager.NodeToIndex(i) for i in route] for route in start], True
    )
    solution = routing.SolveFromAssignmentWithParameters(initial, params)
    ruter: list[list[int]] = []
    for r in range(k):
        route: list[int] = []
        if solution is not None:
            index = solution.Value(routing.NextVar(routing.Start(r)))
            while not routing.IsEnd(index):
                route.append(manager.IndexToNode(index))
                index = solution.Value(routing.NextVar(index))
        ruter.append(route)
    if solution is None:  # pragma: no cover - the start is always a solution
        ruter = start
    _insert_rest(p, ruter)
    for r, route in enumerate(ruter):
        if 1 < len(route) <= EXAKT_MAKS and p.parts(r, route)[0] > 0:
            exact = _exact(p, r, route)
            if exact is not None:
                ruter[r] = exact
    return [
        Rute(skift=shifts[r], stopp=[p.stopp[i] for i in route]) for r, route in enumerate(ruter)
    ]
