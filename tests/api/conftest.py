"""A real policyatlas service on a free local port (uvicorn in a thread), spoken to over HTTP;
and a real PostgreSQL server, started from the machine's binaries for the duration of the run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from policyatlas.api.local import free_port, serve
from policyatlas.api.settings import Settings

API_KEY = "test-key-7f3a"


@pytest.fixture(scope="session")
def service(tmp_path_factory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("service") / "saved.sqlite"
    with serve(Settings(api_key=API_KEY, database_url=f"sqlite:///{db}", max_body=200_000)) as url:
        yield url


@pytest.fixture
def http(service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service, timeout=60) as client:
        yield client


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Start a throw-away PostgreSQL cluster (initdb + pg_ctl) and yield its URL."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
                    ".ci/run installs them")
    root = Path(tempfile.mkdtemp(prefix="policyatlas-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use its own account
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True,  # noqa: E731
                                      text=True, timeout=120)
    run(initdb, "-D", str(data), "-U", "policyatlas", "--auth=trust", "-E", "UTF8")
    run(pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w", "-o",
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start")
    try:
        yield f"postgresql+psycopg://policyatlas@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
