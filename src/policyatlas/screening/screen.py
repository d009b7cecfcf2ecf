"""Screen parties against the lists on a date: ``screen(names, as_of)``.

Each party's candidates come from the name matcher; each is then judged *on the date*:

- ``listed`` — on the list on ``as_of``: a hit;
- ``suspended`` — on the list, its measures suspended on ``as_of`` (the period is given): a hit,
  marked so — the listing stands and the suspension may end;
- ``removed`` — removed (or its measures stopped) on or before ``as_of``: not a hit, shown so;
- ``not_yet`` — listed only after ``as_of``: not a hit, shown so.

Every hit names the list, the entry, its listing date, the announcement or Federal Register
citation and the URL, with the matcher's reasons. The JSON contract is
``policyatlas.screening/v1`` (``docs/screening.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from policyatlas.errors import Problem, UserError
from policyatlas.screening.model import EntityType, ListEntry, Status
from policyatlas.screening.store import (
    ScreeningStore,
    StoredList,
    available,
    entries_of,
    open_store,
)

SCHEMA = "policyatlas.screening/v1"
DEFAULT_THRESHOLD = 0.88
MAX_PARTIES = 100_000
HITS_PER_PARTY = 10


class Party(BaseModel):
    """A party to screen: its name, and (as evidence) its country and type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=500)
    country: str | None = Field(default=None, max_length=60)
    type: EntityType | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("the name is empty")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        from policyatlas.screening.lists import country_code

        code = country_code(v)
        if code is None:
            raise ValueError(f"unknown country {v!r}: give an ISO 3166-1 code such as CN, US")
        return code


@dataclass(frozen=True, slots=True)
class Hit:
    """One candidate entry for a party, with the entry's status on the date."""

    entry: ListEntry
    score: float
    matched_name: str
    reasons: list[str]
    status: Status
    list_name: str

    @property
    def is_hit(self) -> bool:
        return self.status in ("listed", "suspended")

    def as_dict(self, as_of: dt.date) -> dict[str, Any]:
        e = self.entry
        susp = e.suspension_on(as_of)
        return {
            "list_id": e.list_id, "list_name": self.list_name, "entry_id": e.entry_id,
            "entry_name": e.name, "matched_name": self.matched_name, "score": self.score,
            "status": self.status, "is_hit": self.is_hit, "note": _note(self, as_of),
            "listed_on": _iso(e.listed_on), "removed_on": _iso(e.removed_on),
            "suspended": [[_iso(a), _iso(b)] for a, b in e.suspended],
            "suspension": {"from": _iso(susp[0]), "to": _iso(susp[1])} if susp else None,
            "announcement": e.announcement, "citation": e.citation, "url": e.url,
            "measures": e.measures, "licence_requirement": e.licence_requirement,
            "review_policy": e.review_policy, "country": e.country,
            "entity_type": e.entity_type, "aliases": e.aliases, "names_zh": e.names_zh,
            "addresses": e.addresses, "notes": e.notes, "reasons": self.reasons,
        }


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _note(h: Hit, as_of: dt.date) -> str:
    e = h.entry
    if h.status == "removed":
        return f"removed on {e.removed_on}: not a hit on {as_of}"
    if h.status == "not_yet":
        return f"listed only on {e.listed_on}: not a hit on {as_of}"
    if h.status == "suspended":
        s = e.suspension_on(as_of)
        end = f"to {s[1]}" if s and s[1] else "with no end date"
        start = s[0] if s else "?"
        return f"listed; its measures are suspended from {start} {end}"
    return "listed" + (f" since {e.listed_on}" if e.listed_on else "")


@dataclass(slots=True)
class PartyResult:
    party: Party
    hits: list[Hit] = field(default_factory=list)  # candidates in effect, then the others
    line: int | None = None

    @property
    def is_hit(self) -> bool:
        return any(h.is_hit for h in self.hits)

    def as_dict(self, as_of: dt.date) -> dict[str, Any]:
        status = "hit" if self.is_hit else ("removed-or-later" if self.hits else "clear")
        out = {"name": self.party.name, "country": self.party.country,
               "type": self.party.type, "status": status,
               "hits": [h.as_dict(as_of) for h in self.hits]}
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(slots=True)
class ScreeningResult:
    as_of: dt.date
    threshold: float
    lists: list[StoredList]
    parties: list[PartyResult]

    def summary(self) -> dict[str, int]:
        hits = [h for p in self.parties for h in p.hits]
        return {"parties": len(self.parties),
                "parties_with_hits": sum(1 for p in self.parties if p.is_hit),
                "hits": sum(1 for h in hits if h.is_hit),
                "suspended": sum(1 for h in hits if h.status == "suspended"),
                "removed": sum(1 for h in hits if h.status == "removed"),
                "not_yet": sum(1 for h in hits if h.status == "not_yet")}

    def as_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "as_of": self.as_of.isoformat(), "threshold": self.threshold,
                "summary": self.summary(),
                "lists": [s.as_dict() | {"fixes": list(s.fixes)} for s in self.lists],
                "parties": [p.as_dict(self.as_of) for p in self.parties]}

    def rows(self) -> list[dict[str, Any]]:
        """One row per party and candidate (a party without candidates: one empty row)."""
        out = []
        for p in self.parties:
            base = {"party": p.party.name, "party_country": p.party.country or "",
                    "party_type": p.party.type or ""}
            if not p.hits:
                out.append(base | {"status": "clear"} | dict.fromkeys(_ROW_KEYS, ""))
                continue
            for h in p.hits:
                d = h.as_dict(self.as_of)
                out.append(base | {"status": h.status} | {
                    k: ("; ".join(map(str, d[k])) if isinstance(d[k], list) else
                        "" if d[k] is None else d[k]) for k in _ROW_KEYS})
        return out


