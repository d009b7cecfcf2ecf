"""Fuzzing: hostile and malformed variants of real documents through the real commands and the
service. Every variant must end in an answer or a clear error — exit 0 or 2, an HTTP status
below 500 — never a traceback, and within a time bound (no hang).

The CI budget is POLICYATLAS_FUZZ (default 300) variants per kind of document, with fixed seeds;
a longer local run: ``POLICYATLAS_FUZZ=20000 POLICYATLAS_FUZZ_SEED=7 pytest tests/fuzz -q -s``
(prints the figures per kind). A variant that fails is written to the temporary folder the
failure names; copy it into ``tests/fuzz/corpus/<kind>/`` so it is replayed forever after.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policyatlas.api.app import create_app
from policyatlas.api.settings import Settings
from policyatlas.sourcefile import read_document
from tests.conftest import ROOT, run_cli_here
from tests.fuzz.mutator import Mutator

N = int(os.environ.get("POLICYATLAS_FUZZ", "300"))
N_HTTP = max(10, N // 3)
SEED = int(os.environ.get("POLICYATLAS_FUZZ_SEED", "20261201"))
BOUND = 20.0  # seconds: no single input may take longer (a hang)
HERE = Path(__file__).parent
ACME = ROOT / "examples" / "acme-ai.yaml"


DAYS = ["2026-11-23", "2028-02-29", "2027-01-15", "9999-12-31", "0001-01-01", "2026-12-01",
        "2024-02-29"]


def _day(i: int) -> str:
    return DAYS[(i // 5) % len(DAYS)]


def _inventory(f: Path, tmp: Path, i: int) -> tuple[str, ...]:
    return [("assess", str(f), "-f", "json", "--as-of", _day(i)),
            ("program", str(f), "-f", "json", "--as-of", _day(i)),
            ("calendar", str(f), "--from", _day(i), "-f", ["json", "ics", "table"][i % 3]),
            ("assess", str(f), "--as-of", _day(i)),
            ("scenario", "diff", "cruz-blackburn-2025", "--inventory", str(f), "-f", "json",
             "--as-of", _day(i))][i % 5]


def _chips(f: Path, tmp: Path, i: int) -> tuple[str, ...]:
    return ("export", "classify", str(f), "-f", ["json", "table", "csv"][i % 3],
            "--as-of", ["2023-11-17", "2022-10-07", "2026-11-23"][i % 3])


def _shipment(f: Path, tmp: Path, i: int) -> tuple[str, ...]:
    return ("export", "check", str(f), "-f", ["json", "table", "md"][i % 3])


def _bills(f: Path, tmp: Path, i: int) -> tuple[str, ...]:
    fmt = ["auto", "openstates", "openstates-v3", "legiscan"][i % 4]
    return ("bills", "ingest", str(f), "--db", str(tmp / "bills.sqlite"), "--format", fmt)


def _scenario(f: Path, tmp: Path, i: int) -> tuple[str, ...]:
    return [("scenario", "validate", str(f)),
            ("scenario", "diff", str(f), "--as-of", _day(i), "-f", "json"),
            ("scenario", "diff", str(f), "--inventory", str(ACME), "-f", "csv")][i % 3]


KINDS: dict[str, tuple[list[Path], Callable[[Path, Path, int], tuple[str, ...]], str]] = {
    "inventory": ([ACME, ROOT / "examples" / "frontier-companion.yaml"], _inventory, ".yaml"),
    "chips": ([HERE / "seeds" / "chips.yaml"], _chips, ".yaml"),
    "shipment": (sorted((ROOT / "examples").glob("shipment-*.yaml")), _shipment, ".yaml"),
    "bills": ([HERE / "seeds" / "openstates-flat-3.json",
               *sorted((ROOT / "tests" / "data" / "bills" / "replies").glob("*.json"))],
              _bills, ".json"),
    "scenario": ([ROOT / "src" / "policyatlas" / "scenarios" / "builtin" / n for n in
                  ("cruz-blackburn-2025.yaml", "status-quo.yaml", "gaaia-draft-2026.yaml")],
                 _scenario, ".yaml"),
}


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"an input took more than {BOUND:g} s")


def _run(args: tuple[str, ...]) -> tuple[int, float]:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, BOUND)
    t0 = time.perf_counter()
    try:
        r = run_cli_here(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert r.returncode in (0, 2), (args, r.returncode, r.stdout[-500:], r.stderr[-1500:])
    if r.returncode == 2:
        assert r.stderr.strip() and "Traceback" not in r.stderr
    return r.returncode, time.perf_counter() - t0


def _seed_data(path: Path):
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return read_document(path).data


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_variants_through_the_cli(kind, tmp_path):
    seeds, command, suffix = KINDS[kind]
    docs = [_seed_data(s) for s in seeds]
    mutator = Mutator(SEED + sum(map(ord, kind)))
    outcomes = {0: 0, 2: 0}
    slowest = 0.0
    failures: list[str] = []
    started = time.perf_counter()
    for i in range(N):
        text = mutator.variant(docs[i % len(docs)])
        f = tmp_path / f"{kind}-{i}{suffix}"
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            code, took = _run(command(f, tmp_path, i))
        except (AssertionError, Hang) as failure:  # kept, and the run goes on
            failures.append(f"{f}: {str(failure)[:2000]}")
            continue
        f.unlink()
        outcomes[code] += 1
        slowest = max(slowest, took)
    print(f"\n{kind}: {N} variants in {time.perf_counter() - started:.0f} s, {outcomes[0]} "
          f"answered, {outcomes[2]} refused clearly, {len(failures)} failed, "
          f"slowest {slowest:.2f} s")
    assert not failures, f"{len(failures)} failing inputs kept:\n" + "\n".join(failures[:5])
    assert outcomes[0] > 0 and outcomes[2] > 0  # variants reach the answers and the errors


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "bills"])
def test_the_regression_corpus(kind, tmp_path):
    _, command, _ = KINDS[kind]
    files = sorted((HERE / "corpus" / kind).glob("*")) if (HERE / "corpus" / kind).is_dir() \
        else []
    for i, f in enumerate(files):
        for j in range(5 if kind in ("inventory",) else 3):
            _run(command(f, tmp_path, i + j))


def test_the_bill_corpus(tmp_path):
    for i, f in enumerate(sorted((HERE / "corpus" / "bills").glob("*"))):
        for j in range(4):
            _run(_bills(f, tmp_path, i + j))


ENDPOINTS = {"inventory": ["/api/v1/assess?as_of=2026-11-23", "/api/v1/program",
                           "/api/v1/calendar?from=2026-11-23", "/api/v1/map?lang=zh-Hans",
                           "/api/v1/scenarios/cruz-blackburn-2025/diff"],
             "chips": ["/api/v1/export/classify?as_of=2023-11-17"],
             "shipment": ["/api/v1/export/check"]}


@pytest.fixture(scope="module")
def http():
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_hostile_variants_over_http(kind, http):
    seeds, _, _ = KINDS[kind]
    docs = [_seed_data(s) for s in seeds]
    mutator = Mutator(SEED * 3 + sum(map(ord, kind)))
    statuses: dict[int, int] = {}
    for i in range(N_HTTP):
        text = mutator.variant(docs[i % len(docs)])
        body = text.encode("utf-8", errors="surrogatepass")
        kind_header = "application/json" if text.lstrip().startswith(("{", "[")) and i % 2 \
            else "application/yaml"
        path = ENDPOINTS[kind][i % len(ENDPOINTS[kind])]
        r = http.post(path, content=body, headers={"content-type": kind_header})
        assert r.status_code < 500, (path, r.status_code, r.text[:500], text[:300])
        if r.status_code >= 400:
            assert r.headers["content-type"].startswith("application/problem+json")
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    print(f"\n{kind} over HTTP: {N_HTTP} variants, statuses {dict(sorted(statuses.items()))}")
