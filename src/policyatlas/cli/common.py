"""What every command shares: the Typer app, the consoles, output formats and writers.

Input rules (dates, the calendar window, languages) live in ``policyatlas.dates`` and
``policyatlas.i18n`` and are shared with the HTTP service.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from policyatlas.dates import parse_date  # noqa: F401  (re-exported for the command modules)
from policyatlas.i18n import LANGS

app = typer.Typer(
    name="policyatlas",
    help="AI regulation as code: which obligations apply to each AI system, where, from when, "
    "and why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Text is printed as it is: no highlighting guessed from its content (whose regular expressions
# are quadratic in a long word: a 40,000-character name took 10 s) and no :emoji: codes.
PLAIN = {"highlight": False, "emoji": False}
out = Console(**PLAIN)
err = Console(stderr=True, **PLAIN)


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


# The languages, from the one list the service also checks against (policyatlas.i18n.LANGS).
Lang = StrEnum("Lang", {code.replace("-", "_").lower(): code for code in LANGS})


AS_OF = typer.Option(None, "--as-of", help="Date of the question, YYYY-MM-DD (default: today).")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file (written whole or not "
                      "at all).")


def emit(text: str, output: Path | None) -> None:
    """Standard output, or a file written atomically."""
    from policyatlas.outputs import write_atomic

    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        err.print(f"wrote {output}")


def emit_json(data: Any, output: Path | None) -> None:
    import json

    emit(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", output)


def emit_table(draw: Callable[[Console], None], output: Path | None) -> None:
    """A Rich table on the terminal, or its plain text in a file."""
    if output is None:
        draw(out)
        return
    import io

    console = Console(record=True, width=160, file=io.StringIO(), **PLAIN)
    draw(console)
    emit(console.export_text(), output)


def csv_text(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue()


def load_inventory_file(path: Path):
    from policyatlas.facts.load import load_inventory

    return load_inventory(path)
