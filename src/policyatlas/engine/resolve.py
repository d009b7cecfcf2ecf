"""Resolve one obligation on one date: status, window, deadline, recurrence, court orders, and
the events of its law that concern a system; and count resolved obligations.

This is the one place these are decided. ``assess()`` calls it for every applicable rule; the
batch engine calls :func:`static_status` to compile the same statuses into SQL; the views only
render what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from policyatlas.dates import MAX, add_months
from policyatlas.engine import results as R
from policyatlas.facts.jurisdictions import state_abbr
from policyatlas.rules.loader import Law, LoadedRule
from policyatlas.rules.model import RECURRING, Litigation, Obligation, Timing

LEAD_TIME = frozenset({"before_each_use", "before_each_deployment"})


# ---------------------------------------------------------------- status


def court_cases(law: Law, lr: LoadedRule, ob: Obligation, day: dt.date) -> list[Litigation]:
    """The law's cases active on ``day`` that reach this rule or obligation."""
    return [c for c in law.meta.litigation if c.active_on(day)
            and (not c.concerns or lr.rule.id in c.concerns or ob.id in c.concerns)]


def blocks(case: Litigation, litigant_in: Iterable[str]) -> bool:
    """Does the case's order stop enforcement against an organisation in these cases?"""
    if not case.blocks_enforcement:
        return False
    return case.scope == "everyone" or (case.id is not None and case.id in set(litigant_in))


def static_status(law: Law, lr: LoadedRule, ob: Obligation, as_of: dt.date,
                  litigant_in: Iterable[str] = ()) -> str | None:
    """The status of an obligation whose rule applies, on ``as_of``; None when it has ended."""
    start, end = lr.window(ob)
    if end is not None and as_of >= end:
        return None
    if as_of < start:
        return "upcoming"
    if any(blocks(c, litigant_in) for c in court_cases(law, lr, ob, as_of)):
        return "blocked"
    return "optional" if ob.optional else "in_force"


def party_sensitive(law: Law) -> list[str]:
    """Case ids whose orders protect only their parties (the status then depends on them)."""
    return [c.id for c in law.meta.litigation
            if c.blocks_enforcement and c.scope == "parties" and c.id]


# ---------------------------------------------------------------- timing


def deadline(t: Timing) -> R.Deadline | None:
    if t.deadline_hours is not None:
        value, unit, hours = t.deadline_hours, "hours", float(t.deadline_hours)
    elif t.deadline_days is not None:
        value = t.deadline_days
        unit = "business_days" if t.business_days else "days"
        hours = value * 24 * (7 / 5 if t.business_days else 1)
    else:
        return None
    direction = "before" if t.frequency in LEAD_TIME else "within"
    words = {"hours": "hour", "days": "day", "business_days": "business day"}[unit]
    text = f"{value} {words}{'' if value == 1 else 's'}"
    if t.relative_to:
        text += f" {'before' if direction == 'before' else 'of'} {t.relative_to}"
    return R.Deadline(value=value, unit=unit, direction=direction,  # type: ignore[arg-type]
                      relative_to=t.relative_to, text=text,
                      comparable_hours=round(hours, 2))


def nth(first: dt.date, months: int, k: int) -> dt.date:
    """The k-th occurrence after ``first`` (k = 0 is ``first``), without day drift."""
    return add_months(first, months * k)


def recurrence(t: Timing, start: dt.date, end: dt.date | None, as_of: dt.date,
               in_use_since: dt.date | None) -> R.Recurrence | None:
    months = RECURRING.get(str(t.frequency))
    if months is None:
        return None
    anchor = max(start, in_use_since or start)
    if isinstance(t.first_due, dt.date):
        first, basis = t.first_due, "stated"
        if first < anchor:  # the system came later: the first date of the series after it
            first = nth(first, months, _periods_until(first, anchor, months))
    elif t.first_due == "at_start":
        first, basis = anchor, "at_start"
    else:
        first, basis = add_months(anchor, months), "one_period"
    nxt = nth(first, months, _periods_until(first, as_of, months)) if as_of > first else first
    if nxt >= MAX or (end is not None and nxt >= end):
        nxt = None  # type: ignore[assignment]
    return R.Recurrence(frequency=t.frequency, interval_months=months,  # type: ignore[arg-type]
                        anchor=anchor, first_due=first, basis=basis,  # type: ignore[arg-type]
                        next_due=nxt)


