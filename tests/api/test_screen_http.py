"""POST /api/v1/screen and GET /api/v1/screen/lists over HTTP: the screening/v1 document, and
problem documents (never a 5xx) for bad bodies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from policyatlas.api.app import create_app
from policyatlas.api.settings import Settings


@pytest.fixture(scope="module")
def http(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    mp.delenv("POLICYATLAS_SCREENING_DB", raising=False)
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as c:
        yield c
    mp.undo()


def test_screen(http):
    r = http.post("/api/v1/screen", json={"parties": [{"name": "Skydio, Inc.", "country": "US"},
                                                      {"name": "Nobody Listed Bakery"}],
                                          "as_of": "2025-06-01", "lists": ["cn"]})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["schema"] == "policyatlas.screening/v1" and doc["threshold"] == 0.88
    skydio, nobody = doc["parties"]
    assert skydio["country"] == "US" and nobody["status"] == "clear"
    uel = next(h for h in skydio["hits"] if h["list_id"] == "cn-unreliable-entity-list")
    assert uel["status"] == "suspended" and uel["is_hit"] and uel["announcement"]
    assert {x["list_id"] for x in doc["lists"]} == {"cn-unreliable-entity-list",
                                                    "cn-export-control-list", "cn-watch-list",
                                                    "cn-countermeasures"}


def test_removed_is_shown_not_counted(http):
    r = http.post("/api/v1/screen", json={"parties": [{"name": "Skydio, Inc."}],
                                          "as_of": "2026-01-01",
                                          "lists": ["cn-export-control-list"]})
    (hit,) = r.json()["parties"][0]["hits"]
    assert hit["status"] == "removed" and not hit["is_hit"] and hit["removed_on"] == "2025-11-10"
    assert r.json()["summary"]["hits"] == 0


@pytest.mark.parametrize("body, field", [
    ({"parties": []}, "parties"),
    ({"parties": [{"name": ""}]}, "parties[0].name"),
    ({"parties": [{"name": "x", "country": "Atlantis"}]}, "parties[0].country"),
    ({"parties": [{"name": "x", "type": "robot"}]}, "parties[0].type"),
    ({"parties": [{"name": "x"}], "threshold": 2}, "threshold"),
    ({"parties": [{"name": "x"}], "as_of": "2026-02-30"}, "as_of"),
    ({"parties": [{"name": "x"}], "thresh": 1}, "thresh"),
    ({"parties": [{"name": "x"}], "lists": ["us-entty-list"]}, "lists"),
])
def test_bad_bodies_are_problems(http, body, field):
    r = http.post("/api/v1/screen", json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"] and e["field"].startswith(field) for e in r.json()["errors"]), r.text


def test_malformed_json(http):
    r = http.post("/api/v1/screen", content=b'{"parties": [', headers={
        "content-type": "application/json"})
    assert r.status_code in (400, 422) and "problem" in r.headers["content-type"]


def test_lists(http):
    r = http.get("/api/v1/screen/lists")
    assert r.status_code == 200
    got = {x["list_id"]: x for x in r.json()["lists"]}
    assert got["us-sdn"]["rows"] == 19_249 and got["us-sdn"]["list_date"] == "2026-08-20"
    assert got["cn-unreliable-entity-list"]["jurisdiction"] == "cn"
    assert all(x["provenance"] and x["origin"] == "bundled" for x in got.values())
