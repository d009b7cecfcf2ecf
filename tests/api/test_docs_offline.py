"""The API docs work offline: /api/v1/docs (Swagger UI) and /api/v1/redoc reference only the
service's own URLs, the service serves every one of them, and in a browser whose every request
off this machine is refused (the network off) Swagger UI still shows the operations."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DOCS = ("/api/v1/docs", "/api/v1/redoc")
CHROMIUM = Path("/usr/bin/chromium")


def _references(html: str) -> list[str]:
    found = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    found += re.findall(r"""\burl\s*:\s*['"]([^'"]+)['"]""", html)
    found += re.findall(r"""spec-url\s*=\s*["']([^"']+)["']""", html)
    return found


@pytest.mark.parametrize("path", DOCS)
def test_docs_reference_only_local_assets(http, path):
    page = http.get(path)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert not re.search(r"https?://", page.text), re.findall(r"https?://\S+", page.text)
    refs = _references(page.text)
    assert any(r.endswith(".js") for r in refs), refs
    for ref in refs:
        assert not urlsplit(ref).netloc, ref  # same origin
        got = http.get(ref)
        assert got.status_code == 200, ref
        assert got.content, ref


def test_swagger_ui_renders_with_the_network_off(service):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    local = urlsplit(service).netloc
    refused: list[str] = []

    def route(r):
        if urlsplit(r.request.url).netloc == local:
            return r.continue_()
        refused.append(r.request.url)
        return r.abort("internetdisconnected")

    def drive() -> None:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.route("**/*", route)
                page.goto(f"{service}/api/v1/docs")
                page.wait_for_selector(".opblock", timeout=20_000)  # the operations, drawn
                assert page.locator(".opblock").count() > 10
                assert "policyatlas" in page.locator(".info .title").inner_text()
            finally:
                browser.close()

    # In a thread of its own: a Playwright session of the browser tests (tests/web) may still
    # be open in this one, and the sync API refuses to start inside its event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(drive).result()
    assert refused == [], refused
