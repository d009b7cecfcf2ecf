"""Guidance (guidance.yaml) that bears on an item: shown as guidance, never applied as a rule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from policyatlas.export.packs import EarRegime


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _contains(words: list[str], pattern: str) -> bool:
    p = _words(pattern)
    return bool(p) and any(words[i:i + len(p)] == p for i in range(len(words) - len(p) + 1))


def guidance_for(regime: EarRegime, name: str | None, vendor: str | None = None,
                 day: dt.date | None = None) -> list[dict[str, Any]]:
    """Every guidance document issued by ``day`` naming a product the item's name contains."""
    if regime.guidance is None or not name:
        return []
    words = _words(f"{vendor or ''} {name}")
    out = []
    for g in regime.guidance.guidance:
        hit = next((p for p in g.products if _contains(words, p)), None)
        if hit is None or (day is not None and g.issued > day):
            continue
        out.append({"kind": "guidance", "id": g.id, "title": g.title, "issuer": g.issuer,
                    "issued": g.issued.isoformat(), "product": hit, "concerns": g.concerns,
                    "citation": g.citation, "text": g.text, "uncertain": g.uncertain,
                    "sources": [{"title": x.title, "url": x.url} for x in g.sources],
                    "note": "guidance, not a rule: shown with the answer, it decides nothing"})
    return out