_ROW_KEYS = ("list_id", "entry_name", "matched_name", "score", "listed_on", "removed_on",
             "note", "announcement", "citation", "url", "licence_requirement", "reasons")


# ---------------------------------------------------------------- choosing the lists


def choose_lists(wanted: Sequence[str] | None, store: ScreeningStore | None) -> list[StoredList]:
    """The lists to screen against: all, or those named (an id, or ``us`` / ``cn``)."""
    have = available(store)
    if not wanted:
        return list(have.values())
    out: dict[str, StoredList] = {}
    bad = []
    for w in wanted:
        key = w.strip().lower()
        if key in ("us", "cn"):
            out |= {k: v for k, v in have.items() if v.info.jurisdiction == key}
        elif key in have:
            out[key] = have[key]
        elif key:
            bad.append(w)
    if bad:
        from policyatlas.validation import suggest

        raise UserError("unknown list" + ("s" if len(bad) > 1 else ""), [Problem(
            f"{b!r} is not a list here", field="lists",
            fix=(f"did you mean '{g}'? " if (g := suggest(b.lower(), list(have))) else "")
            + f"the lists: {', '.join(have)} (or us, cn)") for b in bad])
    return list(out.values())


_MATCHERS: dict[tuple, Any] = {}


def _built_matcher(key: tuple, build: Any) -> Any:
    """The matcher's indexes, from the on-disk cache when the lists, the store's state and the
    matching code are the same (building them takes seconds; loading, a fraction)."""
    from pathlib import Path

    from policyatlas.rules import cache

    here = Path(__file__).resolve().parent
    code = [*sorted(here.glob("*.py")), here / "data" / "business-words.yaml"]
    return cache.cached_value("matcher", cache.code_digest(code, repr(key)), build)


def matcher_for(lists: Sequence[StoredList], store: ScreeningStore | None) -> Any:
    """The name matcher over ``lists``, built once per set of lists and store state."""
    from policyatlas.screening.match import NameMatcher

    key = (tuple((s.info.list_id, s.origin, s.info.list_date, s.rows) for s in lists),
           store.path.resolve() if store is not None else None,
           store.version() if store is not None else None)
    m = _MATCHERS.get(key)
    if m is None:
        if len(_MATCHERS) >= 4:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        m = _built_matcher(key, lambda: NameMatcher(entries_of(lists, store)))
        _MATCHERS[key] = m
    return m


# ---------------------------------------------------------------- screening


def _parties(names: Sequence[str | Party | dict]) -> list[Party]:
    from pydantic import ValidationError

    if len(names) > MAX_PARTIES:
        raise UserError(f"{len(names):,} parties", [Problem(
            f"at most {MAX_PARTIES:,} parties are screened at once", field="parties",
            fix="split the file")])
    out = []
    problems = []
    for n, item in enumerate(names):
        try:
            if isinstance(item, Party):
                out.append(item)
            elif isinstance(item, str):
                out.append(Party(name=item))
            else:
                out.append(Party.model_validate(item))
        except ValidationError as exc:
            for e in exc.errors():
                loc = ".".join(str(p) for p in e["loc"])
                problems.append(Problem(e["msg"].removeprefix("Value error, "),
                                        field=f"parties[{n}].{loc}" if loc else f"parties[{n}]",
                                        fix="give a name (1-500 characters), an ISO country "
                                        "code, a type of entity / individual / vessel / "
                                        "aircraft"))
    if problems:
        raise UserError("bad parties", problems[:20])
    return out


def screen(names: Sequence[str | Party | dict], as_of: dt.date, *,
           lists: Sequence[str] | None = None, threshold: float = DEFAULT_THRESHOLD,
           store: ScreeningStore | str | Any | None = None,
           progress: Callable[[int], None] | None = None,
           lines: Sequence[int | None] | None = None) -> ScreeningResult:
    """Screen ``names`` (texts, ``Party`` objects or {name, country?, type?}) on ``as_of``
    against ``lists`` (default: all) from the bundled lists and the user's store (``store``: a
    ``ScreeningStore``, a path, or None for the default store if it exists)."""
    if not 0 < threshold <= 1:
        raise UserError(f"threshold {threshold}", [Problem(
            "the threshold is a score from 0 to 1", field="threshold",
            fix="give a number such as 0.88 (higher: fewer, closer matches)")])
    parties = _parties(names)
    own = False
    if store is None or isinstance(store, str) or hasattr(store, "__fspath__"):
        st = open_store(store)
        own = st is not None
    else:
        st = store
    try:
        chosen = choose_lists(lists, st)
        matcher = matcher_for(chosen, st)
        names_of = {s.info.list_id: s.info.name for s in chosen}
        results = []
        matches = matcher.match_many([(p.name, p.country, p.type) for p in parties],
                                     threshold=threshold, limit=HITS_PER_PARTY,
                                     progress=progress)
        for i, (party, found) in enumerate(zip(parties, matches, strict=True)):
            hits = [Hit(m.entry, m.score, m.matched_name, list(m.reasons),
                        m.entry.in_effect(as_of), names_of.get(m.entry.list_id,
                                                                m.entry.list_id))
                    for m in found]
            hits.sort(key=lambda h: (not h.is_hit, -h.score))
            results.append(PartyResult(party, hits, lines[i] if lines else None))
    finally:
        if own and st is not None:
            st.close()
    return ScreeningResult(as_of, threshold, chosen, results)
