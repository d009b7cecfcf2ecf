"""axe-core in the page, on every view with its results shown: no serious or critical
violation. The axe build is the one bundled in the axe-playwright-python package (no network)."""

from __future__ import annotations

from importlib import resources

import pytest
from playwright.sync_api import expect

from tests.web.test_summary_ui import assess_example, open_duty

AXE = resources.files("axe_playwright_python").joinpath("axe.min.js")


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))
    return page.evaluate("""async () => {
        const r = await axe.run(document, { runOnly: { type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ` +
                 v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")


def show(page, view: str) -> None:
    page.click(f'nav a[data-view="{view}"]')
    expect(page.locator(f"#view-{view}")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_every_view_passes_axe(page, lang):
    page.select_option("#lang", lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assess_example(page)
    open_duty(page, "CA")
    found = {"assess": violations(page)}
    show(page, "laws")
    page.locator("#laws-list button").first.click()
    expect(page.locator("#law-detail")).to_be_visible()
    found["laws"] = violations(page)
    show(page, "calendar")
    expect(page.locator("#calendar-rows tr").first).to_be_visible()
    found["calendar"] = violations(page)
    show(page, "program")
    expect(page.locator("#program-rows tr").first).to_be_visible()
    found["program"] = violations(page)
    show(page, "compare")
    page.locator("#compare-form button[type=submit]").click()
    expect(page.locator("#compare-result table").first).to_be_visible()
    found["compare"] = violations(page)
    show(page, "scenarios")
    expect(page.locator("#scenario option").first).to_be_attached()
    page.locator("#scenario-form button[type=submit]").click()
    expect(page.locator("#scenario-result")).to_be_visible()
    found["scenarios"] = violations(page)
    show(page, "chips")
    page.locator("#chip-form button[type=submit]").click()
    expect(page.locator("#chip-result")).to_be_visible()
    found["chips"] = violations(page)
    show(page, "screening")
    page.locator("#screen-form button[type=submit]").click()
    expect(page.locator("#screen-result")).to_be_visible()
    found["screening"] = violations(page)
    show(page, "bills")
    found["bills"] = violations(page)
    show(page, "shipment")
    page.locator("#shipment-form button[type=submit]").click()
    expect(page.locator("#shipment-outcomes")).to_be_visible()
    found["shipment"] = violations(page)
    assert {k: v for k, v in found.items() if v} == {}


def test_the_check_sees_a_planted_violation(page):
    page.evaluate("""() => { const b = document.createElement('button');
        b.id = 'planted'; document.querySelector('main').append(b); }""")
    assert any(v.startswith("button-name") for v in violations(page))
