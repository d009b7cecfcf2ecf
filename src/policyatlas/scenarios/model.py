"""The shape of a preemption scenario file (``scenarios/*.yaml``), as Pydantic models.

A scenario is a hypothetical (or actual) federal measure, like an OpenFisca reform: from a start
date, for a number of years, it preempts state and local obligations selected by ordered rules
over law and obligation attributes, keeps those its carve-outs protect, and may add federal
obligations (``adds``: a law pack in the usual format). Conditions are data in the same language
as law packs, over the facts in ``scenarios/facts.py``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from policyatlas.facts.jurisdictions import normalize
from policyatlas.rules.model import (
    SLUG,
    Condition,
    Confidence,
    PackModel,
    Source,
    Uncertainty,
)

SCENARIO_SCHEMA_VERSION = 1


class Effect(StrEnum):
    displaced = "displaced"  # unenforceable while the scenario is in force
    preserved = "preserved"  # carved out, or not reached
    contested = "contested"  # turns on interpretation or litigation
    federalized = "federalized"  # displaced and replaced by a federal duty on the same subject


REMOVING = {Effect.displaced.value, Effect.federalized.value}


class LegalStatus(StrEnum):
    actual = "actual"  # describes the law as it stands
    failed = "failed"  # voted down or struck
    abandoned = "abandoned"
    introduced = "introduced"  # a bill in Congress
    draft = "draft"  # a discussion draft, not introduced
    recommendation = "recommendation"  # a proposal without bill text
    user = "user"  # written by a user


class Mechanism(StrEnum):
    none = "none"
    enforcement_bar = "enforcement_bar"  # states may not enforce
    spending_condition = "spending_condition"  # states that take the funds may not enforce
    development_preemption = "development_preemption"  # only laws regulating development
    policy_conflict = "policy_conflict"  # laws that conflict with a federal policy / undue burden
    executive_action = "executive_action"  # litigation, agency statements, grant conditions


class Assumption(PackModel):
    about: str
    note: str


class ScenarioMeta(PackModel):
    id: str = Field(pattern=SLUG)
    title: str
    instrument: str = Field(description="The text modelled, with its date and version.")
    legal_status: LegalStatus
    status_note: str = Field(description="What became of it, with dates.")
    mechanism: Mechanism
    summary: str
    sources: list[Source] = Field(min_length=1)
    verified_as_of: dt.date
    confidence: Confidence
    assumptions: list[Assumption] = Field(
        default_factory=list, description="How ambiguous text is read here, and why.")
    uncertainties: list[Uncertainty] = Field(default_factory=list)


class Reaches(StrEnum):
    existing_and_new = "existing_and_new"
    new_only = "new_only"  # only laws signed on or after the start date


class FundingCondition(PackModel):
    text: str = Field(description="Which funds, and what a state must do to receive them.")
    citation: str
    accepting: list[str] | str = Field(
        default="all", description="States assumed to accept the funds: 'all', 'none' or a list "
        "of codes (the CLI's --accepting overrides it).")

    @field_validator("accepting")
    @classmethod
    def _codes(cls, v: list[str] | str) -> list[str] | str:
        if isinstance(v, str):
            if v not in ("all", "none"):
                raise ValueError("write 'all', 'none' or a list of state codes")
            return v
        return [normalize(x) for x in v]


class ScenarioRule(PackModel):
    id: str = Field(pattern=SLUG)
    title: str
    when: Condition
    effect: Effect
    citation: str = Field(min_length=1, description="The provision this rule reads.")
    reason: str | None = Field(default=None, description="Why, in plain language.")
    proviso: str | None = Field(
        default=None, description="A condition the text attaches to a carve-out (e.g. 'no undue "
        "burden'): obligations kept by this rule are flagged as contested.")
    confidence: Confidence = Confidence.medium
    replaced_by: list[str] = Field(
        default_factory=list, description="Obligation ids of `adds` that replace what this rule "
        "federalizes.")


class DefaultEffect(PackModel):
    effect: Effect
    citation: str
    reason: str
    confidence: Confidence = Confidence.medium


class Preemption(PackModel):
    starts: dt.date | None = Field(
        default=None, description="First day the preemption applies. Omit it for a text never "
        "enacted: it is then assumed enacted on the as-of date of each question.")
    years: int | None = Field(default=None, ge=1, le=100,
                              description="Sunset after this many years; none = no sunset.")
    reaches: Reaches = Reaches.existing_and_new
    funding_condition: FundingCondition | None = None
    rules: list[ScenarioRule] = Field(default_factory=list)
    default: DefaultEffect

    @model_validator(mode="after")
    def _unique(self) -> Preemption:
        ids = [r.id for r in self.rules]
        dup = next((i for i in ids if ids.count(i) > 1), None)
        if dup:
            raise ValueError(f"rule id '{dup}' is used twice")
        return self


class ScenarioFile(PackModel):
    schema_version: int = SCENARIO_SCHEMA_VERSION
    scenario: ScenarioMeta
    preemption: Preemption
    adds: dict[str, Any] | None = Field(
        default=None, description="Federal obligations the scenario adds: a law pack document "
        "(schema_version, law, parameters, penalties, definitions, rules), validated as one.")

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != SCENARIO_SCHEMA_VERSION:
            raise ValueError(f"this version reads scenario schema_version "
                             f"{SCENARIO_SCHEMA_VERSION}")
        return v

