"""The bill store under concurrent use, through the real command and the service: two ingests
serialise; an ingest that cannot get the store in time says it is busy; readers during an ingest
see the last committed state; an ingest killed midway leaves the store as it was."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from policyatlas.api.app import create_app
from policyatlas.api.settings import Settings
from tests.conftest import ROOT, run_cli

SAMPLE = ROOT / "tests" / "data" / "bills" / "sample.json.gz"


def _records() -> list[dict]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        data = json.load(f)
    columns = list(data)
    return [{c: data[c][k] for c in columns} for k in data[columns[0]]]


def _flat(records: list[dict]) -> dict:
    return {c: {str(i): r[c] for i, r in enumerate(records)} for c in records[0]}


@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    folder = tmp_path_factory.mktemp("halves")
    records = _records()
    mid = len(records) // 2
    paths = []
    for name, part in (("first", records[:mid]), ("second", records[mid:])):
        p = folder / f"{name}.json"
        p.write_text(json.dumps(_flat(part)), encoding="utf-8")
        paths.append(p)
    return paths, len(records)


def _ingest(path, db, **env):
    return subprocess.Popen([sys.executable, "-m", "policyatlas", "bills", "ingest", str(path),
                             "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, **env})


def _count(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM bills").fetchone()[0]


def _stats(db) -> dict:
    r = run_cli("bills", "stats", "--db", str(db), "-f", "json")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return json.loads(r.stdout)


def test_two_ingests_at_once_serialise(halves, tmp_path):
    (first, second), total = halves
    db = tmp_path / "bills.sqlite"
    a, b = _ingest(first, db), _ingest(second, db)
    for p in (a, b):
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "Traceback" not in err, err
    assert _count(db) == total
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_ingest_that_cannot_get_the_store_says_it_is_busy(halves, tmp_path):
    (first, second), _ = halves
    db = tmp_path / "bills.sqlite"
    assert run_cli("bills", "ingest", str(first), "--db", str(db)).returncode == 0
    before = _stats(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM bills")  # not committed: nobody may see it
    try:
        p = _ingest(second, db, POLICYATLAS_BILLS_WAIT="1")
        _, err = p.communicate(timeout=120)
        assert p.returncode == 2 and "Traceback" not in err
        assert "is busy" in err and "fix:" in err
        # a reader during the other writer's transaction sees the last committed state
        assert _stats(db) == before
        with TestClient(create_app(Settings(bills_db=db)),
                        raise_server_exceptions=False) as http:
            r = http.get("/api/v1/bills/stats")
            assert r.status_code == 200, r.text
            assert r.json()["stored"] == before["stored"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _stats(db) == before


def test_bad_wait_setting(halves, tmp_path):
    (first, _), _ = halves
    p = _ingest(first, tmp_path / "b.sqlite", POLICYATLAS_BILLS_WAIT="soon")
    _, err = p.communicate(timeout=120)
    assert p.returncode == 2 and "POLICYATLAS_BILLS_WAIT" in err and "Traceback" not in err


def test_readers_during_an_ingest_get_an_answer(halves, tmp_path):
    (first, second), total = halves
    db = tmp_path / "bills.sqlite"
    assert run_cli("bills", "ingest", str(first), "--db", str(db)).returncode == 0
    committed = _stats(db)["stored"]
    p = _ingest(second, db)
    seen = set()
    while p.poll() is None:
        seen.add(_stats(db)["stored"])
    assert p.returncode == 0, p.stderr.read()
    assert seen <= {committed, total}  # before or after, never half an ingest
    assert _stats(db)["stored"] == total


@pytest.mark.parametrize("after", [0.0, 0.2, 0.5])
def test_an_ingest_killed_midway_rolls_back(halves, tmp_path, after):
    (first, second), _ = halves
    db = tmp_path / "bills.sqlite"
    assert run_cli("bills", "ingest", str(first), "--db", str(db)).returncode == 0
    before = _stats(db)
    wal = db.with_name(db.name + "-wal")
    p = _ingest(second, db)
    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline and \
            not (wal.exists() and wal.stat().st_size > 0):
        time.sleep(0.005)  # until the ingest is writing
    time.sleep(after)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=60)
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    clean = tmp_path / "clean.sqlite"
    for f in (first, second):
        assert run_cli("bills", "ingest", str(f), "--db", str(clean)).returncode == 0
    after_both = _stats(clean)
    assert _stats(db) in (before, after_both)  # all of the ingest or none of it
    # and a re-ingest gives what an uninterrupted one gives
    assert run_cli("bills", "ingest", str(second), "--db", str(db)).returncode == 0
    assert _stats(db) == after_both
