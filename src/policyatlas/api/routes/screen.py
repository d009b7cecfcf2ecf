"""Restricted-party screening: ``POST /api/v1/screen`` with
``{parties: [{name, country?, type?}], as_of?, threshold?, lists?}`` — the
``policyatlas.screening/v1`` document of ``policyatlas screen -f json``; ``GET /screen/lists``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from policyatlas.api import deps
from policyatlas.screening.screen import Party

router = APIRouter(prefix=deps.API, tags=["screening"])

MAX_PARTIES = 10_000

BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["parties"], "properties": {
        "parties": {"type": "array", "maxItems": MAX_PARTIES, "items": {
            "type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "country": {"type": "string"},
                "type": {"enum": ["entity", "individual", "vessel", "aircraft", "unknown"]}}}},
        "as_of": {"type": "string", "format": "date"},
        "threshold": {"type": "number", "minimum": 0.5, "maximum": 1},
        "lists": {"type": "array", "items": {"type": "string"}}}}}}}}


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parties: list[Party] = Field(min_length=1, max_length=MAX_PARTIES)
    as_of: dt.date | None = None
    threshold: float = Field(default=0.88, ge=0.5, le=1.0)
    lists: list[str] | None = Field(default=None, max_length=100)


def _screen(b: deps.Body) -> str:
    from policyatlas.screening.screen import screen
    from policyatlas.validation import validate_doc

    req = validate_doc(ScreenRequest, b.doc(), "screening request")
    result = screen(req.parties, req.as_of or dt.date.today(), lists=req.lists,
                    threshold=req.threshold)
    return json.dumps(result.as_dict(), ensure_ascii=False)


def _lists() -> dict[str, Any]:
    from policyatlas.screening.store import available, open_store

    store = open_store()
    try:
        return {"lists": [s.as_dict() for s in available(store).values()]}
    finally:
        if store is not None:
            store.close()


@router.post("/screen", openapi_extra=BODY)
async def screen_parties(request: Request) -> Response:
    """Screen parties against the US and Chinese restricted-party lists as of a date: per
    party the candidate entries with their status on the date (listed, suspended, removed,
    listed later), list, listing date, citation, URL and the reasons for the match."""
    b = await deps.body(request, "screening request")
    return deps.json_response(await deps.offload(request, _screen, b))


@router.get("/screen/lists")
async def screen_lists(request: Request) -> dict[str, Any]:
    """Every list screened against: id, name, authority, date, rows, provenance, origin."""
    return await deps.offload(request, _lists)
