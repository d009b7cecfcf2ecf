"""The unified compliance programme: one requirement per obligation category that satisfies
every applicable jurisdiction at once.

For each category the programme takes, across all systems and jurisdictions, the strictest
requirement on each dimension and names the laws that drive it:

* response deadline — the shortest "within N hours/days of an event" (compared by the
  normalised figure the engine gives; shown in the law's own units);
* lead time — the longest "N days before use" notice;
* cadence — the most frequent recurring duty (monthly > quarterly > semiannual > annual);
* scope — every system and jurisdiction the category reaches;
* exposure — the highest stated maximum penalty.

Only duties in force or upcoming set a bar. Safe harbours and defences (status ``optional``)
and duties a court has blocked are listed apart and never set one; a category made only of
them says so. The statuses, deadlines and counts are the engine's (``Assessment``); this
module only folds them. JSON contract ``policyatlas.program/v2`` (docs/program-json.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.engine.results import Assessment, Counts, ObligationResult
from policyatlas.facts.jurisdictions import name_of
from policyatlas.rules.taxonomy import categories, category_labels

PROGRAM_CONTRACT = "policyatlas.program/v2"
CADENCE_PER_YEAR = {"monthly": 12, "quarterly": 4, "semiannual": 2, "annual": 1}
BINDING = ("in_force", "upcoming")


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Driver(Out):
    law_id: str
    jurisdiction: str
    obligation_id: str
    citation: str


class Bar(Out):
    """A deadline or notice period in the law's own units, with the laws that set it."""

    value: int
    unit: Literal["hours", "days", "business_days"]
    text: str
    comparable_hours: float = Field(description="Only for comparing; not the deadline.")
    drivers: list[Driver]


class Cadence(Out):
    frequency: str
    per_year: int
    drivers: list[Driver]


class Exposure(Out):
    max_usd: float
    per: str | None
    text: str
    drivers: list[Driver]


class Requirement(Out):
    law_id: str
    jurisdiction: str
    obligation_id: str
    title: str
    citation: str
    status: str
    optional: bool
    effective_from: dt.date
    frequency: str
    timing: str
    deadline: str | None = Field(description="The deadline in the law's own units.")
    first_due: dt.date | None = Field(description="First due date of a recurring duty.")
    systems: list[str]
    scope: str = Field(description="'system' (owed by each listed system) or 'organization' "
                       "(owed once).")
    max_penalty_usd: float | None
    court_orders: list[str] = Field(default_factory=list,
                                    description="Orders that block it (blocked duties).")


class CategoryProgram(Out):
    category: str
    label: str
    definition: str
    requirement: str = Field(description="The programme requirement, in one sentence.")
    only_optional: bool = Field(description="Every duty here is a safe harbour or defence (or "
                                "blocked): nothing in this category is required.")
    systems: list[str]
    jurisdictions: list[str]
    response_deadline: Bar | None
    lead_time: Bar | None
    cadence: Cadence | None
    exposure: Exposure | None
    starts: dt.date = Field(description="Earliest day a duty of this category applies.")
    counts: Counts = Field(description="The engine's counts for the category.")
    requirements: list[Requirement] = Field(description="Duties in force or upcoming.")
    optional: list[Requirement] = Field(description="Safe harbours, defences, voluntary steps.")
    blocked: list[Requirement] = Field(description="Duties a court order blocks, with it.")


class Program(Out):
    contract: Literal["policyatlas.program/v2"] = PROGRAM_CONTRACT
    as_of: dt.date
    organization: str
    categories: list[CategoryProgram]
    jurisdictions: list[str]
    laws: list[str]
    counts: Counts = Field(description="The engine's counts for the whole inventory.")
    undetermined: list[str] = Field(
        description="Rules that may apply once facts are given: 'law · rule: missing facts'.")


def _driver(o: ObligationResult) -> Driver:
    return Driver(law_id=o.law_id, jurisdiction=o.jurisdiction, obligation_id=o.obligation_id,
                  citation=o.citation)


def _max_penalty(o: ObligationResult) -> float | None:
    p = o.penalty
    if p is None:
        return None
    vals = [v for v in (p.max_usd, p.subsequent_max_usd) if v is not None]
    return max(vals) if vals else None


def _best(items: list[tuple[float, ObligationResult]], highest: bool) -> list[ObligationResult]:
    if not items:
        return []
    target = max(v for v, _ in items) if highest else min(v for v, _ in items)
    return [o for v, o in items if v == target]


def _unique(obs: list[ObligationResult]) -> list[Driver]:
    seen: dict[tuple[str, str], Driver] = {}
    for o in obs:
        seen.setdefault((o.law_id, o.obligation_id), _driver(o))
    return list(seen.values())


def _laws(drivers: list[Driver]) -> str:
    return ", ".join(dict.fromkeys(d.law_id for d in drivers))


def bar_parts(c: CategoryProgram) -> list[str]:
    """The strictest bar on each dimension, each with the laws that set it."""
    parts = []
    if c.response_deadline:
        parts.append(f"within {c.response_deadline.text} (set by "
                     f"{_laws(c.response_deadline.drivers)})")
    if c.lead_time:
        parts.append(f"at least {c.lead_time.text} (set by {_laws(c.lead_time.drivers)})")
    if c.cadence:
        parts.append(f"{c.cadence.frequency} (set by {_laws(c.cadence.drivers)})")
    return parts


