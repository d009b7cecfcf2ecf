"""The bill store: an embedded SQLite file with the current bills, every version, the changes
between versions, and a full-text index (FTS5).

Ingest is idempotent: a record whose content is unchanged writes nothing; a changed record gets a
new version and a change entry naming the fields that changed. One ingest is one transaction, and
all input is validated before it starts, so a bad file leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from policyatlas.bills.classify import Classification, classify, classify_many
from policyatlas.bills.links import law_links
from policyatlas.bills.model import BillRecord, identifier_key, normalise_identifier
from policyatlas.bills.readers import data_as_of
from policyatlas.bills.status import derive_status
from policyatlas.errors import Problem, UserError
from policyatlas.stores import check_schema, immediate, is_busy, set_up, wait_seconds

SCHEMA_VERSION = 1
ENV_DB = "POLICYATLAS_BILLS_DB"
ENV_WAIT = "POLICYATLAS_BILLS_WAIT"
BUSY_SECONDS = 60.0  # how long an ingest waits for another to finish (ENV_WAIT overrides)


def _wait_seconds() -> float:
    return wait_seconds(ENV_WAIT, BUSY_SECONDS)


def state_codes(values: list[str], field: str = "--state") -> list[str]:
    """The store's codes (``CA``, ``US``) for states as users write them (``ca``, ``us-ca``,
    ``California``); an unknown one is refused with the closest known code."""
    from policyatlas.facts.jurisdictions import UnknownJurisdiction, normalize

    out = []
    for value in values:
        try:
            code = normalize(value)
        except UnknownJurisdiction as exc:
            raise UserError(f"unknown state {value!r}", [Problem(str(exc), field=field,
                                                                 fix=exc.fix)]) from None
        out.append("US" if code == "us" else code.removeprefix("us-").split("-")[0].upper())
    return out


def _busy(path: Path, waited: float) -> UserError:
    return UserError(f"the bill store {path} is busy", [Problem(
        f"another ingest has held it for more than {waited:g} s", file=str(path),
        fix="wait for it to finish and run this again")])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ingests (
    id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, path TEXT NOT NULL, format TEXT,
    records INTEGER NOT NULL, new INTEGER NOT NULL, changed INTEGER NOT NULL,
    unchanged INTEGER NOT NULL, data_as_of TEXT);
CREATE TABLE IF NOT EXISTS bills (
    uid TEXT PRIMARY KEY, source TEXT NOT NULL, jurisdiction TEXT NOT NULL, session TEXT NOT NULL,
    identifier TEXT NOT NULL, ident_key TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
    first_action_date TEXT, latest_action_date TEXT, data_as_of TEXT,
    status TEXT NOT NULL, status_date TEXT, status_reason TEXT NOT NULL,
    ai_relevant INTEGER NOT NULL, topics TEXT NOT NULL, evidence TEXT NOT NULL,
    law_ids TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL, content_hash TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bills_key ON bills (jurisdiction, ident_key);
CREATE TABLE IF NOT EXISTS versions (
    uid TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
    recorded_at TEXT NOT NULL, ingest_id INTEGER NOT NULL, status TEXT NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (uid, version));
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL, version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL, ingest_id INTEGER NOT NULL, kind TEXT NOT NULL,
    fields TEXT NOT NULL, summary TEXT NOT NULL, status_before TEXT, status_after TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS changes_at ON changes (recorded_at);
CREATE VIRTUAL TABLE IF NOT EXISTS bills_fts USING fts5(
    uid UNINDEXED, title, abstract, text, tokenize = 'porter unicode61');
"""

# Record fields compared between versions, in the order a change lists them.
_COMPARED = ("title", "classification", "abstract", "subjects", "sponsors", "actions",
             "latest_action_date", "latest_action_description", "text", "url", "source_urls",
             "session_ended")


def default_path() -> Path:
    """$POLICYATLAS_BILLS_DB, else the user's data folder."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "policyatlas" / "bills.sqlite"


def classifier_fingerprint() -> str:
    """Changes whenever the classifier's terms do, so stored labels can be refreshed."""
    text = resources.files("policyatlas.bills").joinpath("topics.yaml").read_bytes()
    return hashlib.sha256(text).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str  # as asked
    expanded: str  # as run, with synonyms
    synonyms: tuple[str, ...]  # the synonym groups used
    total: int  # bills matching
    rows: list[sqlite3.Row]  # the best of them, at most the limit


@dataclass(frozen=True, slots=True)
class IngestResult:
    records: int
    new: int
    changed: int
    unchanged: int
    data_as_of: str | None

    def as_dict(self) -> dict:
        return {"records": self.records, "new": self.new, "changed": self.changed,
                "unchanged": self.unchanged, "data_as_of": self.data_as_of}


