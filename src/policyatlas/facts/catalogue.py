"""The typed facts that rule conditions may test, and how each is read from an inventory.

A fact is evaluated per AI system (organisation facts are repeated on each of its systems).
Jurisdiction sets are *expanded*: a system used in New York City is also used in New York State
and in the United States. ``None`` means unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from policyatlas.facts import inventory as inv
from policyatlas.facts.jurisdictions import JURISDICTIONS, expand

FactType = Literal["bool", "number", "enum", "set", "map", "date"]


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: FactType
    description: str
    read: Callable[[inv.Organization, inv.AISystem], Any]
    values: tuple[str, ...] = ()  # allowed values for enum and set facts; keys for map facts


def _values(enum: type) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


_JUR = tuple(JURISDICTIONS)


def _opt(values: list[str] | None) -> list[str] | None:
    return None if values is None else list(values)


def _system_jurisdictions(o: inv.Organization, s: inv.AISystem) -> list[str]:
    if s.jurisdictions is not None:
        return expand(s.jurisdictions)
    return expand([*o.does_business_in, *o.consumers_in, *o.employees_in])


FACTS: dict[str, Fact] = {
    f.name: f
    for f in [
        Fact("org.annual_gross_revenue_usd", "number",
             "Annual gross revenue (USD, preceding calendar year, with affiliates).",
             lambda o, s: o.annual_gross_revenue_usd),
        Fact("org.employee_count", "number", "Headcount.", lambda o, s: o.employee_count),
        Fact("org.body_type", "enum", "private or public body.", lambda o, s: o.body_type,
             _values(inv.BodyType)),
        Fact("org.sectors", "set", "Sectors the organisation works in.",
             lambda o, s: list(o.sectors), _values(inv.Sector)),
        Fact("org.does_business_in", "set", "Where it does business (expanded).",
             lambda o, s: expand(o.does_business_in), _JUR),
        Fact("org.consumers_in", "set", "Where it has consumers or users (expanded).",
             lambda o, s: expand(o.consumers_in), _JUR),
        Fact("org.employees_in", "set", "Where it has employees or applicants (expanded).",
             lambda o, s: expand(o.employees_in), _JUR),
        Fact("org.entity_types", "set", "Licences or registrations held (unknown if omitted).",
             lambda o, s: _opt(o.entity_types), _values(inv.EntityType)),
        Fact("org.personal_data_subjects_in", "map",
             "Consumers whose personal information it processed last year, per jurisdiction.",
             lambda o, s: dict(o.personal_data_subjects_by_jurisdiction), _JUR),
        Fact("org.personal_data_sold_or_shared_in", "map",
             "Consumers whose personal information it bought, sold or shared last year.",
             lambda o, s: dict(o.personal_data_sold_or_shared_by_jurisdiction), _JUR),
        Fact("org.sensitive_data_subjects_in", "map",
             "Consumers whose sensitive personal information it processed last year.",
             lambda o, s: dict(o.sensitive_data_subjects_by_jurisdiction), _JUR),
        Fact("org.litigant_in", "set",
             "Court cases in which the organisation is a party an order protects (case ids).",
             lambda o, s: list(o.litigant_in)),
        Fact("org.revenue_share_from_personal_data_pct", "number",
             "Percent of revenue from selling or sharing personal information.",
             lambda o, s: o.revenue_share_from_personal_data_pct),
        Fact("system.roles", "set", "The organisation's roles for this system.",
             lambda o, s: list(s.roles), _values(inv.Role)),
        Fact("system.kinds", "set", "What kind of AI system it is.",
             lambda o, s: list(s.kinds), _values(inv.Kind)),
        Fact("system.deployment", "enum", "in_development, internal_use or deployed.",
             lambda o, s: s.deployment, _values(inv.Deployment)),
        Fact("system.jurisdictions", "set",
             "Where it is offered or used or affects people (expanded).",
             _system_jurisdictions, _JUR),
        Fact("system.training_compute_ops", "number",
             "Training compute in integer or floating-point operations.",
             lambda o, s: s.training_compute_ops),
        Fact("system.monthly_active_users", "number", "Monthly active users, all jurisdictions.",
             lambda o, s: s.monthly_active_users),
        Fact("system.monthly_active_users_in", "map",
             "Monthly active users in one jurisdiction (select it with `key:`).",
             lambda o, s: dict(s.monthly_active_users_by_jurisdiction), _JUR),
        Fact("system.content_modalities", "set", "Modalities of generated content.",
             lambda o, s: list(s.content_modalities), _values(inv.Modality)),
        Fact("system.decision_domains", "set", "Consequential-decision domains.",
             lambda o, s: list(s.decision_domains), _values(inv.Domain)),
        Fact("system.decision_influence", "enum", "Weight of its output in decisions.",
             lambda o, s: s.decision_influence, _values(inv.Influence)),
        Fact("system.uses", "set", "What it is used for (unknown if omitted).",
             lambda o, s: _opt(s.uses), _values(inv.Use)),
        Fact("system.data_categories", "set", "Data categories it processes (unknown if omitted).",
             lambda o, s: _opt(s.data_categories), _values(inv.DataCategory)),
        Fact("system.companion_features", "set", "Relationship features (unknown if omitted).",
             lambda o, s: _opt(s.companion_features), _values(inv.CompanionFeature)),
        Fact("system.depicts_people", "set", "Realistic depictions of people it generates.",
             lambda o, s: _opt(s.depicts_people), _values(inv.Depiction)),
        Fact("system.human_review", "enum", "Human review of outputs before use.",
             lambda o, s: s.human_review, _values(inv.HumanReview)),
        Fact("system.developed_in", "set", "Where it is developed or trained (expanded).",
             lambda o, s: None if s.developed_in is None else expand(s.developed_in), _JUR),
        Fact("system.first_released", "date", "First made publicly available.",
             lambda o, s: s.first_released),
        Fact("system.in_use_since", "date", "First used by the organisation.",
             lambda o, s: s.in_use_since),
        Fact("system.directed_to_minors", "bool", "Designed for or directed at minors.",
             lambda o, s: s.directed_to_minors),
        Fact("system.interacts_with_consumers", "bool", "Interacts directly with consumers.",
             lambda o, s: s.interacts_with_consumers),
        Fact("system.interacts_with_minors", "bool", "Interacts with minors.",
             lambda o, s: s.interacts_with_minors),
        Fact("system.mental_health_support", "bool", "Offers mental-health support.",
             lambda o, s: s.mental_health_support),
        Fact("system.political_advertising", "bool", "Used in political advertising.",
             lambda o, s: s.political_advertising),
        Fact("system.hosts_user_content", "bool",
             "Public forum primarily for user-generated content.",
             lambda o, s: s.hosts_user_content),
        Fact("system.federal_procurement", "bool",
             "Provided to US federal executive agencies under contract.",
             lambda o, s: s.federal_procurement),
    ]
}  # fmt: skip


def system_facts(org: inv.Organization, system: inv.AISystem) -> dict[str, Any]:
    """All facts of one system, by fact name."""
    return {name: f.read(org, system) for name, f in FACTS.items()}
