"""The status rules checked against recorded outcomes (TechEquity's California 2025 list:
Signed, Vetoed or Failed for each bill, from its final status in the 2025 legislative year).

Signed must be derived as ``enacted`` and Vetoed as ``vetoed``. Failed means "did not become law
in 2025": ``failed`` or ``dead`` match it, and so does a bill of the two-year 2025-2026 session
still short of passing both houses (``introduced``, ``passed_one_chamber``), which policyatlas
keeps pending because the session runs on to 2026 — the recorded outcome is a judgement on the
year, the derived status a statement of what the actions say. A Failed bill derived as
``passed_both``, ``enacted`` or ``vetoed``, or any other pair, is a mismatch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policyatlas.bills.model import BillRecord
from policyatlas.bills.status import derive_status

MATCHES = {"Signed": {"enacted"}, "Vetoed": {"vetoed"},
           "Failed": {"failed", "dead", "introduced", "passed_one_chamber"}}


@dataclass(frozen=True, slots=True)
class Outcome:
    bill: str
    recorded: str
    derived: str
    reason: str
    match: bool


def compare(records: list[BillRecord], as_of: dt.date | None = None) -> list[Outcome]:
    """Derived status against ``extra['recorded_outcome']`` for every record that has one."""
    out = []
    for rec in records:
        recorded = rec.extra.get("recorded_outcome")
        if not recorded:
            continue
        status = derive_status(rec, as_of)
        out.append(Outcome(rec.key, recorded, status.code, status.reason,
                           status.code in MATCHES.get(recorded, set())))
    return out


def agreement(outcomes: list[Outcome]) -> float:
    return sum(o.match for o in outcomes) / len(outcomes) if outcomes else 0.0
