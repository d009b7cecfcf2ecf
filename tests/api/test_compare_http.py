"""POST /api/v1/compare over HTTP: the comparison contract, Markdown in three languages, and
problem documents for bad input."""

from __future__ import annotations

import jsonschema

from policyatlas.cli.schemas import SCHEMAS
from tests.conftest import ROOT

SECOND = (ROOT / "examples" / "frontier-companion.yaml").read_text()


def _problem(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return r.json()


def test_compare_answers_the_contract(http):
    r = http.post("/api/v1/compare", params={"jurisdictions": "us-ca,us-ny,cn",
                                             "as_of": "2026-11-23"},
                  content=SECOND, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200, r.text
    doc = r.json()
    jsonschema.validate(doc, SCHEMAS["comparison"]())
    assert [c["code"] for c in doc["jurisdictions"]] == ["us-ca", "us-ny", "cn"]
    assess = http.post("/api/v1/assess", params={"as_of": "2026-11-23"}, content=SECOND).json()
    by_j = assess["counts"]["by_jurisdiction"]
    ca = doc["jurisdictions"][0]
    assert ca["counts"]["in_force"] == sum(by_j.get(j, {}).get("in_force", 0)
                                           for j in ca["includes"])
    kindred = next(b for b in doc["systems"] if b["id"] == "kindred")
    assert any(row["equivalences"] for row in kindred["categories"])


def test_compare_markdown_in_each_language(http):
    for lang, word in (("en", "What one satisfies of the other"),
                       ("zh-Hans", "履行一项可满足另一项的程度"),
                       ("zh-Hant", "履行一項可滿足另一項之程度")):
        r = http.post("/api/v1/compare", params={"jurisdictions": "us-ca,us-ny", "lang": lang,
                                                 "format": "md", "as_of": "2026-11-23",
                                                 "system": "kindred"}, content=SECOND)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/markdown") and word in r.text


def test_compare_bad_input_is_a_problem(http):
    p = _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ca,narnia"},
                           content=SECOND), 422)
    assert p["errors"][0]["field"] == "jurisdictions"
    assert "narnia" in p["errors"][0]["message"]
    _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ny,nyc"},
                       content=SECOND), 422)
    _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ca", "lang": "fr"},
                       content=SECOND), 422)
    _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ca", "format": "pdf"},
                       content=SECOND), 422)
    _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ca",
                                                  "system": "nobody"}, content=SECOND), 422)
    _problem(http.post("/api/v1/compare", params={"jurisdictions": "us-ca"}, content=""), 400)
    assert http.post("/api/v1/compare", content=SECOND).status_code == 422  # none given
