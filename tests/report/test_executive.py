"""The executive summary's figures are the resolved assessment's (the same counts as
``assess``), its dates the calendar's, its penalties the resolved ones; the workbook has one
sheet per view with real dates, frozen headers, filters and links; the HTML links its sources."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from policyatlas.dates import add_days
from policyatlas.engine.assess import assess
from policyatlas.engine.results import Counts
from policyatlas.facts.load import load_inventory
from policyatlas.i18n import text
from policyatlas.report.document import build_report, render
from policyatlas.report.executive import HORIZON_DAYS
from policyatlas.rules.loader import builtin_packs
from tests.conftest import ROOT
from tests.report.test_reports import DAY

INVENTORIES = ["acme-ai.yaml", "frontier-companion.yaml", "frontier-companion-cn.yaml",
               "frontier-companion-global.yaml"]
STATUSES = ("in_force", "upcoming", "blocked", "optional", "undetermined")


def _sum(counts: list[Counts]) -> tuple[int, ...]:
    return tuple(sum(getattr(c, k) for c in counts) for k in STATUSES)


def _tuple(c: Counts) -> tuple[int, ...]:
    return tuple(getattr(c, k) for k in STATUSES)


@pytest.mark.parametrize("name", INVENTORIES)
def test_summary_figures_equal_the_assessment(name):
    inv = load_inventory(ROOT / "examples" / name)
    a = assess(inv, DAY, builtin_packs())
    report = build_report(inv, DAY, "en")
    x = report.executive.figures
    assert x.overall == a.counts.overall
    assert x.by_system == a.counts.by_system
    assert x.organization_wide == a.counts.organization_wide
    assert x.laws == len(a.laws)
    # Each system's column of the grid adds up to the engine's count for it; the
    # organisation-wide column to the organisation's; all cells to the total.
    for sid, _ in x.systems:
        assert _sum([cells[sid] for cells in x.grid.values()]) == _tuple(a.counts.by_system[sid])
    if a.organization_obligations:
        assert _sum([cells[""] for cells in x.grid.values()]) == _tuple(
            a.counts.organization_wide)
    assert _sum([c for cells in x.grid.values() for c in cells.values()]) == _tuple(
        a.counts.overall)
    # The grid's key laws, by the engine's per-law counts.
    for law_id in x.key_laws:
        assert _sum(list(x.grid[law_id].values())) == _tuple(a.counts.by_law[law_id])
    # Due dates: the calendar's, inside the horizon.
    end = add_days(DAY, HORIZON_DAYS)
    assert all(DAY <= e.date <= end for e in x.due)
    # Penalties: the resolved ones of binding duties, highest stated maximum first.
    resolved = {(o.law_id, o.penalty.id): o.penalty.max_usd for _, o in a.all_obligations()
                if o.penalty and o.status in ("in_force", "upcoming")}
    for e in x.exposures:
        assert resolved[(e.law_id, e.penalty_id)] == e.max_usd
    amounts = [e.max_usd for e in x.exposures if e.max_usd is not None]
    assert amounts == sorted(amounts, reverse=True)
    # The summary's first lines state those counts in words.
    c = a.counts.overall
    assert report.executive.lines[1] == text("en", "report.obligations_count", n=c.in_force,
                                             u=c.upcoming, b=c.blocked, o=c.optional,
                                             d=c.undetermined)


@pytest.fixture(scope="module")
def acme():
    inv = load_inventory(ROOT / "examples" / "acme-ai.yaml")
    return {lang: build_report(inv, DAY, lang) for lang in ("en", "zh-Hans")}


def test_summary_comes_first_and_has_every_part(acme):
    html = render(acme["en"], "html").decode()
    order = [html.index(f'id="{k}"') for k in ("summary", "duties", "program", "calendar",
                                               "citations")]
    assert order == sorted(order)
    for key in ("report.exec.grid", "report.exec.penalties", "report.exec.caveats"):
        assert text("en", key) in html
    assert text("en", "report.exec.due", days=HORIZON_DAYS) in html
    r = acme["en"]
    assert r.executive.exposures and r.executive.exposures[0].amount.startswith("up to $")
    assert any(text("en", "report.exec.optional", n=len(r.executive.figures.optional)) == c
               for c in r.executive.caveats)


def test_obligations_carry_penalty_timing_reasons_and_questions(acme):
    duties = acme["en"].duties
    assert any(d.penalty for d in duties) and all(d.timing for d in duties)
    assert all(d.reasons for d in duties)
    assert any(d.optional for d in duties)
    assert any(d.questions or d.law_questions for d in duties)


def test_html_sources_are_links(acme):
    html = render(acme["zh-Hans"], "html").decode()
    for law in acme["zh-Hans"].laws:
        assert f'<a href="{law.sources[0]}">' in html
    assert any(f'<a href="{d.source}">' in html for d in acme["zh-Hans"].duties)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_workbook_dates_filters_links_and_views(acme, lang):
    r = acme[lang]
    wb = load_workbook(io.BytesIO(render(r, "xlsx")))
    t = lambda key, **kw: text(lang, key, **kw)[:31]  # noqa: E731
    for key in ("report.summary", "report.exec.grid", "report.exec.penalties",
                "report.obligations", "report.program", "report.calendar", "report.citations",
                "report.map"):
        assert t(key) in wb.sheetnames, key
    assert t("report.exec.due", days=HORIZON_DAYS) in wb.sheetnames
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
    duties = wb[t("report.obligations")]
    header = [c.value for c in duties[1]]
    start = duties.cell(2, header.index(text(lang, "obligation.from")) + 1)
    assert isinstance(start.value, dt.datetime) and start.number_format == "yyyy-mm-dd"
    source = duties.cell(2, header.index(text(lang, "obligation.source")) + 1)
    assert source.hyperlink is not None and source.hyperlink.target.startswith("http")
    laws = wb[t("report.citations")]
    assert any(c.hyperlink for row in laws.iter_rows(min_row=2) for c in row)
    calendar = wb[t("report.calendar")]
    assert all(isinstance(row[0].value, dt.datetime) for row in calendar.iter_rows(min_row=2))
    penalties = wb[t("report.exec.penalties")]
    amount = penalties.cell(2, 2).value
    assert isinstance(amount, float | int) and amount == r.executive.exposures[0].maximum
    # The map sheet: a code column, then the state's name under its own heading.
    m = wb[t("report.map")]
    assert [m.cell(1, 1).value, m.cell(1, 2).value] == [text(lang, "map.code"),
                                                       text(lang, "map.state_code")]
    assert m.cell(2, 1).value == r.states[0][0] and m.cell(2, 2).value == r.states[0][1]
    assert m.cell(2, 3).value == r.states[0][2].known
