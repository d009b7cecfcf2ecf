"""Landscape statistics over the law packs: laws by state, subject, status and year, and the
effective-date timeline (rendered by ``report/stats.py``: table, CSV and the tile-map chart).

JSON contract ``policyatlas.stats/v1``. Besides the packs it counts, apart, the known laws that
bind only individuals or only government (``individuals_only``) and sets the coverage survey's
"known" counts per category beside the packs encoded now (``coverage``; ``packs/_known/``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel, ConfigDict

from policyatlas.engine.laws import status_on
from policyatlas.facts.jurisdictions import name_of, state_of
from policyatlas.rules.known import CoverageSurvey, KnownLaw, coverage_survey, known_laws
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
    individuals_only: IndividualsOnly
    coverage: Coverage


class IndividualsOnly(Out):
    """Known laws that bind only individuals or only government (not packs, no duties)."""

    laws: int
    states: int
    by_kind: list[Count]
    by_subject: list[Count]
    by_state: list[Count]


class CoverageRow(Out):
    id: str
    label: str
    unit: str  # laws | states
    known_text: str
    known_low: int
    known_high: int | None
    survey_encoded: str
    encoded: int
    encoded_laws: list[str]
    missing_at_least: int
    coverage_percent: int | None


class Coverage(Out):
    survey_title: str
    survey_date: dt.date
    source: str
    definition: str
    categories: list[CoverageRow]
    encoded_outside_categories: list[str]
    individuals_only_known_survey: str
    individuals_only_catalogued_states: int


def _counts(c: Counter[str], name=lambda k: k, by_key: bool = False) -> list[Count]:
    items = sorted(c.items()) if by_key else sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(key=k, name=name(k), count=v) for k, v in items]


def individuals_only(known: tuple[KnownLaw, ...] | list[KnownLaw]) -> IndividualsOnly:
    return IndividualsOnly(
        laws=len(known), states=len({state_of(k.jurisdiction) for k in known}),
        by_kind=_counts(Counter(k.kind for k in known)),
        by_subject=_counts(Counter(k.subject for k in known)),
        by_state=_counts(Counter(state_of(k.jurisdiction) for k in known), name_of, by_key=True))


def coverage(packs: PackSet, known: tuple[KnownLaw, ...] | list[KnownLaw],
             survey: CoverageSurvey | None = None) -> Coverage:
    """The survey's categories with the packs that fall in each: a pack listed in a category's
    ``law_ids`` counts there only; otherwise it counts where its profile subject is listed."""
    survey = survey or coverage_survey()
    explicit = {lid: c.id for c in survey.categories for lid in c.law_ids}
    placed: set[str] = set()
    rows: list[CoverageRow] = []
    laws = sorted(packs, key=lambda x: x.id)
    for cat in survey.categories:
        mine = [x for x in laws if explicit.get(x.id) == cat.id or (
            x.id not in explicit and x.meta.profile is not None
            and x.meta.profile.subject in cat.subjects)]
        placed.update(x.id for x in mine)
        encoded = (len({state_of(x.meta.jurisdiction) for x in mine}) if cat.unit == "states"
                   else len(mine))
        high = cat.known_high if cat.known_high is not None else cat.known_low
        rows.append(CoverageRow(
            id=cat.id, label=cat.label, unit=cat.unit, known_text=cat.known_text,
            known_low=cat.known_low, known_high=cat.known_high,
            survey_encoded=cat.survey_encoded, encoded=encoded,
            encoded_laws=[x.id for x in mine], missing_at_least=max(cat.known_low - encoded, 0),
            coverage_percent=min(100, round(100 * encoded / high)) if high else None))
    return Coverage(
        survey_title=survey.survey.title, survey_date=survey.survey.date,
        source=survey.survey.source, definition=survey.survey.definition, categories=rows,
        encoded_outside_categories=[x.id for x in laws if x.id not in placed],
        individuals_only_known_survey=survey.individuals_only_known_states,
        individuals_only_catalogued_states=len({state_of(k.jurisdiction) for k in known}))


def compute(as_of: dt.date, packs: PackSet | None = None,
            known: tuple[KnownLaw, ...] | list[KnownLaw] | None = None) -> Stats:
    packs = packs or builtin_packs()
    known = known_laws() if known is None else known
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
        individuals_only=individuals_only(known),
        coverage=coverage(packs, known),
    )


DIMENSIONS = ("by_state", "by_state_active", "by_subject", "by_status", "by_status_on_as_of",
              "by_year_signed", "by_year_effective", "by_obligation_category")
KNOWN_DIMENSIONS = ("by_kind", "by_subject", "by_state")

Stats.model_rebuild()
