"""`policyatlas bills …` and `law show` through the real command."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.bills.conftest import DATA, FULL


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from tests.conftest import run_cli

    path = tmp_path_factory.mktemp("bills") / "bills.sqlite"
    result = run_cli("bills", "ingest", str(DATA / "sample.json.gz"), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "storing" in result.stderr  # the progress bar
    assert "240 bill(s): 240 new, 0 changed, 0 unchanged" in result.stderr
    return path


def test_reingest_changes_nothing(cli, db, tmp_path):
    copy = tmp_path / "b.sqlite"
    shutil.copyfile(db, copy)
    result = cli("bills", "ingest", str(DATA / "sample.json.gz"), "--db", str(copy))
    assert "0 new, 0 changed, 240 unchanged" in result.stderr
    changes = cli("bills", "changes", "--kind", "changed", "-f", "json", "--db", str(copy))
    assert json.loads(changes.stdout) == []


def test_stats_json_and_csv(cli, db):
    result = cli("bills", "stats", "-f", "json", "--db", str(db))
    stats = json.loads(result.stdout)
    assert stats["contract"] == "policyatlas.bill-stats/v1"
    assert stats["scope"] == "ai_relevant"
    assert {s["status"] for s in stats["by_status"]} >= {"enacted", "introduced", "dead"}
    csv = cli("bills", "stats", "-f", "csv", "--all", "--db", str(db)).stdout
    assert csv.splitlines()[0] == "dimension,key,label,bills,enacted"
    table = cli("bills", "stats", "--db", str(db)).stdout
    assert "By state" in table and "By topic" in table


def test_search_show_and_law_link(cli, db):
    found = json.loads(cli("bills", "search", "deceptive media", "-s", "MI", "-f", "json",
                           "--db", str(db)).stdout)
    assert found["bills"] and all(b["bill"].startswith("MI ") for b in found["bills"])
    assert found["total"] >= found["shown"] == len(found["bills"])
    shown = json.loads(cli("bills", "show", "MI 2023-2024 HB 5144", "-f", "json",
                           "--db", str(db)).stdout)
    assert shown["status"]["code"] == "enacted"
    assert shown["law_ids"] == ["us-mi/hb5141-2023"]
    assert shown["topics"] and shown["topics"][0]["evidence"]
    table = cli("bills", "show", "MI HB 5144", "--db", str(db)).stdout
    assert "Why these labels" in table and "us-mi/hb5141-2023" in table
    law = cli("law", "show", "us-mi/hb5141-2023", "--bills-db", str(db))
    assert "Bills in the tracker" in law.stdout and "MI 2023-2024 HB 5144" in law.stdout
    detail = json.loads(cli("law", "show", "us-mi/hb5141-2023", "-f", "json", "--bills-db",
                            str(db)).stdout)
    tracked = [b["bill"] for b in detail["tracked_bills"]]
    assert "MI 2023-2024 HB 5144" in tracked and all(b.startswith("MI 2023-2024 HB 514")
                                                     for b in tracked)


def test_modified_bill_shows_in_changes(cli, db, tmp_path):
    import gzip

    copy = tmp_path / "b.sqlite"
    shutil.copyfile(db, copy)
    columns = json.loads(gzip.decompress((DATA / "sample.json.gz").read_bytes()))
    one = {f: {"0": v["1"]} for f, v in columns.items()}
    one["detailed_progress"]["0"] = ("2024-03-20: [Senate] #passage\n"
                                     + one["detailed_progress"]["0"])
    path = tmp_path / "one.json"
    path.write_text(json.dumps(one))
    result = cli("bills", "ingest", str(path), "--db", str(copy))
    assert "0 new, 1 changed" in result.stderr, result.stderr
    rows = json.loads(cli("bills", "changes", "--since", "2000-01-01", "--kind", "changed",
                          "-f", "json", "--db", str(copy)).stdout)
    assert [r["bill"] for r in rows] == ["MA 193rd S 33"]
    assert rows[0]["status_after"] == "passed_one_chamber"
    assert "1 new action(s)" in rows[0]["summary"]


def test_bad_input_exits_2_without_traceback_and_keeps_the_store(cli, db, tmp_path):
    copy = tmp_path / "b.sqlite"
    shutil.copyfile(db, copy)
    before = copy.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"openstates_id": "ocd-bill/x", "identifier": "HB 1",
                                "session": "2024", "jurisdiction_code": "VA", "title": "t",
                                "first_action_date": "last tuesday"}]))
    result = cli("bills", "ingest", str(bad), "--db", str(copy))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "record 0 (ocd-bill/x) first_action_date" in result.stderr
    assert copy.read_bytes() == before
    for args in (["bills", "show", "ZZ HB 1"], ["bills", "search", "AND ("],
                 ["bills", "search", "x", "--topic", "electons"],
                 ["bills", "changes", "--since", "yesterday"]):
        r = cli(*args, "--db", str(copy))
        assert r.returncode == 2 and "Traceback" not in r.stderr, args
    missing = cli("bills", "stats", "--db", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2 and "bills ingest" in missing.stderr


@pytest.mark.skipif(not FULL.exists(), reason="the full Open States AI-bill data set "
                    "(../shared/data/bills) is not beside this checkout")
def test_full_data_set_ingests_and_reingests_unchanged(cli, tmp_path):
    path = tmp_path / "full.sqlite"
    first = cli("bills", "ingest", str(FULL), "--db", str(path))
    assert "1318 bill(s): 1318 new" in first.stderr, first.stderr
    second = cli("bills", "ingest", str(FULL), "--db", str(path))
    assert "0 new, 0 changed, 1318 unchanged" in second.stderr
    stats = json.loads(cli("bills", "stats", "-f", "json", "--all", "--db", str(path)).stdout)
    assert stats["bills"] + stats["resolutions"] == 1318
    by = {s["status"]: s["bills"] for s in stats["by_status"]}
    assert by["enacted"] > 50 and by["vetoed"] >= 5 and by["adopted"] > 20