def _sentence(c: CategoryProgram) -> str:
    places = ", ".join(name_of(j) for j in c.jurisdictions)
    if c.only_optional:
        kinds = []
        if c.optional:
            kinds.append(f"{len(c.optional)} safe harbour(s) or defence(s) available")
        if c.blocked:
            kinds.append(f"{len(c.blocked)} duty(ies) blocked by a court order")
        return (f"Nothing required: {'; '.join(kinds)} for {len(c.systems)} system(s) "
                f"across {places}.")
    parts = [c.definition.rstrip("."), f"for {len(c.systems)} system(s) across {places}",
             *bar_parts(c)]
    return "; ".join(parts) + "."


def _bar(best: list[ObligationResult]) -> Bar | None:
    if not best:
        return None
    d = best[0].deadline
    assert d is not None
    return Bar(value=d.value, unit=d.unit, text=d.text, comparable_hours=d.comparable_hours,
               drivers=_unique(best))


def build_program(a: Assessment) -> Program:
    """Fold an assessment's obligations (every status but undetermined) into one programme."""
    by_cat: dict[str, list[tuple[ObligationResult, list[str]]]] = defaultdict(list)
    for sid, o in a.all_obligations():
        if o.status == "undetermined":
            continue
        systems = [sid] if sid is not None else list(getattr(o, "systems", []))
        by_cat[o.category].append((o, systems))
    order = list(categories())
    labels = category_labels()
    programs = []
    for cat in sorted(by_cat, key=order.index):
        entries = by_cat[cat]
        groups: dict[str, dict[tuple[str, str], Requirement]] = {
            "binding": {}, "optional": {}, "blocked": {}}
        for o, systems in entries:
            group = ("binding" if o.status in BINDING else o.status)
            key = (o.law_id, o.obligation_id)
            have = groups[group].get(key)
            if have is not None:
                have.systems += [s for s in systems if s not in have.systems]
                continue
            groups[group][key] = Requirement(
                law_id=o.law_id, jurisdiction=o.jurisdiction, obligation_id=o.obligation_id,
                title=o.title, citation=o.citation, status=o.status, optional=o.optional,
                effective_from=o.effective_from, frequency=o.timing.frequency,
                timing=o.timing.text, deadline=o.deadline.text if o.deadline else None,
                first_due=o.recurrence.first_due if o.recurrence else None,
                systems=list(systems), scope=o.scope, max_penalty_usd=_max_penalty(o),
                court_orders=[c.case for c in o.court_orders if c.blocks_this])
        binding = [o for o, _ in entries if o.status in BINDING]
        response = [(o.deadline.comparable_hours, o) for o in binding
                    if o.deadline and o.deadline.direction == "within"]
        lead = [(o.deadline.comparable_hours, o) for o in binding
                if o.deadline and o.deadline.direction == "before"]
        cadence = [(CADENCE_PER_YEAR[o.timing.frequency], o) for o in binding
                   if o.timing.frequency in CADENCE_PER_YEAR]
        exposure = [(p, o) for o in binding if (p := _max_penalty(o)) is not None]
        c_best, e_best = _best(cadence, highest=True), _best(exposure, highest=True)
        ordered = lambda g: sorted(g.values(), key=lambda r: (r.jurisdiction, r.law_id))  # noqa: E731
        program = CategoryProgram(
            category=cat, label=labels.get(cat, cat), definition=categories()[cat],
            requirement="", only_optional=not binding,
            systems=list(dict.fromkeys(s for _, ss in entries for s in ss)),
            jurisdictions=sorted({o.jurisdiction for o, _ in entries}),
            response_deadline=_bar(_best(response, highest=False)),
            lead_time=_bar(_best(lead, highest=True)),
            cadence=Cadence(frequency=c_best[0].timing.frequency,
                            per_year=CADENCE_PER_YEAR[c_best[0].timing.frequency],
                            drivers=_unique(c_best)) if c_best else None,
            exposure=Exposure(max_usd=_max_penalty(e_best[0]), per=e_best[0].penalty.per,
                              text=e_best[0].penalty.text, drivers=_unique(e_best))
            if e_best else None,
            starts=min(o.effective_from for o, _ in (
                [(o, s) for o, s in entries if o.status in BINDING] or entries)),
            counts=a.counts.by_category.get(cat, Counts()),
            requirements=ordered(groups["binding"]), optional=ordered(groups["optional"]),
            blocked=ordered(groups["blocked"]),
        )
        program.requirement = _sentence(program)
        programs.append(program)
    all_obs = [o for entries in by_cat.values() for o, _ in entries]
    undetermined = [f"{u.law_id} · {u.rule_title}: missing {', '.join(u.missing_facts)}"
                    for s in a.systems for u in s.undetermined]
    return Program(as_of=a.as_of, organization=a.organization, categories=programs,
                   jurisdictions=sorted({o.jurisdiction for o in all_obs}),
                   laws=sorted({o.law_id for o in all_obs}), counts=a.counts.overall,
                   undetermined=list(dict.fromkeys(undetermined)))
