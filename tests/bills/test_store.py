"""The bill store: idempotent ingest, versions and changes, links to packs, search, and bad
input leaving the store exactly as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import pytest

from policyatlas.bills.model import Action
from policyatlas.bills.readers import data_as_of, read_path
from policyatlas.bills.stats import compute
from policyatlas.bills.store import BillStore
from policyatlas.errors import UserError
from tests.bills.conftest import sample_records

T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    path = tmp_path_factory.mktemp("bills") / "bills.sqlite"
    with BillStore(path) as s:
        s.ingest(list(sample_records()), path="sample", now=T0)
    return path


@pytest.fixture
def store(ingested, tmp_path):
    copy = tmp_path / "bills.sqlite"
    shutil.copyfile(ingested, copy)
    with BillStore(copy) as s:
        yield s


def test_second_ingest_changes_nothing(store):
    before = store.snapshot()
    result = store.ingest(list(sample_records()), path="sample", now=T1)
    assert (result.new, result.changed, result.unchanged) == (0, 0, 240)
    assert store.snapshot() == before


def test_a_modified_bill_is_versioned_and_listed_in_changes(store):
    recs = list(sample_records())
    i = 1  # MA 193rd S 33, pending in committee
    old = recs[i]
    signed = Action(date="2024-03-20", organization="Governor", chamber="executive",
                    classification=("executive-signature",), description="Approved by Governor")
    recs[i] = dataclasses.replace(old, actions=(*old.actions, signed),
                                  latest_action_date="2024-03-20")
    result = store.ingest(recs, path="sample, modified", now=T1)
    assert (result.new, result.changed) == (0, 1)
    changed = store.changes(since=T1.date(), kind="changed")
    assert [c["uid"] for c in changed] == [old.uid]
    c = changed[0]
    assert c["version"] == 2 and c["status_after"] == "enacted"
    assert "actions" in json.loads(c["fields"])
    assert "Approved by Governor" in c["summary"]
    assert [v["version"] for v in store.versions(old.uid)] == [1, 2]
    assert store.changes(since=T1.date() + dt.timedelta(days=1)) == []
    assert len(store.changes(kind="new")) == 240


def test_malformed_file_leaves_the_store_unchanged(store, tmp_path):
    before = store.snapshot()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"openstates_id": "ocd-bill/x", "identifier": "HB 1",
                                "session": "2024", "jurisdiction_code": "Virginia",
                                "title": "t"}]))
    with pytest.raises(UserError) as exc:
        for _, recs in read_path(bad):
            store.ingest(recs, path=str(bad))
    assert exc.value.problems[0].field == "record 0 (ocd-bill/x) jurisdiction_code"
    assert store.snapshot() == before


def test_duplicate_bill_in_one_input_is_refused(store):
    rec = sample_records()[0]
    before = store.snapshot()
    with pytest.raises(UserError, match="the same bill twice"):
        store.ingest([rec, dataclasses.replace(rec, title="other")], path="dup")
    assert store.snapshot() == before


def test_a_failure_midway_rolls_back(store, monkeypatch):
    before = store.snapshot()
    recs = [dataclasses.replace(r, title=r.title + " (amended)") for r in sample_records()[:5]]
    calls = []

    def boom(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    original = store._write
    monkeypatch.setattr(store, "_write", boom)
    with pytest.raises(RuntimeError):
        store.ingest(recs, path="x")
    assert store.snapshot() == before


def test_enacted_bills_link_to_their_law_pack(store):
    mi = store.find("MI 2023-2024 HB 5144")
    assert json.loads(mi["law_ids"]) == ["us-mi/hb5141-2023"]
    assert mi["status"] == "enacted"
    unlinked = store.rows("law_ids != '[]'")
    assert {r["uid"] for r in unlinked} >= {mi["uid"]}


def test_find_by_id_and_by_number(store):
    row = store.find("MI HB 5144")
    assert store.find(row["uid"])["uid"] == row["uid"]
    with pytest.raises(UserError, match="no bill"):
        store.find("ZZ HB 1")


def test_search_ranks_and_filters(store):
    rows = store.search('"artificial intelligence"', limit=5)
    assert rows and all(r["snippet"] for r in rows)
    mi = store.search("deceptive", where="b.jurisdiction = ?", params=["MI"])
    assert {r["jurisdiction"] for r in mi} == {"MI"}
    with pytest.raises(UserError, match="cannot search"):
        store.search("AND (")


def test_stats_count_ai_relevant_bills(store):
    stats = compute(store)
    everything = compute(store, everything=True)
    assert everything.bills + everything.resolutions == 240
    assert stats.bills < everything.bills
    assert sum(c.bills for c in stats.by_state) == stats.bills
    assert sum(s.bills for s in stats.by_status) == stats.bills + stats.resolutions
    assert stats.enacted == sum(c.enacted for c in stats.by_state)
    assert stats.data_as_of == data_as_of(list(sample_records()))


def test_not_a_store(tmp_path):
    path = tmp_path / "x.sqlite"
    path.write_text("not sqlite at all" * 100)
    with pytest.raises(UserError, match="not a policyatlas bill store"):
        BillStore(path)
    with pytest.raises(UserError, match="no bill store"):
        BillStore(tmp_path / "missing.sqlite", create=False)


def test_a_weak_clue_is_shown_as_weak(store):
    """Summary-only input can be AI-relevant on weaker clues that must combine (topics.yaml
    summary.relevance); `bills show` and the API say so rather than present them as AI terms."""
    from policyatlas.report.bills import bill_dict

    rec = dataclasses.replace(
        next(iter(sample_records())), uid="ocd-bill/weak-clue", identifier="HB 9999",
        title="Consumer Data Privacy Act",
        abstract="Gives consumers the right to opt out of profiling and targeted advertising "
                 "by controllers.", text="")
    store.ingest([rec], path="weak", now=T1)
    shown = bill_dict(store, store.find("ocd-bill/weak-clue"))
    assert shown["ai_relevant"] and shown["ai_evidence"]
    assert all(e["weak"] for e in shown["ai_evidence"])
    strong = bill_dict(store, store.rows("ai_relevant = 1 AND uid <> ?",
                                         ("ocd-bill/weak-clue",))[0])
    assert strong["ai_evidence"] and not any(e["weak"] for e in strong["ai_evidence"])
