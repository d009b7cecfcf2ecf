"""Enacted bills <-> the law packs that encode them (each law's ``bills`` list)."""

from __future__ import annotations

from functools import cache

from policyatlas.bills.model import identifier_key, normalise_identifier


def law_state(law_jurisdiction: str) -> str | None:
    """``us-ca`` -> ``CA``; ``us`` -> ``US``; local ones (``us-ny-nyc``) have no state bills."""
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


def tracked_bills(law, store) -> list[dict]:
    """The stored bills a law names in its ``bills`` list, with their derived status."""
    out = []
    for ref in law.meta.bills:
        state = ref.jurisdiction or law_state(law.meta.jurisdiction)
        if state is None:
            continue
        key = identifier_key(normalise_identifier(ref.identifier))
        for row in store.rows("jurisdiction = ? AND ident_key = ? AND session = ?",
                              (state, key, ref.session)):
            out.append({"id": row["uid"], "bill": f"{state} {row['session']} "
                        f"{row['identifier']}", "title": row["title"], "status": row["status"],
                        "status_date": row["status_date"], "data_as_of": row["data_as_of"]})
    return out
