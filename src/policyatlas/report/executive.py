"""The executive summary that opens every report: which systems the key laws reach, what falls
due in the next 90 days, the largest stated penalty exposures and the caveats (blocked, optional,
undetermined, low confidence).

Every figure is the resolved assessment's: the totals are ``Assessment.counts``, each cell of the
systems-by-laws grid is the engine's ``counts_of`` over that system's resolved obligations, the
dates are the calendar's (itself built from the resolved windows and due dates) and the penalties
are the resolved ``ObligationResult.penalty`` values as the packs state them — never added up,
never estimated where a pack states no amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from policyatlas.compliance.calendar import CalendarEvent, build_calendar
from policyatlas.dates import add_days
from policyatlas.engine.resolve import counts_of
from policyatlas.engine.results import Assessment, Counts, ObligationResult, ToDecide

HORIZON_DAYS = 90
KEY_LAWS = 8
BINDING = ("in_force", "upcoming")


@dataclass
class Exposure:
    """One penalty of one law, as the pack states it, with the binding duties that carry it."""

    law_id: str
    penalty_id: str
    text: str
    citation: str
    max_usd: float | None
    min_usd: float | None
    subsequent_max_usd: float | None
    per: str | None
    enforcer: str | None
    duties: int  # binding (in force or upcoming) duties that carry it
    systems: list[str]


@dataclass
class Executive:
    as_of: dt.date
    horizon_end: dt.date
    systems: list[tuple[str, str]]  # (id, name)
    overall: Counts  # Assessment.counts.overall, unchanged
    organization_wide: Counts
    by_system: dict[str, Counts]  # Assessment.counts.by_system, unchanged
    laws: int  # laws with obligations or undetermined rules
    key_laws: list[str]  # law ids, most obligations first
    # law id (or "" for the other laws) -> system id (or "" for organisation-wide) -> counts
    grid: dict[str, dict[str, Counts]]
    other_laws: list[str]
    due: list[CalendarEvent]
    exposures: list[Exposure]
    blocked: list[tuple[str | None, ObligationResult]]
    optional: list[tuple[str | None, ObligationResult]]
    undetermined: Counts  # per-system undetermined obligations are in ``overall``
    undetermined_rules: int
    to_decide: list[ToDecide]
    low_confidence: list[str] = field(default_factory=list)


def build_executive(a: Assessment, horizon_days: int = HORIZON_DAYS,
                    key_laws: int = KEY_LAWS) -> Executive:
    obligations = a.all_obligations()
    by_law = a.counts.by_law
    ranked = sorted(by_law, key=lambda law: (-by_law[law].known, -by_law[law].total, law))
    key, other = ranked[:key_laws], ranked[key_laws:]
    columns = [s.id for s in a.systems] + ([""] if a.organization_obligations else [])

    def cell(laws: set[str], sid: str) -> Counts:
        return counts_of(o for owner, o in obligations
                         if (owner or "") == sid and o.law_id in laws)

    grid = {law: {sid: cell({law}, sid) for sid in columns} for law in key}
    if other:
        grid[""] = {sid: cell(set(other), sid) for sid in columns}
    end = add_days(a.as_of, horizon_days)
    due = build_calendar(a, a.as_of, end).events
    return Executive(
        as_of=a.as_of, horizon_end=end, systems=[(s.id, s.name) for s in a.systems],
        overall=a.counts.overall, organization_wide=a.counts.organization_wide,
        by_system=a.counts.by_system, laws=len(a.laws), key_laws=key, grid=grid,
        other_laws=other, due=due, exposures=exposures(a),
        blocked=[(sid, o) for sid, o in obligations if o.status == "blocked"],
        optional=[(sid, o) for sid, o in obligations if o.status == "optional"],
        undetermined=counts_of(o for _, o in obligations if o.status == "undetermined"),
        undetermined_rules=sum(len(s.undetermined) for s in a.systems),
        to_decide=list(a.to_decide),
        low_confidence=sorted(k for k, law in a.laws.items() if law.confidence != "high"))


def exposures(a: Assessment, limit: int = 6) -> list[Exposure]:
    """The penalties that binding duties carry, one per law and penalty, the highest stated
    maximum first (penalties the pack states without an amount come after, as stated)."""
    found: dict[tuple[str, str], Exposure] = {}
    for sid, o in a.all_obligations():
        p = o.penalty
        if p is None or o.status not in BINDING:
            continue
        systems = [sid] if sid else list(getattr(o, "systems", []))
        e = found.get((o.law_id, p.id))
        if e is None:
            e = found[(o.law_id, p.id)] = Exposure(
                law_id=o.law_id, penalty_id=p.id, text=p.text, citation=p.citation,
                max_usd=p.max_usd, min_usd=p.min_usd, subsequent_max_usd=p.subsequent_max_usd,
                per=p.per, enforcer=p.enforcer, duties=0, systems=[])
        e.duties += 1
        e.systems += [s for s in systems if s not in e.systems]
    ordered = sorted(found.values(), key=lambda e: (
        e.max_usd is None, -(max(e.max_usd or 0, e.subsequent_max_usd or 0)), e.law_id))
    return ordered[:limit]
