"""``policyatlas screen`` through the real command: names and CSV files of parties, the three
formats, -o written whole or not at all, located errors (file:line: field -> fix, exit 2, no
traceback), ingest twice (no change), and the list of lists."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "screening"


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1",
            "XDG_DATA_HOME": str(tmp_path / "xdg"), "POLICYATLAS_SCREENING_DB": ""}


def cli(env, *args):
    return subprocess.run([sys.executable, "-m", "policyatlas", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env=env)


def test_names_as_json_with_as_of(env):
    r = cli(env, "screen", "Skydio Inc", "Nobody Whatsoever Ltd", "--as-of", "2025-06-01",
            "--lists", "cn", "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "policyatlas.screening/v1" and doc["as_of"] == "2025-06-01"
    skydio, nobody = doc["parties"]
    assert skydio["status"] == "hit" and nobody["status"] == "clear"
    uel = next(h for h in skydio["hits"] if h["list_id"] == "cn-unreliable-entity-list")
    assert uel["status"] == "suspended" and uel["suspension"]["to"] == "2026-11-09"


def test_table_says_suspended_and_removed(env):
    r = cli(env, "screen", "Skydio, Inc.", "--as-of", "2026-01-01", "--lists", "cn")
    assert r.returncode == 0, r.stderr
    assert "suspended" in r.stdout and "removed" in r.stdout  # control list No. 13 stopped


def test_file_of_parties_to_csv(env, tmp_path):
    parties = tmp_path / "parties.csv"
    parties.write_text("name,country,type\n\"Huawei Technologies Co., Ltd.\",CN,entity\n"
                       "\"Lockheed Martin Corporation\",US,\nA Bakery Nobody Lists,,\n")
    out = tmp_path / "hits.csv"
    r = cli(env, "screen", "--file", str(parties), "--as-of", "2026-03-01",
            "--lists", "us-entity-list,cn", "-f", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["party"] for r in rows} == {"Huawei Technologies Co., Ltd.",
                                          "Lockheed Martin Corporation", "A Bakery Nobody Lists"}
    huawei = [r for r in rows if r["party"].startswith("Huawei") and r["status"] == "listed"]
    assert any(r["list_id"] == "us-entity-list" and "FR" in r["citation"] for r in huawei)
    assert [r["status"] for r in rows if r["party"].startswith("A Bakery")] == ["clear"]


def test_bad_party_file_is_located_and_writes_nothing(env, tmp_path):
    parties = tmp_path / "parties.csv"
    parties.write_text("name,country,type\nGood Name,CN,entity\n,US,\nOther,Atlantis,\n"
                       "Third,US,robot\n")
    out = tmp_path / "out.json"
    r = cli(env, "screen", "--file", str(parties), "--lists", "cn", "-f", "json", "-o", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{parties}:3: name:" in r.stderr
    assert f"{parties}:4: country: unknown country 'Atlantis'" in r.stderr
    assert f"{parties}:5: type: unknown type 'robot'" in r.stderr and "-> fix:" in r.stderr
    assert not out.exists()


def test_party_file_without_name_column(env, tmp_path):
    parties = tmp_path / "p.csv"
    parties.write_text("company,country\nX,CN\n")
    r = cli(env, "screen", "--file", str(parties))
    assert r.returncode == 2 and f"{parties}:1: name:" in r.stderr


def test_bad_options(env):
    r = cli(env, "screen", "x", "--lists", "us-entty-list")
    assert r.returncode == 2 and "did you mean 'us-entity-list'" in r.stderr
    r = cli(env, "screen", "x", "--as-of", "2026-02-30", "--lists", "cn")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = cli(env, "screen", "--lists", "cn")
    assert r.returncode == 2 and "nothing to screen" in r.stderr


def test_ingest_twice_then_screen_from_the_store(env, tmp_path):
    db = tmp_path / "mine.sqlite"
    first = cli(env, "screen", "ingest", str(DATA / "csl" / "consolidated_sample.csv"),
                "--list-date", "2025-06-25", "--db", str(db), "-f", "json")
    assert first.returncode == 0, first.stderr
    lists = json.loads(first.stdout)["lists"]
    assert {x["list"] for x in lists} >= {"us-entity-list", "us-dpl", "us-sdn"}
    assert all(not x["unchanged"] and x["list_date"] == "2025-06-25" for x in lists)
    again = cli(env, "screen", "ingest", str(DATA / "csl" / "consolidated_sample.csv"),
                "--list-date", "2025-06-25", "--db", str(db), "-f", "json")
    assert all(x["unchanged"] for x in json.loads(again.stdout)["lists"])
    r = cli(env, "screen", "lists", "--db", str(db), "-f", "json")
    got = {x["list_id"]: x for x in json.loads(r.stdout)["lists"]}
    assert got["us-meu"]["origin"] == "ingested" and got["us-meu"]["rows"] == 1
    assert got["cn-watch-list"]["origin"] == "bundled"
    r = cli(env, "screen", "ROSNEFT TRADE LIMITED", "--lists", "us-ssi", "--db", str(db),
            "-f", "json", "--as-of", "2025-07-01")
    hit = json.loads(r.stdout)["parties"][0]["hits"][0]
    assert hit["list_id"] == "us-ssi" and hit["status"] == "listed"


def test_ingest_needs_a_date_when_the_file_has_none(env, tmp_path):
    r = cli(env, "screen", "ingest", str(DATA / "csl" / "consolidated_sample.csv"),
            "--db", str(tmp_path / "s.sqlite"))
    assert r.returncode == 2 and "--list-date" in r.stderr and "Traceback" not in r.stderr


def test_lists_table(env):
    r = cli(env, "screen", "lists")
    assert r.returncode == 0, r.stderr
    for lid in ("us-entity-list", "us-sdn", "cn-unreliable-entity-list", "cn-watch-list"):
        assert lid in r.stdout


def test_fail_on_hit(env):
    r = cli(env, "screen", "Skydio Inc", "--lists", "cn", "--as-of", "2025-06-01",
            "--fail-on-hit", "-f", "json")
    assert r.returncode == 1
