# ruff: noqa: RUF001  (Chinese announcement numbers and full-width punctuation)
"""screen(): hits per party with each entry's status on the date — listed, suspended (a hit, said
so), removed and listed later (not hits, shown) — naming the list, entry, dates, citation, URL
and reasons; the bundled lists on a fresh install; bad input as located errors."""

from __future__ import annotations

import datetime as dt

import pytest

from policyatlas.errors import UserError
from policyatlas.screening.lists import read_path
from policyatlas.screening.screen import SCHEMA, Party, screen
from policyatlas.screening.store import ScreeningStore
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "screening"
D = dt.date
CN = ["cn-unreliable-entity-list", "cn-export-control-list", "cn-watch-list",
      "cn-countermeasures"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("screen") / "s.sqlite"
    with ScreeningStore(db) as st:
        st.ingest(read_path(DATA / "cn"))
        st.ingest(read_path(DATA / "nsfreg" / "state_nonproliferation.json"))
        st.ingest(read_path(DATA / "nsfreg" / "bis_entity_list.json"))
    st = ScreeningStore(db, create=False)
    yield st
    st.close()


def statuses(result, party=0):
    return sorted((h.entry.list_id, h.status) for h in result.parties[party].hits)


def test_suspended_is_a_hit_and_says_so(store):
    r = screen(["Skydio, Inc."], D(2025, 6, 1), lists=["cn-unreliable-entity-list"], store=store)
    (hit,) = r.parties[0].hits
    assert hit.status == "suspended" and hit.is_hit and r.parties[0].is_hit
    d = hit.as_dict(r.as_of)
    assert d["suspension"] == {"from": "2025-05-14", "to": "2026-11-09"}
    assert "suspended from 2025-05-14 to 2026-11-09" in d["note"]
    assert "〔2025〕7号" in d["announcement"] and d["url"].startswith("https://")
    assert d["listed_on"] == "2025-04-04" and d["reasons"]


def test_removed_before_as_of_is_not_a_hit(store):
    eight = [e for e in store.entries("cn-unreliable-entity-list")
             if e.announcement and "〔2025〕8号" in e.announcement]
    name = eight[0].name
    before = screen([name], D(2025, 6, 1), lists=["cn-unreliable-entity-list"], store=store)
    after = screen([name], D(2025, 8, 12), lists=["cn-unreliable-entity-list"], store=store)
    assert before.parties[0].hits[0].status == "suspended"
    (gone,) = after.parties[0].hits
    assert gone.status == "removed" and not gone.is_hit and not after.parties[0].is_hit
    assert gone.as_dict(after.as_of)["note"] == "removed on 2025-08-12: not a hit on 2025-08-12"
    assert after.as_dict()["parties"][0]["status"] == "removed-or-later"
    assert after.summary()["removed"] == 1 and after.summary()["hits"] == 0


def test_listed_later_is_not_a_hit(store):
    r = screen(["Lockheed Martin Corporation"], D(2020, 1, 1), lists=CN, store=store)
    assert r.parties[0].hits and all(h.status == "not_yet" for h in r.parties[0].hits)
    assert not r.parties[0].is_hit
    r = screen(["Lockheed Martin Corporation"], D(2025, 2, 1), lists=CN, store=store)
    assert statuses(r) == [("cn-export-control-list", "listed"),
                           ("cn-unreliable-entity-list", "listed")]


def test_a_sanction_that_expired(store):
    r = screen(["Li Fangwei"], D(2017, 1, 1), lists=["us-isn"], store=store)
    assert statuses(r) == [("us-isn", "listed")]
    r = screen(["Li Fangwei"], D(2019, 1, 1), lists=["us-isn"], store=store)
    assert statuses(r) == [("us-isn", "removed")]


def test_a_hit_names_list_entry_dates_citation_url(store):
    r = screen([Party(name="HUAWEI TECHNOLOGIES CO LTD", country="China")], D(2026, 1, 1),
               lists=["us-entity-list"], store=store)
    doc = r.as_dict()
    assert doc["schema"] == SCHEMA and doc["as_of"] == "2026-01-01"
    assert doc["lists"][0]["list_id"] == "us-entity-list" and doc["lists"][0]["list_date"]
    h = doc["parties"][0]["hits"][0]
    assert doc["parties"][0]["country"] == "CN"
    assert h["entry_name"] == "Huawei Technologies Co., Ltd." and h["status"] == "listed"
    assert h["listed_on"] == "2019-05-21" and "84 FR 22963" in h["citation"]
    assert h["url"].startswith("https://www.ecfr.gov/") and h["licence_requirement"]
    assert any("matched" in x for x in h["reasons"])


def test_chinese_names_match(store):
    r = screen(["洛克希德·马丁公司"], D(2025, 2, 1), lists=["cn-export-control-list"],
               store=store)
    assert r.parties[0].hits and r.parties[0].hits[0].entry.name == "Lockheed Martin Corporation"


def test_no_match_is_clear(store):
    r = screen(["Entirely Unlisted Bakery GmbH"], D(2026, 1, 1), lists=CN, store=store)
    assert r.parties[0].hits == [] and r.as_dict()["parties"][0]["status"] == "clear"
    assert r.rows()[0]["status"] == "clear"


def test_jurisdiction_shortcuts_and_unknown_lists(store):
    r = screen(["x"], D(2026, 1, 1), lists=["cn"], store=store)
    assert {s.info.list_id for s in r.lists} == set(CN)
    with pytest.raises(UserError) as exc:
        screen(["x"], D(2026, 1, 1), lists=["us-entty-list"], store=store)
    assert "did you mean 'us-entity-list'" in exc.value.render()


def test_bad_parties_and_threshold(store):
    with pytest.raises(UserError) as exc:
        screen([{"name": "ok"}, {"name": "", "country": "Atlantis"}], D(2026, 1, 1),
               store=store, lists=CN)
    text = exc.value.render()
    assert "parties[1].name" in text and "parties[1].country" in text
    with pytest.raises(UserError):
        screen(["x"], D(2026, 1, 1), threshold=0, store=store, lists=CN)


def test_a_fresh_install_screens_with_the_bundled_lists(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("POLICYATLAS_SCREENING_DB", raising=False)
    r = screen(["Skydio Inc"], D(2025, 6, 1), lists=["cn"])
    assert all(s.origin == "bundled" for s in r.lists)
    got = statuses(r)
    assert ("cn-unreliable-entity-list", "suspended") in got
    assert ("cn-countermeasures", "listed") in got
    assert not (tmp_path / "nothing-here").exists()  # reading never creates a store
