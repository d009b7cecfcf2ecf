"""The assessment result: a versioned JSON contract (documented in docs/assessment-json.md).

The engine resolves every obligation of every system once — its status on the date, its
window, its deadline in the law's own units, its recurrence with the real first due date, its
scope, the court orders that touch it and the events that concern the system — and counts
them. Every view (CLI tables, programme, calendar, map, reports, API, UI, batch, scenario diff)
renders this result; none re-derives a status, a date or a count.

Bump ``CONTRACT`` on any incompatible change; additions of optional fields keep the version.
v2 (this version): one list of obligations per system with a ``status`` each, counts, events,
and each distinct rule trace once per system (``traces``), referenced by key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CONTRACT = "policyatlas.assessment/v2"

Status = Literal["in_force", "upcoming", "blocked", "optional", "undetermined"]
STATUSES: tuple[str, ...] = ("in_force", "upcoming", "blocked", "optional", "undetermined")
# Statuses of obligations the organisation knows it has (undetermined ones may not apply).
KNOWN: tuple[str, ...] = ("in_force", "upcoming", "blocked", "optional")


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def build(cls, **values: Any) -> Any:
        """An instance from trusted values the engine computed, without validation: what
        ``model_construct`` does, for the few hundred objects of every assessment, at a tenth
        of its cost. Fields not given take their defaults."""
        plan = cls.__dict__.get("_build_plan")
        if plan is None:
            template, factories = {}, []
            for n, f in cls.model_fields.items():  # the declared order, as validation gives
                if f.default_factory is not None:
                    template[n] = None
                    factories.append((n, f.default_factory))
                else:
                    template[n] = None if f.is_required() else f.default
            plan = (template, tuple(factories))
            type.__setattr__(cls, "_build_plan", plan)
        template, factories = plan
        ordered = template.copy()
        ordered.update(values)
        for name, make in factories:
            if name not in values:
                ordered[name] = make()
        m = cls.__new__(cls)
        object.__setattr__(m, "__dict__", ordered)
        object.__setattr__(m, "__pydantic_fields_set__", set(values))
        object.__setattr__(m, "__pydantic_extra__", None)
        object.__setattr__(m, "__pydantic_private__", None)
        return m


class ParamTrace(Out):
    law_id: str
    name: str
    value: bool | float | int | dt.date | str
    unit: str | None = None
    valid_from: dt.date = Field(description="First day of the value that was read.")
    read_on: dt.date = Field(description="The day the parameter was read at.")
    citation: str
    url: str | None = None


class TraceNodeOut(Out):
    kind: Literal["all", "any", "not", "ref", "leaf"]
    result: bool | None = Field(description="true, false, or null when a needed fact is unknown")
    label: str | None = None
    cite: str | None = None
    name: str | None = None
    fact: str | None = None
    key: str | None = None
    operator: str | None = None
    expected: Any = None
    actual: Any = None
    description: str | None = None
    param: ParamTrace | None = None
    note: str | None = None
    stated: Literal["lists_complete"] | None = Field(
        default=None, description="lists_complete: a list the inventory left out, read as "
        "empty because it declared its lists complete.")
    children: list[TraceNodeOut] = Field(default_factory=list)


class RuleTrace(Out):
    law_id: str
    rule_id: str
    rule_title: str
    rule_citation: str
    result: bool | None = None
    evaluated_on: dt.date
    condition: Any = Field(description="The evaluated condition: a tree of nodes with the "
                           "fields of TraceNodeOut (in memory, the engine's TraceNode).")
    parameters: list[ParamTrace]


class Timing(Out):
    frequency: str
    deadline_days: int | None = None
    business_days: bool = False
    deadline_hours: int | None = None
    relative_to: str | None = None
    first_due: dt.date | Literal["at_start"] | None = None
    text: str


class Deadline(Out):
    """A response deadline or notice period, in the law's own units."""

    value: int
    unit: Literal["hours", "days", "business_days"]
    direction: Literal["within", "before"] = Field(
        description="'within' N of an event (a response deadline) or N 'before' use (notice).")
    relative_to: str | None = None
    text: str = Field(description="As shown, e.g. '45 days of a request', '15 business days'.")
    comparable_hours: float = Field(
        description="Only for comparing deadlines across laws: hours, a business day counted as "
        "7/5 of a day; never shown as the deadline.")


