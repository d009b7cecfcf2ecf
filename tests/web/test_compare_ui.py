"""The Compare view in chromium: choose jurisdictions, see per system and category each
jurisdiction's duties in columns with the equivalence notes, in the UI's language; screenshots
in three languages (into $POLICYATLAS_SCREENSHOTS, e.g. docs/screenshots, when set; else a
temporary directory, so a test run never changes the checkout)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

SHOTS = Path(os.environ["POLICYATLAS_SCREENSHOTS"]) if os.environ.get("POLICYATLAS_SCREENSHOTS") \
    else None
CN = ROOT / "examples" / "frontier-companion-cn.yaml"
INVENTORY = CN if CN.exists() else ROOT / "examples" / "frontier-companion.yaml"

HEADINGS = {"en": "duties side by side", "zh-Hans": "义务并列对比", "zh-Hant": "義務並列對照"}
EQUIVALENCE = {"en": "What one satisfies of the other", "zh-Hans": "履行一项可满足另一项的程度",
               "zh-Hant": "履行一項可滿足另一項之程度"}


def open_compare(page) -> None:
    page.set_input_files("#inventory-file", str(INVENTORY))
    expect(page.locator("#inventory")).to_have_value(re.compile("organization"))
    page.fill("#as-of", "2026-11-23")
    page.click('nav a[data-view="compare"]')
    expect(page.locator("#view-compare")).to_be_visible()


def test_compare_columns_and_notes(page):
    open_compare(page)
    page.locator('input[name="compare-j"][value="cn"]').uncheck()
    page.get_by_role("button", name="Compare", exact=True).last.click()
    result = page.locator("#compare-result")
    expect(result.locator("h3")).to_contain_text(HEADINGS["en"])
    kindred = result.locator(".compare-block", has_text="(kindred)")
    heads = kindred.locator("thead th")
    expect(heads.nth(1)).to_contain_text("California")
    expect(heads.nth(2)).to_contain_text("New York")
    row = kindred.locator("tbody tr", has_text="Crisis protocol")
    expect(row.locator("td").nth(0).locator("li").first).to_be_visible()
    expect(row.locator("td").nth(1).locator("li").first).to_be_visible()
    expect(kindred.locator(".equiv").first).to_contain_text("partly")
    expect(kindred.locator(".equiv.uncertain").first).to_contain_text("Uncertain")
    expect(result).to_contain_text("New York includes the laws of New York City")
    # only one system
    page.select_option("#compare-system", "kindred")
    page.get_by_role("button", name="Compare", exact=True).last.click()
    expect(result.locator(".compare-block", has_text="(helix-4)")).to_have_count(0)


def test_bad_jurisdiction_is_shown(page):
    open_compare(page)
    page.fill("#compare-more", "narnia")
    page.get_by_role("button", name="Compare", exact=True).last.click()
    expect(page.locator("#compare-result .problems")).to_contain_text("narnia")


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_compare_in_each_language_with_screenshot(page, lang, tmp_path):
    open_compare(page)
    page.select_option("#lang", lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.locator("#compare-form button[type=submit]").click()
    result = page.locator("#compare-result")
    expect(result.locator("h3")).to_contain_text(HEADINGS[lang])
    page.select_option("#compare-system", "kindred")  # one system, for the screenshot
    page.locator("#compare-form button[type=submit]").click()
    expect(result.locator(".compare-block", has_text="(helix-4)")).to_have_count(0)
    expect(result.locator("h5").first).to_have_text(EQUIVALENCE[lang])
    if lang != "en":
        expect(page.locator('nav a[data-view="compare"]')).not_to_have_text("Compare")
    (SHOTS or tmp_path).mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.locator("#compare-h").scroll_into_view_if_needed()
    shot = (SHOTS or tmp_path) / f"compare-{lang}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