class BillStore:
    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise UserError(f"no bill store at {self.path}", [Problem(
                "nothing has been ingested yet", file=str(self.path),
                fix="run 'policyatlas bills ingest PATH' first, or pass --db")])
        if create:
            if self.path.is_dir():
                raise UserError(f"{self.path} is a folder", [Problem(
                    "the bill store is a file", file=str(self.path), fix="give a file name")])
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Write-ahead logging: readers see the last committed ingest while another runs;
            # a second ingest waits for the first (up to BUSY_SECONDS), then says so.
            self.wait = _wait_seconds()
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=self.wait)
            self.db.row_factory = sqlite3.Row
            if create:
                set_up(self.db, _SCHEMA, self.wait)
            self._check_version(create)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise _busy(self.path, self.wait) from None
            raise UserError(f"{self.path} is not a policyatlas bill store",
                            [Problem(str(exc), file=str(self.path),
                                     fix="pass --db with another file")]) from None
        except sqlite3.DatabaseError as exc:
            raise UserError(f"{self.path} is not a policyatlas bill store",
                            [Problem(str(exc), file=str(self.path),
                                     fix="pass --db with another file")]) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> BillStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_version(self, create: bool) -> None:
        check_schema(self.db, SCHEMA_VERSION, create=create, path=self.path, what="bill-store")

    def _transaction(self) -> AbstractContextManager[None]:
        return immediate(self.db, lambda: _busy(self.path, self.wait))

    # --- ingest ---------------------------------------------------------------------------

    def ingest(self, records: list[BillRecord], *, path: str, fmt: str | None = None,
               now: dt.datetime | None = None,
               progress: Callable[[int], None] | None = None) -> IngestResult:
        """Store validated records; returns what was new, changed and unchanged."""
        seen: dict[str, int] = {}
        for n, rec in enumerate(records):
            if rec.uid in seen:
                raise UserError(f"{path}: the same bill twice", [Problem(
                    f"records {seen[rec.uid]} and {n} are both {rec.uid}", file=path,
                    field=f"record {n}", fix="keep one record per bill")])
            seen[rec.uid] = n
        as_of = data_as_of(records)
        when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        new = changed = 0
        blobs = {rec.uid: rec.canonical_json() for rec in records}
        digests = {uid: hashlib.sha256(b.encode()).hexdigest() for uid, b in blobs.items()}
        stored = dict(self.db.execute("SELECT uid, content_hash FROM bills").fetchall())
        # Label, on every core, only what will be written (new or changed content).
        fresh = [rec for rec in records if stored.get(rec.uid) != digests[rec.uid]]
        labels = dict(zip((r.uid for r in fresh),
                          classify_many([(r.title, r.abstract, r.text) for r in fresh]),
                          strict=True))
        with self._transaction():
            ingest_id = None
            for rec in records:
                blob = blobs[rec.uid]
                digest = digests[rec.uid]
                row = self.db.execute("SELECT version, content_hash, record, status FROM bills "
                                      "WHERE uid = ?", (rec.uid,)).fetchone()
                if row is not None and row["content_hash"] == digest:
                    if progress:
                        progress(1)
                    continue
                if ingest_id is None:
                    ingest_id = self.db.execute(
                        "INSERT INTO ingests (recorded_at, path, format, records, new, changed, "
                        "unchanged, data_as_of) VALUES (?, ?, ?, 0, 0, 0, 0, ?)",
                        (when, path, fmt, as_of)).lastrowid
                version = 1 if row is None else row["version"] + 1
                status = self._write(rec, digest, version, as_of, blob,
                                     labels.get(rec.uid))
                self.db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                                (rec.uid, version, digest, when, ingest_id, status, blob))
                if row is None:
                    new += 1
                    fields, summary, before = [], f"new: {status}", None
                else:
                    changed += 1
                    old = BillRecord.from_dict(json.loads(row["record"]))
                    fields = _changed_fields(old, rec)
                    summary = _summary(old, rec, fields, row["status"], status)
                    before = row["status"]
                self.db.execute(
                    "INSERT INTO changes (uid, version, recorded_at, ingest_id, kind, fields, "
                    "summary, status_before, status_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rec.uid, version, when, ingest_id, "new" if row is None else "changed",
                     json.dumps(fields), summary, before, status))
                if progress:
                    progress(1)
            if ingest_id is not None:
                self.db.execute("UPDATE ingests SET records = ?, new = ?, changed = ?, "
                                "unchanged = ? WHERE id = ?",
                                (len(records), new, changed, len(records) - new - changed,
                                 ingest_id))
            self._refresh_derived()
        return IngestResult(len(records), new, changed, len(records) - new - changed, as_of)

    def _write(self, rec: BillRecord, digest: str, version: int, as_of: str | None,
               blob: str, labels: Classification | None = None) -> str:
        status = derive_status(rec, dt.date.fromisoformat(as_of) if as_of else None)
        labels = labels or classify(rec.title, rec.abstract, rec.text)
        self.db.execute(
            "INSERT OR REPLACE INTO bills (uid, source, jurisdiction, session, identifier, "
            "ident_key, title, kind, first_action_date, latest_action_date, data_as_of, status, "
            "status_date, status_reason, ai_relevant, topics, evidence, law_ids, version, "
            "content_hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "COALESCE((SELECT law_ids FROM bills WHERE uid = ?), '[]'), ?, ?, ?)",
            (rec.uid, rec.source, rec.jurisdiction, rec.session, rec.identifier,
             identifier_key(rec.identifier), rec.title,
             "resolution" if rec.is_resolution else "bill", rec.first_action_date,
             rec.latest_action_date, as_of, status.code, status.date, status.reason,
             int(labels.ai_relevant), json.dumps(list(labels.topic_ids)), _evidence(labels),
             rec.uid, version, digest, blob))
        if version > 1:  # an FTS5 table has no index on uid: delete only what is there
            self.db.execute("DELETE FROM bills_fts WHERE uid = ?", (rec.uid,))
        self.db.execute("INSERT INTO bills_fts VALUES (?, ?, ?, ?)",
                        (rec.uid, rec.title, rec.abstract, rec.text))
        return status.code

    def _refresh_derived(self) -> None:
        """Re-label every bill when the classifier's terms changed; re-link bills to packs."""
        fingerprint = classifier_fingerprint()
        row = self.db.execute("SELECT value FROM meta WHERE key = 'classifier'").fetchone()
        if row is not None and row[0] != fingerprint:
            for uid, blob in self.db.execute("SELECT uid, record FROM bills").fetchall():
                rec = BillRecord.from_dict(json.loads(blob))
                labels = classify(rec.title, rec.abstract, rec.text)
                self.db.execute("UPDATE bills SET ai_relevant = ?, topics = ?, evidence = ? "
                                "WHERE uid = ?", (int(labels.ai_relevant),
                                                  json.dumps(list(labels.topic_ids)),
                                                  _evidence(labels), uid))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('classifier', ?)", (fingerprint,))
        self.db.execute("UPDATE bills SET law_ids = '[]' WHERE law_ids != '[]'")
        for (state, key), law_ids in law_links().items():
            for uid, session in self.db.execute(
                    "SELECT uid, session FROM bills WHERE jurisdiction = ? AND ident_key = ?",
                    (state, key)).fetchall():
                ids = sorted(law for sess, law in law_ids if sess == session)
                if ids:
                    self.db.execute("UPDATE bills SET law_ids = ? WHERE uid = ?",
                                    (json.dumps(ids), uid))

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM bills").fetchone()[0]

    def rows(self, where: str = "1", params: Iterable = ()) -> list[sqlite3.Row]:
        sql = f"SELECT * FROM bills WHERE {where} ORDER BY jurisdiction, session, ident_key"
        return self.db.execute(sql, tuple(params)).fetchall()

    def find(self, ref: str) -> sqlite3.Row:
        """A bill by uid (ocd-bill/…, legiscan:…) or by 'STATE [SESSION] IDENTIFIER'."""
        row = self.db.execute("SELECT * FROM bills WHERE uid = ?", (ref.strip(),)).fetchone()
        if row is not None:
            return row
        parts = ref.split()
        candidates: list[sqlite3.Row] = []
        if len(parts) >= 2:
            state = parts[0].upper()
            for split in (2, 1):  # "VA 2024 HB 747" or "VA HB 747"
                session = " ".join(parts[1:split]) if split > 1 else None
                ident = identifier_key(normalise_identifier(" ".join(parts[split:])))
                query = "jurisdiction = ? AND ident_key = ?"
                args: list[str] = [state, ident]
                if session:
                    query += " AND session = ?"
                    args.append(session)
                candidates = self.rows(query, args)
                if candidates:
                    break
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            keys = ", ".join(f"{c['jurisdiction']} {c['session']} {c['identifier']}"
                             for c in candidates[:6])
            raise UserError(f"{ref!r} matches {len(candidates)} bills", [Problem(
                f"in several sessions: {keys}", fix="add the session, e.g. 'VA 2024 HB 747'")])
        raise UserError(f"no bill {ref!r} in the store", [Problem(
            "not found by id or by state, session and number",
            fix="use an id from 'policyatlas bills search', or 'STATE SESSION NUMBER'")])

    def record(self, row: sqlite3.Row) -> BillRecord:
        return BillRecord.from_dict(json.loads(row["record"]))

    def versions(self, uid: str) -> list[sqlite3.Row]:
        return self.db.execute("SELECT uid, version, recorded_at, status, content_hash "
                               "FROM versions WHERE uid = ? ORDER BY version", (uid,)).fetchall()

    def changes(self, since: dt.date | None = None, kind: str | None = None,
                states: list[str] | None = None) -> list[sqlite3.Row]:
        query = ("SELECT c.*, b.jurisdiction, b.session, b.identifier, b.title FROM changes c "
                 "JOIN bills b USING (uid) WHERE 1")
        args: list[str] = []
        if since:
            query += " AND c.recorded_at >= ?"
            args.append(since.isoformat())
        if kind:
            query += " AND c.kind = ?"
            args.append(kind)
        if states:
            query += f" AND b.jurisdiction IN ({','.join('?' * len(states))})"
            args += states
        return self.db.execute(query + " ORDER BY c.recorded_at, c.id", args).fetchall()

    def search(self, query: str, *, limit: int = 20, where: str = "1",
               params: Iterable = (), synonyms: bool = True) -> list[sqlite3.Row]:
        return self.search_counted(query, limit=limit, where=where, params=params,
                                   synonyms=synonyms).rows

    def search_counted(self, query: str, *, limit: int = 20, where: str = "1",
                       params: Iterable = (), synonyms: bool = True) -> SearchResult:
        """The best ``limit`` matches and how many bills match in all; with ``synonyms`` the
        query also finds the other wordings of its terms (bills/search.py)."""
        from policyatlas.bills.search import expand

        fts, groups = expand(query) if synonyms else (query, [])
        params = tuple(params)
        sql = ("SELECT b.*, snippet(bills_fts, -1, '[', ']', '…', 12) AS snippet, "
               "bm25(bills_fts, 0, 10, 4, 1) AS rank FROM bills_fts JOIN bills b USING (uid) "
               f"WHERE bills_fts MATCH ? AND {where} ORDER BY rank LIMIT ?")
        count = ("SELECT count(*) FROM bills_fts JOIN bills b USING (uid) "
                 f"WHERE bills_fts MATCH ? AND {where}")
        try:
            rows = self.db.execute(sql, (fts, *params, limit)).fetchall()
            total = self.db.execute(count, (fts, *params)).fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise UserError(f"cannot search for {query!r}", [Problem(
                str(exc), fix='use words, "quoted phrases", AND / OR / NOT, or prefix*')]) \
                from None
        return SearchResult(query, fts, tuple(groups), total, rows)

    def snapshot(self) -> dict[str, int]:
        """Row counts and content fingerprints of every table: what 'unchanged' is checked on."""
        out = {}
        for table in ("bills", "versions", "changes", "ingests"):
            rows = self.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            out[table] = (len(rows), digest[:12])
        return out


