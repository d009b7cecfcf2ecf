"""Seeded generators of synthetic inventories, for property tests and benchmarks.

Values cluster on the thresholds the packs use (10^26 operations, $500M revenue, user counts)
so that the generated systems exercise both sides of every boundary; about one value in five is
left unknown so that three-valued logic is exercised too.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pyarrow as pa

from policyatlas.facts import inventory as I
from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.jurisdictions import expand, normalize

JURISDICTIONS = ["CA", "NY", "NYC", "TX", "WA", "IL", "CO", "NJ", "OR", "UT", "EU", "KR"]
COMPUTE = [0.0, 1e24, 5e25, 1e26, 1.0001e26, 3e26, 1e27]
REVENUE = [0.0, 1e6, 5e7, 5e8, 500_000_001.0, 1e9, 2e10]
DATES = [dt.date(2021, 12, 31), dt.date(2022, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
USERS = [0, 1_000, 49_999, 50_000, 100_000, 1_000_000, 1_000_001, 10_000_000]
CASES = ["xai-v-weiser"]  # court cases whose orders protect only their parties


def _values(enum: type) -> list[str]:
    return [m.value for m in enum]


def _maybe(rng: random.Random, value: Any, p_unknown: float = 0.2) -> Any:
    return None if rng.random() < p_unknown else value


def _subset(rng: random.Random, items: list[str], k_max: int) -> list[str]:
    return rng.sample(items, rng.randint(0, min(k_max, len(items))))


def inventory_dict(rng: random.Random, n_systems: int = 1, prefix: str = "s") -> dict[str, Any]:
    """One random inventory as plain data (validate it with ``Inventory.model_validate``)."""
    org = {
        "name": f"Org {rng.randrange(10**6)}",
        "does_business_in": _subset(rng, JURISDICTIONS, 4),
        "consumers_in": _subset(rng, JURISDICTIONS, 4),
        "employees_in": _subset(rng, JURISDICTIONS, 3),
        "annual_gross_revenue_usd": _maybe(rng, rng.choice(REVENUE)),
        "employee_count": _maybe(rng, rng.choice([0, 5, 50, 500, 5000])),
        "body_type": rng.choice(_values(I.BodyType)),
        "sectors": _subset(rng, _values(I.Sector), 2),
        "entity_types": _maybe(rng, _subset(rng, _values(I.EntityType), 2)),
        "personal_data_sold_or_shared_by_jurisdiction": {
            j: rng.choice(USERS) for j in _subset(rng, ["CA", "NY"], 2)},
        "revenue_share_from_personal_data_pct": _maybe(rng, rng.choice([0.0, 49.9, 50.0, 80.0])),
        "litigant_in": CASES if rng.random() < 0.1 else [],
        "offices_in": _subset(rng, JURISDICTIONS, 2),
        "lists_complete": rng.random() < 0.2,
        "provides_public_services": _maybe(rng, rng.random() < 0.2),
        "annual_revenue_krw": _maybe(rng, rng.choice([0.0, 1e10, 1e12, 1.5e12])),
        "kr_ai_service_revenue_krw": _maybe(rng, rng.choice([0.0, 9.99e9, 1e10, 5e10])),
        "kr_daily_users": _maybe(rng, rng.choice([0, 999_999, 1_000_000, 5_000_000])),
    }
    systems = []
    for i in range(n_systems):
        status = rng.choice(_values(I.TrainingStatus))
        used = None if status == "planned" else _maybe(rng, rng.choice(COMPUTE))
        planned = None
        if status != "completed":  # the intended total is at least what has been used
            planned = _maybe(rng, rng.choice([c for c in COMPUTE if used is None or c >= used]))
        interacts = _maybe(rng, rng.random() < 0.3)
        knows = None if interacts is False else _maybe(rng, bool(interacts) and rng.random() < 0.5)
        level = _maybe(rng, rng.choice(_values(I.MentalHealth)))
        shown = None if level == "none" else _maybe(rng, rng.random() < 0.2)
        # inventories written before the two mental-health facts give only the old one
        legacy = _maybe(rng, rng.random() < 0.1) if level is None and shown is None else None
        systems.append({
            "id": f"{prefix}{i}",
            "name": f"System {i}",
            "roles": rng.sample(_values(I.Role), rng.randint(1, 2)),
            "kinds": _subset(rng, _values(I.Kind), 3),
            "deployment": rng.choice(_values(I.Deployment)),
            "jurisdictions": _maybe(rng, _subset(rng, JURISDICTIONS, 5)),
            "lists_complete": _maybe(rng, rng.random() < 0.5),
            "job_locations": _maybe(rng, _subset(rng, JURISDICTIONS, 3)),
            "candidates_reside_in": _maybe(rng, _subset(rng, JURISDICTIONS, 4)),
            "training_compute_ops": used,
            "training_status": status,
            "planned_training_compute_ops": planned,
            "monthly_active_users": _maybe(rng, rng.choice(USERS)),
            "monthly_active_users_by_jurisdiction": {
                j: rng.choice(USERS) for j in _subset(rng, ["CA", "NY", "TX"], 2)},
            "content_modalities": _subset(rng, _values(I.Modality), 2),
            "decision_domains": _subset(rng, _values(I.Domain), 2),
            "decision_influence": _maybe(rng, rng.choice(_values(I.Influence))),
            "interacts_with_consumers": _maybe(rng, rng.random() < 0.5),
            "interacts_with_minors": interacts,
            "knows_users_are_minors": knows,
            "mental_health": level,
            "represented_as_professional_care": shown,
            "mental_health_support": legacy,
            "fda_regulated_device": _maybe(rng, rng.random() < 0.1),
            "offered_to_public_in_mainland_china": _maybe(rng, rng.random() < 0.2),
            "public_opinion_attributes": _maybe(rng, rng.random() < 0.2),
            "synthesis_functions": _maybe(rng, _subset(rng, _values(I.SynthesisFunction), 2)),
            "cn_filing_status": _maybe(rng, rng.choice(_values(I.CnFilingStatus))),
            "political_advertising": _maybe(rng, rng.random() < 0.05),
            "uses": _maybe(rng, _subset(rng, _values(I.Use), 2)),
            "data_categories": _maybe(rng, _subset(rng, _values(I.DataCategory), 2)),
            "companion_features": _maybe(rng, _subset(rng, _values(I.CompanionFeature), 4)),
            "depicts_people": _maybe(rng, _subset(rng, _values(I.Depiction), 2)),
            "human_review": _maybe(rng, rng.choice(_values(I.HumanReview))),
            "developed_in": _maybe(rng, _subset(rng, JURISDICTIONS, 2)),
            "first_released": _maybe(rng, rng.choice(DATES)),
            "in_use_since": _maybe(rng, rng.choice(DATES)),
            "directed_to_minors": _maybe(rng, rng.random() < 0.2),
            "hosts_user_content": _maybe(rng, rng.random() < 0.2),
            "federal_procurement": _maybe(rng, rng.random() < 0.1),
            "replicates_contracted_performers": _maybe(rng, rng.random() < 0.1),
            "eu_roles": _maybe(rng, _subset(rng, _values(I.EuRole), 2)),
            "eu_market": _maybe(rng, _subset(rng, _values(I.EuMarket), 2)),
            "annex_iii_areas": _maybe(rng, _subset(rng, _values(I.AnnexIIIArea), 2)),
            "annex_i_safety_component": _maybe(rng, rng.random() < 0.1),
            "annex_iii_derogation": _maybe(rng, rng.random() < 0.2),
            "performs_profiling": _maybe(rng, rng.random() < 0.3),
            "gpai_model": _maybe(rng, rng.random() < 0.2),
            "gpai_systemic_risk_designated": _maybe(rng, rng.random() < 0.05),
            "open_source_release": _maybe(rng, rng.random() < 0.2),
            "eu_significant_change": _maybe(rng, rng.random() < 0.2),
            "kr_high_impact": _maybe(rng, rng.random() < 0.2),
        })  # fmt: skip
    return {"organization": org, "systems": systems}


def inventories(n: int, seed: int = 0, systems_per_inventory: int = 1) -> list[I.Inventory]:
    rng = random.Random(seed)
    return [I.Inventory.model_validate(inventory_dict(rng, systems_per_inventory, f"i{k}-"))
            for k in range(n)]


def facts_table(n: int, columns: list[str], seed: int = 0) -> pa.Table:
    """``n`` synthetic systems as an Arrow fact table, generated column by column (fast).

    Same distributions as :func:`inventory_dict`, without building Pydantic objects, so that
    10^6 rows take seconds. Set facts draw from small pools of realistic combinations.
    """
    gen = np.random.default_rng(seed)
    cols: dict[str, pa.Array] = {"system_id": pa.array([f"s{i}" for i in range(n)])}
    for c in columns:
        name = c.partition("[")[0]
        fact = FACTS[name]
        if fact.type in ("number", "map"):
            pool = {"system.training_compute_ops": COMPUTE,
                    "system.planned_training_compute_ops": COMPUTE,
                    "org.annual_gross_revenue_usd": REVENUE}.get(name, USERS)
            values = np.asarray(pool, dtype="float64")[gen.integers(0, len(pool), n)]
            mask = gen.random(n) < 0.2
            cols[c] = pa.array(values, pa.float64(), mask=mask)
        elif fact.type == "date":
            days = np.asarray([(d - dt.date(1970, 1, 1)).days for d in DATES], dtype="int32")
            picks = days[gen.integers(0, len(days), n)]
            cols[c] = pa.array(picks, pa.int32(), mask=gen.random(n) < 0.2).cast(pa.date32())
        elif fact.type == "bool":
            cols[c] = pa.array(gen.random(n) < 0.5, pa.bool_(), mask=gen.random(n) < 0.2)
        elif fact.type == "enum":
            vals = np.asarray(fact.values, dtype=object)[gen.integers(0, len(fact.values), n)]
            cols[c] = pa.array(vals, pa.string())
        else:  # set: a pool of 64 random subsets, drawn per row
            universe = list(fact.values)
            if name == "org.litigant_in":
                universe = CASES
            elif name.endswith(("_in", "jurisdictions", "job_locations")):
                universe = expand([normalize(j) for j in JURISDICTIONS])
            pool = [sorted(str(x) for x in gen.choice(
                        universe, size=int(gen.integers(0, min(4, len(universe) + 1))),
                        replace=False)) for _ in range(64)]
            picks = gen.integers(0, len(pool), n)
            cols[c] = pa.array([pool[i] for i in picks], pa.list_(pa.string()))
    return pa.table(cols)