class Recurrence(Out):
    """When a recurring duty falls due."""

    frequency: Literal["monthly", "quarterly", "semiannual", "annual"]
    interval_months: int
    anchor: dt.date = Field(description="The later of the day the duty starts and the day the "
                            "system went into use (when known).")
    first_due: dt.date = Field(description="The first occurrence.")
    basis: Literal["stated", "at_start", "one_period"] = Field(
        description="stated: the law gives the date; at_start: due as the duty starts (or at first "
        "use); one_period: one period after the anchor.")
    next_due: dt.date | None = Field(
        default=None,
        description="The first occurrence on or after the as-of date, while the duty lasts.")


class PenaltyOut(Out):
    id: str = Field(description="The penalty's key in its law's pack.")
    text: str
    citation: str
    max_usd: float | None = None
    min_usd: float | None = None
    subsequent_max_usd: float | None = None
    per: str | None = None
    enforcer: str | None = None


class CourtOrder(Out):
    """A court case that touches an obligation on the date, and what its order does to it."""

    case_id: str | None = None
    case: str
    court: str
    status: str
    order: str | None = None
    blocks_enforcement: bool
    scope: Literal["everyone", "parties"]
    protects: list[str] = Field(default_factory=list)
    effect_from: dt.date | None = None
    effect_until: dt.date | None = None
    until_event: str | None = None
    blocks_this: bool = Field(description="The order stops enforcement of this obligation "
                              "against this organisation (scope everyone, or it is a party).")
    note: str
    uncertain: str | None = None
    source: str | None = None


class ObligationResult(Out):
    key: str = Field(description="'<law id>#<obligation id>'.")
    law_id: str
    law_title: str
    jurisdiction: str
    jurisdiction_name: str
    rule_id: str
    obligation_id: str
    category: str
    category_label: str
    title: str
    text: str
    citation: str
    source_url: str
    status: Status = Field(
        description="in_force; upcoming (starts after as_of, see effective_from); blocked (a court "
        "order stops enforcement against this organisation on as_of, see court_orders); optional "
        "(a safe harbour, defence or voluntary step available on as_of — never a duty); "
        "undetermined (the rule's facts are not all known, see missing_facts)."
    )
    optional: bool = Field(description="A safe harbour, defence or voluntary step, not a duty "
                           "(whatever its status).")
    scope: Literal["system", "organization"] = Field(
        description="Owed per system, or once by the organisation.")
    effective_from: dt.date
    effective_until: dt.date | None = None
    timing: Timing
    deadline: Deadline | None = None
    recurrence: Recurrence | None = None
    penalty: PenaltyOut | None = None
    confidence: str = Field(description="The law's confidence level: high, medium or low.")
    uncertain: list[str] = Field(
        description="Open questions about this obligation and the court orders that touch it "
        "(the law's own open questions are in Assessment.laws).")
    court_orders: list[CourtOrder] = Field(
        default_factory=list, description="Court cases touching it on as_of (or, for an "
        "upcoming duty, on the day it starts).")
    missing_facts: list[str] = Field(
        default_factory=list, description="Undetermined only: facts that would decide it.")
    trace: str = Field(description="Key of the rule's trace in the system's `traces`.")


class Undetermined(Out):
    law_id: str
    rule_id: str
    rule_title: str
    missing_facts: list[str]
    obligations: list[str] = Field(description="Obligation ids the rule would create.")
    trace: str


class ToDecide(Out):
    """A fact the inventory leaves unknown, and what stating it would settle."""

    fact: str
    key: str | None = Field(default=None, description="The jurisdiction, for per-place facts.")
    field: str | None = Field(default=None, description="Where it is written in the "
                              "inventory (`systems[*]` when several systems lack it).")
    systems: list[str] = Field(description="The systems that leave it unknown.")
    rules: int = Field(description="Undetermined rules (per system) that turn on it.")
    decides: int = Field(description="Of those, the rules that stating it alone would decide.")
    laws: list[str] = Field(description="The laws of those rules.")


