"""`policyatlas scenario ...` and `policyatlas stats` through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT

INV = str(ROOT / "examples" / "frontier-companion.yaml")


def test_scenario_list_and_show(cli) -> None:
    r = cli("scenario", "list", "-f", "json")
    assert r.returncode == 0, r.stderr
    ids = {s["id"] for s in json.loads(r.stdout)["scenarios"]}
    assert {"status-quo", "house-moratorium-2025", "senate-bead-pause-2025",
            "cruz-blackburn-2025", "eo14365-recommendation", "wh-framework-2026",
            "hr5388-2025", "gaaia-draft-2026", "exec-only-2026"} <= ids
    r = cli("scenario", "show", "cruz-blackburn-2025")
    assert r.returncode == 0 and "child-online-safety" in r.stdout and "undue" in r.stdout
    r = cli("scenario", "show", "gaaia-draft-2026", "-f", "json")
    data = json.loads(r.stdout)
    assert data["adds"]["law"]["id"] == "us/gaaia-draft-2026"


def test_scenario_diff_inventory_formats(cli, tmp_path: Path) -> None:
    r = cli("scenario", "diff", "house-moratorium-2025", "--inventory", INV, "--as-of",
            "2026-11-23", "-f", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["contract"] == "policyatlas.scenario-diff/v1" and d["mode"] == "inventory"
    assert d["baseline"]["distinct_obligations"] > 0
    for fmt in ("table", "md", "csv"):
        out = tmp_path / f"diff.{fmt}"
        r = cli("scenario", "diff", "wh-framework-2026", "-i", INV, "--as-of", "2026-11-23",
                "-f", fmt, "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 0
    assert (tmp_path / "diff.csv").read_text().startswith("outcome,system_id,")


def test_scenario_diff_landscape_and_options(cli) -> None:
    r = cli("scenario", "diff", "senate-bead-pause-2025", "--as-of", "2026-11-23",
            "--accepting", "none", "-f", "json")
    d = json.loads(r.stdout)
    assert r.returncode == 0 and d["mode"] == "landscape" and not d["removed"]
    r = cli("scenario", "diff", "gaaia-draft-2026", "--as-of", "2026-11-23", "--enacted",
            "2027-01-01", "-f", "json")
    assert json.loads(r.stdout)["scenario"]["starts"] == "2027-01-01"


def test_scenario_bad_input(cli, tmp_path: Path) -> None:
    r = cli("scenario", "diff", "house-moratorum-2025")
    assert r.returncode == 2 and "did you mean 'house-moratorium-2025'" in r.stderr
    r = cli("scenario", "diff", "status-quo", "--accepting", "CA")
    assert r.returncode == 2 and "funding-condition" in r.stderr
    r = cli("scenario", "diff", "senate-bead-pause-2025", "--accepting", "Calfornia")
    assert r.returncode == 2 and "--accepting" in r.stderr
    r = cli("scenario", "diff", "status-quo", "--as-of", "2026-13-01")
    assert r.returncode == 2 and "not a date" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nscenario: {id: x\n", encoding="utf-8")
    out = tmp_path / "never.json"
    r = cli("scenario", "diff", str(bad), "-f", "json", "-o", str(out))
    assert r.returncode == 2 and f"{bad}:" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()
    r = cli("scenario", "validate", str(bad))
    assert r.returncode == 2 and f"{bad}:" in r.stderr


def test_stats_formats_and_chart(cli, tmp_path: Path) -> None:
    r = cli("stats", "--as-of", "2026-11-23", "-f", "json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["contract"] == "policyatlas.stats/v1" and s["laws"] >= 56
    by_state = {c["key"]: c["count"] for c in s["by_state"]}
    assert by_state["us-ca"] >= 10 and "us-ny-nyc" not in by_state  # NYC counts for NY
    assert sum(by_state.values()) == s["state_and_local_laws"]
    assert [c["key"] for c in s["by_year_effective"]] == sorted(
        c["key"] for c in s["by_year_effective"])
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    r = cli("stats", "--as-of", "2026-11-23", "--chart", str(svg), "-f", "csv")
    assert r.returncode == 0 and r.stdout.startswith("dimension,key,name,count")
    assert b"<svg" in svg.read_bytes()[:400] and b"CA" in svg.read_bytes()
    r = cli("stats", "--as-of", "2026-11-23", "--chart", str(png))
    assert r.returncode == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = cli("stats", "--chart", str(tmp_path / "map.gif"))
    assert r.returncode == 2 and "*.svg or *.png" in r.stderr
    assert not (tmp_path / "map.gif").exists()
