"""The assessment result: a versioned JSON contract (documented in docs/assessment-json.md).

Bump ``CONTRACT`` on any incompatible change; additions of optional fields keep the version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CONTRACT = "policyatlas.assessment/v1"


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParamTrace(Out):
    law_id: str
    name: str
    value: bool | float | int | dt.date | str
    unit: str | None
    valid_from: dt.date = Field(description="First day of the value that was read.")
    read_on: dt.date = Field(description="The day the parameter was read at.")
    citation: str
    url: str | None


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
    children: list[TraceNodeOut] = Field(default_factory=list)


class RuleTrace(Out):
    law_id: str
    rule_id: str
    rule_title: str
    rule_citation: str
    result: bool | None
    evaluated_on: dt.date
    condition: TraceNodeOut
    parameters: list[ParamTrace]


class Timing(Out):
    frequency: str
    deadline_days: int | None = None
    business_days: bool = False
    deadline_hours: int | None = None
    relative_to: str | None = None
    text: str


class PenaltyOut(Out):
    text: str
    citation: str
    max_usd: float | None = None
    min_usd: float | None = None
    subsequent_max_usd: float | None = None
    per: str | None = None
    enforcer: str | None = None


class ObligationResult(Out):
    law_id: str
    law_title: str
    jurisdiction: str
    jurisdiction_name: str
    rule_id: str
    obligation_id: str
    category: str
    title: str
    text: str
    citation: str
    source_url: str
    status: Literal["in_force", "upcoming", "blocked"] = Field(
        description="in_force; upcoming (starts after as_of); blocked (a court order stops "
        "enforcement on as_of — see `litigation`)."
    )
    effective_from: dt.date
    effective_until: dt.date | None
    timing: Timing
    penalty: PenaltyOut | None
    confidence: str = Field(description="The law's confidence level: high, medium or low.")
    uncertain: list[str] = Field(description="Open questions about this obligation or its law.")
    optional: bool = Field(
        default=False, description="A safe harbour, defence or voluntary step, not a duty."
    )
    litigation: list[str] = Field(
        default_factory=list, description="Court cases affecting the law on as_of, as text."
    )
    trace: RuleTrace


class Undetermined(Out):
    law_id: str
    rule_id: str
    rule_title: str
    missing_facts: list[str]
    trace: RuleTrace


class SystemAssessment(Out):
    id: str
    name: str
    applicable_laws: list[str] = Field(description="Laws with at least one duty in force.")
    upcoming_laws: list[str] = Field(description="Laws whose duties start after the as-of date.")
    obligations: list[ObligationResult]
    upcoming: list[ObligationResult]
    blocked: list[ObligationResult] = Field(
        default_factory=list, description="Duties whose enforcement a court has stopped."
    )
    undetermined: list[Undetermined]


class LawRef(Out):
    law_id: str
    title: str
    jurisdiction: str
    citation: str
    status: str
    effective: dt.date
    repealed: dt.date | None
    verified_as_of: dt.date
    confidence: str


class Assessment(Out):
    contract: Literal["policyatlas.assessment/v1"] = CONTRACT
    generator: str
    as_of: dt.date
    organization: str
    laws_evaluated: list[LawRef]
    systems: list[SystemAssessment]
