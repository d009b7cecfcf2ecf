"""Worked-example test cases that live beside each law (``tests.yaml``), OpenFisca-style.

Each case describes one organisation and one system, a date, and the exact set of that law's
obligations expected in force (and upcoming, and undetermined rules) on that date. Cases come
from the law's text or a cited summary, named in ``source``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from policyatlas.engine.assess import assess
from policyatlas.errors import Problem, UserError
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import PackSet
from policyatlas.rules.model import PackModel
from policyatlas.sourcefile import read_document
from policyatlas.validation import validate_doc

CASES_FILE = "tests.yaml"


class Expect(PackModel):
    in_force: list[str] = Field(description="Obligation ids of this law in force on as_of.")
    optional: list[str] = Field(
        default_factory=list, description="Safe harbours, defences and voluntary steps available "
        "on as_of (obligations marked optional).")
    upcoming: list[str] = Field(default_factory=list)
    blocked: list[str] = Field(default_factory=list, description="Obligations a court blocks.")
    undetermined: list[str] = Field(default_factory=list, description="Rule ids left unknown.")


class Case(PackModel):
    name: str
    source: str = Field(description="Where the example comes from: section or cited summary.")
    as_of: dt.date
    organization: dict[str, Any] = Field(default_factory=dict)
    system: dict[str, Any]
    expect: Expect


class CaseFile(PackModel):
    law: str
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class CaseResult:
    law_id: str
    name: str
    file: str
    line: int | None
    passed: bool
    detail: str


def load_case_file(path: Path) -> tuple[CaseFile, Any]:
    doc = read_document(path)
    return validate_doc(CaseFile, doc, "case file"), doc


def run_case(case: Case, law_id: str, packs: PackSet) -> tuple[bool, str]:
    org = {"name": "Example organisation", **case.organization}
    system = {"id": "system", "name": "System under test", **case.system}
    inventory = Inventory.model_validate({"organization": org, "systems": [system]})
    a = assess(inventory, case.as_of, packs)
    mine = [o for _, o in a.all_obligations() if o.law_id == law_id]
    got = {status: sorted(o.obligation_id for o in mine if o.status == status)
           for status in ("in_force", "optional", "upcoming", "blocked")}
    got["undetermined"] = sorted(u.rule_id for u in a.systems[0].undetermined
                                 if u.law_id == law_id)
    want = {k: sorted(v) for k, v in case.expect.model_dump().items()}
    diffs = []
    for k in want:
        if got[k] != want[k]:
            missing = sorted(set(want[k]) - set(got[k]))
            extra = sorted(set(got[k]) - set(want[k]))
            diffs.append(f"{k}: missing {missing or '[]'}, unexpected {extra or '[]'}")
    return not diffs, "; ".join(diffs) or "ok"


def run_cases(packs: PackSet, laws: list[str] | None = None) -> list[CaseResult]:
    """Run the worked examples of every law in ``packs`` (or of the given law ids)."""
    out: list[CaseResult] = []
    for law in packs:
        if laws and law.id not in laws:
            continue
        path = law.path.parent / CASES_FILE
        if not path.exists():
            out.append(CaseResult(law.id, "(no worked examples)", str(path), None, False,
                                  f"every law needs worked examples in {CASES_FILE}"))
            continue
        cf, doc = load_case_file(path)
        if cf.law != law.id:
            raise UserError(f"{path} names law '{cf.law}'",
                            [Problem(f"expected '{law.id}'", file=str(path),
                                     line=doc.line_of(("law",)), field="law")])
        for i, case in enumerate(cf.cases):
            try:
                ok, detail = run_case(case, law.id, packs)
            except Exception as exc:  # a malformed case inventory is a failed case, not a crash
                ok, detail = False, f"case could not run: {exc}"
            out.append(CaseResult(law.id, case.name, str(path), doc.line_of(("cases", i)),
                                  ok, detail))
    return out
