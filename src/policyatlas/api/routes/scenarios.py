"""Federal preemption scenarios."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from policyatlas.api import deps
from policyatlas.api.problems import ApiProblem

router = APIRouter(prefix=deps.API, tags=["scenarios"])


def _scenario(ident: str):
    from policyatlas.scenarios.loader import builtin_scenarios

    known = builtin_scenarios()
    if ident not in known:
        raise ApiProblem(404, f"unknown scenario {ident!r}",
                         f"one of {', '.join(sorted(known))}", kind="not-found")
    return known[ident]


@router.get("/scenarios")
def scenarios() -> list[dict[str, Any]]:
    from policyatlas.scenarios.loader import builtin_scenarios

    return [{"id": sc.id, "title": sc.meta.title, "instrument": sc.meta.instrument,
             "legal_status": sc.meta.legal_status, "confidence": sc.meta.confidence,
             "verified_as_of": str(sc.meta.verified_as_of)}
            for sc in builtin_scenarios().values()]


@router.get("/scenarios/{ident}")
def scenario_show(ident: str) -> Response:
    return deps.json_response(_scenario(ident).file.model_dump_json(by_alias=True))


@router.post("/scenarios/{ident}/diff", openapi_extra=deps.OPTIONAL_BODY)
async def scenario_diff(request: Request, ident: str, as_of: str | None = None,
                        contested: str = "kept") -> Response:
    """What the scenario removes, keeps and adds — for the inventory in the body, or for the
    whole landscape when the body is empty."""
    from policyatlas.scenarios.diff import diff

    if contested not in ("kept", "removed"):
        raise ApiProblem(422, "contested must be 'kept' or 'removed'", kind="invalid-input")
    day = deps.day(as_of, "as_of")
    sc = _scenario(ident)
    b = await deps.body(request, "inventory", required=False)

    def work() -> str:
        inv = deps.inventory(b) if b is not None else None
        return diff(sc, day, inv, contested_as=contested).model_dump_json()  # type: ignore[arg-type]

    return deps.json_response(await deps.offload(request, work))
