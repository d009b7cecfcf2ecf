"""What hostile input costs: how long a refusal takes, and how output scales with long texts.

    python benchmarks/bench_input.py

Prints medians of 20 runs, in process:
* refusing an alias bomb ("billion laughs", 9 levels of 10), 5,000 nested brackets, a document
  whose aliases expand past the value budget, and 900-deep JSON — each from text to error;
* reading the largest bundled pack, for comparison;
* the assessment table for acme-ai with organisation and system names of 500, 5,000 and 40,000
  characters (the models refuse names over 500; the renderer must stay linear all the same).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from pathlib import Path

from rich.console import Console

from policyatlas.cli.common import PLAIN
from policyatlas.engine.assess import assess
from policyatlas.errors import UserError
from policyatlas.facts.load import load_inventory
from policyatlas.report.assessment import render_table
from policyatlas.sourcefile import parse_json, parse_text

ROOT = Path(__file__).resolve().parents[1]
BOMB = ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n"
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True)))
WIDE = ("a: &a [" + ", ".join(["x"] * 500) + "]\nb: &b [" + ", ".join(["*a"] * 100) + "]\n"
        + "".join(f"c{i}: *b\n" for i in range(3)))


def _median(fn, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _refused(parse, text: str) -> None:
    try:
        parse(text, "<bench>")
    except UserError:
        return
    raise AssertionError("not refused")


def main() -> None:
    print("refusing hostile documents, text to error (median of 20)")
    for name, parse, text in [
        ("alias bomb (561 bytes)", parse_text, BOMB),
        ("5,000 nested brackets", parse_text, "[" * 5000 + "]" * 5000),
        ("aliases past the value budget", parse_text, WIDE),
        ("JSON nested 900 deep", parse_json, "[" * 900 + "]" * 900),
    ]:
        print(f"  {name:32} {_median(lambda p=parse, t=text: _refused(p, t)) * 1000:7.2f} ms")
    largest = max((ROOT / "src" / "policyatlas" / "packs").rglob("*.yaml"),
                  key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    print(f"  for comparison, reading {largest.name} ({len(text) / 1000:.0f} KB)"
          f"{'':4}{_median(lambda: parse_text(text, 'x')) * 1000:7.2f} ms")
    print("the assessment table with long names (median of 5)")
    inv = load_inventory(ROOT / "examples" / "acme-ai.yaml")
    for n in (500, 5_000, 40_000):
        a = assess(inv, dt.date(2026, 11, 23))
        a.organization = "O" * n
        for s in a.systems:
            s.name = "S" * n

        def draw(a=a) -> None:
            render_table(a, Console(file=io.StringIO(), width=160, **PLAIN))

        print(f"  names of {n:6,} characters          {_median(draw, 5) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
