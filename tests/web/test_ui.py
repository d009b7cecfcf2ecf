"""The browser UI, end to end in chromium: upload the example inventory, see the map, drill down
to a state, an obligation and its trace; switch language; the law explorer, the calendar, the
programme, a scenario diff, the chip classifier; labels and keyboard use."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.api.conftest import API_KEY
from tests.conftest import EXAMPLE


def assess_example(page) -> None:
    page.set_input_files("#inventory-file", str(EXAMPLE))
    expect(page.locator("#inventory")).to_have_value(re.compile("organization"))
    page.fill("#as-of", "2026-11-23")
    page.get_by_role("button", name="Assess", exact=True).click()
    expect(page.locator("#map svg")).to_be_visible()


def test_upload_map_state_and_trace(page):
    expect(page).to_have_title(re.compile("policyatlas"))
    assess_example(page)
    ca = page.locator('#map .tile[data-state="CA"]')
    assert int(ca.get_attribute("data-count")) > 0
    assert page.locator('#map .tile[data-state="WY"]').get_attribute("data-count") == "0"
    ca.click()
    expect(page.locator("#state-title")).to_contain_text("California")
    duties = page.locator("#state-duties button")
    assert duties.count() > 0
    duties.first.click()
    expect(page.locator("#trace-panel")).to_be_visible()
    expect(page.locator("#trace .v-true").first).to_be_visible()
    expect(page.locator("#trace-meta")).to_contain_text("Citation")
    page.click("#open-law")  # and on to the law itself
    expect(page.locator("#law-detail")).to_be_visible()
    expect(page.locator("#law-obligations li").first).to_be_visible()


def test_keyboard_reaches_a_state(page):
    assess_example(page)
    tile = page.locator('#map .tile[data-state="TX"]')
    tile.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#state-title")).to_contain_text("Texas")
    expect(page.locator("#state-title")).to_be_focused()


def test_switch_language(page):
    assess_example(page)
    page.select_option("#lang", "zh-Hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator('nav a[data-view="laws"]')).not_to_have_text("Laws")
    page.locator('#map .tile[data-state="CA"]').click()
    expect(page.locator("#state-title")).to_contain_text("加")  # 加州 / 加利福尼亚州
    page.select_option("#lang", "zh-Hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    page.select_option("#lang", "en")
    expect(page.locator('nav a[data-view="laws"]')).to_have_text("Laws")


def test_law_explorer(page):
    page.click('nav a[data-view="laws"]')
    expect(page.locator("#laws-count")).to_have_text(re.compile(r"^\d+ laws$"))
    total = int(page.locator("#laws-count").inner_text().split()[0])
    page.fill("#law-q", "chatbot")
    expect(page.locator("#laws-count")).not_to_have_text(f"{total} laws")
    found = page.locator("#laws-list button")
    assert 0 < found.count() < total
    for i in range(found.count()):
        assert "chatbot" in found.nth(i).inner_text().lower()
    page.locator("#laws-list button").first.click()
    expect(page.locator("#law-detail")).to_be_visible()
    expect(page.locator("#law-obligations li").first).to_be_visible()


def test_calendar_programme_and_scenario(page):
    assess_example(page)
    page.click('nav a[data-view="calendar"]')
    expect(page.locator("#calendar-rows tr").first).to_be_visible()
    page.click('nav a[data-view="program"]')
    expect(page.locator("#program-rows tr").first).to_be_visible()
    page.click('nav a[data-view="scenarios"]')
    page.select_option("#scenario", "house-moratorium-2025")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#scenario-summary")).to_contain_text("Removed")
    expect(page.locator("#burden-rows tr").first).to_be_visible()


def test_chip_classifier(page):
    page.click('nav a[data-view="chips"]')
    page.fill("#chip-date", "2026-11-23")
    page.get_by_role("button", name="Classify").click()
    expect(page.locator("#chip-result")).to_contain_text("3A090.a")


def test_every_control_has_a_label(page):
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.id)""")
    assert unlabelled == []


def test_save_and_compare(page):
    assess_example(page)
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("#problems")).to_contain_text("API key")  # no key: refused, shown
    page.fill("#api-key", API_KEY)
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("#saved")).to_contain_text("Saved as")
    page.get_by_role("button", name="Compare with the current inventory").click()
    expect(page.locator("#saved")).to_have_text("Nothing changed since it was saved.")
    page.fill("#as-of", "2027-06-01")
    page.get_by_role("button", name="Compare with the current inventory").click()
    expect(page.locator("#saved")).to_contain_text("Changed because of: the date")


def test_bad_inventory_shows_the_problem(page):
    page.fill("#inventory", "organization: x\nsystems: 3\n")
    page.get_by_role("button", name="Assess", exact=True).click()
    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("systems")


def test_why_not_and_to_decide(page):
    assess_example(page)
    page.select_option("#explain-system", "helpdesk-bot")
    page.select_option("#explain-law", "us-ny/gbl-art47")
    page.get_by_role("button", name="Explain", exact=True).click()
    result = page.locator("#explain-result")
    expect(result).to_contain_text("does not apply")
    expect(result).to_contain_text("§1700")
    expect(result).to_contain_text("Would apply if")
    expect(result).to_contain_text("systems[helpdesk-bot].companion_features")
    # from an obligation's trace, straight to why its law applies
    page.locator('#map .tile[data-state="CA"]').click()
    page.locator("#state-duties button").first.click()
    page.click("#explain-law-button")
    expect(result).to_contain_text("applies")
    # an inventory that leaves facts unknown lists what to decide
    page.fill("#inventory", "organization: {name: T, does_business_in: [CA, NY]}\n"
              "systems:\n  - {id: bot, name: Bot, roles: [operator], kinds: [companion_chatbot]}\n")
    page.get_by_role("button", name="Assess", exact=True).click()
    expect(page.locator("#decide-panel")).to_be_visible()
    expect(page.locator("#decide-list li").first).to_contain_text("decides")
