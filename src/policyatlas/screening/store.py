"""Where the lists come from: the bundled snapshots (``screening/data/``, read-only, shipped in
the package so screening works on a fresh install) and the user's own store — an SQLite file in
the user's data folder holding the official downloads they ingested.

An ingest reads and validates the whole file first, then writes in one transaction: a file that
fails, or an ingest that is killed, leaves the store as it was. Ingesting the same file again
changes nothing. A newer snapshot of a list replaces the older one; an entry that is no longer
on it is kept, marked removed on the new list's date (so an earlier ``as_of`` still finds it).
A list in the user's store takes the place of the bundled list with the same id.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from policyatlas.errors import Problem, UserError
from policyatlas.screening.lists import ListData
from policyatlas.screening.model import ListEntry, ListInfo
from policyatlas.stores import check_schema, immediate, is_busy, set_up, wait_seconds

SCHEMA_VERSION = 1
ENV_DB = "POLICYATLAS_SCREENING_DB"
ENV_WAIT = "POLICYATLAS_SCREENING_WAIT"
BUSY_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lists (
    list_id TEXT PRIMARY KEY, info TEXT NOT NULL, list_date TEXT NOT NULL,
    content_hash TEXT NOT NULL, source_path TEXT NOT NULL, format TEXT NOT NULL,
    licence TEXT NOT NULL, redistributable INTEGER NOT NULL, fixes TEXT NOT NULL,
    rows INTEGER NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    list_id TEXT NOT NULL, entry_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (list_id, entry_id));
CREATE TABLE IF NOT EXISTS ingests (
    id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, path TEXT NOT NULL,
    list_id TEXT NOT NULL, list_date TEXT NOT NULL, content_hash TEXT NOT NULL,
    rows INTEGER NOT NULL, added INTEGER NOT NULL, changed INTEGER NOT NULL,
    removed INTEGER NOT NULL);
"""


