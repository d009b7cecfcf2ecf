"""``policyatlas explain`` through the real command."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLE


def test_explain_why_not_as_json_and_table(cli):
    r = cli("explain", str(EXAMPLE), "helpdesk-bot", "us-ny/gbl-art47", "--as-of", "2026-11-23",
            "-f", "json")
    assert r.returncode == 0, r.stderr
    e = json.loads(r.stdout)
    assert e["verdict"] == "does_not_apply"
    rule = e["rules"][0]
    assert any(x["field"] == "systems[helpdesk-bot].companion_features" for x in rule["reasons"])
    table = cli("explain", str(EXAMPLE), "helpdesk-bot", "us-ny/gbl-art47", "--as-of",
                "2026-11-23")
    assert table.returncode == 0
    assert "DOES NOT APPLY" in table.stdout and "would apply if" in table.stdout
    assert "§1700" in table.stdout


def test_explain_why_it_applies_in_markdown(cli):
    r = cli("explain", str(EXAMPLE), "talentrank", "us-ny-nyc/ll144-2021", "--as-of",
            "2026-11-23", "-f", "md")
    assert r.returncode == 0, r.stderr
    assert "applies" in r.stdout and "→" in r.stdout and "would not apply if" in r.stdout


def test_explain_unknown_system_or_law(cli):
    r = cli("explain", str(EXAMPLE), "helpdesk", "us-ny/gbl-art47")
    assert r.returncode == 2 and "did you mean 'helpdesk-bot'?" in r.stderr
    r = cli("explain", str(EXAMPLE), "helpdesk-bot", "us-ny/gbl-art4")
    assert r.returncode == 2 and "did you mean 'us-ny/gbl-art47'?" in r.stderr
