"""Saved assessments on SQLite (the default) and on a real PostgreSQL server: what a later run
says changed — the laws, the inventory, the as-of date."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from ruamel.yaml import YAML

from policyatlas.api.local import serve
from policyatlas.api.saved import SavedAssessments, compare, pack_versions
from policyatlas.api.settings import Settings
from policyatlas.engine.assess import assess
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.load import load_inventory
from policyatlas.rules.loader import builtin_packs
from tests.api.conftest import API_KEY
from tests.conftest import EXAMPLE

DAY = dt.date(2026, 11, 23)


def _roundtrip(store: SavedAssessments) -> None:
    packs = builtin_packs()
    inv = load_inventory(EXAMPLE)
    saved = store.save("baseline", inv, assess(inv, DAY, packs), packs)
    row = store.get(saved["id"])
    assert row["inventory"]["organization"]["name"] == inv.organization.name
    assert row["packs"] == pack_versions(packs)
    assert row["result"]["contract"] == "policyatlas.assessment/v2"
    assert store.list()[0]["id"] == saved["id"]

    same = compare(row, inv, assess(inv, DAY, packs), packs)
    assert same["changed_because"] == []
    assert not any(same["duties"].values())

    # The inventory changes: one system drops out.
    data = inv.model_dump(mode="json")
    gone = data["systems"].pop()["id"]
    smaller = Inventory.model_validate(data)
    diff = compare(row, smaller, assess(smaller, DAY, packs), packs)
    assert diff["changed_because"] == ["inventory"]
    assert diff["inventory"]["systems_removed"] == [gone]
    assert diff["duties"]["removed"] and not diff["duties"]["added"]
    # its own duties, and the organisation-wide duties only it gave rise to
    assert gone in {d["system"] for d in diff["duties"]["removed"]}
    assert {d["system"] for d in diff["duties"]["removed"]} <= {gone, "(organization)"}

    # The laws change: a pack's fingerprint differs from the one saved.
    row["packs"] = {**row["packs"], "us-ca/sb53-2025": "2025-01-01:0000"}
    del row["packs"]["us-tx/hb149-2025"]
    laws = compare(row, inv, assess(inv, DAY, packs), packs)
    assert laws["changed_because"] == ["laws"]
    assert laws["laws"] == {"added": ["us-tx/hb149-2025"], "removed": [],
                            "changed": ["us-ca/sb53-2025"]}
    assert store.delete(saved["id"]) and store.get(saved["id"]) is None


def test_sqlite(tmp_path):
    _roundtrip(SavedAssessments(f"sqlite:///{tmp_path / 'saved.sqlite'}"))


def test_postgresql(postgres_url):
    store = SavedAssessments(postgres_url)
    assert store.engine.dialect.name == "postgresql"
    _roundtrip(store)


def test_postgresql_through_the_service(postgres_url):
    settings = Settings(api_key=API_KEY, database_url=postgres_url)
    with serve(settings) as url, httpx.Client(base_url=url, timeout=60) as http:
        text = EXAMPLE.read_text()
        r = http.post("/api/v1/assessments?as_of=2026-11-23&name=pg", content=text,
                      headers={"x-api-key": API_KEY})
        assert r.status_code == 201, r.text
        ident = r.json()["id"]
        data = YAML(typ="safe").load(text)
        data["systems"] = data["systems"][:1]
        import json

        later = http.post(f"/api/v1/assessments/{ident}/compare?as_of=2027-06-01",
                          content=json.dumps(data, default=str),
                          headers={"content-type": "application/json"}).json()
        assert set(later["changed_because"]) == {"inventory", "as_of"}
        assert later["inventory"]["systems_removed"]
        unchanged = http.post(f"/api/v1/assessments/{ident}/compare").json()
        assert unchanged["changed_because"] == []


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-dir/x/saved.sqlite"])
def test_unusable_database_is_a_problem_not_a_crash(url):
    with serve(Settings(api_key=API_KEY, database_url=url)) as base, \
            httpx.Client(base_url=base) as http:
        r = http.get("/api/v1/assessments")
        assert r.status_code == 503
        assert r.json()["type"] == "urn:policyatlas:problem:database-unavailable"
        assert r.headers["content-type"].startswith("application/problem+json")
