"""Assessment views: the assessment itself, the map, the programme, the calendar, reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api import deps

router = APIRouter(prefix=deps.API, tags=["assess"])


def _assess(inv, as_of):
    from policyatlas.engine.assess import assess

    return assess(inv, as_of)


@router.post("/assess", openapi_extra=deps.DOC_BODY)
async def assess(request: Request, as_of: str | None = None) -> Response:
    """Every obligation of every system with its status, with traces (contract assessment/v2)."""
    from policyatlas.engine.contract import dump_bytes

    day = deps.day(as_of, "as_of")
    b = await deps.body(request, "inventory")
    return deps.json_response(await deps.offload(
        request, lambda: dump_bytes(_assess(deps.inventory(b), day))))


@router.post("/explain", openapi_extra=deps.DOC_BODY)
async def explain(request: Request, system: str, law: str,
                  as_of: str | None = None) -> Response:
    """Why a law does or does not apply to one system of the inventory, or is undetermined:
    the deciding conditions with citations, and checked changes that would flip each rule
    (contract explanation/v1)."""
    from policyatlas.engine.why import explain_law

    day = deps.day(as_of, "as_of")
    system, law = deps.label(system, "system", 100), deps.label(law, "law", 200)
    b = await deps.body(request, "inventory")
    return deps.json_response(await deps.offload(
        request, lambda: explain_law(deps.inventory(b), system, law, day).model_dump_json()))


def map_body(inv, day, lang: str) -> dict:
    from policyatlas.facts.jurisdictions import state_abbr
    from policyatlas.i18n import state_names, text
    from policyatlas.report.tiles import TILES, tile_svg

    a = _assess(inv, day)
    states = {k: c for k, c in a.counts.by_state.items() if k in TILES}
    laws: dict[str, set[str]] = {}
    for _, o in a.all_obligations():
        laws.setdefault(state_abbr(o.jurisdiction), set()).add(o.law_id)
    svg = tile_svg({k: c.known for k, c in states.items()}, title=text(lang, "map.title"),
                   label=text(lang, "map.tile"), names=state_names(lang),
                   scale=text(lang, "map.scale"))
    federal = a.counts.by_state.get("US")
    # Jurisdictions outside the United States (e.g. CN): counted beside the map, not on it.
    abroad = {k: c for k, c in a.counts.by_state.items() if k not in TILES and k != "US"}
    return {"as_of": str(a.as_of), "svg": svg,
            "federal": federal.model_dump() | {"known": federal.known} if federal else None,
            "states": {k: c.model_dump() | {"known": c.known, "laws": sorted(laws.get(k, ()))}
                       for k, c in states.items()},
            "outside_us": {k: c.model_dump() | {"known": c.known,
                                                "laws": sorted(laws.get(k, ()))}
                           for k, c in abroad.items()}}


@router.post("/map", openapi_extra=deps.DOC_BODY)
async def state_map(request: Request, as_of: str | None = None, lang: str = "en") -> dict:
    """Obligations per state by status (the engine's counts) and as an accessible SVG map."""
    day, lang = deps.day(as_of, "as_of"), deps.lang(lang)
    b = await deps.body(request, "inventory")
    return await deps.offload(request, lambda: map_body(deps.inventory(b), day, lang))


@router.post("/program", openapi_extra=deps.DOC_BODY)
async def program(request: Request, as_of: str | None = None) -> Response:
    from policyatlas.compliance.program import build_program

    day = deps.day(as_of, "as_of")
    b = await deps.body(request, "inventory")
    return deps.json_response(await deps.offload(
        request, lambda: build_program(_assess(deps.inventory(b), day)).model_dump_json()))


@router.post("/calendar", openapi_extra=deps.DOC_BODY)
async def calendar(request: Request, start: Annotated[str | None, Query(alias="from")] = None,
                   end: Annotated[str | None, Query(alias="to")] = None) -> Response:
    from policyatlas.compliance.calendar import build_calendar
    from policyatlas.dates import window

    first, last = window(start, end, start_name="from", end_name="to")
    b = await deps.body(request, "inventory")
    return deps.json_response(await deps.offload(request, lambda: build_calendar(
        _assess(deps.inventory(b), first), first, last).model_dump_json()))


@router.post("/report", openapi_extra=deps.DOC_BODY,
             responses={200: {"content": {"text/html": {}, "application/pdf": {},
                                          "application/vnd.openxmlformats-officedocument."
                                          "spreadsheetml.sheet": {}}}})
async def report(request: Request, format: str = "html", lang: str = "en",
                 as_of: str | None = None) -> Response:
    """A printable report (html, pdf or xlsx) in English, Simplified or Traditional Chinese."""
    from policyatlas.api.problems import ApiProblem
    from policyatlas.report.document import MEDIA_TYPES, build_report, render

    if format not in MEDIA_TYPES:
        raise ApiProblem(422, f"unknown format {format!r}", "one of html, pdf, xlsx",
                         kind="invalid-input")
    day, lang = deps.day(as_of, "as_of"), deps.lang(lang)
    b = await deps.body(request, "inventory")
    data = await deps.offload(
        request, lambda: render(build_report(deps.inventory(b), day, lang), format))
    return Response(data, media_type=MEDIA_TYPES[format], headers={
        "Content-Disposition": f'attachment; filename="policyatlas-report-{lang}.{format}"'})
