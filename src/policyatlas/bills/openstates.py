"""The live Open States API v3 connector (https://v3.openstates.org, ``GET /bills``).

The API key comes from the environment (OPENSTATES_API_KEY) and is sent as the ``X-API-KEY``
header. Pages of 20 bills are fetched with their actions, abstracts, sponsorships and sources,
then validated by the same reader as an API v3 file, so a fetched page and a saved one ingest
alike. The HTTP client is injectable, which is how the tests replay recorded responses.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx

from policyatlas.bills.model import BillRecord
from policyatlas.bills.readers import records_from
from policyatlas.errors import Problem, UserError

BASE_URL = "https://v3.openstates.org"
ENV_KEY = "OPENSTATES_API_KEY"
PER_PAGE = 20  # the API's maximum
INCLUDE = ("actions", "abstracts", "sponsorships", "sources")


class OpenStatesClient:
    def __init__(self, api_key: str | None = None, *, client: httpx.Client | None = None,
                 base_url: str = BASE_URL, retries: int = 3, pause: float = 2.0) -> None:
        key = api_key or os.environ.get(ENV_KEY)
        if not key:
            raise UserError("no Open States API key", [Problem(
                f"set {ENV_KEY} in the environment",
                fix="get a key at https://open.pluralpolicy.com/accounts/profile/ and "
                    f"export {ENV_KEY}=...")])
        self._client = client or httpx.Client(timeout=30.0)
        self._base = base_url.rstrip("/")
        self._key = key
        self._retries = retries
        self._pause = pause

    def _get(self, path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        url = f"{self._base}{path}"
        for attempt in range(self._retries + 1):
            try:
                resp = self._client.get(url, params=params, headers={"X-API-KEY": self._key})
            except httpx.HTTPError as exc:
                raise UserError("cannot reach Open States", [Problem(
                    f"{type(exc).__name__}: {exc}", fix="check the network, or ingest a "
                    "saved file with 'policyatlas bills ingest'")]) from None
            if resp.status_code == 429 and attempt < self._retries:
                time.sleep(float(resp.headers.get("retry-after", self._pause)))
                continue
            if resp.status_code in (401, 403):
                raise UserError("Open States refused the API key", [Problem(
                    f"HTTP {resp.status_code}: {_detail(resp)}", fix=f"check {ENV_KEY}")])
            if resp.status_code >= 400:
                raise UserError(f"Open States answered HTTP {resp.status_code}",
                                [Problem(_detail(resp), fix="check the query options")])
            try:
                return resp.json()
            except ValueError:
                raise UserError("Open States sent a reply that is not JSON",
                                [Problem(resp.text[:200])]) from None
        raise UserError("Open States is rate-limiting this key", [Problem(
            "HTTP 429 after retries", fix="wait and run again, or fetch fewer pages")])

    def pages(self, *, jurisdiction: str | None = None, session: str | None = None,
              query: str | None = None, updated_since: dt.date | None = None,
              max_pages: int | None = None) -> Iterator[dict[str, Any]]:
        """Raw ``/bills`` pages (the API requires a jurisdiction or a query)."""
        if not jurisdiction and not query:
            raise UserError("nothing to fetch", [Problem(
                "the Open States API needs a jurisdiction or a search query",
                fix="pass --jurisdiction CA and/or --query 'artificial intelligence'")])
        params = [("per_page", str(PER_PAGE)), ("sort", "updated_desc")]
        params += [("include", i) for i in INCLUDE]
        for name, value in (("jurisdiction", jurisdiction), ("session", session),
                            ("q", query),
                            ("updated_since", updated_since.isoformat() if updated_since
                             else None)):
            if value:
                params.append((name, value))
        page = 1
        while True:
            data = self._get("/bills", [*params, ("page", str(page))])
            yield data
            last = int((data.get("pagination") or {}).get("max_page") or 1)
            if page >= last or (max_pages is not None and page >= max_pages):
                return
            page += 1

    def fetch(self, **kwargs: Any) -> list[BillRecord]:
        """All bills the query returns, validated as API v3 records."""
        records: list[BillRecord] = []
        for n, page in enumerate(self.pages(**kwargs), 1):
            records += records_from(page, source=f"Open States /bills page {n}",
                                    fmt="openstates-v3")
        return records


def _detail(resp: httpx.Response) -> str:
    try:
        body = resp.json()
        return str(body.get("detail", body))[:200]
    except ValueError:
        return resp.text[:200]
