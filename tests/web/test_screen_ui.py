# ruff: noqa: RUF001  (Chinese announcement numbers and full-width punctuation)
"""The Screening view in chromium: parties in, hits out with list, entry, dates, citation, URL
and reasons; a suspended measure and a removal shown as such; in three languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

TITLES = {"en": "Restricted-party screening", "zh-Hans": "受限方筛查", "zh-Hant": "受限方篩查"}
SUSPENDED = {"en": "Listed — measures suspended", "zh-Hans": "在列（措施暂停）",
             "zh-Hant": "在列（措施暫停）"}
REMOVED = {"en": "Removed — not a hit", "zh-Hans": "已移出（不构成命中）",
           "zh-Hant": "已移出（不構成命中）"}


def run(page, names: str, as_of: str) -> None:
    page.click('nav a[data-view="screening"]')
    expect(page.locator("#view-screening")).to_be_visible()
    page.fill("#screen-names", names)
    page.fill("#screen-as-of", as_of)
    page.locator("#screen-form button[type=submit]").click()
    expect(page.locator("#screen-result")).to_be_visible()


def test_hits_with_dates_citation_and_reasons(page):
    run(page, "Skydio, Inc. | US\nA Bakery Nobody Lists", "2025-06-01")
    rows = page.locator("#screen-rows tr")
    uel = rows.filter(has_text="cn-unreliable-entity-list")
    expect(uel).to_contain_text(SUSPENDED["en"])
    expect(uel).to_contain_text("listed 2025-04-04")
    expect(uel).to_contain_text("suspended 2025-05-14 – 2026-11-09")
    expect(uel).to_contain_text("〔2025〕7号")
    assert uel.locator("a").first.get_attribute("href").startswith("https://")
    expect(uel.locator(".reasons li").first).to_contain_text("matched")
    expect(rows.filter(has_text="A Bakery Nobody Lists")).to_contain_text("No match")
    expect(page.locator("#screen-summary")).to_contain_text("1 of 2 parties")


def test_removed_is_shown(page):
    run(page, "Skydio, Inc.", "2026-01-01")
    ctrl = page.locator("#screen-rows tr", has_text="cn-export-control-list")
    expect(ctrl).to_contain_text(REMOVED["en"])
    expect(ctrl).to_contain_text("removed 2025-11-10")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_in_chinese(page, lang):
    page.select_option("#lang", lang)
    run(page, "Skydio, Inc.", "2025-06-01")
    expect(page.locator("#screening-h")).to_have_text(TITLES[lang])
    expect(page.locator("#screen-rows")).to_contain_text(SUSPENDED[lang])
    expect(page.locator('nav a[data-view="screening"]')).to_have_text(TITLES[lang])


def test_bad_input_is_a_problem(page):
    page.click('nav a[data-view="screening"]')
    page.fill("#screen-names", "x | Atlantis")
    page.locator("#screen-form button[type=submit]").click()
    expect(page.locator("#screen-problems")).to_be_visible()
    expect(page.locator("#screen-problems")).to_contain_text("parties[0].country")


def test_lists_and_their_dates(page):
    page.click('nav a[data-view="screening"]')
    page.locator("#view-screening details summary").click()
    rows = page.locator("#screen-list-rows tr")
    expect(rows.filter(has_text="us-sdn")).to_contain_text("2026-08-20")
    expect(rows.filter(has_text="cn-watch-list")).to_be_visible()
