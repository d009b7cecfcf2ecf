"""The Open States API v3 connector, replayed against saved replies (no network)."""

from __future__ import annotations

import json

import httpx
import pytest

from policyatlas.bills.openstates import OpenStatesClient
from policyatlas.bills.store import BillStore
from policyatlas.errors import UserError
from tests.bills.conftest import REPLIES

PAGES = {n: json.loads((REPLIES / f"openstates-v3-bills-page-{n}.json").read_text())
         for n in (1, 2)}


def replay(seen: list[httpx.Request], status: dict[int, int] | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params.get("page", "1"))
        code = (status or {}).pop(len(seen), 200)
        if code != 200:
            return httpx.Response(code, json={"detail": "replayed error"},
                                  headers={"retry-after": "0"})
        return httpx.Response(200, json=PAGES[page])
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetches_every_page_with_key_and_includes(tmp_path):
    seen: list[httpx.Request] = []
    client = OpenStatesClient("k-123", client=replay(seen))
    records = client.fetch(query="artificial intelligence")
    assert [r.identifier for r in records] == ["HB 5144", "HB 2685", "SJR 94"]
    assert [r.url.params["page"] for r in seen] == ["1", "2"]
    first = seen[0]
    assert first.headers["X-API-KEY"] == "k-123"
    assert first.url.host == "v3.openstates.org" and first.url.path == "/bills"
    assert first.url.params.get_list("include") == ["actions", "abstracts", "sponsorships",
                                                    "sources"]
    assert first.url.params["q"] == "artificial intelligence"
    with BillStore(tmp_path / "b.sqlite") as store:
        result = store.ingest(records, path="api", fmt="openstates-v3")
        assert result.new == 3
        assert store.find("MI HB 5144")["status"] == "enacted"
        assert store.find("AZ HB 2685")["status"] == "vetoed"
        assert store.find("AL SJR 94")["status"] == "adopted"


def test_max_pages_and_filters():
    seen: list[httpx.Request] = []
    client = OpenStatesClient("k", client=replay(seen))
    records = client.fetch(jurisdiction="mi", session="2023-2024", max_pages=1)
    assert len(records) == 2 and len(seen) == 1
    assert seen[0].url.params["jurisdiction"] == "mi"
    assert seen[0].url.params["session"] == "2023-2024"


def test_rate_limit_is_retried():
    seen: list[httpx.Request] = []
    client = OpenStatesClient("k", client=replay(seen, {1: 429}), pause=0)
    assert len(client.fetch(query="ai")) == 3
    assert len(seen) == 3  # page 1 twice, then page 2


def test_refused_key_and_missing_key(monkeypatch):
    client = OpenStatesClient("bad", client=replay([], {1: 401}))
    with pytest.raises(UserError, match="refused the API key"):
        client.fetch(query="ai")
    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    with pytest.raises(UserError, match="no Open States API key"):
        OpenStatesClient()


def test_needs_a_jurisdiction_or_query():
    with pytest.raises(UserError, match="nothing to fetch"):
        OpenStatesClient("k", client=replay([])).fetch()


def test_network_failure_is_a_clear_error():
    def down(request):
        raise httpx.ConnectError("no route to host")
    client = OpenStatesClient("k", client=httpx.Client(transport=httpx.MockTransport(down)))
    with pytest.raises(UserError, match="cannot reach Open States"):
        client.fetch(query="ai")
