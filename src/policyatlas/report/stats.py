"""Render the landscape statistics (`policyatlas stats`): a table, CSV, and the US tile map of
laws per state as SVG or PNG (matplotlib, offline), laid out by ``report/tiles.py``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from policyatlas.compliance.landscape import DIMENSIONS, Stats
from policyatlas.errors import Problem, UserError
from policyatlas.report.tiles import COLS, ROWS, layout
from policyatlas.version import __version__


def to_csv(s: Stats) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["dimension", "key", "name", "count"])
    for dim in DIMENSIONS:
        for c in getattr(s, dim):
            w.writerow([dim, c.key, c.name, c.count])
    return buf.getvalue()


def render_table(s: Stats, console) -> None:
    from rich.table import Table

    console.print(f"[bold]AI law landscape as of {s.as_of}[/bold]: {s.laws} laws "
                  f"({s.state_and_local_laws} state and local, {s.federal_laws} federal), "
                  f"{s.obligations} obligations")
    titles = {"by_state_active": "Laws per state (in force, upcoming or blocked)",
              "by_subject": "Laws by subject", "by_status_on_as_of": f"Status on {s.as_of}",
              "by_year_effective": "Laws by year of effect",
              "by_obligation_category": "Obligations by category"}
    for dim, title in titles.items():
        t = Table("Key", "Count", title=title)
        for c in getattr(s, dim):
            t.add_row(c.name, str(c.count))
        console.print(t)
    t = Table("Date", "Event", "Law", title="Timeline (next effective dates)")
    for e in [e for e in s.timeline if e.date >= s.as_of and e.event == "effective"][:15]:
        t.add_row(str(e.date), e.event, f"{e.title} ({e.law_id})")
    console.print(t)


def render_chart(s: Stats, path: Path) -> bytes:
    """A US tile map of active laws per state, as SVG or PNG (by the file's suffix)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("svg", "png"):
        raise UserError(f"--chart {path}: unknown chart format",
                        [Problem("the chart is written as SVG or PNG", field="--chart",
                                 fix="name the file *.svg or *.png")])
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    plt.rcParams["svg.hashsalt"] = "policyatlas"  # stable ids: same data, same file
    counts = {c.key.removeprefix("us-").upper(): c.count for c in s.by_state_active}
    fig, ax = plt.subplots(figsize=(10, 7), dpi=100)
    for t in layout(counts):
        ax.add_patch(Rectangle((t.col, -t.row), 0.94, 0.94, facecolor=t.fill,
                               edgecolor="#5a5a5a", linewidth=0.6))
        ax.text(t.col + 0.47, -t.row + 0.6, t.state, ha="center", va="center", fontsize=10,
                fontweight="bold", color=t.ink)
        ax.text(t.col + 0.47, -t.row + 0.28, str(t.value), ha="center", va="center",
                fontsize=9, color=t.ink)
    ax.set_xlim(-0.2, COLS + 0.2)
    ax.set_ylim(-(ROWS - 0.7), 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"State and local AI laws in force, upcoming or blocked, per state, as of "
                 f"{s.as_of} (policyatlas packs; NYC counted in NY)", fontsize=11)
    top = max(counts.values(), default=0)
    ax.text(0, -(ROWS - 0.4), f"colour: 0 (grey) to {top} laws (darkest)", fontsize=9)
    buf = io.BytesIO()
    meta = {"Date": None} if suffix == "svg" else {"Software": f"policyatlas {__version__}"}
    fig.savefig(buf, format=suffix, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return buf.getvalue()
