"""The executive summary of an assessment, as JSON: the figures of ``build_executive`` (every
count the resolved assessment's own) and, beside them, the same section laid out in a language
(the report's wording), so that the browser shows them without deriving anything."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from policyatlas.api import deps

router = APIRouter(prefix=deps.API, tags=["assess"])

SUMMARY_CONTRACT = "policyatlas.summary/v1"


def _counts(c) -> dict[str, int]:
    return c.model_dump() | {"known": c.known, "total": c.total}


def _duty(sid: str | None, o) -> dict[str, Any]:
    return {"system": sid, "key": o.key, "law_id": o.law_id, "obligation_id": o.obligation_id,
            "title": o.title, "citation": o.citation, "status": o.status,
            "court_cases": sorted({c.case for c in o.court_orders if c.blocks_this})}


def summary_body(inv, day, lang: str) -> dict[str, Any]:
    from dataclasses import asdict

    from policyatlas.engine.assess import assess
    from policyatlas.report.document import executive_section, summary_lines
    from policyatlas.report.executive import build_executive
    from policyatlas.rules.loader import builtin_packs

    packs = builtin_packs()
    a = assess(inv, day, packs)
    x = build_executive(a)
    shown = executive_section(lang, a, packs, summary_lines(lang, a))
    return {
        "contract": SUMMARY_CONTRACT, "organization": a.organization, "lang": lang,
        "as_of": str(x.as_of), "horizon_end": str(x.horizon_end),
        "horizon_days": (x.horizon_end - x.as_of).days,
        "systems": [{"id": sid, "name": name} for sid, name in x.systems],
        "counts": {"overall": _counts(x.overall),
                   "organization_wide": _counts(x.organization_wide),
                   "by_system": {k: _counts(c) for k, c in x.by_system.items()}},
        "laws": x.laws, "key_laws": x.key_laws, "other_laws": x.other_laws,
        "grid": [{"law_id": law or None, "cells": {sid or "": _counts(c) for sid, c in
                                                   cells.items()}}
                 for law, cells in x.grid.items()],
        "due": [e.model_dump(mode="json") for e in x.due],
        "exposures": [asdict(e) for e in x.exposures],
        "blocked": [_duty(sid, o) for sid, o in x.blocked],
        "optional": [_duty(sid, o) for sid, o in x.optional],
        "undetermined": _counts(x.undetermined), "undetermined_rules": x.undetermined_rules,
        "to_decide": [t.model_dump(mode="json") for t in x.to_decide],
        "low_confidence": x.low_confidence,
        # The same figures in the language, as the report words them.
        "text": {"lines": shown.lines, "grid_header": shown.grid_header, "grid": shown.grid,
                 "due": [{"date": str(r.date), "kind": r.kind, "law": r.law, "what": r.what,
                          "systems": r.systems} for r in shown.due],
                 "exposures": [asdict(r) for r in shown.exposures],
                 "caveats": shown.caveats},
    }


@router.post("/summary", openapi_extra=deps.DOC_BODY)
async def summary(request: Request, as_of: str | None = None, lang: str = "en") -> dict:
    """The executive summary (contract policyatlas.summary/v1): totals, systems by key laws,
    what falls due in the next 90 days, the largest stated penalty exposures and the caveats
    (blocked, optional, undetermined, low confidence); every figure from the resolved
    assessment. ``text`` holds the same section worded in ``lang``."""
    day, lang = deps.day(as_of, "as_of"), deps.lang(lang)
    b = await deps.body(request, "inventory")
    return await deps.offload(request, lambda: summary_body(deps.inventory(b), day, lang))
