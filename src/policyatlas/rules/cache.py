"""A cache of validated pack sets, so that every command does not parse and check 60 law files.

The key is a SHA-256 digest of everything the result depends on: the bytes and paths of every
pack file and family template that can be read, the taxonomy, the source of the modules whose
objects are stored (``rules/``, ``facts/``), the policyatlas and Python versions. Changing one
byte of one of them gives another key, so a stale pack set is never served; only pack sets
without problems are stored. The cache lives in ``$POLICYATLAS_CACHE_DIR`` (default
``$XDG_CACHE_HOME/policyatlas`` or ``~/.cache/policyatlas``); ``POLICYATLAS_CACHE=off``
disables it. The files are the user's own (pickles, written atomically, readable only by the
user); a file that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policyatlas.version import __version__

_HERE = Path(__file__).resolve().parent
_CODE = [*sorted(_HERE.glob("*.py")), _HERE / "taxonomy.yaml",
         *sorted((_HERE.parent / "facts").glob("*.py")), _HERE.parent / "validation.py",
         _HERE.parent / "sourcefile.py"]
FAMILIES = "_families"


def enabled() -> bool:
    return os.environ.get("POLICYATLAS_CACHE", "on").lower() not in ("0", "off", "no", "false")


def directory() -> Path:
    base = os.environ.get("POLICYATLAS_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "policyatlas"


def _templates(files: list[Path], builtin: Path) -> list[Path]:
    """Every family template a law among ``files`` could use."""
    dirs = {builtin / FAMILIES}
    for f in files:
        for parent in Path(f).resolve().parents:
            dirs.add(parent / FAMILIES)
            if parent == builtin:
                break
    return sorted(p for d in dirs if d.is_dir() for p in d.glob("*.yaml"))


def digest(files: list[Path], builtin: Path, extra: str = "") -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version}|{extra}".encode())
    for path in [*_CODE, *sorted(Path(f).resolve() for f in files),
                 *_templates(files, builtin)]:
        h.update(str(path).encode("utf-8") + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"(none)")
        h.update(b"\0")
    return h.hexdigest()[:40]


def cached(key: str, build: Callable[[], tuple[Any, list[Any]]]) -> tuple[Any, list[Any]]:
    """``build()``'s (value, problems), from the cache when the key is known."""
    if not enabled():
        return build()
    path = directory() / f"packs-{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh), []
    except Exception:  # unreadable, truncated or from other code: build it again
        pass
    value, problems = build()
    if not problems:
        _store(path, value)
    return value, problems


KEEP = 8  # pack sets kept (the built-in one, and a user's own pack folders)


def code_digest(paths: list[Path], extra: str = "") -> str:
    """A key for a value built by the code in ``paths`` from inputs described by ``extra``."""
    h = hashlib.sha256(f"{__version__}|{sys.version}|{extra}".encode())
    for path in paths:
        h.update(path.read_bytes() if path.is_file() else b"(none)")
    return h.hexdigest()[:40]


def cached_value(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept in the cache under ``<kind>-<key>.pickle`` (see the module text)."""
    if not enabled():
        return build()
    path = directory() / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # unreadable, truncated or from other code: build it again
        pass
    value = build()
    _store(path, value, kind)
    return value


def _store(path: Path, value: Any, kind: str = "packs") -> None:
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        old = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:  # a read-only home or a full disk: run without the cache
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
