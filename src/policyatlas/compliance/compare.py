"""The same AI systems' duties in several jurisdictions, side by side.

From one resolved assessment (``Assessment``) and a list of jurisdictions, the comparison lays
out, per system and per taxonomy category, each jurisdiction's duties with the status, window,
timing, deadline, recurrence, penalty and citation the engine resolved — nothing is re-derived —
and, beside them, what doing one jurisdiction's duty satisfies of another's
(``rules/equivalences.yaml``).

Jurisdictions group laws by the law's own jurisdiction code: ``us-ny`` is New York's state laws
*and* the laws of its cities (New York City's ``us-ny-nyc``), which every column says in
``includes``; a city code (``us-ny-nyc``) is that city alone; ``us`` is federal law alone (it is
not folded into the states); ``cn`` is mainland China. A jurisdiction may not be chosen together
with one it contains. JSON contract ``policyatlas.comparison/v1`` (docs/comparison-json.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.engine.results import Assessment, Counts, ObligationResult
from policyatlas.errors import Problem, UserError
from policyatlas.facts.jurisdictions import (
    JURISDICTIONS,
    UnknownJurisdiction,
    name_of,
    normalize,
)
from policyatlas.rules.equivalences import Equivalence, equivalences
from policyatlas.rules.taxonomy import categories, category_labels

COMPARISON_CONTRACT = "policyatlas.comparison/v1"
MAX_JURISDICTIONS = 8
Satisfies = Literal["fully", "partly", "not"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(Out):
    """One chosen jurisdiction: the law jurisdictions it groups, and the engine's counts."""

    code: str
    name: str
    includes: list[str] = Field(description="The law jurisdiction codes this column groups: "
                                "the code itself and, for a state, its cities.")
    include_names: list[str] = Field(description="The names of `includes`, in its order.")
    note: str | None = Field(default=None, description="What the column includes beyond its "
                             "own code, in words (e.g. New York City's laws in New York).")
    laws: list[str] = Field(description="Laws with obligations or undetermined duties here.")
    counts: Counts = Field(description="The engine's counts for these law jurisdictions "
                           "(Assessment.counts.by_jurisdiction, summed).")


class Duty(Out):
    """One obligation as the engine resolved it."""

    key: str = Field(description="'<law id>#<obligation id>'.")
    law_id: str
    law_title: str
    law_short_title: str
    law_original_title: str | None = Field(
        default=None, description="The official title in the law's own language (e.g. Chinese), "
        "when the pack gives one.")
    jurisdiction: str = Field(description="The law's own jurisdiction code (e.g. us-ny-nyc).")
    jurisdiction_name: str
    obligation_id: str
    title: str
    status: str = Field(description="The engine's status: in_force, upcoming, blocked, "
                        "optional or undetermined.")
    optional: bool
    scope: Literal["system", "organization"]
    systems: list[str] = Field(default_factory=list,
                               description="Organisation-scoped duties: the systems that "
                               "trigger it.")
    effective_from: dt.date
    effective_until: dt.date | None = None
    frequency: str
    timing: str = Field(description="The law's timing, as encoded.")
    deadline: str | None = Field(default=None,
                                 description="The deadline in the law's own units.")
    deadline_value: int | None = None
    deadline_unit: Literal["hours", "days", "business_days"] | None = None
    deadline_direction: Literal["within", "before"] | None = None
    first_due: dt.date | None = Field(default=None, description="A recurring duty's first "
                                      "occurrence (engine's recurrence).")
    next_due: dt.date | None = None
    penalty: str | None = None
    penalty_max_usd: float | None = None
    citation: str
    original_citation: str | None = Field(default=None, description="The article in the law's "
                                          "own language, when the pack gives it.")
    source_url: str
    confidence: str
    uncertain: list[str] = Field(default_factory=list)
    court_orders: list[str] = Field(default_factory=list,
                                    description="Court orders that block it (blocked duties).")
    missing_facts: list[str] = Field(default_factory=list)


class EquivalenceSourceOut(Out):
    url: str
    title: str
    kind: str


class EquivalenceNote(Out):
    """What doing one side satisfies of the other, between two chosen jurisdictions."""

    id: str
    category: str | None = Field(description="Set when whole categories of two laws are "
                                 "compared; null for two obligations.")
    a: str
    b: str
    a_title: str
    b_title: str
    a_jurisdiction: str = Field(description="The chosen jurisdiction (column) of side a.")
    b_jurisdiction: str
    a_satisfies_b: Satisfies
    b_satisfies_a: Satisfies
    note: str
    note_translations: dict[str, str] = Field(
        default_factory=dict, description="The note in zh-Hans and zh-Hant, where written.")
    uncertain: str | None = Field(description="What is open about the comparison; present "
                                  "means it is uncertain.")
    sources: list[EquivalenceSourceOut]


class CategoryRow(Out):
    category: str
    label: str
    cells: dict[str, list[Duty]] = Field(description="Chosen jurisdiction code -> its duties "
                                         "in this category (every column present).")
    counts: dict[str, Counts] = Field(description="The duties of each cell, by status.")
    equivalences: list[EquivalenceNote]


