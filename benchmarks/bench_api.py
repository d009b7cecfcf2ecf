"""Service latency over HTTP: the example inventory through /assess, /map and /report (PDF),
against a local uvicorn server.

    python benchmarks/bench_api.py [--runs N]

Prints the median and 90th percentile of N requests (default 30) per endpoint, after one warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from policyatlas.api.local import serve
from policyatlas.api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
INVENTORY = (ROOT / "examples" / "acme-ai.yaml").read_text()
ENDPOINTS = {
    "POST /assess": "/api/v1/assess?as_of=2026-11-23",
    "POST /map": "/api/v1/map?as_of=2026-11-23",
    "GET /laws": "/api/v1/laws",
    "POST /report (pdf, zh-Hans)": "/api/v1/report?format=pdf&lang=zh-Hans&as_of=2026-11-23",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, \
            serve(Settings(database_url=f"sqlite:///{tmp}/s.sqlite")) as url, \
            httpx.Client(base_url=url, timeout=120) as http:
        print(f"{args.runs} requests each, example inventory (3 systems, 58 laws)")
        for name, path in ENDPOINTS.items():
            def once(path=path, name=name) -> float:
                t0 = time.perf_counter()
                r = (http.get(path) if name.startswith("GET")
                     else http.post(path, content=INVENTORY))
                r.raise_for_status()
                return time.perf_counter() - t0

            once()
            times = sorted(once() for _ in range(args.runs))
            p90 = times[int(0.9 * (len(times) - 1))]
            print(f"  {name:28} median {statistics.median(times) * 1000:7.1f} ms   "
                  f"p90 {p90 * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
