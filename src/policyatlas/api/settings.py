"""Service settings, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _number(name: str, default: float, low: float, high: float, whole: bool = False) -> float:
    """A number from the environment, checked: a bad value stops the start with a clear error."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        from policyatlas.errors import Problem, UserError

        def show(v: float) -> str:
            return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"

        kind = "a whole number" if whole else "a number"
        span = f"{kind} from {show(low)} to {show(high)}"
        raise UserError(f"{name}={raw!r} is not {span}", [Problem(
            "a service setting", field=name,
            fix=f"set {name} to {span}, or unset it ({show(default)})")])
    return value


def _data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "policyatlas"


@dataclass(frozen=True)
class Settings:
    #: Required in X-API-Key for every endpoint that writes; writes are refused when unset.
    api_key: str | None = None
    #: SQLAlchemy URL of the saved-assessment database; default a SQLite file.
    database_url: str | None = None
    #: Largest request body accepted, in bytes.
    max_body: int = 1_000_000
    #: The bill store read by /bills endpoints.
    bills_db: Path | None = None
    #: CPU-bound requests served at once by one process (the others queue without holding
    #: the interpreter). One is best: the work holds the interpreter lock, so more threads only
    #: slow the event loop; run more processes (`policyatlas serve --workers N`) to use cores.
    cpu_workers: int = 1
    #: The time budget of one request (queueing included), in seconds; then 503.
    request_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(api_key=os.environ.get("POLICYATLAS_API_KEY") or None,
                   database_url=os.environ.get("POLICYATLAS_DATABASE_URL") or None,
                   max_body=int(_number("POLICYATLAS_MAX_BODY", 1_000_000, 1, 2**31, True)),
                   bills_db=Path(os.environ["POLICYATLAS_BILLS_DB"])
                   if os.environ.get("POLICYATLAS_BILLS_DB") else None,
                   cpu_workers=int(_number("POLICYATLAS_CPU_WORKERS", 1, 1, 256, True)),
                   request_seconds=_number("POLICYATLAS_REQUEST_SECONDS", 60, 0.1, 86_400))

    def database(self) -> str:
        if self.database_url:
            return self.database_url
        path = _data_dir() / "service.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"

