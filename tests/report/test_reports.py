"""Reports for the example inventory in all three languages and formats: the PDF opens and has
the expected headings, the workbook has its sheets, the HTML names every law officially."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from policyatlas.facts.load import load_inventory
from policyatlas.i18n import text
from policyatlas.report import tiles
from policyatlas.report.document import build_report, render
from tests.conftest import EXAMPLE

DAY = dt.date(2026, 11, 23)
LANGS = ["en", "zh-Hans", "zh-Hant"]
HEADINGS = ["report.title", "report.executive", "report.map", "report.obligations",
            "report.program", "report.calendar", "report.citations"]


@pytest.fixture(scope="module")
def reports():
    inv = load_inventory(EXAMPLE)
    return {lang: build_report(inv, DAY, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_opens_and_has_the_headings(reports, lang):
    data = render(reports[lang], "pdf")
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) >= 3
    words = "".join(page.extract_text() for page in pdf.pages)
    for key in HEADINGS:
        assert text(lang, key) in words, (lang, key)
    assert "Acme AI" in words


@pytest.mark.parametrize("lang", LANGS)
def test_html_has_headings_map_and_official_names(reports, lang):
    html = render(reports[lang], "html").decode()
    assert f'<html lang="{lang}">' in html
    for key in HEADINGS:
        assert text(lang, key) in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    r = reports[lang]
    for law in r.laws:
        assert law.official in html  # the official English name is always there
        if lang != "en":
            assert law.title != law.official, law.law_id  # and a real translation beside it


@pytest.mark.parametrize("lang", LANGS)
def test_workbook_has_every_section(reports, lang):
    wb = load_workbook(io.BytesIO(render(reports[lang], "xlsx")))
    names = wb.sheetnames
    for key in ("report.summary", "report.map", "report.obligations", "report.program",
                "report.calendar", "report.citations"):
        assert text(lang, key)[:31] in names
    duties = wb[text(lang, "report.obligations")[:31]]
    assert duties.max_row == 1 + len(reports[lang].duties)
    if lang != "en":
        assert text(lang, "report.glossary")[:31] in names


def test_report_figures_agree_across_languages(reports):
    en, zh = reports["en"], reports["zh-Hant"]
    assert len(en.duties) == len(zh.duties) and en.states == [
        (code, reports["en"].states[i][1], *zh.states[i][2:]) for i, (code, *_) in
        enumerate(zh.states)]
    assert [d.citation for d in en.duties] == [d.citation for d in zh.duties]


def test_map_colours_keep_text_readable():
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for n in range(0, 11):
        fill, ink = tiles.colour(n, 10)
        a, b = sorted((luminance(fill), luminance(ink)), reverse=True)
        assert (a + 0.05) / (b + 0.05) >= 4.5, (n, fill, ink)


def test_cli_report_writes_a_file_or_nothing(cli, tmp_path):
    out = tmp_path / "r.pdf"
    ok = cli("report", str(EXAMPLE), "--format", "pdf", "--lang", "zh-Hans", "--as-of",
             "2026-11-23", "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    assert out.read_bytes().startswith(b"%PDF")
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: x\nsystems: 3\n")
    missing = tmp_path / "none.html"
    r = cli("report", str(bad), "-o", str(missing))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert not missing.exists()
    r = cli("report", str(EXAMPLE), "--lang", "fr")
    assert r.returncode == 2
