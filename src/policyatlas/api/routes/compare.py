"""The side-by-side comparison of duties across jurisdictions (contract comparison/v1)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from policyatlas.api import deps

router = APIRouter(prefix=deps.API, tags=["assess"])


@router.post("/compare", openapi_extra=deps.DOC_BODY)
async def compare(request: Request, jurisdictions: str, as_of: str | None = None,
                  lang: str = "en", system: str | None = None,
                  format: str = "json") -> Response:
    """Per system and taxonomy category, each chosen jurisdiction's duties as the engine
    resolved them (status, window, deadline, penalty, citation), with what doing one satisfies
    of the other (contract comparison/v1). `jurisdictions`: comma-separated codes such as
    `us-ca,us-ny,cn` — a state includes its cities' laws, `us` is federal law. `format=md`
    answers the Markdown table in `lang` (en, zh-Hans, zh-Hant); the JSON carries the English
    texts and the equivalence notes' translations."""
    from policyatlas.api.problems import ApiProblem
    from policyatlas.compliance.compare import build_comparison, parse_jurisdictions
    from policyatlas.engine.assess import assess
    from policyatlas.report.compare import to_markdown

    day, lang = deps.day(as_of, "as_of"), deps.lang(lang)
    codes = parse_jurisdictions(deps.label(jurisdictions, "jurisdictions", 200), "jurisdictions")
    if system is not None:
        system = deps.label(system, "system", 100)
    if format not in ("json", "md"):
        raise ApiProblem(422, f"unknown format {format!r}", "one of json, md",
                         kind="invalid-input")
    markdown = format == "md"
    b = await deps.body(request, "inventory")

    def run() -> bytes | str:
        c = build_comparison(assess(deps.inventory(b), day), codes, system)
        return to_markdown(c, lang) if markdown else c.model_dump_json()

    data = await deps.offload(request, run)
    if markdown:
        return Response(data, media_type="text/markdown; charset=utf-8")
    return deps.json_response(data)
