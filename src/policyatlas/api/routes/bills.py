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
                 limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 exact: bool = False) -> dict[str, Any]:
    """Full-text search; ``total`` bills match, the best ``shown`` are listed. A term also
    finds its synonyms (``synonyms`` lists the groups used) unless ``exact``."""
    from policyatlas.bills.store import state_codes
    from policyatlas.report.bills import search_dict

    q = deps.label(q, "q", 1000)
    where, params = "1", []
    if state:
        where, params = "b.jurisdiction = ?", state_codes([state], "state")
    with _store(request) as store:
        return search_dict(store.search_counted(q, limit=limit, where=where, params=params,
                                                synonyms=not exact))


@router.post("/bills/watch", openapi_extra=deps.DOC_BODY)
async def bills_watch(request: Request, since: str | None = None, as_of: str | None = None,
                      limit: Annotated[int | None, Query(ge=1, le=500)] = None) -> Response:
    """Pending bills that touch the inventory's systems (in the body), ranked, each with why:
    the system, the fact (kind, use, decision domain) and the topic (contract bill-watch/v1).
    ``since``: only bills that moved on or after that date."""
    import json

    from policyatlas.bills.watch import watch

    day = deps.day(since, "since") if since else None
    today = deps.day(as_of, "as_of") if as_of else None
    b = await deps.body(request, "inventory")

    def run() -> str:
        inv = deps.inventory(b)
        with _store(request) as store:
            return json.dumps(watch(store, inv, since=day, today=today, limit=limit),
                              ensure_ascii=False)

    return deps.json_response(await deps.offload(request, run))