def _evidence(labels: Classification) -> str:
    return json.dumps({
        "ai_hits": labels.ai_hits,
        "ai": [[e.field, e.term, e.snippet] for e in labels.ai_evidence],
        # which of "ai" are weak clues (summary-only input): shown as such, never as AI terms
        "ai_weak": [e.weak for e in labels.ai_evidence],
        "topics": {t.topic: {"score": t.score,
                             "evidence": [[e.field, e.term, e.snippet] for e in t.evidence]}
                   for t in labels.topics},
        "adjacent": {t.topic: {"score": t.score,
                               "evidence": [[e.field, e.term, e.snippet] for e in t.evidence]}
                     for t in labels.adjacent},
        "mode": labels.mode}, ensure_ascii=False)


def _changed_fields(old: BillRecord, new: BillRecord) -> list[str]:
    return [f for f in _COMPARED if getattr(old, f) != getattr(new, f)]


def _summary(old: BillRecord, new: BillRecord, fields: list[str], before: str,
             after: str) -> str:
    parts = []
    if before != after:
        parts.append(f"status {before} -> {after}")
    if "actions" in fields:
        added = [a for a in new.actions if a not in set(old.actions)]
        if added:
            last = added[-1]
            what = last.description or " ".join(f"#{c}" for c in last.classification)
            parts.append(f"{len(added)} new action(s), latest {last.date}: {what}")
        else:
            parts.append("actions revised")
    parts += [f"{f} changed" for f in fields if f != "actions"]
    return "; ".join(parts) or "record metadata changed"
