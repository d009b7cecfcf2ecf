"""PDF typesetting: embedded fonts and line breaking that respects words and CJK.

Fonts: every font the PDF uses is a TrueType font that ReportLab embeds as a subset, so the
report renders the same in every viewer, with or without Asian font packs. English uses DejaVu
Sans (shipped with matplotlib, a dependency); Simplified and Traditional Chinese use subsets of
Noto Sans SC / TC (SIL OFL 1.1) kept in ``report/fonts/`` (see fonts/README.md and
``tools/build_report_fonts.py``). Noto Sans CJK carries Latin glyphs too, so mixed text needs no
font switching; the map's state codes use DejaVu Sans Bold in every language.

Line breaking (``Para``): a line may break after a space, before or after a CJK character
(except before closing and after opening punctuation: kinsoku), and after ``/`` or ``-`` inside
Latin text (URLs, hyphenated words) — never inside a Latin word unless the word alone is wider
than the line. ReportLab's own CJK mode breaks anywhere, which cut English names mid-word.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from unicodedata import category

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

CJK_FONTS = {"zh-Hans": "NotoSansSC", "zh-Hant": "NotoSansTC"}
LATIN, LATIN_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def font_dir() -> Path:
    return Path(str(resources.files("policyatlas.report").joinpath("fonts")))


def _dejavu(name: str) -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"{name}.ttf"


def font_file(name: str) -> Path:
    """The TrueType file behind a registered font name."""
    if name in (LATIN, LATIN_BOLD):
        return _dejavu(name)
    return font_dir() / f"{name}-Regular-subset.ttf"


@cache
def register(name: str) -> str:
    """Register an embedded TrueType font with ReportLab (once) and return its name."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
    return name


def fonts_for(lang: str) -> tuple[str, str]:
    """(body font, bold font) for a report language; both embedded."""
    if lang in CJK_FONTS:
        body = register(CJK_FONTS[lang])
        return body, body  # one weight: headings are set larger
    return register(LATIN), register(LATIN_BOLD)


def covers(name: str, chars: str) -> set[str]:
    """The characters of ``chars`` that the font lacks."""
    from fontTools.ttLib import TTFont as FT

    cmap = FT(str(font_file(name)), lazy=True).getBestCmap()
    return {c for c in chars if ord(c) not in cmap and not c.isspace()}


# --- line breaking --------------------------------------------------------------------------

def _wide(ch: str) -> bool:
    """CJK ideographs, kana, hangul, CJK punctuation and full-width forms: a line may break
    on either side of each."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF)


def _space(ch: str) -> bool:
    return bool(ch) and (ch.isspace() or category(ch) == "Zs")


def may_break_before(prev: str, ch: str) -> bool:
    """Whether a line may end between ``prev`` and ``ch``."""
    if not prev or not ch:
        return False
    if ch in ALL_CANNOT_START or prev in ALL_CANNOT_END:
        return False
    if _space(prev):
        return True
    if _space(ch):
        return False  # break after the space, not before it
    if _wide(prev) or _wide(ch):
        return True
    return prev in "/-" and ch.isalnum()


def break_lines(text: str, widths: list[float], max_width: float) -> list[tuple[int, int]]:
    """Spans (start, end) of the lines of ``text`` (one width per character); spaces at a
    break are dropped. A pure function, tested on its own."""
    lines, start, used, last = [], 0, 0.0, -1
    i, n = 0, len(text)
    while i < n:
        if text[i] == "\n":
            lines.append((start, i))
            start, used, last = i + 1, 0.0, -1
            i += 1
            continue
        if i > start and may_break_before(text[i - 1], text[i]):
            last = i
        used += widths[i]
        if used > max_width + _FUZZ and i > start:
            if _space(text[i]):
                end, nxt = i, i + 1
            elif last > start:
                end, nxt = last, last
            elif text[i] in ALL_CANNOT_START and i + 1 < n:
                end, nxt = i + 1, i + 1  # let it hang in the margin
            else:
                end, nxt = i, i  # a word wider than the line: cut it
            while end > start and _space(text[end - 1]):
                end -= 1
            lines.append((start, end))
            while nxt < n and _space(text[nxt]) and text[nxt] != "\n":
                nxt += 1
            start = i = nxt  # the rest is laid out again from the new line's start
            used, last = 0.0, -1
            continue
        i += 1
    if start < n:
        lines.append((start, n))
    return lines


class Para(Paragraph):
    """A Paragraph (style ``wordWrap='CJK'``) that breaks lines with ``break_lines``."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        self.height = 0
        units: list[cjkU] = []
        for f in self.frags:
            if getattr(f, "lineBreak", False):
                units.append(cjkU("\n", f, "utf8"))
            elif getattr(f, "text", ""):
                units.extend(cjkU(t, f, "utf8") for t in f.text)
        text = "".join(units)
        widths = [0.0 if u == "\n" else u.width for u in units]
        out = []
        spans = break_lines(text, widths, maxWidths[0])
        for k, (a, b) in enumerate(spans):
            width = maxWidths[min(k, len(maxWidths) - 1)]
            line = [u for u in units[a:b] if u != "\n"]
            used = sum(u.width for u in line)
            if not line:
                line = [cjkU("", self.frags[0], "utf8")]
            out.append(makeCJKParaLine(line, width, used, width - used, False, False))
        if not out:
            style = self.style
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        return ParaLines(kind=1, lines=out)
