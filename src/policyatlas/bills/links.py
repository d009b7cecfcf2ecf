"""Enacted bills <-> the law packs that encode them (each law's ``bills`` list)."""

from __future__ import annotations

from functools import cache

from policyatlas.bills.model import identifier_key, normalise_identifier


def law_state(law_jurisdiction: str) -> str | None:
    """``us-ca`` -> ``CA``; ``us`` -> ``US``; local jurisdictions (``us-ny-nyc``) have no state bills."""
    parts = law_jurisdiction.split("-")
    if parts == ["us"]:
        return "US"
    if len(parts) == 2 and parts[0] == "us":
        return parts[1].upper()
    return None


@cache
def law_links() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(state, identifier key) -> ((session, law id), ...) for every bill a built-in pack names."""
    from policyatlas.rules.loader import builtin_packs

    links: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for law in builtin_packs():
        for ref in law.meta.bills:
            state = ref.jurisdiction or law_state(law.meta.jurisdiction)
            if state is None:
                continue
            key = (state, identifier_key(normalise_identifier(ref.identifier)))
            links.setdefault(key, []).append((ref.session, law.id))
    return {k: tuple(v) for k, v in links.items()}