class LawEvent(Out):
    """A dated event of a law that concerns the system (history, enforcement, court orders)."""

    date: dt.date
    law_id: str
    law_short_title: str
    jurisdiction: str
    kind: Literal["history", "enforcement", "order_starts", "order_ends"]
    text: str
    citation: str | None = None


class Counts(Out):
    in_force: int = 0
    upcoming: int = 0
    blocked: int = 0
    optional: int = 0
    undetermined: int = 0

    @property
    def known(self) -> int:
        """Obligations that apply (in force, upcoming, blocked or optional)."""
        return self.in_force + self.upcoming + self.blocked + self.optional

    @property
    def total(self) -> int:
        return self.known + self.undetermined

    def add(self, status: str, n: int = 1) -> None:
        setattr(self, status, getattr(self, status) + n)


class Tally(Out):
    """Obligations by status: one per system for system-scoped duties, one per organisation
    for organisation-scoped ones. Every view's figures are these."""

    overall: Counts
    organization_wide: Counts = Field(description="Organisation-scoped duties (counted once).")
    by_system: dict[str, Counts]
    by_jurisdiction: dict[str, Counts] = Field(description="By the law's jurisdiction code.")
    by_state: dict[str, Counts] = Field(description="By two-letter state (a city counts in its "
                                        "state); federal laws under 'US'.")
    by_law: dict[str, Counts]
    by_category: dict[str, Counts]


class SystemAssessment(Out):
    id: str
    name: str
    in_use_since: dt.date | None = None
    applicable_laws: list[str] = Field(description="Laws with at least one duty in force.")
    upcoming_laws: list[str] = Field(description="Laws whose duties start after the as-of date.")
    obligations: list[ObligationResult] = Field(
        description="Every system-scoped obligation, each with its status.")
    undetermined: list[Undetermined]
    events: list[LawEvent] = Field(
        description="Dated events of the laws that concern this system.")
    counts: Counts
    traces: dict[str, RuleTrace] = Field(
        description="Each rule trace once, by '<law id>#<rule id>'.")

    def having(self, *statuses: str) -> list[ObligationResult]:
        return [o for o in self.obligations if o.status in statuses]


class OrgObligation(ObligationResult):
    systems: list[str] = Field(description="The systems that trigger it.")


class LawInfo(Out):
    """A law that has obligations (or undetermined rules) in the assessment: what every one of
    its obligations shares."""

    law_id: str
    title: str
    short_title: str
    jurisdiction: str
    jurisdiction_name: str
    citation: str
    status_on_as_of: str
    confidence: str
    verified_as_of: dt.date
    source_url: str = Field(description="The law's first source.")
    uncertainties: list[str] = Field(description="Open questions about the law as a whole.")
    penalties: dict[str, PenaltyOut] = Field(default_factory=dict)


class LawRef(Out):
    law_id: str
    title: str | None = None
    jurisdiction: str
    citation: str | None = None
    status: str
    effective: dt.date
    repealed: dt.date | None = None
    verified_as_of: dt.date
    confidence: str


class Assessment(Out):
    contract: Literal["policyatlas.assessment/v2"] = CONTRACT
    generator: str
    as_of: dt.date
    organization: str
    laws_evaluated: list[LawRef]
    laws: dict[str, LawInfo] = Field(
        default_factory=dict, description="The laws with obligations or undetermined rules.")
    systems: list[SystemAssessment]
    organization_obligations: list[OrgObligation] = Field(
        default_factory=list, description="Organisation-scoped obligations, each once.")
    counts: Tally
    to_decide: list[ToDecide] = Field(
        default_factory=list, description="Facts left unknown, ranked by the undetermined "
        "rules stating each would decide (then by the rules that turn on it).")

    def open_questions(self, o: ObligationResult) -> list[str]:
        """Every open question about an obligation: its own, then its law's."""
        law = self.laws.get(o.law_id)
        return [*o.uncertain, *(law.uncertainties if law else [])]

    def all_obligations(self) -> list[tuple[str | None, ObligationResult]]:
        """(system id, obligation) for system-scoped duties; (None, ...) for organisation-wide."""
        out: list[tuple[str | None, ObligationResult]] = [
            (s.id, o) for s in self.systems for o in s.obligations]
        out += [(None, o) for o in self.organization_obligations]
        return out
