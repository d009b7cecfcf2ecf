"""Build the subset CJK fonts that the PDF reports embed (src/policyatlas/report/fonts/).

The sources are Google Fonts' Noto Sans SC and Noto Sans TC (variable TrueType, SIL OFL 1.1),
as shipped by the PyPI package ``justmytype-intl-cjk``:

    pip download --no-deps -d /tmp/fonts justmytype-intl-cjk
    unzip /tmp/fonts/justmytype_intl_cjk-*.whl -d /tmp/fonts
    python tools/build_report_fonts.py /tmp/fonts/justmytype_intl_cjk/fonts/ofl

Each font is cut to: Latin, Greek, Cyrillic and the usual punctuation and symbols; every character
that the project's YAML files (catalogues, glossary, packs) use; and the common characters of its
script -- GB2312 (6,763 hanzi) for Simplified, Big5 level 1 (5,401 common hanzi) for Traditional
-- then fixed at the Regular weight (wght 400), so ReportLab can embed it (TrueType outlines).
``tests/report/test_fonts.py`` fails when a catalogue gains a character the fonts lack: run this
script again.  Needs fontTools (``pip install fonttools``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "policyatlas" / "report" / "fonts"
BASIC = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x370, 0x400), *range(0x400, 0x460),
         *range(0x2000, 0x2070), *range(0x20A0, 0x20C0), *range(0x2100, 0x2200),
         *range(0x2190, 0x2200), *range(0x2200, 0x2300), *range(0x2460, 0x24FF),
         *range(0x2500, 0x2600), *range(0x25A0, 0x2700), *range(0x3000, 0x3040),
         *range(0xFE30, 0xFE50), *range(0xFF00, 0xFFF0)]


def common(encoding: str, lead: range, trail: list[int]) -> set[int]:
    out = set()
    for a in lead:
        for b in trail:
            try:
                ch = bytes([a, b]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ord(ch) >= 0x3400:
                out.add(ord(ch))
    return out


def used_by_project() -> set[int]:
    chars: set[int] = set()
    for path in (ROOT / "src" / "policyatlas").rglob("*.yaml"):
        chars |= {ord(c) for c in path.read_text("utf-8")}
    return chars


def build(source: Path, name: str, extra: set[int]) -> Path:
    font = TTFont(source)
    cmap = font.getBestCmap()
    wanted = sorted(u for u in {*BASIC, *used_by_project(), *extra} if u in cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": 400})
    family = font["name"].getDebugName(1).removesuffix(" Thin")
    for rec in font["name"].names:  # the default instance was Thin: name it as what it now is
        value = {1: family, 2: "Regular", 4: f"{family} Regular",
                 6: f"{family.replace(' ', '')}-Regular", 16: family, 17: "Regular"}.get(rec.nameID)
        if value:
            rec.string = value
    target = OUT / f"{name}-Regular-subset.ttf"
    font.save(target)
    print(f"{target.relative_to(ROOT)}: {len(wanted)} characters, "
          f"{target.stat().st_size / 1e6:.2f} MB")
    return target


def main(ofl: str) -> None:
    base = Path(ofl)
    gb2312 = common("gb2312", range(0xB0, 0xF8), list(range(0xA1, 0xFF)))
    big5 = common("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    build(base / "notosanssc" / "NotoSansSC[wght].ttf", "NotoSansSC", gb2312)
    build(base / "notosanstc" / "NotoSansTC[wght].ttf", "NotoSansTC", big5)
    (OUT / "OFL.txt").write_text((base / "notosanssc" / "OFL.txt").read_text("utf-8"), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