class Block(Out):
    """One system's duties (or the organisation-wide ones), by category and jurisdiction."""

    id: str
    name: str
    scope: Literal["system", "organization"]
    counts: dict[str, Counts] = Field(description="Chosen jurisdiction code -> the duties of "
                                      "the block there, by status.")
    categories: list[CategoryRow] = Field(description="Categories in the taxonomy's order, "
                                          "only those with a duty in some chosen jurisdiction.")


class Comparison(Out):
    contract: Literal["policyatlas.comparison/v1"] = COMPARISON_CONTRACT
    generator: str
    as_of: dt.date
    organization: str
    jurisdictions: list[Column]
    systems: list[Block]
    organization_wide: Block | None = Field(
        default=None, description="Organisation-scoped duties (owed once), if any.")
    to_decide: list[str] = Field(default_factory=list, description="Facts left unknown that "
                                 "decide undetermined duties of the chosen jurisdictions "
                                 "(the engine's to_decide).")


def parse_jurisdictions(values: list[str] | str, field: str = "--jurisdictions") -> list[str]:
    """Jurisdiction codes from user input (``us-ca,NY,cn``), or one error naming every bad one."""
    if isinstance(values, str):
        values = values.split(",")
    items = [v.strip() for v in values if v.strip()]
    problems: list[Problem] = []
    codes: list[str] = []
    for v in items:
        try:
            code = normalize(v)
        except UnknownJurisdiction as exc:
            problems.append(Problem(str(exc).replace(" US ", " "), field=field, fix=exc.fix +
                                    ", 'cn' for mainland China, 'eu', 'kr' or 'jp'"))
            continue
        if code not in codes:
            codes.append(code)
    if not items:
        problems.append(Problem("no jurisdiction given", field=field,
                                fix="list two or more, e.g. us-ca,us-ny,cn"))
    if len(codes) > MAX_JURISDICTIONS:
        problems.append(Problem(f"{len(codes)} jurisdictions: at most {MAX_JURISDICTIONS} can be "
                                "compared", field=field, fix="choose fewer"))
    for code in codes:
        parent = JURISDICTIONS[code].parent
        if JURISDICTIONS[code].kind == "city" and parent in codes:
            problems.append(Problem(f"{code} is already part of {parent}", field=field,
                                    fix=f"drop {code}: {parent} includes its cities' laws"))
    if problems:
        raise UserError("cannot compare these jurisdictions", problems)
    return codes


def includes(code: str) -> list[str]:
    """The law jurisdictions a chosen jurisdiction groups: itself and, for a state, its
    cities."""
    j = JURISDICTIONS[code]
    cities = sorted(c for c, x in JURISDICTIONS.items() if x.kind == "city" and x.parent == code)
    return [code, *cities] if j.kind == "state" else [code]


def _original(packs, law_id: str, obligation_id: str) -> tuple[str | None, str | None]:
    law = packs.laws.get(law_id)
    if law is None:
        return None, None
    meta = law.meta
    title = meta.original.title if getattr(meta, "original", None) else None
    cite = None
    for rule in law.pack.rules:
        for ob in rule.obligations:
            if ob.id == obligation_id:
                cite = getattr(ob, "original_citation", None)
    return title, cite


def _duty(a: Assessment, o: ObligationResult, packs, systems: list[str]) -> Duty:
    law = a.laws.get(o.law_id)
    original_title, original_cite = _original(packs, o.law_id, o.obligation_id)
    return Duty(
        key=o.key, law_id=o.law_id, law_title=o.law_title,
        law_short_title=law.short_title if law else o.law_title,
        law_original_title=original_title, jurisdiction=o.jurisdiction,
        jurisdiction_name=o.jurisdiction_name, obligation_id=o.obligation_id, title=o.title,
        status=o.status, optional=o.optional, scope=o.scope, systems=systems,
        effective_from=o.effective_from, effective_until=o.effective_until,
        frequency=o.timing.frequency, timing=o.timing.text,
        deadline=o.deadline.text if o.deadline else None,
        deadline_value=o.deadline.value if o.deadline else None,
        deadline_unit=o.deadline.unit if o.deadline else None,
        deadline_direction=o.deadline.direction if o.deadline else None,
        first_due=o.recurrence.first_due if o.recurrence else None,
        next_due=o.recurrence.next_due if o.recurrence else None,
        penalty=o.penalty.text if o.penalty else None,
        penalty_max_usd=o.penalty.max_usd if o.penalty else None,
        citation=o.citation, original_citation=original_cite, source_url=o.source_url,
        confidence=o.confidence, uncertain=a.open_questions(o),
        court_orders=[c.case for c in o.court_orders if c.blocks_this],
        missing_facts=list(o.missing_facts))


