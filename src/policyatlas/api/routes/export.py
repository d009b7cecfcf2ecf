"""Export controls: chip classification and shipment checks."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from policyatlas.api import deps

router = APIRouter(prefix=deps.API, tags=["export"])


@router.post("/export/classify", openapi_extra=deps.DOC_BODY)
async def export_classify(request: Request, as_of: str | None = None) -> Response:
    """ECCN 3A090 / 4A090 of each chip in a chip-spec document (``chips: [...]``)."""
    from policyatlas.export.check import classify_doc

    day = deps.day(as_of, "as_of")
    b = await deps.body(request, "chip spec")
    return deps.json_response(await deps.offload(
        request, lambda: json.dumps(classify_doc(b.doc(), day), default=str,
                                    ensure_ascii=False)))


@router.post("/export/check", openapi_extra=deps.DOC_BODY)
async def export_check(request: Request) -> Response:
    """A shipment under the US EAR and China's MOFCOM controls."""
    from policyatlas.export.check import check_doc

    b = await deps.body(request, "shipment")
    return deps.json_response(await deps.offload(
        request, lambda: json.dumps(check_doc(b.doc()), default=str, ensure_ascii=False)))
