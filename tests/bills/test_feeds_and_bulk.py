"""Bulk and feed readers (LegiScan weekly dataset, Open States bulk CSV and JSON, tracker and
TechEquity CSV lists) on fixtures in the documented shapes, with file:member / file:line errors;
and the status rules against California's recorded 2025 outcomes."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from policyatlas.bills.feeds import classify_ca_action
from policyatlas.bills.inputs import merge_sources, read_path
from policyatlas.bills.outcomes import agreement, compare
from policyatlas.bills.status import derive_status
from policyatlas.errors import UserError
from tests.bills.conftest import DATA
from tests.conftest import ROOT

CA2025 = DATA / "ca2025"
SHARED_2025 = ROOT.parent / "shared" / "data" / "bills_2025_2026"
needs_shared = pytest.mark.skipif(
    not (SHARED_2025 / "techequity_ca_ai_bills_2025.csv").exists(),
    reason="the 2025-2026 data (../shared/data/bills_2025_2026) is not beside this checkout")


def _zip(folder: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return target


def _records(path, fmt=None):
    return [r for _, batch in read_path(path, fmt) for r in batch]


def _errors(path, fmt=None) -> UserError:
    with pytest.raises(UserError) as exc:
        _records(path, fmt)
    return exc.value


# --- LegiScan dataset -------------------------------------------------------------------------

def test_legiscan_dataset_zip_and_folder(tmp_path):
    folder = DATA / "legiscan-dataset"
    zipped = _records(_zip(folder, tmp_path / "CA_2025-2026.zip"))
    unpacked = _records(folder)
    assert [r.key for r in zipped] == [r.key for r in unpacked]
    by = {r.identifier: r for r in zipped}
    assert set(by) == {"AB 446", "AB 853", "SB 361", "SB 813"}
    assert derive_status(by["SB 361"]).code == "enacted"
    assert derive_status(by["AB 446"]).code == "passed_one_chamber"
    assert by["SB 361"].uid.startswith("legiscan:") and by["SB 361"].extra["legiscan_change_hash"]


def test_legiscan_dataset_errors_name_the_member(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(DATA / "legiscan-dataset", bad)
    member = bad / "CA" / "2025-2026_Regular_Session" / "bill" / "SB361.json"
    data = json.loads(member.read_text())
    data["bill"]["history"][0]["date"] = "2025-02-30"
    member.write_text(json.dumps(data))
    err = _errors(_zip(bad, tmp_path / "bad.zip"))
    p = err.problems[0]
    assert p.file.endswith("bad.zip:CA/2025-2026_Regular_Session/bill/SB361.json")
    assert p.field.startswith("record 0 (") and p.field.endswith("history.0.date")
    assert "nothing was stored" in err.title
    member.write_text("{not json")
    err = _errors(_zip(bad, tmp_path / "broken.zip"))
    assert "SB361.json" in err.problems[0].file and "not valid JSON" in err.title


def test_zip_bounds_refuse_unsafe_members(tmp_path):
    evil = _zip(DATA / "legiscan-dataset", tmp_path / "evil.zip",
                {"../../etc/passwd.json": b"{}"})
    assert "unsafe member name" in _errors(evil).title
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert "cannot read" in _errors(junk).title


# --- Open States bulk -------------------------------------------------------------------------

def test_open_states_csv_zip_folder_and_same_records_as_legiscan(tmp_path):
    folder = DATA / "openstates-csv"
    recs = _records(_zip(folder, tmp_path / "CA_20252026_csv.zip"))
    assert [r.key for r in recs] == [r.key for r in _records(folder)]
    by = {r.identifier: r for r in recs}
    ls = {r.identifier: r for r in _records(DATA / "legiscan-dataset")}
    for ident, rec in by.items():
        assert rec.uid.startswith("ocd-bill/") and rec.jurisdiction == "CA"
        assert derive_status(rec).code == derive_status(ls[ident]).code
    assert by["SB 361"].abstract.startswith("The California Consumer Privacy Act") or \
        by["SB 361"].abstract


def test_open_states_csv_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "csv"
    shutil.copytree(DATA / "openstates-csv", bad)
    actions = bad / "CA" / "20252026" / "CA_20252026_bill_actions.csv"
    lines = actions.read_text().splitlines()
    lines[2] = lines[2].replace("2025-", "20X5-", 1)
    actions.write_text("\n".join(lines) + "\n")
    err = _errors(bad)
    p = err.problems[0]
    assert p.file.endswith("CA_20252026_bills.csv") and p.line is not None
    assert "actions.0.date" in p.field or "date" in p.message
    bills = bad / "CA" / "20252026" / "CA_20252026_bills.csv"
    bills.write_text("id,identifier\nocd-bill/x,HB 1\n")
    err = _errors(bad)
    assert {p.field for p in err.problems} >= {"title", "session_identifier"}
    assert all(p.line == 1 for p in err.problems)


def test_open_states_json_bulk(tmp_path):
    recs = _records(DATA / "openstates-json")
    assert {r.identifier for r in recs} == {"SB 361", "SB 813"}
    signed = next(r for r in recs if r.identifier == "SB 361")
    assert derive_status(signed).code == "enacted"
    assert {a.chamber for a in signed.actions} >= {"upper", "lower"}
    zipped = _records(_zip(DATA / "openstates-json", tmp_path / "ca.zip"), "openstates-json")
    assert sorted(r.key for r in zipped) == sorted(r.key for r in recs)


# --- the 2025-2026 lists ----------------------------------------------------------------------

def test_tracker_and_techequity_lists():
    recs = _records(CA2025)
    te = [r for r in recs if r.source == "techequity"]
    tracker = [r for r in recs if r.source == "tracker"]
    assert len(te) == 12 and len(tracker) == 25  # five each of CA, NY, WA, IL, FL (no TX rows)
    assert all(r.abstract and r.actions and r.extra["recorded_outcome"] for r in te)
    assert all(derive_status(r).code == "unknown" for r in tracker)  # titles only
    assert {r.jurisdiction for r in tracker} >= {"CA", "NY"}
    sb274 = next(r for r in te if r.identifier == "SB 274")
    assert sb274.extra["recorded_votes"]


def test_a_tracker_row_gives_way_to_a_fuller_record():
    recs = _records(CA2025)
    te = next(r for r in recs if r.source == "techequity")
    import dataclasses
    dup = dataclasses.replace(te, uid="tracker:CA/20252026/x", source="tracker", actions=())
    assert dup not in merge_sources([te, dup]) and te in merge_sources([te, dup])


def test_feed_errors_name_file_line_and_column(tmp_path):
    text = (CA2025 / "tracker_2025_2026.csv").read_text().splitlines()
    head, first = text[0], text[1]
    bad = tmp_path / "tracker.csv"
    bad.write_text("\n".join([head, first.replace(first.split(",")[0], "Atlantis", 1),
                              *text[2:4]]) + "\n")
    p = _errors(bad).problems[0]
    assert (p.file, p.line, p.field) == (str(bad), 2, "jurisdiction")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n")
    assert "not a recognised bill list" in _errors(odd).title


def test_california_action_wording():
    assert classify_ca_action("Approved by the Governor.") == ("executive-signature",)
    assert classify_ca_action("Chaptered by Secretary of State. Chapter 466, Statutes of "
                              "2025.") == ("became-law",)
    assert classify_ca_action("Vetoed by Governor.") == ("executive-veto",)
    assert "passage" in classify_ca_action(
        "Read third time. Passed. Ordered to the Assembly. (Ayes 28. Noes 10.)")
    assert classify_ca_action("In committee: Set, first hearing. Failed passage. "
                              "Reconsideration granted.") == ()
    assert "passage" not in classify_ca_action("From committee: Do pass and re-refer to Com. "
                                               "on APPR. (Ayes 5. Noes 2.)")


def test_recorded_outcomes_on_the_bundled_sample():
    outcomes = compare([r for r in _records(CA2025) if r.source == "techequity"])
    assert len(outcomes) == 12
    assert {o.recorded for o in outcomes} == {"Signed", "Vetoed", "Failed"}
    assert agreement(outcomes) == 1.0, [o for o in outcomes if not o.match]


@needs_shared
def test_recorded_outcomes_of_the_44_california_bills():
    recs = _records(SHARED_2025 / "techequity_ca_ai_bills_2025.csv")
    outcomes = compare(recs)
    assert len(outcomes) == 44
    assert agreement(outcomes) >= 0.95, [o for o in outcomes if not o.match]
    signed = [o for o in outcomes if o.recorded == "Signed"]
    assert signed and all(o.derived == "enacted" for o in signed)


@needs_shared
def test_the_whole_2025_2026_folder_ingests(tmp_path):
    from policyatlas.bills.store import BillStore

    recs = merge_sources(_records(SHARED_2025))
    with BillStore(tmp_path / "b.sqlite") as store:
        result = store.ingest(recs, path=str(SHARED_2025))
        assert result.new == len(recs) > 600
        assert store.find("CA 20252026 SB 274")["status"] == "vetoed"
