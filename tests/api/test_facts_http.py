"""GET /api/v1/facts: the definitions of the inventory's facts, in each language."""

from __future__ import annotations

from policyatlas.cli.schemas import facts_schema


def test_facts_in_english_by_default(http):
    r = http.get("/api/v1/facts")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = r.json()
    assert doc == facts_schema("en")  # the document of `policyatlas schema facts`
    roles = doc["facts"]["system.roles"]
    assert roles["field"] == "systems[].roles"
    assert roles["values"]["employer_agent"]["label"] == "Employer's agent"
    assert doc["fields"]["systems[].id"]["label"] == "Id"


def test_facts_in_chinese(http):
    hans = http.get("/api/v1/facts", params={"lang": "zh-Hans"}).json()
    hant = http.get("/api/v1/facts", params={"lang": "zh-Hant"}).json()
    assert hans["lang"] == "zh-Hans" and hant["lang"] == "zh-Hant"
    assert hans["facts"]["system.roles"]["question"] == "组织对该系统担任哪些角色？"  # noqa: RUF001
    assert hant["facts"]["system.roles"]["question"] == "組織對該系統擔任哪些角色？"  # noqa: RUF001


def test_unknown_language_is_a_problem(http):
    r = http.get("/api/v1/facts", params={"lang": "fr"})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 422 and "fr" in body["title"]


def test_published_in_openapi(http):
    spec = http.get("/api/v1/openapi.json").json()
    params = spec["paths"]["/api/v1/facts"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["lang"]
