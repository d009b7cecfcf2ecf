"""The bill tracker's store, read-only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api import deps
from policyatlas.api.problems import ApiProblem

router = APIRouter(prefix=deps.API, tags=["bills"])


def _store(request: Request):
    from policyatlas.bills.store import BillStore, default_path

    path = request.app.state.settings.bills_db or default_path()
    if not path.exists():
        raise ApiProblem(503, "no bill store on this server",
                         "run 'policyatlas bills ingest' first", kind="no-bill-store")
    return BillStore(path, create=False)


@router.get("/bills/stats")
def bills_stats(request: Request, all: bool = False) -> Response:
    from policyatlas.bills.stats import compute

    with _store(request) as store:
        return deps.json_response(compute(store, everything=all).model_dump_json())


@router.get("/bills/search")
def bills_search(request: Request, q: str, state: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict[str, Any]]:
    from policyatlas.bills.store import state_codes
    from policyatlas.report.bills import search_rows

    q = deps.label(q, "q", 1000)
    where, params = "1", []
    if state:
        where, params = "b.jurisdiction = ?", state_codes([state], "state")
    with _store(request) as store:
        return search_rows(store.search(q, limit=limit, where=where, params=params))
