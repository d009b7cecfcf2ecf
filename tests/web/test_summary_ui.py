"""In chromium: the executive summary after assessing (figures from /summary, equal to
/assess), the obligation detail (text, timing, penalty, citation, source, open questions) and a
trace in words from the fact catalogue, the language switch keeping the view, shareable URLs,
table CSV download, the shipment check and the chip wording, and the offline API docs link."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import EXAMPLE


def assess_example(page) -> None:
    """The example inventory assessed on 2026-11-23, in whatever language the page shows."""
    page.set_input_files("#inventory-file", str(EXAMPLE))
    expect(page.locator("#inventory")).to_have_value(re.compile("organization"))
    page.fill("#as-of", "2026-11-23")
    page.locator("#assess-form button[type=submit]").click()
    expect(page.locator("#map svg")).to_be_visible()

EXEC = {"en": "Executive summary", "zh-Hans": "执行摘要", "zh-Hant": "執行摘要"}


def assessment(base_url: str) -> dict:
    return httpx.post(f"{base_url}/api/v1/assess?as_of=2026-11-23", content=EXAMPLE.read_text(),
                      headers={"content-type": "application/yaml"}).json()


def open_duty(page, state: str = "NY", text: str | None = None) -> None:
    page.locator(f'#map .tile[data-state="{state}"]').click()
    duties = page.locator("#state-duties button")
    (duties.filter(has_text=text).first if text else duties.first).click()
    expect(page.locator("#trace-panel")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_summary_shows_the_assessment_figures(page, base_url, lang):
    from policyatlas.i18n import text

    if lang != "en":
        page.select_option("#lang", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
    assess_example(page)
    c = assessment(base_url)["counts"]["overall"]
    lines = page.locator("#summary-lines")
    expect(lines).to_contain_text(text(lang, "report.obligations_count", n=c["in_force"],
                                       u=c["upcoming"], b=c["blocked"], o=c["optional"],
                                       d=c["undetermined"]))
    expect(page.locator("#summary-h")).to_have_text(text(lang, "report.executive"))
    grid = page.locator('table[data-table="summary-grid"] tbody tr')
    assert grid.count() >= 2
    expect(page.locator('table[data-table="summary-penalties"] tbody tr').first).to_be_visible()
    expect(page.locator("#summary-caveats li").first).to_be_visible()
    expect(page.locator("#status")).not_to_have_text(text(lang, "common.loading"))


def test_obligation_detail_with_penalty_questions_and_worded_trace(page):
    assess_example(page)
    open_duty(page, "NY", "Independent bias audit")
    meta = page.locator("#trace-meta")
    expect(meta).to_contain_text("What it requires")
    expect(page.locator("#trace-penalty")).to_contain_text("up to $500")
    expect(page.locator("#trace-penalty")).to_contain_text("§20-872")
    expect(meta).to_contain_text("next due 2027-03-01")
    expect(page.locator("#trace-source")).to_have_attribute("href", re.compile("^https://"))
    expect(page.locator("#trace-questions details summary")).to_contain_text("open questions")
    trace = page.locator("#trace")
    expect(trace).not_to_contain_text("system.uses")  # facts in words, not field names
    expect(trace.locator(".leaf").first).to_be_visible()


def test_trace_in_chinese_uses_the_catalogue_labels(page):
    from policyatlas.facts.definitions import definitions_document

    assess_example(page)
    page.select_option("#lang", "zh-Hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    open_duty(page, "CA")
    labels = {f["label"] for f in definitions_document("zh-Hans")["facts"].values()}
    leaves = page.locator("#trace .leaf").all_inner_texts()
    assert leaves and all(any(x.startswith(label) for label in labels) for x in leaves)


def test_language_switch_keeps_the_view(page):
    assess_example(page)
    open_duty(page, "CA")
    title = page.locator("#trace-title").inner_text()
    page.select_option("#lang", "zh-Hans")
    expect(page.locator("#state-title")).to_contain_text("加")
    expect(page.locator("#trace-panel")).to_be_visible()
    expect(page.locator("#trace-title")).not_to_have_text(title)
    expect(page.locator("#summary-h")).to_have_text(EXEC["zh-Hans"])
    expect(page.locator("#status")).not_to_have_text("加载中…")
    expect(page.locator("#problems")).to_be_hidden()
    page.select_option("#lang", "zh-Hant")
    expect(page.locator("#summary-h")).to_have_text(EXEC["zh-Hant"])
    expect(page.locator("#trace-panel")).to_be_visible()
    page.select_option("#lang", "en")
    expect(page.locator("#trace-title")).to_have_text(title)


def test_no_stale_error_after_a_good_assessment(page):
    page.fill("#inventory", "organization: x\nsystems: 3\n")
    page.locator("#assess-form button[type=submit]").click()
    expect(page.locator("#problems")).to_be_visible()
    assess_example(page)
    expect(page.locator("#problems")).to_be_hidden()


def test_shareable_url_restores_a_view(page):
    page.click("#load-example")
    expect(page.locator("#inventory")).to_have_value(re.compile("organization"))
    page.fill("#as-of", "2026-11-23")
    page.locator("#assess-form button[type=submit]").click()
    expect(page.locator("#map svg")).to_be_visible()
    open_duty(page, "CA")
    url = page.url
    assert "inv=example" in url and "state=CA" in url and "duty=" in url
    title = page.locator("#trace-title").inner_text()
    other = page.context.new_page()
    other.goto(url)
    expect(other.locator("#trace-title")).to_have_text(title)
    expect(other.locator("#state-title")).to_contain_text("California")
    expect(other.locator("#as-of")).to_have_value("2026-11-23")
    # the law explorer: search and open law
    page.goto("/#laws?q=chatbot&law=us-ca%2Fsb243-2025")
    expect(page.locator("#law-detail")).to_be_visible()
    expect(page.locator("#law-q")).to_have_value("chatbot")


def test_table_csv_download_is_the_table_as_shown(page):
    assess_example(page)
    page.click('nav a[data-view="calendar"]')
    expect(page.locator("#calendar-rows tr").first).to_be_visible()
    page.fill("#calendar-filter", "2027")
    shown = page.locator("#calendar-rows tr:visible").count()
    assert shown > 0
    page.locator("#calendar-table thead button.sort").first.click()
    with page.expect_download() as info:
        page.locator("#view-calendar .table-csv").click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_text("utf-8-sig"))))
    assert rows[0][0] == "Date" and len(rows) == shown + 1
    dates = [r[0] for r in rows[1:]]
    assert dates == sorted(dates) and all("2027" in " ".join(r) for r in rows[1:])
    with page.expect_download() as info:
        page.locator("#view-calendar .table-json").click()
    assert len(json.loads(info.value.path().read_text("utf-8"))) == shown


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_shipment_check_and_chip_wording(page, lang):
    from policyatlas.i18n import text

    page.select_option("#lang", lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.click('nav a[data-view="shipment"]')
    page.locator("#shipment-form button[type=submit]").click()
    outcomes = page.locator("#shipment-outcomes")
    ear = outcomes.locator("tr", has_text=text(lang, "regime.us_ear"))
    expect(ear).to_contain_text(text(lang, "outcome.licence_required"))
    expect(ear).to_contain_text(text(lang, "chip.status.not_controlled"))
    expect(page.locator("#shipment-result")).to_contain_text(text(lang, "ship.from_end_use"))
    expect(page.locator(".ship-reqs li").first).to_contain_text("744.23")
    expect(page.locator("#shipment-screening")).to_contain_text(text(lang, "ship.no_hits", n=1))
    # the chip classifier words the H20 as the check does, and says where licences come from
    page.click('nav a[data-view="chips"]')
    page.fill("#chip-name", "NVIDIA H20")
    page.fill("#chip-fp8", "")
    page.fill("#chip-fp16", "148")
    page.fill("#chip-date", "2025-06-01")
    page.locator("#chip-form button[type=submit]").click()
    expect(page.locator("#chip-status")).to_have_text(text(lang, "chip.status.not_controlled"))
    expect(page.locator("#chip-result")).not_to_contain_text("not_controlled")
    expect(page.locator("#chip-licence-note")).to_contain_text(text(lang, "chip.licence_note"))


def test_offline_api_docs_link(page):
    link = page.locator("#api-docs")
    expect(link).to_have_attribute("href", "/api/v1/docs")
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
    link.click()
    expect(page.locator(".swagger-ui")).to_be_visible()
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/summary")


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_law_page_shows_litigation(page, lang):
    from policyatlas.i18n import text

    page.select_option("#lang", lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto("/#laws?law=us-ca%2Fab2655-2024")
    page.reload()
    expect(page.locator("#law-detail")).to_be_visible()
    cases = page.locator("#law-cases li")
    expect(cases.first).to_contain_text("Kohls v. Bonta")
    expect(cases.first).to_contain_text(text(lang, "law.blocks"))
    expect(page.locator("#law-litigation h4")).to_have_text(text(lang, "law.litigation"))
    assert cases.first.locator("a").get_attribute("href").startswith("https://")


def test_state_view_groups_duties_by_law_with_status_badges_and_a_filter(page):
    assess_example(page)
    page.locator('#map .tile[data-state="CA"]').click()
    groups = page.locator("#state-duties h4.law-group")
    assert groups.count() >= 2
    badges = page.locator("#state-duties .badge")
    kinds = set(badges.all_inner_texts())
    assert "in force" in kinds and len(kinds) >= 2
    total = page.locator("#state-duties button").count()
    page.select_option("#state-status", "upcoming")
    shown = page.locator("#state-duties button")
    assert 0 < shown.count() < total
    assert set(page.locator("#state-duties .badge").all_inner_texts()) == {"upcoming"}


def test_law_page_shows_history_dated_values_and_open_questions(page):
    page.goto("/#laws?law=us-ca%2Fsb53-2025")
    page.reload()
    expect(page.locator("#law-detail")).to_be_visible()
    expect(page.locator("#law-history li").first).to_be_visible()
    expect(page.locator("#law-parameters li").first).to_contain_text("from 20")
    expect(page.locator("#law-questions li").first).to_be_visible()
