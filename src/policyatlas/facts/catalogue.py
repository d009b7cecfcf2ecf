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


def _opt(values: list[str] | None, complete: bool = False) -> list[str] | None:
    """A list the inventory may leave out: unknown, unless it declared its lists complete."""
    if values is None:
        return [] if complete else None
    return list(values)


def _system_complete(o: inv.Organization, s: inv.AISystem) -> bool:
    return o.lists_complete if s.lists_complete is None else s.lists_complete


def _offered_in_china(o: inv.Organization, s: inv.AISystem) -> bool | None:
    # A system offered or used nowhere in mainland China is not offered to its public; where it
    # is offered or used there, whether to the public is for the inventory to say.
    if s.offered_to_public_in_mainland_china is not None:
        return s.offered_to_public_in_mainland_china
    return None if "cn" in _system_jurisdictions(o, s) else False


# The list facts an inventory may leave out (unknown) or declare empty with `lists_complete:
# true` (fact name -> (section, field)); a value so filled is marked in every trace that reads it.
COMPLETABLE: dict[str, tuple[str, str]] = {
    "org.entity_types": ("organization", "entity_types"),
    "system.uses": ("system", "uses"),
    "system.data_categories": ("system", "data_categories"),
    "system.companion_features": ("system", "companion_features"),
    "system.depicts_people": ("system", "depicts_people"),
    "system.synthesis_functions": ("system", "synthesis_functions"),
}
# The key of system_facts' result naming the facts filled in by lists_complete.
STATED = "_stated_by_lists_complete"


def _system_jurisdictions(o: inv.Organization, s: inv.AISystem) -> list[str]:
    if s.jurisdictions is not None:
        return expand(s.jurisdictions)
    return expand([*o.does_business_in, *o.consumers_in, *o.employees_in])


def _job_locations(o: inv.Organization, s: inv.AISystem) -> list[str]:
    # Inventories written before this fact existed gave one list for hiring tools; it stands in.
    return _system_jurisdictions(o, s) if s.job_locations is None else expand(s.job_locations)


