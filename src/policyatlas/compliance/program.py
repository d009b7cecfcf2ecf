"""The unified compliance programme: one requirement per obligation category that satisfies
every applicable jurisdiction at once.

For each category the programme takes, across all systems and jurisdictions, the strictest
requirement on each dimension and names the laws that drive it:

* response deadline — the shortest "within N hours/days of an event";
* lead time — the longest "N days before use" notice;
* cadence — the most frequent recurring duty (monthly > quarterly > semiannual > annual);
* scope — every system and jurisdiction the category reaches;
* exposure — the highest stated maximum penalty.

Safe harbours (``optional``) and duties a court has blocked are listed but do not set the bar.
JSON contract ``policyatlas.program/v1`` (docs/program-json.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.engine.results import Assessment, ObligationResult
from policyatlas.facts.jurisdictions import name_of
from policyatlas.rules.taxonomy import categories

PROGRAM_CONTRACT = "policyatlas.program/v1"
CADENCE_PER_YEAR = {"monthly": 12, "quarterly": 4, "semiannual": 2, "annual": 1}
LEAD_TIME = {"before_each_use", "before_each_deployment"}


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Driver(Out):
    law_id: str
    jurisdiction: str
    obligation_id: str
    citation: str


class Deadline(Out):
    hours: float = Field(description="Deadline in hours (business days counted as 7/5 days).")
    text: str
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
    effective_from: dt.date
    frequency: str
    timing: str
    systems: list[str]
    optional: bool
    max_penalty_usd: float | None


class CategoryProgram(Out):
    category: str
    definition: str
    requirement: str = Field(description="The programme requirement, in one sentence.")
    systems: list[str]
    jurisdictions: list[str]
    response_deadline: Deadline | None
    lead_time: Deadline | None
    cadence: Cadence | None
    exposure: Exposure | None
    starts: dt.date = Field(description="Earliest day any requirement of this category applies.")
    requirements: list[Requirement]


class Program(Out):
    contract: Literal["policyatlas.program/v1"] = PROGRAM_CONTRACT
    as_of: dt.date
    organization: str
    categories: list[CategoryProgram]
    jurisdictions: list[str]
    laws: list[str]


def _hours(o: ObligationResult) -> float | None:
    t = o.timing
    if t.deadline_hours is not None:
        return float(t.deadline_hours)
    if t.deadline_days is not None:
        return t.deadline_days * 24 * (7 / 5 if t.business_days else 1)
    return None


def _deadline_text(o: ObligationResult) -> str:
    t = o.timing
    if t.deadline_hours is not None:
        unit = f"{t.deadline_hours} hours"
    else:
        unit = f"{t.deadline_days} {'business ' if t.business_days else ''}days"
    word = "before" if t.frequency in LEAD_TIME else "of"
    rel = f" {word} {t.relative_to}" if t.relative_to else ""
    return f"{unit}{rel}"


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


def _sentence(cat: str, c: CategoryProgram) -> str:
    places = ", ".join(name_of(j) for j in c.jurisdictions)
    parts = [categories()[cat].rstrip("."), f"for {len(c.systems)} system(s) across {places}",
             *bar_parts(c)]
    return "; ".join(parts) + "."


def build_program(a: Assessment) -> Program:
    """Fold an assessment's obligations (in force, upcoming, blocked) into one programme."""
    by_cat: dict[str, list[tuple[ObligationResult, str]]] = defaultdict(list)
    for s in a.systems:
        for o in [*s.obligations, *s.upcoming, *s.blocked]:
            by_cat[o.category].append((o, s.id))
    order = list(categories())
    programs = []
    for cat in sorted(by_cat, key=order.index):
        entries = by_cat[cat]
        reqs: dict[tuple[str, str], Requirement] = {}
        for o, sid in entries:
            key = (o.law_id, o.obligation_id)
            if key in reqs:
                if sid not in reqs[key].systems:
                    reqs[key].systems.append(sid)
                continue
            reqs[key] = Requirement(
                law_id=o.law_id, jurisdiction=o.jurisdiction, obligation_id=o.obligation_id,
                title=o.title, citation=o.citation, status=o.status,
                effective_from=o.effective_from, frequency=o.timing.frequency,
                timing=o.timing.text, systems=[sid], optional=o.optional,
                max_penalty_usd=_max_penalty(o))
        binding = [o for o, _ in entries if not o.optional and o.status != "blocked"]
        response = [(h, o) for o in binding if o.timing.frequency not in LEAD_TIME
                    and (h := _hours(o)) is not None]
        lead = [(h, o) for o in binding if o.timing.frequency in LEAD_TIME
                and (h := _hours(o)) is not None]
        cadence = [(CADENCE_PER_YEAR[o.timing.frequency], o) for o in binding
                   if o.timing.frequency in CADENCE_PER_YEAR]
        exposure = [(p, o) for o in binding if (p := _max_penalty(o)) is not None]
        r_best, l_best = _best(response, highest=False), _best(lead, highest=True)
        c_best, e_best = _best(cadence, highest=True), _best(exposure, highest=True)
        program = CategoryProgram(
            category=cat, definition=categories()[cat], requirement="",
            systems=list(dict.fromkeys(sid for _, sid in entries)),
            jurisdictions=sorted({o.jurisdiction for o, _ in entries}),
            response_deadline=Deadline(hours=_hours(r_best[0]), text=_deadline_text(r_best[0]),
                                       drivers=_unique(r_best)) if r_best else None,
            lead_time=Deadline(hours=_hours(l_best[0]), text=_deadline_text(l_best[0]),
                               drivers=_unique(l_best)) if l_best else None,
            cadence=Cadence(frequency=c_best[0].timing.frequency,
                            per_year=CADENCE_PER_YEAR[c_best[0].timing.frequency],
                            drivers=_unique(c_best)) if c_best else None,
            exposure=Exposure(max_usd=_max_penalty(e_best[0]), per=e_best[0].penalty.per,
                              text=e_best[0].penalty.text, drivers=_unique(e_best))
            if e_best else None,
            starts=min(o.effective_from for o, _ in entries),
            requirements=sorted(reqs.values(), key=lambda r: (r.jurisdiction, r.law_id)),
        )
        program.requirement = _sentence(cat, program)
        programs.append(program)
    all_obs = [o for entries in by_cat.values() for o, _ in entries]
    return Program(as_of=a.as_of, organization=a.organization, categories=programs,
                   jurisdictions=sorted({o.jurisdiction for o in all_obs}),
                   laws=sorted({o.law_id for o in all_obs}))
