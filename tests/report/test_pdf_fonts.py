"""The PDF reports embed every font they use (subset TrueType), render their Chinese text on a
machine without any CJK font, and break lines between words: an English system name in a
Chinese report comes out whole.

The poppler checks (``pdffonts``, ``pdftoppm``, ``pdftotext``) run where poppler-utils is
installed and are skipped, saying so, where it is not; the same facts are checked with pypdf
everywhere.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from policyatlas.facts.load import load_inventory
from policyatlas.i18n import catalog, glossary, text
from policyatlas.report.document import build_report, render
from policyatlas.report.typeset import CJK_FONTS, break_lines, covers, may_break_before
from tests.conftest import EXAMPLE
from tests.report.test_reports import DAY

LANGS = ["en", "zh-Hans", "zh-Hant"]
NAME = "Resume Screener Pro"
HEADINGS = ["report.executive", "report.exec.grid", "report.exec.penalties",
            "report.exec.caveats", "report.obligations", "report.program", "report.calendar",
            "report.citations", "obligation.penalty", "obligation.reasons"]
POPPLER = all(shutil.which(t) for t in ("pdffonts", "pdftoppm", "pdftotext"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdffonts, pdftoppm, "
                                   "pdftotext) is not installed; the pypdf checks still ran")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The example inventory with its résumé screener renamed to an English product name."""
    source = EXAMPLE.read_text("utf-8").replace("TalentRank résumé screener", NAME)
    assert NAME in source
    path = tmp_path_factory.mktemp("inv") / "inventory.yaml"
    path.write_text(source, "utf-8")
    inv = load_inventory(path)
    out = {}
    for lang in LANGS:
        target = path.parent / f"{lang}.pdf"
        target.write_bytes(render(build_report(inv, DAY, lang), "pdf"))
        out[lang] = target
    return out


def _fonts(reader: PdfReader):
    seen = {}
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            seen[str(font.get("/BaseFont"))] = font
    return seen


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(pdfs, lang):
    fonts = _fonts(PdfReader(pdfs[lang]))
    assert fonts
    for name, font in fonts.items():
        for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
            if "/FontDescriptor" in f:
                d = f["/FontDescriptor"].get_object()
                assert any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
                break
        else:
            pytest.fail(f"{lang}: font {name} is not embedded (no font descriptor)")
        assert re.match(r"/[A-Z]{6}\+", name), f"{lang}: {name} is not a subset"
    if lang in CJK_FONTS:
        assert any(CJK_FONTS[lang] in n for n in fonts)


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_pdffonts_lists_every_font_as_embedded(pdfs, lang):
    out = subprocess.run(["pdffonts", str(pdfs[lang])], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = out[2:]
    assert rows, out
    for row in rows:
        # name, type (may hold spaces), encoding, then emb sub uni: the emb column is "yes"
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def _no_fonts_env(tmp_path) -> dict[str, str]:
    """A fontconfig that sees no font at all: what a machine without font packages has."""
    import os

    (tmp_path / "fonts").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><dir>{tmp_path / 'fonts'}</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@needs_poppler
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_renders_without_cjk_font_packages(pdfs, lang, tmp_path):
    from PIL import Image

    env = _no_fonts_env(tmp_path)
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=env)
    assert listed.returncode != 0 or not listed.stdout.strip()  # no font visible
    png = tmp_path / "page"
    r = subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdfs[lang]),
                        str(png)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "font" not in r.stderr.lower(), r.stderr  # no "Unknown font tag", no substitution
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    w, h = image.size
    title = image.crop((0, 0, w // 2, h // 8))  # the title: Chinese glyphs, drawn
    dark = sum(title.histogram()[:128])
    assert dark > 300, dark
    words = subprocess.run(["pdftotext", str(pdfs[lang]), "-"], capture_output=True,
                           text=True, env=env, check=True).stdout
    for key in HEADINGS:
        assert text(lang, key) in words, (lang, key)


@pytest.mark.parametrize("lang", LANGS)
def test_text_has_the_headings_and_whole_english_names(pdfs, lang):
    words = "\n".join(p.extract_text() for p in PdfReader(pdfs[lang]).pages)
    if POPPLER:
        words = subprocess.run(["pdftotext", str(pdfs[lang]), "-"], capture_output=True,
                               text=True, check=True).stdout
    for key in HEADINGS:
        assert text(lang, key) in words, (lang, key)
    assert NAME in words  # on one line somewhere (the summary's column heading)
    assert not re.search(r"Resum(?!e)|Scree(?!ner)|Screen(?!er)", words)  # no word cut


def test_line_breaking_keeps_words_and_breaks_cjk():
    def lines(s: str, width: int) -> list[str]:
        return [s[a:b] for a, b in break_lines(s, [1.0] * len(s), width)]

    assert lines("Resume Screener Pro", 15) == ["Resume Screener", "Pro"]
    assert lines("简历筛选Resume Screener Pro的义务", 12) == [
        "简历筛选Resume", "Screener Pro", "的义务"]
    comma = "\uff0c"  # full-width
    assert lines(f"第一。第二{comma}第三", 3) == ["第一。", f"第二{comma}", "第三"]  # kinsoku
    assert lines("Supercalifragilistic", 8) == ["Supercal", "ifragili", "stic"]  # too long
    assert lines("a\nb c", 10) == ["a", "b c"]
    assert may_break_before("/", "a") and not may_break_before("R", "e")
    assert not may_break_before("\uff08", "中")  # never after an opening bracket


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_fonts_cover_every_translated_character(lang):
    cat = catalog(lang)
    parts = [*cat["ui"].values(), *cat["states"].values(), *cat["obligations"].values(),
             *(v["title"] + v["short_title"] for v in cat["laws"].values()),
             *(str(v) for v in cat["categories"].values()),
             *(g[lang] for g in glossary())]
    missing = covers(CJK_FONTS[lang], "".join(parts))
    assert not missing, (f"{CJK_FONTS[lang]} lacks {''.join(sorted(missing))}: run "
                         "tools/build_report_fonts.py (see report/fonts/README.md)")


def test_pdf_links_are_links(pdfs):
    reader = PdfReader(pdfs["en"])
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert any(str(u).startswith("https://") for u in uris), uris[:5]


def test_pdf_opens_in_memory():
    pdf = PdfReader(io.BytesIO(render(build_report(load_inventory(EXAMPLE), DAY, "zh-Hant"),
                                      "pdf")))
    assert len(pdf.pages) >= 3
