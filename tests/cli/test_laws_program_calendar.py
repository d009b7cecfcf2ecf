"""`laws`, `law show`, `program` and `calendar` through the real command."""

from __future__ import annotations

import json

import jsonschema
from icalendar import Calendar

from policyatlas.cli.schemas import SCHEMAS
from tests.conftest import EXAMPLE, ROOT

SECOND = ROOT / "examples" / "frontier-companion.yaml"


def test_laws_json_contract_lists_every_law(cli):
    r = cli("laws", "--format", "json", "--as-of", "2026-11-23")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMAS["laws"]())
    ids = {law["law_id"] for law in doc["laws"]}
    assert len(ids) >= 40 and {"us-ca/sb53-2025", "us-co/sb26-189", "us-ny/raise-act"} <= ids
    for law in doc["laws"]:
        assert law["sources"] and law["effective"] and law["verified_as_of"]
        assert law["confidence"] in ("high", "medium", "low")


def test_laws_filters(cli):
    r = cli("laws", "-j", "NY", "-f", "json", "--as-of", "2026-11-23")
    ids = {law["law_id"] for law in json.loads(r.stdout)["laws"]}
    assert "us-ny-nyc/ll144-2021" in ids and all(i.startswith("us-ny") for i in ids)
    r = cli("laws", "--category", "bias_audit", "-f", "json")
    assert "us-ny-nyc/ll144-2021" in {x["law_id"] for x in json.loads(r.stdout)["laws"]}
    r = cli("laws", "--status", "repealed", "-f", "json", "--as-of", "2027-06-01")
    assert "us-co/sb24-205" in {x["law_id"] for x in json.loads(r.stdout)["laws"]}
    bad = cli("laws", "--category", "bias_audits")
    assert bad.returncode == 2 and "did you mean 'bias_audit'?" in bad.stderr
    bad = cli("laws", "-j", "XX")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_law_show(cli):
    r = cli("law", "show", "us-ca/sb53-2025")
    assert r.returncode == 0 and "Version history" in r.stdout and "§22757.12" in r.stdout
    j = json.loads(cli("law", "show", "us-ca/sb53-2025", "-f", "json").stdout)
    assert j["law"]["id"] == "us-ca/sb53-2025" and j["parameters"]
    bad = cli("law", "show", "us-ca/sb53")
    assert bad.returncode == 2 and "did you mean 'us-ca/sb53-2025'?" in bad.stderr


def test_program_takes_the_strictest_requirement(cli):
    r = cli("program", str(SECOND), "--as-of", "2027-01-01", "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMAS["program"]())
    cats = {c["category"]: c for c in doc["categories"]}
    incident = cats["incident_report"]
    # SB 53: 24 hours for imminent risk; RAISE: 72 hours; SB 53's general report: 15 days.
    # The bar is shown in the law's own units; the normalised figure only compares.
    bar = incident["response_deadline"]
    assert (bar["value"], bar["unit"], bar["comparable_hours"]) == (24, "hours", 24)
    assert bar["text"].startswith("24 hours")
    assert {"us-ca/sb53-2025", "us-ny/raise-act"} <= {r["law_id"] for r in
                                                       incident["requirements"]}
    assert cats["crisis_protocol"]["jurisdictions"] and cats["minor_protections"]


def test_calendar_table_json_and_ics(cli, tmp_path):
    ics = tmp_path / "duties.ics"
    r = cli("calendar", str(SECOND), "--from", "2026-11-23", "--to", "2027-12-31",
            "--ics", str(ics), "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMAS["calendar"]())
    events = doc["events"]
    starts = {(e["law_id"], e["date"]) for e in events if e["kind"] == "starts"}
    assert ("us-ny/raise-act", "2027-01-01") in starts
    assert ("us-ca/sb243-2025", "2027-07-01") in starts  # annual report to OSP
    assert any(e["kind"] == "recurring" and e["frequency"] == "quarterly" for e in events)
    cal = Calendar.from_ical(ics.read_bytes())
    vevents = list(cal.walk("VEVENT"))
    assert vevents and any("RRULE" in v for v in vevents)
    bad = cli("calendar", str(EXAMPLE), "--from", "2027-01-01", "--to", "2026-01-01")
    assert bad.returncode == 2 and "before --from" in bad.stderr
