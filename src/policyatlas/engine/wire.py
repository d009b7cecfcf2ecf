"""The published shape of the assessment document (contract ``policyatlas.assessment/v2``), as
Pydantic models: the JSON Schema in docs/schemas/assessment-v2.json, and the validation of a
document read back (``contract.read``). Writing does not need them (``contract.to_doc``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.engine import results as R

CONTRACT = R.CONTRACT


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NodeDoc(Doc):
    kind: Literal["all", "any", "not", "ref", "leaf"]
    result: bool | None = Field(default=None, description="true, false, or absent = unknown")
    label: str | None = None
    cite: str | None = None
    name: str | None = None
    fact: str | None = None
    key: str | None = None
    operator: str | None = None
    expected: Any = None
    actual: Any = None
    description: str | None = Field(default=None, description="Leaves without a label.")
    param: R.ParamTrace | None = None
    note: str | None = None
    stated: Literal["lists_complete"] | None = Field(
        default=None, description="How a leaf's value was stated when the inventory did not "
        "write it: lists_complete (a list left out, read as empty because the inventory "
        "declared its lists complete).")
    body: str | None = Field(default=None, description="A definition's body in `subtrees`.")
    children: list[NodeDoc] = Field(default_factory=list)


class TraceDoc(Doc):
    rule_title: str
    rule_citation: str
    result: bool | None = None
    evaluated_on: dt.date
    parameters: list[R.ParamTrace] = Field(default_factory=list)
    condition: NodeDoc


class OrderRef(Doc):
    case: int = Field(description="Index into the law's `cases`.")
    blocks_this: bool = False


class ObligationDoc(Doc):
    law_id: str
    rule_id: str
    obligation_id: str
    category: str = Field(description="A taxonomy category (its label: `policyatlas taxonomy`).")
    title: str
    text: str
    citation: str
    source_url: str | None = Field(default=None, description="When not the law's source.")
    optional: bool = False
    scope: Literal["system", "organization"] = "system"
    effective_from: dt.date
    effective_until: dt.date | None = None
    timing: R.Timing
    deadline: R.Deadline | None = None
    penalty: str | None = Field(default=None, description="Key into the law's `penalties`.")
    confidence: str
    uncertain: list[str] = Field(default_factory=list)
    court_orders: list[OrderRef] = Field(default_factory=list)


class InstanceDoc(Doc):
    key: str = Field(description="Key into `obligations`.")
    status: R.Status
    recurrence: R.Recurrence | None = None
    missing_facts: list[str] = Field(default_factory=list)


class OrgInstanceDoc(InstanceDoc):
    systems: list[str]


class CaseDoc(Doc):
    case_id: str | None = None
    case: str
    court: str
    status: str
    order: str | None = None
    blocks_enforcement: bool = False
    scope: Literal["everyone", "parties"] = "everyone"
    protects: list[str] = Field(default_factory=list)
    effect_from: dt.date | None = None
    effect_until: dt.date | None = None
    until_event: str | None = None
    note: str
    uncertain: str | None = None
    source: str | None = None


class EventDoc(Doc):
    date: dt.date
    kind: Literal["history", "enforcement", "order_starts", "order_ends"]
    text: str
    citation: str | None = None


class LawDoc(Doc):
    title: str
    short_title: str
    jurisdiction: str
    jurisdiction_name: str
    citation: str
    status_on_as_of: str
    confidence: str
    verified_as_of: dt.date
    source_url: str
    uncertainties: list[str] = Field(default_factory=list)
    penalties: dict[str, R.PenaltyOut] = Field(default_factory=dict)
    cases: list[CaseDoc] = Field(default_factory=list)
    events: list[EventDoc] = Field(default_factory=list)


class UndeterminedDoc(Doc):
    law_id: str
    rule_id: str
    rule_title: str
    missing_facts: list[str]
    obligations: list[str] = Field(default_factory=list)


class SystemDoc(Doc):
    id: str
    name: str
    in_use_since: dt.date | None = None
    applicable_laws: list[str] = Field(default_factory=list)
    upcoming_laws: list[str] = Field(default_factory=list)
    counts: R.Counts
    obligations: list[InstanceDoc] = Field(default_factory=list)
    undetermined: list[UndeterminedDoc] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list,
                              description="'<law id>:<index>' into the law's `events`.")
    traces: dict[str, TraceDoc] = Field(default_factory=dict,
                                        description="By '<law id>#<rule id>'.")


class LawEvaluated(Doc):
    """A law that was evaluated: its recorded status and version (its title and citation are
    in `laws` when it has obligations, and in `policyatlas laws` in any case)."""

    law_id: str
    status: str
    effective: dt.date
    repealed: dt.date | None = None
    verified_as_of: dt.date
    confidence: str


class AssessmentDoc(Doc):
    contract: Literal["policyatlas.assessment/v2"] = CONTRACT
    generator: str
    as_of: dt.date
    organization: str
    counts: R.Tally
    laws_evaluated: list[LawEvaluated]
    laws: dict[str, LawDoc] = Field(default_factory=dict)
    obligations: dict[str, ObligationDoc] = Field(default_factory=dict)
    systems: list[SystemDoc]
    organization_obligations: list[OrgInstanceDoc] = Field(default_factory=list)
    subtrees: dict[str, list[NodeDoc]] = Field(
        default_factory=dict, description="Bodies of definitions that occur more than once in "
        "the traces, by id (a node's `body`).")
    to_decide: list[R.ToDecide] = Field(
        default_factory=list, description="Facts left unknown, ranked by the undetermined "
        "rules stating each would decide.")


