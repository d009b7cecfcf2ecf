"""Browser tests: Playwright driving Debian's chromium against a real service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from policyatlas.api.local import serve
from policyatlas.api.settings import Settings
from tests.api.conftest import API_KEY

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("ui") / "saved.sqlite"
    with serve(Settings(api_key=API_KEY, database_url=f"sqlite:///{db}")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url,
                                  accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto("/")
    yield pg
    context.close()
    assert errors == [], errors
