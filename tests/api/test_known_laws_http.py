"""The laws endpoints over HTTP with `binds`: known laws that bind only individuals or
government, and one of them in detail."""

from __future__ import annotations

from policyatlas.api import deps


def test_laws_binds_over_http(http):
    base = http.get(f"{deps.API}/laws").json()
    assert base["binds"] == "organizations"
    assert all(x["binds"] == "organizations" for x in base["laws"])
    ind = http.get(f"{deps.API}/laws", params={"binds": "individuals"}).json()
    assert len(ind["laws"]) >= 40 and all(x["why_no_duty"] for x in ind["laws"])
    gov = http.get(f"{deps.API}/laws", params={"binds": "government", "jurisdiction": "MD"})
    assert gov.status_code == 200
    assert [x["law_id"] for x in gov.json()["laws"]] == ["us-md/sb818-2024"]
    every = http.get(f"{deps.API}/laws", params={"binds": "all", "q": "deepfake"}).json()
    assert {x["binds"] for x in every["laws"]} >= {"organizations", "individuals"}


def test_unknown_binds_is_a_problem(http):
    r = http.get(f"{deps.API}/laws", params={"binds": "everyone"})
    assert r.status_code in (400, 422)
    assert "binds" in r.text


def test_known_law_detail_over_http(http):
    r = http.get(f"{deps.API}/laws/us-wa/hb1999-2024")
    assert r.status_code == 200
    doc = r.json()
    assert doc["known"]["label"] == "known — no duties for organisations"
    assert doc["rules"] == [] and doc["law"]["citation"].startswith("RCW")
