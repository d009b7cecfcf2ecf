"""The embedded stores (bills, screening lists) when several processes create the same new file
at once: each opens it, none is told the store is busy, and the file holds one schema."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from policyatlas.bills.store import BillStore
from policyatlas.screening.store import ScreeningStore

STORES = {"bills": BillStore, "screening": ScreeningStore}


def _open(kind: str, path: str, barrier) -> None:
    barrier.wait()
    STORES[kind](path).close()


@pytest.mark.parametrize("kind", sorted(STORES))
def test_processes_creating_one_new_store_at_once_all_open_it(kind, tmp_path):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    failures = []
    for trial in range(10):
        path = str(tmp_path / f"{trial}.sqlite")
        barrier = ctx.Barrier(3)
        procs = [ctx.Process(target=_open, args=(kind, path, barrier)) for _ in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        failures += [(trial, p.exitcode) for p in procs if p.exitcode != 0]
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db.execute("SELECT count(*) FROM meta WHERE key = 'schema'").fetchone()[0] == 1
    assert failures == []
