"""`policyatlas assess` through the real command."""

from __future__ import annotations

import json

import jsonschema

from policyatlas.cli.schemas import assessment_schema
from tests.conftest import EXAMPLE


def test_table_shows_both_laws_with_citations(cli):
    r = cli("assess", str(EXAMPLE), "--as-of", "2026-11-23")
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.split())
    for needle in ("us-ca/sb53-2025", "us-ny-nyc/ll144-2021", "§22757.12", "§20-871",
                   "within 15 days", "ten business days"):
        assert needle in text or needle in r.stdout, needle


def test_json_validates_against_published_schema(cli):
    r = cli("assess", str(EXAMPLE), "--as-of", "2026-11-23", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, assessment_schema())
    assert doc["contract"] == "policyatlas.assessment/v2"
    laws = {s["id"]: set(s["applicable_laws"]) for s in doc["systems"]}
    assert "us-ny-nyc/ll144-2021" in laws["talentrank"]
    assert "us-ca/sb53-2025" in laws["atlas-2"]
    assert "us-ca/sb53-2025" not in laws["helpdesk-bot"] | laws["talentrank"]
    assert all(not s.get("undetermined") for s in doc["systems"])  # the example is complete
    atlas = doc["systems"][2]
    inst = next(i for i in atlas["obligations"] if i["key"].startswith("us-ca/sb53-2025#"))
    ob = doc["obligations"][inst["key"]]
    for key in ("law_id", "category", "citation", "effective_from", "rule_id"):
        assert ob[key] not in (None, "")
    assert doc["laws"][ob["law_id"]]["jurisdiction"] == "us-ca"
    assert atlas["traces"][f"{ob['law_id']}#{ob['rule_id']}"]["condition"]["kind"] == "ref"
    # The whole document is small: each obligation, law and shared trace written once (with
    # a full trace copy per obligation it was 1.28 MB for 58 laws; 187 KB for 104 laws now).
    assert len(r.stdout.encode("utf-8")) <= 250_000


def test_as_of_before_sb53_moves_its_duties_to_upcoming(cli):
    r = cli("assess", str(EXAMPLE), "--as-of", "2025-12-31", "--format", "json")
    doc = json.loads(r.stdout)
    atlas = next(s for s in doc["systems"] if s["id"] == "atlas-2")
    sb53 = [i for i in atlas["obligations"] if i["key"].startswith("us-ca/sb53-2025#")]
    assert sb53 and {i["status"] for i in sb53} == {"upcoming"}
    assert "us-ca/sb53-2025" in atlas["upcoming_laws"]
    assert {doc["obligations"][i["key"]]["effective_from"] for i in sb53} == {"2026-01-01"}
    table = cli("assess", str(EXAMPLE), "--as-of", "2025-12-31")
    assert "from 2026-01-01" in table.stdout


def test_markdown_and_output_file(cli, tmp_path):
    target = tmp_path / "report.md"
    r = cli("assess", str(EXAMPLE), "--as-of", "2026-11-23", "-f", "md", "-o", str(target))
    assert r.returncode == 0, r.stderr
    md = target.read_text()
    assert md.startswith("# AI obligations of Acme AI, Inc.")
    assert "| New York City | us-ny-nyc/ll144-2021 |" in md


def test_schema_commands(cli):
    for name in ("inventory", "pack", "assessment", "facts"):
        r = cli("schema", name)
        assert r.returncode == 0 and json.loads(r.stdout)
    inv = json.loads(cli("schema", "inventory").stdout)
    assert "training_compute_ops" in json.dumps(inv)