def _candidates_reside_in(o: inv.Organization, s: inv.AISystem) -> list[str]:
    if s.candidates_reside_in is None:
        return _system_jurisdictions(o, s)
    return expand(s.candidates_reside_in)


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
        Fact("org.offices_in", "set",
             "Where the organisation has an office or other physical location it operates from "
             "(expanded); empty if none is listed. An employment agency is 'located' where its "
             "office is (NYC DCWP AEDT guidance); a provider 'operating from a location within "
             "Colorado' has one there (C.R.S. §6-1-1708(3)(b)).",
             lambda o, s: expand(o.offices_in), _JUR),
        Fact("org.entity_types", "set", "Licences or registrations held (unknown if omitted).",
             lambda o, s: _opt(o.entity_types, o.lists_complete), _values(inv.EntityType)),
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
        Fact("org.provides_public_services", "bool",
             "A public-law body or a private entity providing public services (EU AI Act Art. "
             "27).", lambda o, s: o.provides_public_services),
        Fact("org.annual_revenue_krw", "number",
             "Total annual revenue in the preceding year, in Korean won (worldwide).",
             lambda o, s: o.annual_revenue_krw),
        Fact("org.kr_ai_service_revenue_krw", "number",
             "Revenue from AI services in the preceding year, in Korean won.",
             lambda o, s: o.kr_ai_service_revenue_krw),
        Fact("org.kr_daily_users", "number",
             "Average daily users in Korea over the preceding three months.",
             lambda o, s: o.kr_daily_users),
        Fact("system.roles", "set", "The organisation's roles for this system.",
             lambda o, s: list(s.roles), _values(inv.Role)),
        Fact("system.kinds", "set", "What kind of AI system it is.",
             lambda o, s: list(s.kinds), _values(inv.Kind)),
        Fact("system.deployment", "enum", "in_development, internal_use or deployed.",
             lambda o, s: s.deployment, _values(inv.Deployment)),
        Fact("system.jurisdictions", "set",
             "Where it is offered or used or affects people (expanded).",
             _system_jurisdictions, _JUR),
        Fact("system.job_locations", "set",
             "Employment tools: where the positions are located — offices where the job is done "
             "at least part time, or the office a fully remote job is associated with "
             "(expanded; defaults to system.jurisdictions).",
             _job_locations, _JUR),
        Fact("system.candidates_reside_in", "set",
             "Employment tools: where the candidates and employees assessed reside (expanded; "
             "defaults to system.jurisdictions).",
             _candidates_reside_in, _JUR),
        Fact("system.training_compute_ops", "number",
             "Training compute used so far, in integer or floating-point operations (for a "
             "completed model, the total, with fine-tuning, RL and material modifications).",
             lambda o, s: s.training_compute_ops),
        Fact("system.training_status", "enum",
             "planned (no run started), in_progress (a run or further training has started) or "
             "completed (the default).",
             lambda o, s: s.training_status, _values(inv.TrainingStatus)),
        Fact("system.planned_training_compute_ops", "number",
             "Total training compute the developer intends to use for a planned or in-progress "
             "model, counting planned fine-tuning, RL and modifications.",
             lambda o, s: s.planned_training_compute_ops),
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
             lambda o, s: _opt(s.uses, _system_complete(o, s)), _values(inv.Use)),
        Fact("system.data_categories", "set", "Data categories it processes (unknown if omitted).",
             lambda o, s: _opt(s.data_categories, _system_complete(o, s)),
             _values(inv.DataCategory)),
        Fact("system.companion_features", "set", "Relationship features (unknown if omitted).",
             lambda o, s: _opt(s.companion_features, _system_complete(o, s)),
             _values(inv.CompanionFeature)),
        Fact("system.depicts_people", "set", "Realistic depictions of people it generates.",
             lambda o, s: _opt(s.depicts_people, _system_complete(o, s)),
             _values(inv.Depiction)),
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
        Fact("system.knows_users_are_minors", "bool",
             "The operator actually knows one or more users are under 18 (e.g. from a stated "
             "age, age verification or a parent's notice).",
             lambda o, s: s.knows_users_are_minors),
        Fact("system.mental_health", "enum",
             "none, general_wellness (wellness, peer-style support, self-help; no therapy "
             "claimed) or therapy_or_professional_care (diagnoses, treats or improves mental or "
             "behavioural health, as a licensed professional would).",
             lambda o, s: s.mental_health, _values(inv.MentalHealth)),
        Fact("system.represented_as_professional_care", "bool",
             "Presented as a therapist or other mental-health professional, or as able to "
             "provide professional mental or behavioural health care.",
             lambda o, s: s.represented_as_professional_care),
        Fact("system.mental_health_support", "bool",
             "Offers, or is presented as offering, mental-health support or therapy of any kind.",
             lambda o, s: s.mental_health_support),
        Fact("system.fda_regulated_device", "bool",
             "Is, or is part of, a medical device subject to FDA oversight.",
             lambda o, s: s.fda_regulated_device),
        Fact("system.offered_to_public_in_mainland_china", "bool",
             "Provided to the public within mainland China (not research or internal use); "
             "false, unless stated, for a system offered or used nowhere in mainland China.",
             _offered_in_china),
        Fact("system.public_opinion_attributes", "bool",
             "Has public-opinion attributes or social-mobilisation capacity (China).",
             lambda o, s: s.public_opinion_attributes),
        Fact("system.synthesis_functions", "set",
             "What it generates or edits, in the kinds China's labelling rules distinguish.",
             lambda o, s: _opt(s.synthesis_functions, _system_complete(o, s)),
             _values(inv.SynthesisFunction)),
        Fact("system.cn_filing_status", "enum",
             "China algorithm / generative-AI filing: not_filed, pending or filed.",
             lambda o, s: s.cn_filing_status, _values(inv.CnFilingStatus)),
        Fact("system.political_advertising", "bool", "Used in political advertising.",
             lambda o, s: s.political_advertising),
        Fact("system.hosts_user_content", "bool",
             "Public forum primarily for user-generated content.",
             lambda o, s: s.hosts_user_content),
        Fact("system.federal_procurement", "bool",
             "Provided to US federal executive agencies under contract.",
             lambda o, s: s.federal_procurement),
        Fact("system.replicates_contracted_performers", "bool",
             "Creates or uses digital replicas of individuals engaged under personal or "
             "professional services agreements, in place of their in-person work.",
             lambda o, s: s.replicates_contracted_performers),
        Fact("system.eu_roles", "set", "The organisation's roles under the EU AI Act.",
             lambda o, s: _opt(s.eu_roles), _values(inv.EuRole)),
        Fact("system.eu_market", "set", "How the system reaches the EU (AI Act Art. 2(1)).",
             lambda o, s: _opt(s.eu_market), _values(inv.EuMarket)),
        Fact("system.annex_iii_areas", "set", "AI Act Annex III high-risk areas it is meant for.",
             lambda o, s: _opt(s.annex_iii_areas), _values(inv.AnnexIIIArea)),
        Fact("system.annex_i_safety_component", "bool",
             "Safety component of (or itself) an AI Act Annex I product needing third-party "
             "conformity assessment.", lambda o, s: s.annex_i_safety_component),
        Fact("system.annex_iii_derogation", "bool",
             "The provider documented that an Annex III system meets an Art. 6(3) condition.",
             lambda o, s: s.annex_iii_derogation),
        Fact("system.performs_profiling", "bool", "Profiles natural persons (GDPR Art. 4(4)).",
             lambda o, s: s.performs_profiling),
        Fact("system.gpai_model", "bool", "A general-purpose AI model (AI Act Art. 3(63)).",
             lambda o, s: s.gpai_model),
        Fact("system.gpai_systemic_risk_designated", "bool",
             "Designated by the Commission as a GPAI model with systemic risk.",
             lambda o, s: s.gpai_systemic_risk_designated),
        Fact("system.open_source_release", "bool",
             "Released under a free and open-source licence with weights public.",
             lambda o, s: s.open_source_release),
        Fact("system.eu_significant_change", "bool",
             "A legacy high-risk system significantly changed in design (AI Act Art. 111(2)).",
             lambda o, s: s.eu_significant_change),
        Fact("system.kr_high_impact", "bool",
             "High-impact AI under Korea's AI Framework Act (Art. 2(4)).",
             lambda o, s: s.kr_high_impact),
    ]
}  # fmt: skip


def system_facts(org: inv.Organization, system: inv.AISystem) -> dict[str, Any]:
    """All facts of one system, by fact name; under :data:`STATED`, the list facts the
    inventory left out and declared empty (``lists_complete``), if any."""
    out: dict[str, Any] = {name: f.read(org, system) for name, f in FACTS.items()}
    filled = frozenset(
        name for name, (section, field) in COMPLETABLE.items()
        if getattr(org if section == "organization" else system, field) is None
        and (org.lists_complete if section == "organization" else _system_complete(org, system)))
    if filled:
        out[STATED] = filled
    return out
