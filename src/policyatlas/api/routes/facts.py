"""The definitions of the inventory's facts and values, in one language."""

from __future__ import annotations

import json
from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response

from policyatlas.api import deps

router = APIRouter(prefix=deps.API, tags=["facts"])


@cache
def _document(lang: str) -> bytes:
    from policyatlas.facts.definitions import definitions_document

    return json.dumps(definitions_document(lang), ensure_ascii=False).encode("utf-8")


@router.get("/facts")
def facts(lang: str = "en") -> Response:
    """Every fact an inventory states, with its inventory field, type, label, definition, how
    the laws use it, its interview question, its values and its statutory cites (the document
    of ``policyatlas schema facts``); ``lang`` is en, zh-Hans or zh-Hant."""
    return deps.json_response(_document(deps.lang(lang)))
