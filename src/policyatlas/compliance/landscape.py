"""Landscape statistics over the law packs: laws by state, subject, status and year, the
effective-date timeline, and a US tile map of laws per state (rendered offline by matplotlib).

JSON contract ``policyatlas.stats/v1``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from policyatlas import __version__
from policyatlas.errors import Problem, UserError
from policyatlas.facts.jurisdictions import JURISDICTIONS, name_of
from policyatlas.laws import status_on
from policyatlas.rules.loader import PackSet, builtin_packs

CONTRACT = "policyatlas.stats/v1"
# Laws that count towards a state's total on the map: duties in force, upcoming or blocked.
ACTIVE = ("in_force", "enacted_not_in_force", "blocked")

# A tile grid of the states (row, column): every state one equal square, roughly in place.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (0, 11), "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 1), "ID": (2, 2), "MT": (2, 3), "ND": (2, 4), "MN": (2, 5), "IL": (2, 6),
    "WI": (2, 7), "MI": (2, 8), "NY": (2, 9), "RI": (2, 10), "MA": (2, 11),
    "OR": (3, 1), "NV": (3, 2), "WY": (3, 3), "SD": (3, 4), "IA": (3, 5), "IN": (3, 6),
    "OH": (3, 7), "PA": (3, 8), "NJ": (3, 9), "CT": (3, 10),
    "CA": (4, 1), "UT": (4, 2), "CO": (4, 3), "NE": (4, 4), "MO": (4, 5), "KY": (4, 6),
    "WV": (4, 7), "VA": (4, 8), "MD": (4, 9), "DE": (4, 10),
    "AZ": (5, 2), "NM": (5, 3), "KS": (5, 4), "AR": (5, 5), "TN": (5, 6), "NC": (5, 7),
    "SC": (5, 8), "DC": (5, 9),
    "OK": (6, 4), "LA": (6, 5), "MS": (6, 6), "AL": (6, 7), "GA": (6, 8),
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9),
}  # fmt: skip


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Count(Out):
    key: str
    name: str
    count: int


class TimelineEvent(Out):
    date: dt.date
    event: str  # signed | effective | repealed
    law_id: str
    jurisdiction: str
    title: str


class Stats(Out):
    contract: str = CONTRACT
    generator: str
    as_of: dt.date
    laws: int
    state_and_local_laws: int
    federal_laws: int
    obligations: int
    by_state: list[Count]
    by_state_active: list[Count]
    by_subject: list[Count]
    by_status: list[Count]
    by_status_on_as_of: list[Count]
    by_year_signed: list[Count]
    by_year_effective: list[Count]
    by_obligation_category: list[Count]
    timeline: list[TimelineEvent]


def state_of(jurisdiction: str) -> str:
    """The state a jurisdiction belongs to (NYC counts for New York)."""
    j = JURISDICTIONS.get(jurisdiction)
    return j.parent if j is not None and j.kind == "city" and j.parent else jurisdiction


def _counts(c: Counter[str], name=lambda k: k, by_key: bool = False) -> list[Count]:
    items = sorted(c.items()) if by_key else sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(key=k, name=name(k), count=v) for k, v in items]


def compute(as_of: dt.date, packs: PackSet | None = None) -> Stats:
    packs = packs or builtin_packs()
    laws = list(packs)
    state_laws = [law for law in laws if law.meta.jurisdiction != "us"]
    timeline: list[TimelineEvent] = []
    for law in laws:
        d = law.meta.dates
        for event, day in (("signed", d.signed), ("effective", d.effective),
                           ("repealed", d.repealed)):
            if day is not None:
                timeline.append(TimelineEvent(date=day, event=event, law_id=law.id,
                                              jurisdiction=law.meta.jurisdiction,
                                              title=law.meta.short_title))
    timeline.sort(key=lambda e: (e.date, e.law_id, e.event))
    obligations = Counter(ob.category for law in laws for r in law.rules
                          for ob in r.rule.obligations)
    return Stats(
        generator=f"policyatlas {__version__}", as_of=as_of, laws=len(laws),
        state_and_local_laws=len(state_laws), federal_laws=len(laws) - len(state_laws),
        obligations=sum(obligations.values()),
        by_state=_counts(Counter(state_of(x.meta.jurisdiction) for x in state_laws), name_of),
        by_state_active=_counts(Counter(state_of(x.meta.jurisdiction) for x in state_laws
                                        if status_on(x, as_of) in ACTIVE), name_of),
        by_subject=_counts(Counter(x.meta.profile.subject if x.meta.profile else "(none)"
                                   for x in laws)),
        by_status=_counts(Counter(str(x.meta.status) for x in laws)),
        by_status_on_as_of=_counts(Counter(status_on(x, as_of) for x in laws)),
        by_year_signed=_counts(Counter(str(x.meta.dates.signed.year) for x in laws
                                       if x.meta.dates.signed), by_key=True),
        by_year_effective=_counts(Counter(str(x.meta.dates.effective.year) for x in laws),
                                  by_key=True),
        by_obligation_category=_counts(obligations),
        timeline=timeline,
    )


DIMENSIONS = ("by_state", "by_state_active", "by_subject", "by_status", "by_status_on_as_of",
              "by_year_signed", "by_year_effective", "by_obligation_category")


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
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm
    from matplotlib.patches import Rectangle

    plt.rcParams["svg.hashsalt"] = "policyatlas"  # stable ids: same data, same file
    counts = {c.key.removeprefix("us-").upper(): c.count for c in s.by_state_active}
    top = max(counts.values(), default=1)
    bounds = [0, 1, 2, 3, 5, 8, max(top + 1, 9)]
    cmap = colormaps["Blues"].resampled(len(bounds) - 1)
    norm = BoundaryNorm(bounds, cmap.N)
    fig, ax = plt.subplots(figsize=(10, 7), dpi=100)
    for abbr, (row, col) in TILES.items():
        n = counts.get(abbr, 0)
        color = "#eeeeee" if n == 0 else cmap(norm(n))
        ax.add_patch(Rectangle((col, -row), 0.94, 0.94, facecolor=color, edgecolor="white"))
        dark = n >= 3
        ax.text(col + 0.47, -row + 0.6, abbr, ha="center", va="center", fontsize=10,
                fontweight="bold", color="white" if dark else "#222222")
        ax.text(col + 0.47, -row + 0.28, str(n), ha="center", va="center", fontsize=9,
                color="white" if dark else "#222222")
    ax.set_xlim(-0.2, 12.2)
    ax.set_ylim(-7.3, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"State and local AI laws in force, upcoming or blocked, per state, as of "
                 f"{s.as_of} (policyatlas packs; NYC counted in NY)", fontsize=11)
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
    bar = fig.colorbar(sm, ax=ax, orientation="horizontal", fraction=0.04, pad=0.02,
                       ticks=bounds[:-1])
    bar.set_label("laws")
    buf = io.BytesIO()
    meta = {"Date": None} if suffix == "svg" else {"Software": f"policyatlas {__version__}"}
    fig.savefig(buf, format=suffix, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return buf.getvalue()
