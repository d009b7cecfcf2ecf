"""One answer, every view: the same inventory on the same date gives the same counts of
obligations in force, upcoming, blocked, optional and undetermined — per system, per state and
per law — from `assess -f json`, `program`, `calendar`, the map, the XLSX report, the API and
the batch engine.

The bundled examples go through the real command (a new process); 200 generated inventories
(three systems each, values on every threshold, some organisations parties to a court order)
go through the same commands in this process, each at four dates: before and on a law's start
(SB 53, 2026-01-01), during the X.AI v. Weiser order (Colorado's SB 24-205 window) and after
Colorado's new law starts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from policyatlas.api.app import create_app
from policyatlas.api.settings import Settings
from policyatlas.engine.batch import evaluate_batch, facts_table, required_columns
from policyatlas.engine.compiled import compile_rules
from policyatlas.engine.results import STATUSES
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import state_abbr
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.i18n import text
from policyatlas.rules.loader import builtin_packs
from tests.conftest import ROOT, run_cli, run_cli_here

DATES = [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 7, 1), dt.date(2027, 1, 15)]
GENERATED = 200
EXAMPLES = [ROOT / "examples" / "acme-ai.yaml", ROOT / "examples" / "frontier-companion.yaml",
            ROOT / "examples" / "frontier-companion-cn.yaml"]

Counts = dict[str, dict[str, int]]  # key -> status -> n


def _zero() -> dict[str, int]:
    return dict.fromkeys(STATUSES, 0)


def _clean(table: dict) -> Counts:
    return {k: {s: n for s, n in v.items() if s in STATUSES} for k, v in table.items()
            if any(v.get(s) for s in STATUSES)}


def _from_obligations(doc: dict) -> tuple[Counts, Counts, Counts]:
    """Counts by system, state and law, from the obligation list itself."""
    by_system: Counts = {s["id"]: _zero() for s in doc["systems"]}
    by_state: Counts = defaultdict(_zero)
    by_law: Counts = defaultdict(_zero)
    items = [(s["id"], i) for s in doc["systems"] for i in s["obligations"]]
    items += [(None, i) for i in doc.get("organization_obligations", [])]
    for sid, i in items:
        law_id = doc["obligations"][i["key"]]["law_id"]
        if sid is not None:
            by_system[sid][i["status"]] += 1
        by_state[state_abbr(doc["laws"][law_id]["jurisdiction"])][i["status"]] += 1
        by_law[law_id][i["status"]] += 1
    return _clean(by_system), _clean(by_state), _clean(by_law)


def _program_by_law(doc: dict) -> Counts:
    by_law: Counts = defaultdict(_zero)
    for c in doc["categories"]:
        for group in ("requirements", "optional", "blocked"):
            for r in c[group]:
                by_law[r["law_id"]][r["status"]] += (len(r["systems"]) if r["scope"] == "system"
                                                    else 1)
    return _clean({law: {s: n for s, n in v.items() if s != "undetermined"}
                   for law, v in by_law.items()})


def _xlsx_by_state(data: bytes) -> Counts:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[text("en", "report.map")[:31]]
    out = {}
    for code, _, total, *values in ws.iter_rows(min_row=2, values_only=True):
        out[code] = dict(zip(STATUSES, values, strict=True))
        known = dict(zip(STATUSES, values, strict=True))
        assert total == sum(n for st, n in known.items() if st != "undetermined"), (code, total)
    return _clean(out)


def _xlsx_rows(data: bytes) -> int:
    wb = load_workbook(io.BytesIO(data))
    return wb[text("en", "report.obligations")[:31]].max_row - 1


def _check(path: Path, day: dt.date, http: TestClient, run, xlsx: Path | None) -> dict:
    """``xlsx``: where to write the XLSX report (None: no report)."""
    """Every view of one inventory file on one date; returns the assessment document."""
    iso = day.isoformat()
    r = run("assess", str(path), "--as-of", iso, "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    counts = doc["counts"]
    by_system, by_state, by_law = _from_obligations(doc)
    # The engine's counts are the counts of its own list.
    assert _clean(counts["by_system"]) == by_system
    assert _clean(counts["by_state"]) == by_state
    assert _clean(counts["by_law"]) == by_law
    overall = {s: counts["overall"][s] for s in STATUSES}
    assert overall == {s: sum(v[s] for v in by_state.values()) for s in STATUSES}
    known = {law: {s: n for s, n in v.items() if s != "undetermined"} for law, v in
             by_law.items()}
    known = _clean(known)

    prog = run("program", str(path), "--as-of", iso, "-f", "json")
    assert prog.returncode == 0, prog.stderr
    prog_doc = json.loads(prog.stdout)
    assert _program_by_law(prog_doc) == known
    assert {s: prog_doc["counts"][s] for s in STATUSES} == overall

    cal = run("calendar", str(path), "--from", iso, "-f", "json")
    assert cal.returncode == 0, cal.stderr
    cal_doc = json.loads(cal.stdout)
    assert {s: cal_doc["counts"][s] for s in STATUSES} == overall
    status = {(s["id"], i["key"]): i["status"] for s in doc["systems"] for i in s["obligations"]}
    for e in cal_doc["events"]:
        if e["kind"] == "recurring":
            for sid in e["systems"]:
                key = (sid, f"{e['law_id']}#{e['obligation_id']}")
                assert status.get(key, "in_force") in ("in_force", "upcoming"), (e, key)

    body = path.read_text(encoding="utf-8")
    api = http.post(f"/api/v1/assess?as_of={iso}", content=body).json()
    assert api["counts"] == counts
    m = http.post(f"/api/v1/map?as_of={iso}", content=body).json()
    tiles = {k: {s: v[s] for s in STATUSES} for k, v in m["states"].items()}
    assert _clean(tiles) == {k: v for k, v in by_state.items() if k in m["states"]}
    assert set(by_state) - set(m["states"]) <= {"US"} | set(m["outside_us"])
    for k, v in m["outside_us"].items():
        assert {s: v[s] for s in STATUSES} == by_state[k]
    if "US" in by_state:
        assert {s: m["federal"][s] for s in STATUSES} == by_state["US"]

    if xlsx is not None:
        out = xlsx / f"{path.stem}.xlsx"
        rep = run("report", str(path), "--format", "xlsx", "--as-of", iso, "-o", str(out))
        assert rep.returncode == 0, rep.stderr
        data = out.read_bytes()
        assert _xlsx_by_state(data) == by_state
        assert _xlsx_rows(data) == sum(sum(v.values()) for v in by_system.values()) + len(
            doc.get("organization_obligations", []))
    return doc


@pytest.fixture(scope="module")
def http():
    with TestClient(create_app(Settings())) as client:
        yield client


@pytest.mark.parametrize("day", DATES, ids=str)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_bundled_examples_agree_in_every_view(path, day, http, tmp_path):
    _check(path, day, http, run_cli, xlsx=tmp_path)


def _generated(tmp: Path) -> list[tuple[Path, Inventory]]:
    rng = random.Random(20261201)
    out = []
    for k in range(GENERATED):
        data = inventory_dict(rng, 3, f"g{k}-")
        if k % 7 == 0:  # parties to the Colorado order, in Colorado
            data["organization"]["litigant_in"] = ["xai-v-weiser"]
            data["organization"]["does_business_in"].append("CO")
        inv = Inventory.model_validate(data)
        path = tmp / f"inv-{k}.json"
        path.write_text(inv.model_dump_json(), encoding="utf-8")
        out.append((path, inv))
    return out


@pytest.mark.parametrize("day", DATES, ids=str)
def test_generated_inventories_agree_in_every_view(day, http, tmp_path):
    invs = _generated(tmp_path)
    seen: Counter[str] = Counter()
    expected_rows = {}
    for i, (path, _) in enumerate(invs):
        doc = _check(path, day, http, run_cli_here, xlsx=tmp_path if i % 20 == 0 else None)
        for sid, c in doc["counts"]["by_system"].items():
            expected_rows[sid] = c
            seen.update({s: n for s, n in c.items() if n})
    # The batch engine: every system of every inventory at once.
    packs = builtin_packs()
    ruleset = compile_rules(packs, day)
    table = evaluate_batch(facts_table([inv for _, inv in invs], required_columns(ruleset)),
                           day, packs)
    for row in table.to_pylist():
        want = expected_rows[row["system_id"]]
        assert {s: row[f"n_{s}"] for s in STATUSES} == {s: want[s] for s in STATUSES}
    assert len(table) == 3 * GENERATED
    # The generated population exercises every status on some date.
    assert seen["in_force"] and seen["undetermined"]
    if day == dt.date(2026, 7, 1):
        assert seen["blocked"] and seen["optional"] and seen["upcoming"]
