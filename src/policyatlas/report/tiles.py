"""The US tile map: one grid, one colour scale, one layout — drawn as SVG (browser UI and HTML
report), in the PDF report (ReportLab) and as the landscape chart (``stats --chart``).

The numbers come from the engine's counts (``Assessment.counts.by_state``) or the landscape
statistics; this module only lays them out and colours them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

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
ROWS = 1 + max(r for r, _ in TILES.values())
COLS = 1 + max(c for _, c in TILES.values())

# Sequential blues, light to dark (ColorBrewer "Blues", 6 classes); text is near-black on all
# but the darkest, where it is white, so every label keeps a contrast ratio of 4.5:1 or more
# (tested).
SCALE = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f4f4f4"
DARK_FROM = 5


@dataclass(frozen=True, slots=True)
class Tile:
    state: str
    row: int
    col: int
    value: int
    fill: str
    ink: str


def colour(total: int, top: int) -> tuple[str, str]:
    """Fill and text colour for a count, on a scale up to ``top``."""
    if total <= 0:
        return EMPTY, "#333333"
    step = min(len(SCALE) - 1, max(0, round((len(SCALE) - 1) * total / max(top, 1))))
    return SCALE[step], ("#ffffff" if step >= DARK_FROM else "#000000")


def layout(values: dict[str, int]) -> list[Tile]:
    """Every state's tile with its value and colours: the one layout every drawing uses."""
    top = max(values.values(), default=0)
    out = []
    for state, (row, col) in sorted(TILES.items()):
        n = values.get(state, 0)
        fill, ink = colour(n, top)
        out.append(Tile(state, row, col, n, fill, ink))
    return out


def tile_svg(values: dict[str, int], *, title: str, label: str = "{state}: {n} obligations",
             names: dict[str, str] | None = None, details: dict[str, str] | None = None,
             scale: str = "0 to {top}", size: int = 44) -> str:
    """The tile map as SVG; each state is a focusable group with ``data-state`` and an
    aria-label (``details`` adds a breakdown to a state's label)."""
    tiles = layout(values)
    top = max(values.values(), default=0)
    gap = 4
    width, height = COLS * (size + gap), ROWS * (size + gap) + 28
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="group" aria-label="{escape(title)}" class="tilemap">',
             f"<title>{escape(title)}</title>"]
    for t in tiles:
        x, y = t.col * (size + gap), t.row * (size + gap)
        name = (names or {}).get(t.state, t.state)
        aria = label.format(state=name, n=t.value)
        if details and details.get(t.state):
            aria += f" ({details[t.state]})"
        parts.append(
            f'<g class="tile" data-state="{t.state}" data-count="{t.value}" tabindex="0" '
            f'role="button" aria-label="{escape(aria)}"><title>{escape(aria)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{t.fill}" '
            f'stroke="#5a5a5a" stroke-width="0.6"/>'
            f'<text x="{x + size / 2}" y="{y + size / 2 - 2}" text-anchor="middle" '
            f'font-size="12" font-weight="700" fill="{t.ink}">{t.state}</text>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 13}" text-anchor="middle" '
            f'font-size="11" fill="{t.ink}">{t.value or ""}</text></g>')
    # Legend: the scale's ends.
    ly = ROWS * (size + gap) + 6
    for i, fill in enumerate((EMPTY, *SCALE)):
        parts.append(f'<rect x="{i * 22}" y="{ly}" width="20" height="14" fill="{fill}" '
                     f'stroke="#5a5a5a" stroke-width="0.5"/>')
    parts.append(f'<text x="{(len(SCALE) + 1) * 22 + 6}" y="{ly + 11}" font-size="11" '
                 f'fill="#1a1a1a">{escape(scale.format(top=top))}</text>')
    parts.append("</svg>")
    return "".join(parts)
