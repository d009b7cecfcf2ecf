"""The law catalogue and one law."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import Response

from policyatlas.api import deps
from policyatlas.api.problems import ApiProblem

router = APIRouter(prefix=deps.API, tags=["laws"])


@router.get("/laws")
def laws(as_of: str | None = None, jurisdiction: str | None = None,
         category: str | None = None, status: str | None = None,
         q: str | None = None, binds: str = "organizations") -> Response:
    """The law catalogue, filtered (contract laws/v1); ``q`` searches titles and citations.
    ``binds``: organizations (the packs, default), individuals or government (known laws that
    bind only them, each with ``why_no_duty``), or all."""
    from policyatlas.engine.laws import list_laws

    day = deps.day(as_of, "as_of")
    result = list_laws(deps.packs(), day, jurisdiction, category, status, binds=binds)
    if q:
        needle = q.lower()
        result.laws = [law for law in result.laws if needle in " ".join(
            (law.title, law.short_title, law.citation, law.law_id)).lower()]
    return deps.json_response(result.model_dump_json())


@router.get("/laws/{law_id:path}")
def law(law_id: str) -> Response:
    from policyatlas.engine.laws import known_detail, law_detail
    from policyatlas.rules.known import known_by_id

    p = deps.packs()
    known = known_by_id()
    if law_id not in p.laws and law_id in known:
        return deps.json_response(json.dumps(known_detail(known[law_id]), ensure_ascii=False))
    if law_id not in p.laws:
        raise ApiProblem(404, f"unknown law id {law_id!r}",
                         f"GET {deps.API}/laws lists the {len(p)} laws", kind="not-found")
    return deps.json_response(json.dumps(law_detail(p.get(law_id)), default=str,
                                         ensure_ascii=False))
