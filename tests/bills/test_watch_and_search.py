"""`bills watch` (pending bills that touch an inventory's systems, with why), search synonyms
and counts, classification robust to case, and the AI-adjacent label."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fastapi.testclient import TestClient

from policyatlas.bills.classify import adjacent_ids, classify, rules, topic_ids
from policyatlas.bills.inputs import read_path
from policyatlas.bills.search import expand, synonym_groups
from policyatlas.bills.store import BillStore
from policyatlas.bills.watch import mapping, watch
from policyatlas.facts import inventory as inv
from policyatlas.facts.load import load_inventory
from tests.bills.conftest import DATA, sample_records
from tests.conftest import EXAMPLE, ROOT

TODAY = dt.date(2026, 3, 1)  # the 2025-2026 sessions are running


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("watch") / "bills.sqlite"
    recs = [r for _, b in read_path(DATA / "ca2025") for r in b]
    with BillStore(path) as store:
        store.ingest(list(sample_records()), path="sample",
                     now=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
        store.ingest(recs, path="ca2025", now=dt.datetime(2026, 2, 10, tzinfo=dt.UTC))
    return path


def test_watch_lists_pending_bills_with_reasons(db):
    with BillStore(db) as store:
        got = watch(store, load_inventory(EXAMPLE), today=TODAY)
    assert got["contract"] == "policyatlas.bill-watch/v1"
    assert set(got["jurisdictions"]) == {"CA", "NY", "TX", "WA", "IL", "FL", "US"}
    bills = got["bills"]
    assert bills and got["total"] == len(bills)
    assert [b["score"] for b in bills] == sorted((b["score"] for b in bills), reverse=True)
    for b in bills:
        assert b["status"] in ("introduced", "passed_one_chamber", "passed_both", "unknown")
        assert not b["bill"].startswith(("CA 2023", "NY 2023"))  # sessions over by 2026
        assert b["reasons"] and all(r["jurisdiction"] == b["jurisdiction"] for r in b["reasons"])
        assert all(r["topic"] in b["topics"] for r in b["reasons"])
    # bills on automated decisions or employment are there because of TalentRank's facts
    hiring = [b for b in bills if {"comprehensive", "employment"} & set(b["topics"])]
    assert hiring and all("talentrank" in b["systems"] for b in hiring)
    assert any(r["fact"] == "system.decision_domains" and r["value"] == "employment"
               for b in hiring for r in b["reasons"])
    assert any(b["status"] == "unknown" and b["jurisdiction"] == "CA" for b in bills)  # 2026 list
    # a chatbot bill touches the help-desk bot, not the résumé screener
    chat = [b for b in bills if "chatbots" in b["topics"]]
    assert chat and all("helpdesk-bot" in b["systems"] for b in chat)


def test_watch_since_keeps_what_moved(db):
    with BillStore(db) as store:
        everything = watch(store, load_inventory(EXAMPLE), today=TODAY)
        moved = watch(store, load_inventory(EXAMPLE), today=TODAY, since=dt.date(2026, 2, 1))
        later = watch(store, load_inventory(EXAMPLE), today=TODAY, since=dt.date(2026, 12, 1))
    assert 0 < moved["total"] <= everything["total"]
    assert all(b["changes"] or (b["latest_action_date"] or "") >= "2026-02-01"
               for b in moved["bills"])
    assert later["total"] < moved["total"]


def test_watch_command_and_api(db, cli):
    result = cli("bills", "watch", str(EXAMPLE), "--as-of", TODAY.isoformat(), "-f", "json",
                 "--db", str(db))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["bills"] and data["bills"][0]["reasons"][0]["why"]
    table = cli("bills", "watch", str(EXAMPLE), "--as-of", TODAY.isoformat(), "-n", "3",
                "--db", str(db)).stdout
    assert re.search(r"\d+ matches \(showing 3\)", table) and "Why it matters" in table
    bad = cli("bills", "watch", str(EXAMPLE), "--since", "soon", "--db", str(db))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr

    from policyatlas.api.app import create_app
    from policyatlas.api.settings import Settings

    with TestClient(create_app(Settings(bills_db=db))) as http:
        r = http.post(f"/api/v1/bills/watch?as_of={TODAY}&limit=5",
                      content=EXAMPLE.read_text(), headers={"content-type": "application/yaml"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["shown"] == len(body["bills"]) <= 5 and body["total"] >= body["shown"]
        assert body["bills"] == data["bills"][:5]
        s = http.get("/api/v1/bills/search", params={"q": "deepfake", "limit": 2}).json()
        assert s["total"] >= s["shown"] and s["synonyms"]


def test_watch_table_maps_known_facts_to_known_topics():
    known = set(topic_ids()) | set(adjacent_ids())
    enums = {"system.kinds": inv.Kind, "system.uses": inv.Use,
             "system.decision_domains": inv.Domain, "system.data_categories": inv.DataCategory}
    table = mapping()
    for fact, enum in enums.items():
        for value, topics in table[fact].items():
            assert value in {e.value for e in enum}, (fact, value)
            assert set(topics) <= known, (fact, value)


# --- search ---------------------------------------------------------------------------------

def test_synonyms_find_what_users_mean(db):
    with BillStore(db) as store:
        exact = store.search_counted('"synthetic media" AND election', where="b.jurisdiction "
                                     "= ?", params=["MI"], synonyms=False)
        wide = store.search_counted('"synthetic media" AND election', where="b.jurisdiction "
                                    "= ?", params=["MI"])
    assert exact.total == 0 < wide.total  # Michigan writes "materially deceptive media"
    assert any("materially deceptive" in g for g in wide.synonyms)


def test_every_synonym_group_is_a_wording_of_an_ai_term():
    for group in synonym_groups():
        assert any(rules().ai_pattern.search(t) for t in group), group
    query, used = expand("chatbot AND minors")
    assert '"companion chatbot"' in query and query.endswith("AND minors") and used


def test_counts_say_how_many_match(db, cli):
    r = cli("bills", "search", "artificial intelligence", "-n", "5", "--db", str(db))
    assert re.search(r"\d+ matches \(showing 5\)", r.stdout), r.stdout[:300]


def test_readme_example_search_finds_michigan(db):
    readme = (ROOT / "README.md").read_text()
    assert "bills search '\"synthetic media\" AND election' --state MI" in readme


# --- classification on real feeds -------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Ai-Generated Content; Disclosure Required", "ai-driven pricing in retail",
    "Regulating Ai Companion Chatbots", "AI-GENERATED IMAGES OF CANDIDATES",
    "Artificial Intelligence; Generative Models", "Prohibits the use of deepfakes"])
def test_case_and_wording_of_third_party_feeds(title):
    assert classify(title).ai_relevant, title


@pytest.mark.parametrize("title", ["Mai Tai day", "AIDS awareness", "Hawaii air quality",
                                   "Said sales tax"])
def test_ai_letters_inside_words_are_not_ai(title):
    assert not classify(title).ai_relevant


@pytest.mark.parametrize(("title", "kind"), [
    ("Prohibits algorithmic rent-setting software for residential rentals", "pricing_algorithms"),
    ("Surveillance pricing; prohibition", "pricing_algorithms"),
    ("Social media platforms; addictive feeds; minors", "social_media_algorithms"),
    ("Robots; weaponized robotic devices; prohibition", "robots"),
    ("Autonomous vehicles; human safety operator required", "autonomous_vehicles")])
def test_ai_adjacent_is_its_own_label(title, kind):
    got = classify(title)
    assert not got.ai_relevant and got.relevance == "adjacent" and kind in got.adjacent_ids
    assert got.adjacent[0].evidence


def test_summary_only_mode_scores_a_single_abstract_hit():
    got = classify("Artificial intelligence; employment",
                   "Requires employers to notify job applicants when an automated decision "
                   "tool is used.")
    assert got.mode == "summary" and "employment" in got.topic_ids
    assert classify("x", "y", "artificial intelligence " * 3).mode == "full"
