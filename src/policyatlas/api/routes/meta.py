"""Health and translations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from policyatlas.api import deps
from policyatlas.version import __version__

router = APIRouter(prefix=deps.API, tags=["meta"])


@router.get("/health")
def health() -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "laws": len(deps.packs())}


@router.get("/i18n/{lang}")
def i18n(lang: str) -> dict[str, Any]:
    from policyatlas.api.problems import ApiProblem
    from policyatlas.i18n import LANGS, catalog_for_ui

    if lang not in LANGS:
        raise ApiProblem(404, f"unknown language {lang!r}", f"one of {', '.join(LANGS)}")
    return catalog_for_ui(lang)
