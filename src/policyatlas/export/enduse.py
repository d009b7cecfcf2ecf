"""The end-user facility as facts (end-uses.yaml, us-person.yaml): where it is, its country
groups on the date, and what it fabricates. Unknown stays unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.export.packs import EarRegime
from policyatlas.export.shipment import Facility

FACILITY_FIELDS = ("non_planar", "logic_node_nm", "nand_layers", "dram_half_pitch_nm",
                   "dram_cell_area_um2", "dram_density_gb_mm2", "dram_tsv_per_die")


def facility_facts(regime: EarRegime, f: Facility | None, default_country: str | None,
                   day: dt.date) -> dict[str, Any]:
    f = f or Facility()
    country = f.country or default_country
    if country:
        alias = regime.alias(country, day)
        country = alias.treated_as if alias else country
    groups = sorted({m.group for m in regime.groups_of(country, day)}) if country else None
    given = any(getattr(f, k) is not None for k in FACILITY_FIELDS)
    node_known = f.node_known if f.node_known is not None else (True if given else None)
    facts: dict[str, Any] = {
        "facility.country": country, "facility.groups": groups,
        "facility.products": list(f.products) if f.products is not None else None,
        "facility.node_known": node_known,
    }
    facts.update({f"facility.{k}": getattr(f, k) for k in FACILITY_FIELDS})
    return facts
