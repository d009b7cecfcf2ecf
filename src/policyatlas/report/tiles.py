"""The US tile map of an assessment: obligations per state, as an accessible SVG string.

One source for the browser UI (the SVG is served and made clickable), the HTML report (inlined)
and the PDF and spreadsheet reports (which read the same counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from policyatlas.engine.results import Assessment
from policyatlas.stats import TILES, state_of

# Sequential blues, light to dark (ColorBrewer "Blues", 6 classes); text is near-black on all
# but the darkest, where it is white, so every label keeps a contrast ratio of 4.5:1 or more
# (tested).
SCALE = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f4f4f4"
DARK_FROM = 5


@dataclass
class StateCount:
    state: str  # two-letter code
    in_force: int = 0
    upcoming: int = 0
    blocked: int = 0
    laws: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.in_force + self.upcoming + self.blocked


def abbr(jurisdiction: str) -> str | None:
    """``us-ca`` and ``us-ny-nyc`` -> ``CA`` / ``NY``; federal (``us``) -> None."""
    code = state_of(jurisdiction)
    parts = code.split("-")
    return parts[1].upper() if len(parts) == 2 and parts[0] == "us" else None


def counts(a: Assessment) -> dict[str, StateCount]:
    """Distinct obligations (law, rule, obligation) per state, over every system."""
    out: dict[str, StateCount] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for system in a.systems:
        for kind, items in (("in_force", system.obligations), ("upcoming", system.upcoming),
                            ("blocked", system.blocked)):
            for o in items:
                state = abbr(o.jurisdiction)
                key = (kind, o.law_id, o.rule_id, o.obligation_id)
                if state is None or key in seen:
                    continue
                seen.add(key)
                c = out.setdefault(state, StateCount(state))
                setattr(c, kind, getattr(c, kind) + 1)
                c.laws.add(o.law_id)
    return out


def federal_count(a: Assessment) -> int:
    return len({(o.law_id, o.rule_id, o.obligation_id) for s in a.systems
                for o in (*s.obligations, *s.upcoming, *s.blocked) if abbr(o.jurisdiction) is None})


def colour(total: int, top: int) -> tuple[str, str]:
    """Fill and text colour for a count, on a scale up to ``top``."""
    if total <= 0:
        return EMPTY, "#333333"
    step = min(len(SCALE) - 1, max(0, round((len(SCALE) - 1) * total / max(top, 1))))
    return SCALE[step], ("#ffffff" if step >= DARK_FROM else "#000000")


def tile_svg(by_state: dict[str, StateCount], *, title: str,
             label: str = "{state}: {n} obligations", names: dict[str, str] | None = None,
             scale: str = "0 to {top}", size: int = 44) -> str:
    """The tile map; each state is a focusable group with ``data-state`` and an aria-label."""
    top = max((c.total for c in by_state.values()), default=0)
    gap = 4
    cols = 1 + max(c for _, c in TILES.values())
    rows = 1 + max(r for r, _ in TILES.values())
    width, height = cols * (size + gap), rows * (size + gap) + 28
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="group" aria-label="{escape(title)}" class="tilemap">',
             f"<title>{escape(title)}</title>"]
    for state, (row, col) in sorted(TILES.items()):
        c = by_state.get(state)
        n = c.total if c else 0
        fill, ink = colour(n, top)
        x, y = col * (size + gap), row * (size + gap)
        name = (names or {}).get(state, state)
        aria = label.format(state=name, n=n)
        parts.append(
            f'<g class="tile" data-state="{state}" data-count="{n}" tabindex="0" role="button" '
            f'aria-label="{escape(aria)}"><title>{escape(aria)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{fill}" '
            f'stroke="#5a5a5a" stroke-width="0.6"/>'
            f'<text x="{x + size / 2}" y="{y + size / 2 - 2}" text-anchor="middle" '
            f'font-size="12" font-weight="700" fill="{ink}">{state}</text>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 13}" text-anchor="middle" '
            f'font-size="11" fill="{ink}">{n or ""}</text></g>')
    # Legend: the scale's ends.
    ly = rows * (size + gap) + 6
    for i, fill in enumerate((EMPTY, *SCALE)):
        parts.append(f'<rect x="{i * 22}" y="{ly}" width="20" height="14" fill="{fill}" '
                     f'stroke="#5a5a5a" stroke-width="0.5"/>')
    parts.append(f'<text x="{(len(SCALE) + 1) * 22 + 6}" y="{ly + 11}" font-size="11" '
                 f'fill="#1a1a1a">{escape(scale.format(top=top))}</text>')
    parts.append("</svg>")
    return "".join(parts)