def _periods_until(first: dt.date, day: dt.date, months: int) -> int:
    """The smallest k with nth(first, months, k) >= day."""
    k = max(0, ((day.year - first.year) * 12 + day.month - first.month) // months - 1)
    while nth(first, months, k) < day and nth(first, months, k) < MAX:
        k += 1
    return k


def occurrences(rec: R.Recurrence, lo: dt.date, hi: dt.date,
                until: dt.date | None) -> list[dt.date]:
    """Due dates of a recurrence from ``lo`` to ``hi`` (inclusive), before ``until``."""
    out: list[dt.date] = []
    k = _periods_until(rec.first_due, lo, rec.interval_months) if lo > rec.first_due else 0
    while True:
        day = nth(rec.first_due, rec.interval_months, k)
        if day > hi or day >= MAX or (until is not None and day >= until):
            return out
        out.append(day)
        k += 1


# ---------------------------------------------------------------- one obligation


def court_order(case: Litigation, litigant_in: Iterable[str]) -> R.CourtOrder:
    return R.CourtOrder(
        case_id=case.id, case=case.case, court=case.court, status=case.status,
        order=case.order, blocks_enforcement=case.blocks_enforcement,
        scope=case.scope, protects=list(case.protects),  # type: ignore[arg-type]
        effect_from=case.effect_from, effect_until=case.effect_until,
        until_event=case.until_event, blocks_this=blocks(case, litigant_in), note=case.note,
        uncertain=case.uncertain, source=str(case.source) if case.source else None)


def resolve(law: Law, lr: LoadedRule, ob: Obligation, as_of: dt.date, *, applies: bool | None,
            litigant_in: Iterable[str], in_use_since: dt.date | None, labels: dict[str, str],
            missing: list[str], jurisdiction_name: str) -> R.ObligationResult | None:
    """The resolved obligation, or None when its window has ended on ``as_of``."""
    start, end = lr.window(ob)
    if end is not None and as_of >= end:
        return None
    litigants = tuple(litigant_in)
    status = static_status(law, lr, ob, as_of, litigants) if applies else "undetermined"
    meta = law.meta
    day = max(as_of, start)
    pen = law.pack.penalties.get(ob.penalty) if ob.penalty else None
    uncertain = [f"{u.about}: {u.note}" for u in meta.uncertainties]
    if ob.uncertain:
        uncertain.insert(0, ob.uncertain)
    cases = court_cases(law, lr, ob, day)
    uncertain += [f"{c.case}: {c.uncertain}" for c in cases if c.uncertain]
    timing = R.Timing(**(ob.timing.model_dump() | {"text": law.fill(ob.timing.text, day)}))
    return R.ObligationResult(
        key=f"{law.id}#{ob.id}", law_id=law.id, law_title=meta.title,
        jurisdiction=meta.jurisdiction, jurisdiction_name=jurisdiction_name,
        rule_id=lr.rule.id, obligation_id=ob.id, category=ob.category,
        category_label=labels.get(ob.category, ob.category), title=law.fill(ob.title, day),
        text=law.fill(ob.text, day), citation=law.fill(ob.citation, day),
        source_url=str(ob.source or meta.sources[0].url), status=status,  # type: ignore[arg-type]
        optional=ob.optional, scope=ob.scope,  # type: ignore[arg-type]
        effective_from=start, effective_until=end, timing=timing,
        deadline=deadline(ob.timing),
        recurrence=recurrence(ob.timing, start, end, as_of, in_use_since),
        penalty=R.PenaltyOut(**pen.model_dump()) if pen else None,
        confidence=meta.confidence, uncertain=uncertain,
        court_orders=[court_order(c, litigants) for c in cases],
        missing_facts=missing if status == "undetermined" else [], trace=lr.key)


# ---------------------------------------------------------------- events


def law_events(law: Law, owed: set[str]) -> list[R.LawEvent]:
    """The law's dated events that concern a system owing the rules/obligations in ``owed``."""
    m = law.meta
    out: list[R.LawEvent] = []

    def add(day: dt.date, kind: str, text: str, cite: str | None) -> None:
        out.append(R.LawEvent(date=day, law_id=law.id, law_short_title=m.short_title,
                              jurisdiction=m.jurisdiction, kind=kind,  # type: ignore[arg-type]
                              text=text, citation=cite))

    for e in m.history:
        if not e.concerns or owed.intersection(e.concerns):
            add(e.date, "history", e.event, e.citation)
    if m.dates.enforcement_from:
        add(m.dates.enforcement_from, "enforcement", "Enforcement begins", None)
    for c in m.litigation:
        if c.concerns and not owed.intersection(c.concerns):
            continue
        if c.effect_from:
            add(c.effect_from, "order_starts", f"{c.case}: {c.status} — {c.note}", None)
        if c.effect_until:
            add(c.effect_until, "order_ends", f"{c.case}: order ends", None)
    return out


# ---------------------------------------------------------------- counts


def tally(systems: list[R.SystemAssessment], org: list[R.OrgObligation]) -> R.Tally:
    """Obligations by status, once per system (system scope) or once (organisation scope)."""
    overall, org_wide = R.Counts(), R.Counts()
    by_system = {s.id: R.Counts() for s in systems}
    by_jur: dict[str, R.Counts] = {}
    by_state: dict[str, R.Counts] = {}
    by_law: dict[str, R.Counts] = {}
    by_cat: dict[str, R.Counts] = {}

    def count(o: R.ObligationResult) -> None:
        overall.add(o.status)
        for table, key in ((by_jur, o.jurisdiction), (by_state, state_abbr(o.jurisdiction)),
                           (by_law, o.law_id), (by_cat, o.category)):
            table.setdefault(key, R.Counts()).add(o.status)

    for s in systems:
        for o in s.obligations:
            by_system[s.id].add(o.status)
            count(o)
    for o in org:
        org_wide.add(o.status)
        count(o)
    return R.Tally(overall=overall, organization_wide=org_wide, by_system=by_system,
                   by_jurisdiction=dict(sorted(by_jur.items())),
                   by_state=dict(sorted(by_state.items())), by_law=dict(sorted(by_law.items())),
                   by_category=by_cat)


def counts_of(obligations: Iterable[R.ObligationResult]) -> R.Counts:
    c = R.Counts()
    for o in obligations:
        c.add(o.status)
    return c
