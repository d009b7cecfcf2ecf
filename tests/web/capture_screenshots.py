"""Capture the screenshots in docs/screenshots from a live service in Debian's chromium.

    python -m tests.web.capture_screenshots

Each view is shown with the example inventory assessed on 2026-11-23.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from policyatlas.api.local import serve
from policyatlas.api.settings import Settings
from tests.conftest import EXAMPLE, ROOT

OUT = ROOT / "docs" / "screenshots"


def capture(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as tmp, \
            serve(Settings(api_key="x", database_url=f"sqlite:///{tmp}/s.sqlite")) as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, base_url=url)

        def shot(name: str) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=False)
            shots.append(path)

        page.goto("/")
        page.set_input_files("#inventory-file", str(EXAMPLE))
        page.fill("#as-of", "2026-11-23")
        page.get_by_role("button", name="Assess", exact=True).click()
        page.wait_for_selector("#map svg")
        page.locator("#summary-panel").scroll_into_view_if_needed()
        shot("executive-summary")
        page.locator('#map .tile[data-state="CA"]').click()
        page.locator("#state-duties button").first.click()
        page.locator("#map").scroll_into_view_if_needed()
        shot("assess-map")
        page.locator("#trace-panel").scroll_into_view_if_needed()
        shot("obligation-trace")
        page.select_option("#lang", "zh-Hans")
        page.wait_for_function("document.documentElement.lang === 'zh-Hans'")
        page.wait_for_selector("#map svg")
        page.locator('#map .tile[data-state="CA"]').click()
        page.locator("#map").scroll_into_view_if_needed()
        shot("assess-map-zh-Hans")
        page.select_option("#lang", "en")
        page.wait_for_function("document.documentElement.lang === 'en'")
        page.click('nav a[data-view="laws"]')
        page.fill("#law-q", "chatbot")
        page.wait_for_selector("#laws-list button")
        shot("law-explorer")
        page.click('nav a[data-view="calendar"]')
        page.wait_for_selector("#calendar-rows tr")
        shot("calendar")
        page.click('nav a[data-view="program"]')
        page.wait_for_selector("#program-rows tr")
        shot("programme")
        page.click('nav a[data-view="scenarios"]')
        page.select_option("#scenario", "cruz-blackburn-2025")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_selector("#burden-rows tr")
        shot("scenario-diff")
        page.click('nav a[data-view="chips"]')
        page.fill("#chip-date", "2026-11-23")
        page.get_by_role("button", name="Classify").click()
        page.wait_for_selector("#chip-result:not([hidden])")
        shot("chip-classifier")
        page.click('nav a[data-view="shipment"]')
        page.locator("#shipment-form button[type=submit]").click()
        page.wait_for_selector("#shipment-outcomes")
        page.locator("#shipment-outcomes").scroll_into_view_if_needed()
        shot("shipment-check")
        browser.close()
    return shots


if __name__ == "__main__":
    for path in capture():
        print(path)
