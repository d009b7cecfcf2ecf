"""China: the CAC's algorithm filing lists, read-only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from policyatlas.api import deps
from policyatlas.api.problems import ApiProblem

router = APIRouter(prefix=deps.API, tags=["cn"])


def _index():
    """The filing index ($POLICYATLAS_CN_FILINGS, else the shared data beside the checkout)."""
    from policyatlas.cn.filings import open_index
    from policyatlas.errors import UserError

    try:
        return open_index()
    except UserError as exc:
        raise ApiProblem(503, "the CAC filing lists are not available on this server",
                         "set POLICYATLAS_CN_FILINGS to the filings folder or its CSV file "
                         f"({exc.title})", kind="no-cn-filings") from None


def _search(q: str, limit: int) -> dict[str, Any]:
    return _index().search(q, limit).as_dict()


def _stats() -> dict[str, Any]:
    return _index().stats()


@router.get("/cn/filings")
async def cn_filings(request: Request,
                     q: Annotated[str, Query(description="A company (Chinese or English "
                                             "name), an algorithm or product name, or a "
                                             "filing number 网信算备…号.")],
                     limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """CAC algorithm and deep-synthesis filings matching ``q``, strongest match first, each
    with the reasons it matched (``match.reasons[].why``)."""
    q = deps.label(q, "q", 200)
    return await deps.offload(request, _search, q, limit)


@router.get("/cn/filings/stats")
async def cn_filings_stats(request: Request) -> dict[str, Any]:
    """Counts by filing type, batch, province, algorithm class and role."""
    return await deps.offload(request, _stats)
