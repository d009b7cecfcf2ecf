"""The law explorer in chromium shows the known laws that bind only individuals or government,
labelled, in the three UI languages, and one of them with why it places no duty."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_known_laws_in_the_explorer(page):
    page.click('nav a[data-view="laws"]')
    expect(page.locator("#laws-count")).to_have_text(re.compile(r"^\d+ laws$"))
    assert page.locator("#laws-list .known-law").count() == 0  # default: packs only
    page.select_option("#law-binds", "individuals")
    expect(page.locator("#laws-list .known-law").first).to_be_visible()
    expect(page.locator("#laws-list .known-law").first).to_contain_text(
        "known — no duties for organisations")
    page.fill("#law-jurisdiction", "us-nj")
    button = page.locator("#laws-list button").first
    expect(button).to_contain_text("A3540")
    button.click()
    expect(page.locator("#law-detail")).to_be_visible()
    expect(page.locator("#law-known")).to_be_visible()
    expect(page.locator("#law-known")).to_contain_text("Why no duty for organisations")
    expect(page.locator("#law-meta")).to_contain_text("P.L.2025, c.40")


def test_known_label_in_three_languages(page):
    page.click('nav a[data-view="laws"]')
    page.select_option("#law-binds", "government")
    expect(page.locator("#laws-list .known-law").first).to_be_visible()
    for lang, text in (("zh-Hans", "对组织无义务"), ("zh-Hant", "對組織無義務"),
                       ("en", "no duties for organisations")):
        page.select_option("#lang", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)  # catalogue loaded
        page.select_option("#law-binds", "all")  # reload the list in the new language
        page.select_option("#law-binds", "government")
        expect(page.locator("#laws-list .known-law").first).to_contain_text(text)
