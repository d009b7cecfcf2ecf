"""What the embedded SQLite stores (bills, screening lists) share: how long a write waits for
another, and a write transaction that says "busy" instead of failing obscurely."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from policyatlas.errors import Problem, UserError


def wait_seconds(env: str, default: float) -> float:
    """Seconds a write waits for another to finish: ``$env`` (0 to 86400), else ``default``."""
    raw = os.environ.get(env)
    if raw is None:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise UserError(f"{env}={raw!r} is not a number of seconds", [Problem(
            "how long an ingest waits for another to finish", field=env,
            fix=f"set it to a number from 0 to 86400, or unset it ({default:g} s)")])
    return seconds


def is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def set_up(db: sqlite3.Connection, schema: str, seconds: float) -> None:
    """Put a store in write-ahead mode and create its tables, waiting up to ``seconds`` for
    another process doing the same. Two processes creating one new file at once can each
    hold a lock the other needs; SQLite then answers "locked" at once, without waiting, so
    the whole step is retried until the wait is used up."""
    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(schema)
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            if db.in_transaction:
                db.execute("ROLLBACK")
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.25)


def check_schema(db: sqlite3.Connection, version: int, *, create: bool, path: object,
                 what: str) -> None:
    """The store's schema row: written on a new store, refused when another version's
    (``what``: "bill-store", "screening-store")."""
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if row is None:
        if not create:
            raise sqlite3.DatabaseError("it has no policyatlas schema")
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(version),))
    elif int(row[0]) != version:
        raise UserError(f"{path} has {what} schema {row[0]}", [Problem(
            f"this policyatlas reads schema {version}", file=str(path),
            fix="ingest into a new file")])


@contextmanager
def immediate(db: sqlite3.Connection, busy: Callable[[], Exception]) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error); ``busy()``
    is raised when another writer holds the store past the connection's timeout."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise busy() from None
        raise
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
