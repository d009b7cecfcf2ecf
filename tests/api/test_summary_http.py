"""POST /api/v1/summary: the executive summary as JSON, every figure the assessment's own."""

from __future__ import annotations

from tests.conftest import EXAMPLE

INVENTORY = EXAMPLE.read_text()
YAML = {"content-type": "application/yaml"}


def test_summary_figures_equal_the_assessment(http):
    a = http.post("/api/v1/assess?as_of=2026-11-23", content=INVENTORY, headers=YAML).json()
    r = http.post("/api/v1/summary?as_of=2026-11-23&lang=zh-Hans", content=INVENTORY, headers=YAML)
    assert r.status_code == 200, r.text
    x = r.json()
    assert x["contract"] == "policyatlas.summary/v1"
    for status, n in a["counts"]["overall"].items():
        assert x["counts"]["overall"][status] == n, status
    for sid, counts in a["counts"]["by_system"].items():
        for status, n in counts.items():
            assert x["counts"]["by_system"][sid][status] == n, (sid, status)
    # each key law's row adds up to the assessment's count for that law
    by_law = a["counts"]["by_law"]
    for row in x["grid"]:
        if row["law_id"]:
            total = sum(c["total"] for c in row["cells"].values())
            assert total == sum(by_law[row["law_id"]].values()), row["law_id"]
    assert x["horizon_days"] == 90
    assert all("2026-11-23" <= e["date"] <= x["horizon_end"] for e in x["due"])
    assert x["text"]["caveats"] and x["text"]["lines"][0].startswith("3")
    assert len(x["text"]["grid"]) == len(x["grid"])


def test_summary_bad_language_is_a_problem(http):
    r = http.post("/api/v1/summary?lang=xx", content=INVENTORY, headers=YAML)
    assert r.status_code == 422 or r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