def default_path() -> Path:
    """$POLICYATLAS_SCREENING_DB, else the user's data folder."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "policyatlas" / "screening.sqlite"


def _wait_seconds() -> float:
    return wait_seconds(ENV_WAIT, BUSY_SECONDS)


def _busy(path: Path, waited: float) -> UserError:
    return UserError(f"the screening store {path} is busy", [Problem(
        f"another ingest has held it for more than {waited:g} s", file=str(path),
        fix="wait for it to finish and run this again")])


@dataclass(frozen=True, slots=True)
class ListChange:
    list_id: str
    list_date: dt.date
    rows: int
    added: int
    changed: int
    removed: int
    unchanged: bool

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.list_id, "list_date": self.list_date.isoformat(),
                "rows": self.rows, "added": self.added, "changed": self.changed,
                "removed": self.removed, "unchanged": self.unchanged}


@dataclass(frozen=True, slots=True)
class StoredList:
    info: ListInfo
    origin: str  # "bundled" or "ingested"
    rows: int
    licence: str
    source: str
    fixes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**self.info.model_dump(mode="json"), "origin": self.origin, "rows": self.rows,
                "licence": self.licence, "source": self.source, "fixes": list(self.fixes)}


class ScreeningStore:
    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise UserError(f"no screening store at {self.path}", [Problem(
                "nothing has been ingested yet", file=str(self.path),
                fix="run 'policyatlas screen ingest FILE' first, or pass --db")])
        if self.path.is_dir():
            raise UserError(f"{self.path} is a folder", [Problem(
                "the screening store is a file", file=str(self.path), fix="give a file name")])
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.wait = _wait_seconds()
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=self.wait,
                                      check_same_thread=False)
            if create:
                set_up(self.db, _SCHEMA, self.wait)
            self._check_version(create)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise _busy(self.path, self.wait) from None
            raise self._not_ours(exc) from None
        except sqlite3.DatabaseError as exc:
            raise self._not_ours(exc) from None

    def _not_ours(self, exc: Exception) -> UserError:
        return UserError(f"{self.path} is not a policyatlas screening store",
                         [Problem(str(exc), file=str(self.path),
                                  fix="pass --db with another file")])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ScreeningStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_version(self, create: bool) -> None:
        check_schema(self.db, SCHEMA_VERSION, create=create, path=self.path, what="screening-store")

    def _transaction(self) -> AbstractContextManager[None]:
        return immediate(self.db, lambda: _busy(self.path, self.wait))

    # --- ingest -------------------------------------------------------------------------

    def ingest(self, datas: Sequence[ListData], *, now: dt.datetime | None = None,
               progress: Callable[[int], None] | None = None) -> list[ListChange]:
        """Store read lists (all of them, or none): each replaces the stored list of its id."""
        when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        out = []
        with self._transaction():
            for data in datas:
                out.append(self._ingest_one(data, when, progress))
        return out

    def _ingest_one(self, data: ListData, when: str,
                    progress: Callable[[int], None] | None) -> ListChange:
        info = data.info
        digest = data.content_hash()
        row = self.db.execute("SELECT list_date, content_hash FROM lists WHERE list_id = ?",
                              (info.list_id,)).fetchone()
        if row is not None and row[1] == digest:
            if progress:
                progress(len(data.entries))
            return ListChange(info.list_id, info.list_date, len(data.entries), 0, 0, 0, True)
        if row is not None and dt.date.fromisoformat(row[0]) > info.list_date:
            raise UserError(f"{data.source_path}: an older {info.list_id} than the one stored",
                            [Problem(f"the store holds the list of {row[0]}; this file is of "
                                     f"{info.list_date}", file=data.source_path,
                                     field="--list-date",
                                     fix="ingest the newer download, or pass --db with "
                                     "another store")])
        stored = dict(self.db.execute("SELECT entry_id, record FROM entries WHERE list_id = ?",
                                      (info.list_id,)).fetchall())
        added = changed = removed = 0
        fresh = set()
        for e in data.entries:
            fresh.add(e.entry_id)
            blob = e.model_dump_json()
            before = stored.get(e.entry_id)
            if before == blob:
                pass
            elif before is None:
                added += 1
                self.db.execute("INSERT INTO entries VALUES (?, ?, ?)",
                                (info.list_id, e.entry_id, blob))
            else:
                changed += 1
                self.db.execute("UPDATE entries SET record = ? WHERE list_id = ? AND "
                                "entry_id = ?", (blob, info.list_id, e.entry_id))
            if progress:
                progress(1)
        for entry_id, blob in stored.items():
            if entry_id in fresh:
                continue
            old = ListEntry.model_validate_json(blob)
            if old.removed_on is not None and old.removed_on <= info.list_date:
                continue
            old.removed_on = info.list_date
            old.notes = "; ".join(x for x in (old.notes, f"not on the list dated "
                                              f"{info.list_date}") if x)
            removed += 1
            self.db.execute("UPDATE entries SET record = ? WHERE list_id = ? AND entry_id = ?",
                            (old.model_dump_json(), info.list_id, entry_id))
        self.db.execute(
            "INSERT OR REPLACE INTO lists VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (info.list_id, info.model_dump_json(), info.list_date.isoformat(), digest,
             data.source_path, data.fmt, data.licence, int(data.redistributable),
             json.dumps(data.fixes, ensure_ascii=False), len(data.entries), when))
        self.db.execute("INSERT INTO ingests (recorded_at, path, list_id, list_date, "
                        "content_hash, rows, added, changed, removed) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (when, data.source_path, info.list_id, info.list_date.isoformat(),
                         digest, len(data.entries), added, changed, removed))
        return ListChange(info.list_id, info.list_date, len(data.entries), added, changed,
                          removed, False)

    # --- reading ------------------------------------------------------------------------

    def lists(self) -> list[StoredList]:
        rows = self.db.execute("SELECT info, rows, licence, source_path, fixes, list_id FROM "
                               "lists ORDER BY list_id").fetchall()
        out = []
        for info, _rows, licence, source, fixes, list_id in rows:
            n = self.db.execute("SELECT count(*) FROM entries WHERE list_id = ?",
                                (list_id,)).fetchone()[0]
            out.append(StoredList(ListInfo.model_validate_json(info), "ingested", n, licence,
                                  source, tuple(json.loads(fixes))))
        return out

    def entries(self, list_id: str) -> list[ListEntry]:
        rows = self.db.execute("SELECT record FROM entries WHERE list_id = ? ORDER BY entry_id",
                               (list_id,)).fetchall()
        return [ListEntry.model_validate_json(r[0]) for r in rows]

    def version(self) -> tuple[int, int]:
        """Changes whenever an ingest commits (for caches)."""
        n = self.db.execute("SELECT coalesce(max(id), 0) FROM ingests").fetchone()[0]
        return (n, self.db.execute("PRAGMA data_version").fetchone()[0])


# ---------------------------------------------------------------- the bundled lists


def _data() -> Any:
    return resources.files("policyatlas.screening").joinpath("data")


@cache
def bundle_manifest() -> dict[str, Any]:
    f = _data().joinpath("manifest.json")
    if not f.is_file():
        return {"lists": []}
    return json.loads(f.read_text("utf-8"))


def bundled_lists() -> list[StoredList]:
    out = []
    for item in bundle_manifest()["lists"]:
        out.append(StoredList(ListInfo.model_validate(item["info"]), "bundled", item["rows"],
                              item["licence"], item["file"], tuple(item.get("fixes", []))))
    return out


@cache
def bundled_entries(list_id: str) -> tuple[ListEntry, ...]:
    for item in bundle_manifest()["lists"]:
        if item["info"]["list_id"] == list_id:
            raw = gzip.decompress(_data().joinpath(item["file"]).read_bytes())
            return tuple(ListEntry.model_validate_json(line)
                         for line in raw.decode("utf-8").splitlines() if line)
    return ()


def write_bundle(datas: Sequence[ListData], folder: Path) -> dict[str, Any]:
    """Write the bundled lists (gzip JSON lines + manifest.json). Only redistributable lists:
    an OpenSanctions (CC BY-NC) or other ingest-only source is refused."""
    from policyatlas.outputs import write_atomic

    refused = [d for d in datas if not d.redistributable]
    if refused:
        raise UserError("these lists may not be bundled", [Problem(
            f"{d.info.list_id}: {d.licence}", file=d.source_path,
            fix="ingest it into your own store instead ('policyatlas screen ingest')")
            for d in refused])
    by_id: dict[str, ListData] = {}
    for d in datas:
        if d.info.list_id in by_id:
            raise UserError(f"{d.info.list_id} twice", [Problem(
                "two sources for one bundled list", file=d.source_path,
                fix=f"keep one of {by_id[d.info.list_id].source_path} and {d.source_path}")])
        by_id[d.info.list_id] = d
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"schema": 1, "lists": []}
    for lid, d in sorted(by_id.items()):
        name = f"{lid}.jsonl.gz"
        lines = "".join(e.model_dump_json() + "\n"
                        for e in sorted(d.entries, key=lambda e: e.entry_id))
        write_atomic(folder / name, gzip.compress(lines.encode("utf-8"), mtime=0))
        manifest["lists"].append({"info": d.info.model_dump(mode="json"), "file": name,
                                  "rows": len(d.entries), "licence": d.licence,
                                  "format": d.fmt, "fixes": d.fixes,
                                  "content_hash": d.content_hash()})
    write_atomic(folder / "manifest.json",
                 json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


# ---------------------------------------------------------------- bundled + the user's


def open_store(path: str | Path | None = None) -> ScreeningStore | None:
    """The user's store if it exists (never created by reading), else None."""
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        if path is not None:
            raise UserError(f"no screening store at {p}", [Problem(
                "nothing has been ingested into it", file=str(p),
                fix="run 'policyatlas screen ingest FILE --db ...' first, or leave out --db")])
        return None
    return ScreeningStore(p, create=False)


def available(store: ScreeningStore | None) -> dict[str, StoredList]:
    """Every list, by id: the user's ingested list where there is one, else the bundled."""
    out = {s.info.list_id: s for s in bundled_lists()}
    if store is not None:
        for s in store.lists():
            out[s.info.list_id] = s
    return dict(sorted(out.items()))


def entries_of(lists: Sequence[StoredList], store: ScreeningStore | None) -> list[ListEntry]:
    out: list[ListEntry] = []
    for s in lists:
        if s.origin == "ingested" and store is not None:
            out += store.entries(s.info.list_id)
        else:
            out += bundled_entries(s.info.list_id)
    return out