def _notes(rows: dict[str, CategoryRow], where: dict[str, tuple[str, str, str]],
           laws_in: dict[tuple[str, str], str], rules: tuple[Equivalence, ...]) -> None:
    """Attach to each category row the equivalences whose two sides both appear, in two
    different chosen jurisdictions. ``where``: obligation key -> (column, category, title);
    ``laws_in``: (law id, category) -> column."""
    for e in rules:
        if e.category is None:
            if e.a not in where or e.b not in where:
                continue
            (ca, cat_a, ta), (cb, cat_b, tb) = where[e.a], where[e.b]
            cats = list(dict.fromkeys((cat_a, cat_b)))
        else:
            ca, cb = laws_in.get((e.a, e.category)), laws_in.get((e.b, e.category))
            if ca is None or cb is None:
                continue
            ta, tb, cats = e.a, e.b, [e.category]
        if ca == cb:
            continue
        note = EquivalenceNote(
            id=e.id, category=e.category, a=e.a, b=e.b, a_title=ta, b_title=tb,
            a_jurisdiction=ca, b_jurisdiction=cb, a_satisfies_b=e.a_satisfies_b,
            b_satisfies_a=e.b_satisfies_a, note=" ".join(e.note.split()),
            note_translations={k: " ".join(v.split()) for k, v in e.translations.items()},
            uncertain=" ".join(e.uncertain.split()) if e.uncertain else None,
            sources=[EquivalenceSourceOut(url=str(s.url), title=s.title, kind=s.kind)
                     for s in e.sources])
        for cat in cats:
            if cat in rows:
                rows[cat].equivalences.append(note)


def _block(a: Assessment, id_: str, name: str, scope: Literal["system", "organization"],
           obligations: list[tuple[ObligationResult, list[str]]], column_of: dict[str, str],
           codes: list[str], packs) -> Block:
    order = list(categories())
    labels = category_labels()
    rows: dict[str, CategoryRow] = {}
    counts = {c: Counts() for c in codes}
    where: dict[str, tuple[str, str, str]] = {}
    laws_in: dict[tuple[str, str], str] = {}
    for o, systems in obligations:
        col = column_of.get(o.jurisdiction)
        if col is None:
            continue
        row = rows.get(o.category)
        if row is None:
            row = rows[o.category] = CategoryRow(
                category=o.category, label=o.category_label or labels.get(o.category, o.category),
                cells={c: [] for c in codes}, counts={c: Counts() for c in codes},
                equivalences=[])
        row.cells[col].append(_duty(a, o, packs, systems))
        row.counts[col].add(o.status)
        counts[col].add(o.status)
        where[o.key] = (col, o.category, o.title)
        laws_in.setdefault((o.law_id, o.category), col)
    _notes(rows, where, laws_in, equivalences())
    ranked = sorted(rows.values(), key=lambda r: (order.index(r.category)
                                                  if r.category in order else len(order)))
    return Block(id=id_, name=name, scope=scope, counts=counts, categories=ranked)


def build_comparison(a: Assessment, jurisdictions: list[str] | str,
                     system: str | None = None, packs=None) -> Comparison:
    """The side-by-side comparison of an assessment's duties in ``jurisdictions`` (codes or
    aliases), for every system or one (``system``). ``packs``: the packs the assessment used,
    for official titles (default: the built-in packs)."""
    if packs is None:
        from policyatlas.rules.loader import builtin_packs

        packs = builtin_packs()
    codes = parse_jurisdictions(jurisdictions)
    ids = [s.id for s in a.systems]
    if system is not None and system not in ids:
        from policyatlas.validation import suggest

        guess = suggest(system, ids)
        raise UserError(f"no system '{system}' in the inventory",
                        [Problem(f"'{system}' is not a system id", field="--system",
                                 fix=f"did you mean '{guess}'?" if guess
                                 else f"use one of: {', '.join(ids)}")])
    column_of = {inc: c for c in codes for inc in includes(c)}
    columns = []
    for c in codes:
        counts = Counts()
        for inc in includes(c):
            got = a.counts.by_jurisdiction.get(inc)
            for status in Counts.model_fields:
                counts.add(status, getattr(got, status) if got else 0)
        laws = sorted({law_id for law_id, info in a.laws.items()
                       if column_of.get(info.jurisdiction) == c})
        cities = [name_of(x) for x in includes(c)[1:]]
        note = (f"{name_of(c)}'s own laws and those of {', '.join(cities)}" if cities else None)
        columns.append(Column(code=c, name=name_of(c), includes=includes(c),
                              include_names=[name_of(x) for x in includes(c)], note=note,
                              laws=laws, counts=counts))
    blocks = [_block(a, s.id, s.name, "system", [(o, []) for o in s.obligations], column_of,
                     codes, packs)
              for s in a.systems if system is None or s.id == system]
    org = None
    org_obs = [(o, list(o.systems)) for o in a.organization_obligations
               if system is None or system in o.systems]
    if org_obs:
        org = _block(a, "organization", a.organization, "organization", org_obs, column_of,
                     codes, packs)
    chosen_laws = {law for col in columns for law in col.laws}
    to_decide = [t.field or t.fact for t in a.to_decide if set(t.laws) & chosen_laws
                 and (system is None or system in t.systems)]
    return Comparison(generator=a.generator, as_of=a.as_of, organization=a.organization,
                      jurisdictions=columns, systems=blocks, organization_wide=org,
                      to_decide=list(dict.fromkeys(to_decide)))
