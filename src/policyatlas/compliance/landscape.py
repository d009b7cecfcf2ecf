"""Landscape statistics over the law packs: laws by state, subject, status and year, and the
effective-date timeline (rendered by ``report/stats.py``: table, CSV and the tile-map chart).

JSON contract ``policyatlas.stats/v1``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel, ConfigDict

from policyatlas.engine.laws import status_on
from policyatlas.facts.jurisdictions import name_of, state_of
from policyatlas.rules.loader import PackSet, builtin_packs
from policyatlas.version import __version__

CONTRACT = "policyatlas.stats/v1"
# Laws that count towards a state's total on the map: duties in force, upcoming or blocked.
ACTIVE = ("in_force", "enacted_not_in_force", "blocked")



class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Count(Out):
    key: str
    name: str
    count: int


class TimelineEvent(Out):
    date: dt.date
    event: str  # signed | effective | repealed
    law_id: str
    jurisdiction: str
    title: str


class Stats(Out):
    contract: str = CONTRACT
    generator: str
    as_of: dt.date
    laws: int
    state_and_local_laws: int
    federal_laws: int
    obligations: int
    by_state: list[Count]
    by_state_active: list[Count]
    by_subject: list[Count]
    by_status: list[Count]
    by_status_on_as_of: list[Count]
    by_year_signed: list[Count]
    by_year_effective: list[Count]
    by_obligation_category: list[Count]
    timeline: list[TimelineEvent]


def _counts(c: Counter[str], name=lambda k: k, by_key: bool = False) -> list[Count]:
    items = sorted(c.items()) if by_key else sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(key=k, name=name(k), count=v) for k, v in items]


def compute(as_of: dt.date, packs: PackSet | None = None) -> Stats:
    packs = packs or builtin_packs()
    laws = list(packs)
    state_laws = [law for law in laws if law.meta.jurisdiction != "us"]
    timeline: list[TimelineEvent] = []
    for law in laws:
        d = law.meta.dates
        for event, day in (("signed", d.signed), ("effective", d.effective),
                           ("repealed", d.repealed)):
            if day is not None:
                timeline.append(TimelineEvent(date=day, event=event, law_id=law.id,
                                              jurisdiction=law.meta.jurisdiction,
                                              title=law.meta.short_title))
    timeline.sort(key=lambda e: (e.date, e.law_id, e.event))
    obligations = Counter(ob.category for law in laws for r in law.rules
                          for ob in r.rule.obligations)
    return Stats(
        generator=f"policyatlas {__version__}", as_of=as_of, laws=len(laws),
        state_and_local_laws=len(state_laws), federal_laws=len(laws) - len(state_laws),
        obligations=sum(obligations.values()),
        by_state=_counts(Counter(state_of(x.meta.jurisdiction) for x in state_laws), name_of),
        by_state_active=_counts(Counter(state_of(x.meta.jurisdiction) for x in state_laws
                                        if status_on(x, as_of) in ACTIVE), name_of),
        by_subject=_counts(Counter(x.meta.profile.subject if x.meta.profile else "(none)"
                                   for x in laws)),
        by_status=_counts(Counter(str(x.meta.status) for x in laws)),
        by_status_on_as_of=_counts(Counter(status_on(x, as_of) for x in laws)),
        by_year_signed=_counts(Counter(str(x.meta.dates.signed.year) for x in laws
                                       if x.meta.dates.signed), by_key=True),
        by_year_effective=_counts(Counter(str(x.meta.dates.effective.year) for x in laws),
                                  by_key=True),
        by_obligation_category=_counts(obligations),
        timeline=timeline,
    )


DIMENSIONS = ("by_state", "by_state_active", "by_subject", "by_status", "by_status_on_as_of",
              "by_year_signed", "by_year_effective", "by_obligation_category")
