"""Service latency over HTTP, against `policyatlas serve` started as its own process (so the
clients measuring it do not share its interpreter).

    python benchmarks/bench_api.py [--runs N] [--clients C]

Prints, after a warm-up:
* POST /assess for both examples, N sequential requests each (default 200): median, p90, p99
  and the ratio p99 / median;
* /map, /laws and a Chinese PDF report, 30 requests each: median and p90;
* /health while C clients (default 16) post assessments as fast as they can: median and p99,
  and how many assessments were answered meanwhile — the event loop is never blocked by the
  work of one request.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from policyatlas.api.local import serve_process

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {name: (ROOT / "examples" / f"{name}.yaml").read_text()
            for name in ("acme-ai", "frontier-companion")}
OTHER = {
    "POST /map": "/api/v1/map?as_of=2026-11-23",
    "GET /laws": "/api/v1/laws",
    "POST /report (pdf, zh-Hans)": "/api/v1/report?format=pdf&lang=zh-Hans&as_of=2026-11-23",
}


def _pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def _time(http: httpx.Client, method: str, path: str, body: str | None = None) -> float:
    t0 = time.perf_counter()
    r = http.post(path, content=body) if method == "POST" else http.get(path)
    r.raise_for_status()
    return time.perf_counter() - t0


@contextlib.contextmanager
def server(tmp: str) -> Iterator[str]:
    with serve_process(f"sqlite:///{tmp}/s.sqlite") as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server(tmp) as url, \
            httpx.Client(base_url=url, timeout=120) as http:
        print(f"POST /assess, {args.runs} sequential requests each, as_of 2026-11-23")
        for name, body in EXAMPLES.items():
            for _ in range(5):
                _time(http, "POST", "/api/v1/assess?as_of=2026-11-23", body)
            times = [_time(http, "POST", "/api/v1/assess?as_of=2026-11-23", body)
                     for _ in range(args.runs)]
            med, p99 = statistics.median(times), _pct(times, 0.99)
            print(f"  {name:20} median {med * 1000:6.1f} ms   p90 {_pct(times, 0.9) * 1000:6.1f}"
                  f" ms   p99 {p99 * 1000:6.1f} ms   p99/median {p99 / med:4.2f}")
        print("other endpoints, 30 requests each (acme-ai)")
        for name, path in OTHER.items():
            method = name.split()[0]
            body = EXAMPLES["acme-ai"] if method == "POST" else None
            _time(http, method, path, body)
            times = [_time(http, method, path, body) for _ in range(30)]
            print(f"  {name:28} median {statistics.median(times) * 1000:7.1f} ms   "
                  f"p90 {_pct(times, 0.9) * 1000:7.1f} ms")

        stop = threading.Event()
        done = [0]

        def load() -> None:
            with httpx.Client(base_url=url, timeout=120) as c:
                while not stop.is_set():
                    c.post("/api/v1/assess?as_of=2026-11-23",
                           content=EXAMPLES["frontier-companion"]).raise_for_status()
                    done[0] += 1

        workers = [threading.Thread(target=load, daemon=True) for _ in range(args.clients)]
        for w in workers:
            w.start()
        time.sleep(1.0)
        health = []
        for _ in range(50):
            health.append(_time(http, "GET", "/api/v1/health"))
            time.sleep(0.05)
        stop.set()
        for w in workers:
            w.join(30)
        print(f"GET /health while {args.clients} clients post assessments: median "
              f"{statistics.median(health) * 1000:.1f} ms, p99 {_pct(health, 0.99) * 1000:.1f} "
              f"ms ({done[0]} assessments answered meanwhile)")


if __name__ == "__main__":
    main()
