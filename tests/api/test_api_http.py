"""The service over HTTP: each endpoint, and bad requests answered with RFC 9457 problem
details — never a 500."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import API_KEY
from tests.conftest import EXAMPLE, ROOT

PROBLEM = "application/problem+json"
INVENTORY = EXAMPLE.read_text()
SHIPMENT = (ROOT / "examples" / "shipment-h20-china.yaml").read_text()


def is_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_openapi_is_published(http):
    spec = http.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in ("/api/v1/assess", "/api/v1/laws", "/api/v1/laws/{law_id}", "/api/v1/calendar",
                 "/api/v1/program", "/api/v1/scenarios/{ident}/diff", "/api/v1/export/classify",
                 "/api/v1/export/check", "/api/v1/bills/search", "/api/v1/assessments",
                 "/api/v1/report"):
        assert path in paths, path
    assert "application/yaml" in paths["/api/v1/assess"]["post"]["requestBody"]["content"]


def test_assess_yaml_and_json(http):
    r = http.post("/api/v1/assess?as_of=2026-11-23", content=INVENTORY,
                  headers={"content-type": "application/yaml"})
    assert r.status_code == 200
    a = r.json()
    assert a["contract"] == "policyatlas.assessment/v2" and a["systems"]
    from ruamel.yaml import YAML

    as_json = json.dumps(YAML(typ="safe").load(INVENTORY), default=str)
    r2 = http.post("/api/v1/assess?as_of=2026-11-23", content=as_json,
                   headers={"content-type": "application/json"})
    assert r2.json()["systems"] == a["systems"]


def test_map_counts_match_the_assessment(http):
    m = http.post("/api/v1/map?as_of=2026-11-23", content=INVENTORY).json()
    assert m["svg"].startswith("<svg") and 'data-state="CA"' in m["svg"]
    assert m["states"]["CA"]["in_force"] > 0
    assert "us-ca/sb53-2025" in m["states"]["CA"]["laws"]
    assert "us-ny-nyc/ll144-2021" in m["states"]["NY"]["laws"]  # the city counts for its state
    a = http.post("/api/v1/assess?as_of=2026-11-23", content=INVENTORY).json()
    ca = [(s["id"], i["key"]) for s in a["systems"] for i in s["obligations"]
          if i["key"].startswith("us-ca/") and i["status"] == "in_force"]
    ca += [(None, i["key"]) for i in a["organization_obligations"]  # each counted once
           if i["key"].startswith("us-ca/") and i["status"] == "in_force"]
    assert m["states"]["CA"]["in_force"] == len(ca) == a["counts"]["by_state"]["CA"]["in_force"]


def test_laws_calendar_program_scenarios_export(http):
    laws = http.get("/api/v1/laws", params={"jurisdiction": "us-co"}).json()["laws"]
    assert {law["law_id"] for law in laws} >= {"us-co/sb24-205"}
    found = http.get("/api/v1/laws", params={"q": "deepfake"}).json()["laws"]
    assert found and all("deepfake" in (f["title"] + f["short_title"] + f["citation"]
                                        + f["law_id"]).lower() for f in found)
    law = http.get("/api/v1/laws/us-ca/sb53-2025").json()
    assert law["law"]["citation"]
    cal = http.post("/api/v1/calendar?from=2026-11-23", content=INVENTORY).json()
    assert cal["contract"] == "policyatlas.calendar/v1" and cal["events"]
    prog = http.post("/api/v1/program?as_of=2026-11-23", content=INVENTORY).json()
    assert prog["categories"]
    ids = [s["id"] for s in http.get("/api/v1/scenarios").json()]
    assert "house-moratorium-2025" in ids
    diff = http.post("/api/v1/scenarios/house-moratorium-2025/diff?as_of=2026-11-23",
                     content=INVENTORY).json()
    assert diff["mode"] == "inventory" and diff["removed"]
    landscape = http.post("/api/v1/scenarios/status-quo/diff?as_of=2026-11-23").json()
    assert landscape["mode"] == "landscape"
    chips = http.post("/api/v1/export/classify?as_of=2026-11-23", json={"chips": [
        {"name": "H100", "datacenter": True, "dense": {"fp8": 1979}, "die_area_mm2": 814}]})
    assert chips.json()["chips"][0]["eccn"] == "3A090.a"
    check = http.post("/api/v1/export/check", content=SHIPMENT).json()
    assert check["contract"] == "policyatlas.export-check/v1"


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("post", "/api/v1/assess", {"content": '{"organization": ', "headers":
                                {"content-type": "application/json"}}, 400),
    ("post", "/api/v1/assess", {"content": "organization: [unclosed"}, 400),
    ("post", "/api/v1/assess", {"content": ""}, 400),
    ("post", "/api/v1/assess", {"content": b"\xff\xfe\x00"}, 400),
    ("post", "/api/v1/assess", {"content": "organization: x\nsystems: 3\n"}, 422),
    ("post", "/api/v1/assess?as_of=yesterday", {"content": INVENTORY}, 422),
    ("post", "/api/v1/assess", {"content": "x" * 300_000}, 413),
    ("get", "/api/v1/laws/us-zz/no-such-law", {}, 404),
    ("get", "/api/v1/scenarios/no-such-scenario", {}, 404),
    ("post", "/api/v1/scenarios/status-quo/diff?contested=maybe", {}, 422),
    ("post", "/api/v1/export/classify", {"json": {"chips": [{"dense": {"fp8": 1}}]}}, 422),
    ("post", "/api/v1/report?format=docx", {"content": INVENTORY}, 422),
    ("post", "/api/v1/report?lang=fr", {"content": INVENTORY}, 422),
    ("get", "/api/v1/no-such-endpoint", {}, 404),
    ("delete", "/api/v1/laws", {}, 405),
    ("get", "/api/v1/assessments/0000", {}, 404),
    ("get", "/api/v1/i18n/fr", {}, 404),
    ("get", "/api/v1/bills/search?q=ai&limit=0", {}, 422),
])
def test_bad_requests_are_problem_details(http, method, path, kwargs, status):
    body = is_problem(getattr(http, method)(path, **kwargs), status)
    assert body["instance"] == path.split("?")[0]


def test_validation_problem_names_the_field(http):
    r = http.post("/api/v1/assess", content="organization: x\nsystems: 3\n")
    body = is_problem(r, 422)
    assert any(e["field"] == "systems" and e["line"] == 2 for e in body["errors"])


def test_streamed_oversized_body_is_refused(http):
    def chunks():
        for _ in range(30):
            yield b"x" * 10_000

    is_problem(http.post("/api/v1/assess", content=chunks()), 413)


def test_writes_need_the_api_key(http):
    is_problem(http.post("/api/v1/assessments", content=INVENTORY), 401)
    is_problem(http.post("/api/v1/assessments", content=INVENTORY,
                         headers={"x-api-key": "wrong"}), 401)
    r = http.post("/api/v1/assessments?as_of=2026-11-23&name=q4", content=INVENTORY,
                  headers={"x-api-key": API_KEY})
    assert r.status_code == 201
    saved = r.json()
    assert r.headers["location"] == f"/api/v1/assessments/{saved['id']}"
    assert any(s["id"] == saved["id"] for s in http.get("/api/v1/assessments").json())
    is_problem(http.delete(f"/api/v1/assessments/{saved['id']}"), 401)
    assert http.delete(f"/api/v1/assessments/{saved['id']}",
                       headers={"x-api-key": API_KEY}).status_code == 204
    is_problem(http.get(f"/api/v1/assessments/{saved['id']}"), 404)


def test_reports_download(http):
    for fmt, magic in (("html", b"<!doctype html>"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        r = http.post(f"/api/v1/report?format={fmt}&lang=zh-Hans&as_of=2026-11-23",
                      content=INVENTORY)
        assert r.status_code == 200 and r.content.startswith(magic), fmt


def test_no_bill_store_is_a_problem(http, monkeypatch):
    body = http.get("/api/v1/bills/stats").json()
    assert body.get("contract") == "policyatlas.bill-stats/v1" or body["status"] == 503


def test_explain_over_http(http):
    r = http.post("/api/v1/explain?system=helpdesk-bot&law=us-ny/gbl-art47&as_of=2026-11-23",
                  content=INVENTORY)
    assert r.status_code == 200, r.text
    e = r.json()
    assert e["contract"] == "policyatlas.explanation/v1" and e["verdict"] == "does_not_apply"
    assert e["rules"][0]["would_apply_if"]
    bad = http.post("/api/v1/explain?system=nope&law=us-ny/gbl-art47", content=INVENTORY)
    assert is_problem(bad, 422)["errors"][0]["fix"].startswith("did you mean") or \
        "nope" in bad.json()["title"]
