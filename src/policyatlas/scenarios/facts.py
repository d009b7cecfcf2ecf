"""The facts scenario rules may test: attributes of a state law and of one of its obligations.

Same ``Fact`` type as the AI-system catalogue, so scenario conditions use the pack condition
language and its validation. A ``contested`` profile attribute reads as unknown, which is what
makes a scenario outcome contested rather than decided.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from policyatlas.facts.catalogue import Fact
from policyatlas.facts.jurisdictions import JURISDICTIONS
from policyatlas.rules.conditions import iter_leaves
from policyatlas.rules.loader import Law, LoadedRule
from policyatlas.rules.model import LawProfile, Layer, Obligation, Status
from policyatlas.rules.taxonomy import categories, subjects

# Profile attributes that are true / false / contested.
ATTRIBUTES = ("ai_specific", "criminal_penalty", "child_safety", "state_own_use",
              "generally_applicable", "facilitative", "consumer_protection",
              "right_of_publicity", "insurance_business", "data_center_siting")  # fmt: skip
_DEVELOPER_ROLES = {"developer", "licensor"}


def _none(*_: object) -> None:  # values are computed by law_facts(), not read from an inventory
    return None


@cache
def scenario_facts(law_ids: tuple[str, ...], families: tuple[str, ...]) -> dict[str, Fact]:
    kinds = tuple(sorted({j.kind for j in JURISDICTIONS.values()}))
    facts = [
        Fact("law.id", "enum", "The law's id, e.g. us-ca/sb53-2025.", _none, law_ids),
        Fact("law.jurisdiction", "enum", "The law's jurisdiction code.", _none,
             tuple(JURISDICTIONS)),
        Fact("law.jurisdiction_kind", "enum", "state, city, district, territory or federal.",
             _none, kinds),
        Fact("law.family", "enum", "The family template the law belongs to.", _none, families),
        Fact("law.subject", "enum", "The law's subject (taxonomy subjects).", _none,
             tuple(subjects())),
        Fact("law.status", "enum", "Recorded status of the law.", _none,
             tuple(s.value for s in Status)),
        Fact("law.signed", "date", "Day the law was signed or enacted.", _none),
        Fact("law.layer", "enum", "development, use or both.", _none,
             tuple(x.value for x in Layer)),
        *(Fact(f"law.{a}", "bool", LawProfile.model_fields[a].description or a, _none)
          for a in ATTRIBUTES),
        Fact("obligation.category", "enum", "The obligation's taxonomy category.", _none,
             tuple(categories())),
        Fact("obligation.layer", "enum", "development or use (see docs/scenarios.md).", _none,
             ("development", "use")),
    ]
    return {f.name: f for f in facts}


def obligation_layer(law: Law, rule: LoadedRule, ob: Obligation) -> str | None:
    """development or use: the obligation's own layer, else the law's, else the rule's roles.

    A rule that only ever asks for the developer (or licensor) role is development-layer; one that
    never asks for it is use-layer; a rule that asks for both, or for no role, is left unknown.
    """
    if ob.layer is not None and ob.layer != "both":
        return str(ob.layer)
    profile = law.meta.profile
    if profile is not None and profile.layer != "both":
        return str(profile.layer)
    roles: set[str] = set()
    for leaf in iter_leaves(rule.condition, law.definitions):
        if leaf.fact == "system.roles" and leaf.op in ("contains", "contains_any"):
            vals = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            roles.update(str(v) for v in vals)
    if not roles:
        return None
    if roles <= _DEVELOPER_ROLES:
        return "development"
    if not roles & _DEVELOPER_ROLES:
        return "use"
    return None


def law_facts(law: Law) -> dict[str, Any]:
    """Facts about a law (contested attributes, or a missing profile, read as unknown)."""
    m = law.meta
    p = m.profile
    out: dict[str, Any] = {
        "law.id": law.id, "law.jurisdiction": m.jurisdiction,
        "law.jurisdiction_kind": JURISDICTIONS[m.jurisdiction].kind
        if m.jurisdiction in JURISDICTIONS else None,
        "law.family": m.family or law.pack.template, "law.status": m.status,
        "law.signed": m.dates.signed, "law.subject": p.subject if p else None,
        "law.layer": str(p.layer) if p else None,
    }  # fmt: skip
    for a in ATTRIBUTES:
        v = getattr(p, a) if p else None
        out[f"law.{a}"] = v if isinstance(v, bool) else None
    return out


def obligation_facts(law: Law, rule: LoadedRule, ob: Obligation,
                     base: dict[str, Any] | None = None) -> dict[str, Any]:
    facts = dict(base if base is not None else law_facts(law))
    facts["obligation.category"] = ob.category
    facts["obligation.layer"] = obligation_layer(law, rule, ob)
    return facts


def signed_on(law: Law) -> dt.date:
    """The day a law was made (signed, else effective): what 'new laws only' compares."""
    return law.meta.dates.signed or law.meta.dates.effective
