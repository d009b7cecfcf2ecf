"""The screening store: idempotent all-or-nothing ingests that record each list's date, newer
snapshots that mark what left the list, a killed ingest that leaves the store as it was; the
bundled lists and what may be bundled."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyatlas.errors import UserError
from policyatlas.screening.lists import read_path
from policyatlas.screening.store import (
    ScreeningStore,
    available,
    bundle_manifest,
    bundled_entries,
    bundled_lists,
    write_bundle,
)
from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "screening"
SHARED = ROOT.parent / "shared" / "data"
SDN_CSV = DATA / "ofac_sdn" / "ofac-sdn.csv"
D = dt.date


def _snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as c:
        return (c.execute("SELECT list_id, list_date, content_hash FROM lists ORDER BY 1")
                .fetchall(),
                c.execute("SELECT list_id, entry_id, record FROM entries ORDER BY 1, 2")
                .fetchall(),
                c.execute("SELECT count(*) FROM ingests").fetchone()[0])


def test_same_file_twice_changes_nothing(tmp_path):
    db = tmp_path / "s.sqlite"
    with ScreeningStore(db) as st:
        first = st.ingest(read_path(SDN_CSV, list_date=D(2026, 8, 20)))
        assert first[0].added == 6 and not first[0].unchanged
    before = _snapshot(db)
    with ScreeningStore(db) as st:
        again = st.ingest(read_path(SDN_CSV, list_date=D(2026, 8, 20)))
        assert again[0].unchanged and again[0].added == again[0].changed == 0
        (sdn,) = st.lists()
        assert sdn.info.list_date == D(2026, 8, 20) and sdn.rows == 6 and sdn.origin == "ingested"
    assert _snapshot(db) == before  # not even an ingest row


def test_a_newer_snapshot_marks_what_left_the_list(tmp_path):
    db = tmp_path / "s.sqlite"
    lines = SDN_CSV.read_text().splitlines()
    newer = tmp_path / "newer.csv"
    newer.write_text("\n".join(line for line in lines if "BANCO NACIONAL" not in line) + "\n")
    with ScreeningStore(db) as st:
        st.ingest(read_path(SDN_CSV, list_date=D(2026, 1, 1)))
        (change,) = st.ingest(read_path(newer, list_date=D(2026, 3, 1)))
        assert change.removed == 1 and change.rows == 5
        cuba = next(e for e in st.entries("us-sdn") if e.name == "BANCO NACIONAL DE CUBA")
        assert cuba.removed_on == D(2026, 3, 1) and "not on the list dated" in cuba.notes
        assert cuba.in_effect(D(2026, 2, 1)) == "listed"
        assert cuba.in_effect(D(2026, 3, 1)) == "removed"
        # an older snapshot over a newer one is refused, and nothing changes
        before = _snapshot(db)
        with pytest.raises(UserError) as exc:
            st.ingest(read_path(SDN_CSV, list_date=D(2025, 1, 1)))
        assert "older" in exc.value.title and "fix:" in exc.value.render()
    assert _snapshot(db) == before


def test_a_file_of_several_lists_is_one_transaction(tmp_path):
    db = tmp_path / "s.sqlite"
    datas = read_path(DATA / "csl" / "consolidated_sample.csv", list_date=D(2025, 6, 25))
    with ScreeningStore(db) as st:
        st.ingest(read_path(SDN_CSV, list_date=D(2026, 1, 1)))
        before = _snapshot(db)
        older_sdn = [d for d in datas if d.info.list_id == "us-sdn"]
        assert older_sdn  # the CSL's SDN rows are dated 2025-06-25: older than the store's
        with pytest.raises(UserError):
            st.ingest(datas)  # the other lists of the file come before us-sdn: rolled back
    assert _snapshot(db) == before


def test_user_lists_take_the_place_of_bundled_ones(tmp_path):
    with ScreeningStore(tmp_path / "s.sqlite") as st:
        st.ingest(read_path(DATA / "nsfreg" / "bis_dpl.json"))
        lists = available(st)
    assert lists["us-dpl"].origin == "ingested" and lists["us-dpl"].rows == 5
    assert lists["us-entity-list"].origin == "bundled"


def test_a_bad_file_writes_nothing(tmp_path):
    db = tmp_path / "s.sqlite"
    bad = tmp_path / "bad.csv"
    bad.write_text("uid,name,type,programs,alternate_names\nx,NAME,entity,SDGT,\n")
    r = run_cli("screen", "ingest", str(bad), "--list-date", "2026-01-01", "--db", str(db))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{bad}:2: uid:" in r.stderr
    assert not db.exists()


def test_opensanctions_data_is_never_bundled(tmp_path):
    p = tmp_path / "targets.simple.csv"
    p.write_text("id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,"
                 "phones,emails,dataset,first_seen,last_seen,last_change\n"
                 "NK-1,Company,ACME TRADING,,,cn,,,,,,us_ofac_sdn,2024-01-01,2026-01-01,"
                 "2026-01-01\n")
    datas = read_path(p, list_id="us-sdn", list_date=D(2026, 1, 1))
    assert not datas[0].redistributable and "CC BY-NC" in datas[0].licence
    with pytest.raises(UserError) as exc:
        write_bundle(datas, tmp_path / "bundle")
    assert "may not be bundled" in exc.value.title
    assert not (tmp_path / "bundle").exists()
    with ScreeningStore(tmp_path / "s.sqlite") as st:  # a user's own store may hold it
        st.ingest(datas)
        assert st.lists()[0].licence.startswith("CC BY-NC")


# --- the bundle -------------------------------------------------------------------------------


def test_the_bundle_has_every_list_with_date_and_provenance():
    lists = {s.info.list_id: s for s in bundled_lists()}
    assert {"us-entity-list", "us-sdn", "us-dpl", "us-meu", "us-ns-cmic", "us-1260h",
            "us-uflpa", "us-fcc-covered", "us-isn", "us-dtc", "cn-unreliable-entity-list",
            "cn-export-control-list", "cn-watch-list", "cn-countermeasures"} <= set(lists)
    for s in lists.values():
        assert s.info.list_date and s.info.provenance and s.info.source_url and s.info.effect
        assert "OpenSanctions" not in s.licence
        assert len(bundled_entries(s.info.list_id)) == s.rows > 0
    assert lists["us-sdn"].rows == 19_249 and lists["us-sdn"].info.list_date == D(2026, 8, 20)
    assert lists["cn-export-control-list"].fixes  # China's corrections travel with the data


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} is absent: the bundle cannot be "
                    "compared with its sources")
def test_the_bundle_is_what_the_readers_make_of_the_sources(tmp_path):
    from policyatlas.screening.bundle import build

    build(SHARED, tmp_path)
    fresh = json.loads((tmp_path / "manifest.json").read_text())
    ours = bundle_manifest()
    assert [(x["info"]["list_id"], x["content_hash"]) for x in fresh["lists"]] == \
        [(x["info"]["list_id"], x["content_hash"]) for x in ours["lists"]]


# --- killed midway -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("big") / "sdn-big.csv"
    with p.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["uid", "name", "type", "programs", "alternate_names"])
        for i in range(1, 60_001):
            w.writerow([10_000_000 + i, f"COMPANY NUMBER {i} TRADING LIMITED", "entity",
                        "SDGT; IRGC", f"ALIAS {i} A; ALIAS {i} B"])
    return p


@pytest.mark.parametrize("after", [0.0, 0.3])
def test_an_ingest_killed_midway_leaves_the_store_as_it_was(big_csv, tmp_path, after):
    db = tmp_path / "s.sqlite"
    assert run_cli("screen", "ingest", str(SDN_CSV), "--list-date", "2026-01-01",
                   "--db", str(db)).returncode == 0
    before = _snapshot(db)
    wal = db.with_name(db.name + "-wal")
    p = subprocess.Popen([sys.executable, "-m", "policyatlas", "screen", "ingest", str(big_csv),
                          "--list-date", "2026-02-01", "--db", str(db)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                         env={**os.environ})
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline and \
            not (wal.exists() and wal.stat().st_size > 0):
        time.sleep(0.005)  # until the ingest is writing
    time.sleep(after)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=60)
    assert p.returncode == -signal.SIGKILL  # killed, not finished
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    now = _snapshot(db)
    if now != before:  # the kill came after the commit: then all of it is there
        assert now[0][0][1] == "2026-02-01" and len(now[1]) == 60_006
    # and a re-ingest gives what an uninterrupted one gives
    r = run_cli("screen", "ingest", str(big_csv), "--list-date", "2026-02-01", "--db", str(db))
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM entries").fetchone()[0] == 60_006
