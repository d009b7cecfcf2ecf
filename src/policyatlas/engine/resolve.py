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
    return R.Deadline.build(value=value, unit=unit, direction=direction,
                                      relative_to=t.relative_to, text=text,
                                      comparable_hours=float(round(hours, 2)))


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
    return R.Recurrence.build(frequency=str(t.frequency), interval_months=months,
                                        anchor=anchor, first_due=first, basis=basis,
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
    return R.CourtOrder.build(
        case_id=case.id, case=case.case, court=case.court, status=case.status,
        order=case.order, blocks_enforcement=case.blocks_enforcement,
        scope=case.scope, protects=list(case.protects),
        effect_from=case.effect_from, effect_until=case.effect_until,
        until_event=case.until_event, blocks_this=blocks(case, litigant_in), note=case.note,
        uncertain=case.uncertain, source=str(case.source) if case.source else None)


def penalty(law: Law, key: str | None) -> R.PenaltyOut | None:
    pen = law.pack.penalties.get(key) if key else None
    return None if pen is None else R.PenaltyOut.build(id=key, **pen.model_dump())


# What an obligation is on a date for an organisation, whatever the system: computed once per
# (law, rule, obligation, date, the organisation's court cases) and shared by every system and
# every later assessment on that date (results are immutable once built).
_STATIC: dict[tuple, tuple[dict, str | None]] = {}


def _static(law: Law, lr: LoadedRule, ob: Obligation, as_of: dt.date,
            litigants: tuple[str, ...], labels: dict[str, str],
            jurisdiction_name: str) -> tuple[dict, str | None]:
    key = (id(law), lr.rule.id, ob.id, as_of, litigants)
    hit = _STATIC.get(key)
    if hit is not None:
        return hit
    start, end = lr.window(ob)
    meta = law.meta
    day = max(as_of, start)
    cases = court_cases(law, lr, ob, day)
    uncertain = [ob.uncertain] if ob.uncertain else []
    uncertain += [f"{c.case}: {c.uncertain}" for c in cases if c.uncertain]
    timing = R.Timing.build(**(ob.timing.model_dump() |
                                         {"text": law.fill(ob.timing.text, day)}))
    fields = dict(
        key=f"{law.id}#{ob.id}", law_id=law.id, law_title=meta.title,
        jurisdiction=meta.jurisdiction, jurisdiction_name=jurisdiction_name,
        rule_id=lr.rule.id, obligation_id=ob.id, category=ob.category,
        category_label=labels.get(ob.category, ob.category), title=law.fill(ob.title, day),
        text=law.fill(ob.text, day), citation=law.fill(ob.citation, day),
        source_url=str(ob.source or meta.sources[0].url), optional=ob.optional,
        scope=ob.scope, effective_from=start, effective_until=end, timing=timing,
        deadline=deadline(ob.timing), penalty=penalty(law, ob.penalty),
        confidence=str(meta.confidence), uncertain=uncertain,
        court_orders=[court_order(c, litigants) for c in cases], trace=lr.key)
    out = (fields, static_status(law, lr, ob, as_of, litigants))
    if len(_STATIC) > 50_000:
        _STATIC.clear()
    _STATIC[key] = out
    return out


def resolve(law: Law, lr: LoadedRule, ob: Obligation, as_of: dt.date, *, applies: bool | None,
            litigant_in: Iterable[str], in_use_since: dt.date | None, labels: dict[str, str],
            missing: list[str], jurisdiction_name: str) -> R.ObligationResult | None:
    """The resolved obligation, or None when its window has ended on ``as_of``."""
    start, end = lr.window(ob)
    if end is not None and as_of >= end:
        return None
    fields, known = _static(law, lr, ob, as_of, tuple(litigant_in), labels, jurisdiction_name)
    status = known if applies else "undetermined"
    return R.ObligationResult.build(
        **fields, status=status,
        recurrence=recurrence(ob.timing, start, end, as_of, in_use_since),
        missing_facts=missing if status == "undetermined" else [])


_INFO: dict[tuple[int, dt.date], R.LawInfo] = {}


def law_info(law: Law, as_of: dt.date, status_on_as_of: str,
             jurisdiction_name: str) -> R.LawInfo:
    hit = _INFO.get((id(law), as_of))
    if hit is not None:
        return hit
    if len(_INFO) > 20_000:
        _INFO.clear()
    m = law.meta
    info = _INFO[(id(law), as_of)] = R.LawInfo.build(
        law_id=law.id, title=m.title, short_title=m.short_title, jurisdiction=m.jurisdiction,
        jurisdiction_name=jurisdiction_name, citation=m.citation,
        status_on_as_of=status_on_as_of, confidence=str(m.confidence),
        verified_as_of=m.verified_as_of, source_url=str(m.sources[0].url),
        uncertainties=[f"{u.about}: {u.note}" for u in m.uncertainties],
        penalties={k: penalty(law, k) for k in law.pack.penalties})
    return info


# ---------------------------------------------------------------- events


def law_events(law: Law, owed: set[str]) -> list[R.LawEvent]:
    """The law's dated events that concern a system owing the rules/obligations in ``owed``."""
    m = law.meta
    out: list[R.LawEvent] = []

    def add(day: dt.date, kind: str, text: str, cite: str | None) -> None:
        out.append(R.LawEvent.build(
            date=day, law_id=law.id, law_short_title=m.short_title,
            jurisdiction=m.jurisdiction, kind=kind, text=text, citation=cite))

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


def _counts(c: dict[str, int]) -> R.Counts:
    return R.Counts.build(**c)


def _zero() -> dict[str, int]:
    return dict.fromkeys(R.STATUSES, 0)


def tally(systems: list[R.SystemAssessment], org: list[R.OrgObligation]) -> R.Tally:
    """Obligations by status, once per system (system scope) or once (organisation scope)."""
    overall, org_wide = _zero(), _zero()
    by_system = {s.id: _zero() for s in systems}
    tables: tuple[dict[str, dict[str, int]], ...] = ({}, {}, {}, {})

    def count(o: R.ObligationResult) -> None:
        st = o.status
        overall[st] += 1
        for table, key in zip(tables, (o.jurisdiction, state_abbr(o.jurisdiction), o.law_id,
                                       o.category), strict=True):
            row = table.get(key)
            if row is None:
                row = table[key] = _zero()
            row[st] += 1

    for s in systems:
        mine = by_system[s.id]
        for o in s.obligations:
            mine[o.status] += 1
            count(o)
    for o in org:
        org_wide[o.status] += 1
        count(o)
    by_jur, by_state, by_law, by_cat = tables
    done = lambda t: {k: _counts(v) for k, v in sorted(t.items())}  # noqa: E731
    return R.Tally.build(
        overall=_counts(overall), organization_wide=_counts(org_wide),
        by_system={k: _counts(v) for k, v in by_system.items()},
        by_jurisdiction=done(by_jur), by_state=done(by_state), by_law=done(by_law),
        by_category={k: _counts(v) for k, v in by_cat.items()})


def counts_of(obligations: Iterable[R.ObligationResult]) -> R.Counts:
    c = _zero()
    for o in obligations:
        c[o.status] += 1
    return _counts(c)
