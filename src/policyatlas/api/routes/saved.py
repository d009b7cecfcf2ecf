"""Saved assessments (writes need the API key) and comparing them with a run now."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from policyatlas.api import deps
from policyatlas.api.problems import ApiProblem

router = APIRouter(prefix=deps.API, tags=["saved"])


@router.post("/assessments", status_code=201, openapi_extra=deps.DOC_BODY,
             dependencies=[Depends(deps.require_key)])
async def save(request: Request, name: str = "assessment",
               as_of: str | None = None) -> JSONResponse:
    """Assess the inventory and save it with the pack versions and the results."""
    from policyatlas.engine.assess import assess

    day = deps.day(as_of, "as_of")
    name = deps.label(name, "name")
    b = await deps.body(request, "inventory")
    store = deps.saved(request)

    def work() -> dict:
        inv = deps.inventory(b)
        return store.save(name, inv, assess(inv, day), deps.packs())

    row = await deps.offload(request, work)
    return JSONResponse(row, status_code=201,
                        headers={"Location": f"{deps.API}/assessments/{row['id']}"})


@router.get("/assessments")
def saved_list(request: Request) -> list[dict[str, Any]]:
    return deps.saved(request).list()


_ID = re.compile(r"^[0-9a-f]{32}$")


def _one(request: Request, ident: str) -> dict:
    row = deps.saved(request).get(ident) if _ID.match(ident) else None
    if row is None:
        raise ApiProblem(404, f"no saved assessment {ident!r}", kind="not-found")
    return row


@router.get("/assessments/{ident}")
def saved_get(request: Request, ident: str) -> dict[str, Any]:
    return _one(request, ident)


@router.delete("/assessments/{ident}", status_code=204,
               dependencies=[Depends(deps.require_key)])
def saved_delete(request: Request, ident: str) -> Response:
    _one(request, ident)
    deps.saved(request).delete(ident)
    return Response(status_code=204)


@router.post("/assessments/{ident}/compare", openapi_extra=deps.OPTIONAL_BODY)
async def saved_compare(request: Request, ident: str,
                        as_of: str | None = None) -> dict[str, Any]:
    """Run again now — with the inventory in the body, or the saved one — and say what
    changed: laws (pack versions), the inventory, and the duties."""
    from policyatlas.api.saved import compare
    from policyatlas.engine.assess import assess
    from policyatlas.facts.inventory import Inventory

    row = _one(request, ident)
    b = await deps.body(request, "inventory", required=False)
    day = deps.day(as_of, "as_of") if as_of else dt.date.fromisoformat(row["as_of"])

    def work() -> dict:
        inv = deps.inventory(b) if b is not None else Inventory.model_validate(row["inventory"])
        return compare(row, inv, assess(inv, day), deps.packs())

    return await deps.offload(request, work)
