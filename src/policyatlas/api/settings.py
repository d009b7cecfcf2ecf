"""Service settings, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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

    @classmethod
    def from_env(cls) -> Settings:
        return cls(api_key=os.environ.get("POLICYATLAS_API_KEY") or None,
                   database_url=os.environ.get("POLICYATLAS_DATABASE_URL") or None,
                   max_body=int(os.environ.get("POLICYATLAS_MAX_BODY", "1000000")),
                   bills_db=Path(os.environ["POLICYATLAS_BILLS_DB"])
                   if os.environ.get("POLICYATLAS_BILLS_DB") else None,
                   cpu_workers=int(os.environ.get("POLICYATLAS_CPU_WORKERS") or 1))

    def database(self) -> str:
        if self.database_url:
            return self.database_url
        path = _data_dir() / "service.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"

