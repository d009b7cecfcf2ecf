"""What a preemption scenario would remove, keep and add — for one inventory or the landscape.

The baseline is every state, local and federal obligation: for an inventory, those its systems
owe (in force, upcoming or blocked) on the as-of date; for the landscape, every obligation of
every law not repealed, expired or struck down on that date. Each baseline obligation gets
exactly one outcome, ``removed`` or ``kept``: together they are the baseline, with no overlap.

Scenario rules are read in order. A rule whose condition is true decides; false passes to the
next; unknown (a contested law attribute) follows both branches, and if they lead to different
effects the outcome is *contested* — kept by default, or removed with ``contested_as="removed"``.

JSON contract ``policyatlas.scenario-diff/v1`` (docs/scenarios.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.dates import add_years
from policyatlas.engine.assess import assess
from policyatlas.engine.compiled import compile_node
from policyatlas.engine.evaluate import explain, truth
from policyatlas.engine.laws import status_on
from policyatlas.engine.resolve import static_status
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import JURISDICTIONS, name_of
from policyatlas.rules.loader import Law, LoadedRule, PackSet, builtin_packs
from policyatlas.rules.model import Obligation
from policyatlas.scenarios.facts import law_facts, obligation_facts, signed_on
from policyatlas.scenarios.loader import Scenario
from policyatlas.scenarios.model import REMOVING
from policyatlas.version import __version__

CONTRACT = "policyatlas.scenario-diff/v1"

ASSESSMENT_CATEGORIES = frozenset({"impact_assessment", "bias_audit", "cybersecurity_audit",
                                   "independent_audit"})
NOTICE_CATEGORIES = frozenset({
    "pre_use_notice", "ai_interaction_disclosure", "adverse_decision_explanation",
    "election_content_disclaimer", "pricing_disclosure", "advertising_disclosure",
    "workforce_ai_disclosure", "safety_information"})  # fmt: skip
REPORT_CATEGORIES = frozenset({"incident_report", "regulator_submission",
                               "regulator_registration"})
PER_YEAR = {"annual": 1, "semiannual": 2, "quarterly": 4, "monthly": 12}
NOT_IN_BASELINE = ("repealed", "expired", "struck_down", "not_yet_enacted", "information")

ContestedAs = Literal["kept", "removed"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Outcome(Out):
    system_id: str | None = Field(description="The system; null in landscape mode.")
    law_id: str
    law_title: str
    jurisdiction: str
    jurisdiction_name: str
    subject: str | None
    rule_id: str
    obligation_id: str
    category: str
    title: str
    citation: str
    status: Literal["in_force", "upcoming", "blocked", "optional"]
    optional: bool = Field(description="A safe harbour or defence, not a duty (not counted in "
                           "the burden or the tallies' duty figures).")
    outcome: Literal["removed", "kept"]
    effect: Literal["displaced", "preserved", "contested", "federalized", "not_reached"]
    decided_by: str = Field(description="Scenario rule id, 'default', or why the scenario does "
                            "not reach it (federal-law, not-in-force, new-laws-only, "
                            "declines-funds).")
    scenario_citation: str | None
    reason: str
    confidence: str
    contested: bool = Field(description="The outcome turns on a contested reading.")
    depends_on: list[str] = Field(default_factory=list,
                                  description="Law attributes whose reading decides it.")
    proviso: str | None = None
    replaced_by: list[str] = Field(default_factory=list)


class Added(Out):
    system_id: str | None
    law_id: str
    jurisdiction: str
    rule_id: str
    obligation_id: str
    category: str
    title: str
    text: str
    citation: str
    source_url: str
    status: Literal["in_force", "upcoming", "listed"]
    effective_from: dt.date
    replaces: list[str] = Field(description="Scenario rules whose federalized duties it replaces.")


class Burden(Out):
    distinct_obligations: int = Field(description="Distinct (law, obligation) duties, "
                                      "safe harbours excluded.")
    duty_instances: int = Field(description="Duties counted once per system (landscape: = "
                                "distinct).")
    jurisdictions_with_duties: int
    jurisdictions: list[str]
    recurring_assessments_per_year: float = Field(
        description="Impact assessments and bias, independent or cybersecurity audits per year, "
        "per system.")
    notices: int = Field(description="Distinct duties to notify or inform people.")
    regulator_reports: int = Field(description="Distinct duties to report to, file with or "
                                   "register with a regulator.")
    max_penalty_per_violation_usd: float | None = Field(
        description="Highest stated maximum per violation among the laws with duties.")
    penalty_exposure_usd: float | None = Field(
        description="Sum over laws of each law's highest stated maximum per violation.")


class Tally(Out):
    """Duties (safe harbours apart) per key; the baselines add up to the burden's
    ``duty_instances``."""

    key: str
    name: str
    baseline: int
    removed: int
    kept: int
    contested: int
    added: int
    optional: int = Field(description="Safe harbours and defences in the baseline (not duties).")


class ScenarioRef(Out):
    id: str
    title: str
    instrument: str
    legal_status: str
    status_note: str
    mechanism: str
    confidence: str
    verified_as_of: dt.date
    sources: list[str]
    assumptions: list[str]
    starts: dt.date
    ends: dt.date | None


class ScenarioDiff(Out):
    contract: Literal["policyatlas.scenario-diff/v1"] = CONTRACT
    generator: str
    scenario: ScenarioRef
    as_of: dt.date
    mode: Literal["inventory", "landscape"]
    organization: str | None
    in_force_on_as_of: bool
    contested_as: ContestedAs
    accepting: list[str] | str | None = Field(
        description="States assumed to accept the funds (funding-condition scenarios).")
    notes: list[str]
    baseline: Burden
    after: Burden
    removed: list[Outcome]
    kept: list[Outcome]
    added: list[Added]
    by_jurisdiction: list[Tally]
    by_subject: list[Tally]
    by_category: list[Tally]


@dataclass(slots=True)
class Item:
    """One baseline duty: a law's obligation, for one system (or for the landscape)."""

    system_id: str | None
    law: Law
    rule: LoadedRule
    ob: Obligation
    status: str
    start: dt.date


# ---------------------------------------------------------------- deciding one obligation


@dataclass(slots=True)
class _Decision:
    effect: str
    decided_by: str
    citation: str | None
    reason: str
    confidence: str
    contested: bool = False
    depends_on: tuple[str, ...] = ()
    proviso: str | None = None
    replaced_by: tuple[str, ...] = ()


class _Decider:
    def __init__(self, sc: Scenario, as_of: dt.date, accepting: list[str] | str | None,
                 starts: dt.date | None) -> None:
        self.sc = sc
        self.pre = sc.file.preemption
        self.starts = starts or self.pre.starts or as_of
        self.ends = _add_years(self.starts, self.pre.years)
        self.as_of = as_of
        self.accepting = accepting
        self.rules = [(r, compile_node(sc.conditions[r.id], None, as_of))  # type: ignore[arg-type]
                      for r in self.pre.rules]
        self._law_facts: dict[str, dict[str, Any]] = {}

    @property
    def in_force(self) -> bool:
        if self.sc.meta.mechanism == "none":
            return True
        return self.starts <= self.as_of and (self.ends is None or self.as_of < self.ends)

    def _not_reached(self, law: Law) -> _Decision | None:
        m = law.meta
        if m.jurisdiction == "us":
            return _Decision("not_reached", "federal-law", None, "A federal law; a federal "
                             "standard does not preempt it.", "high")
        if not self.in_force:
            when = (f"starts {self.starts}" if self.as_of < self.starts
                    else f"sunset {self.ends}")
            return _Decision("not_reached", "not-in-force", None,
                             f"The scenario is not in force on {self.as_of} ({when}).", "high")
        if self.pre.reaches == "new_only" and signed_on(law) < self.starts:
            return _Decision("not_reached", "new-laws-only", None,
                             f"Made on {signed_on(law)}, before the scenario starts "
                             f"({self.starts}); it reaches only new laws.", "medium")
        fc = self.pre.funding_condition
        if fc is not None and not _accepts(self.accepting, m.jurisdiction):
            return _Decision("not_reached", "declines-funds", fc.citation,
                             "The state is assumed to decline the funds, so the condition "
                             f"does not bind it: {fc.text}", "medium")
        return None

    def decide(self, item: Item) -> _Decision:
        law = item.law
        early = self._not_reached(law)
        if early is not None:
            return early
        base = self._law_facts.get(law.id)
        if base is None:
            base = self._law_facts[law.id] = law_facts(law)
        facts = obligation_facts(law, item.rule, item.ob, base)
        paths = self._paths(0, facts)
        effects = {p[0] for p in paths}
        first = paths[0]
        depends = tuple(dict.fromkeys(f for p in paths for f in p[2]))
        if len(effects) == 1:
            d = self._decision(first[1], first[0])
            if depends and first[1] is not None:
                d.reason += " (Holds whichever way " + ", ".join(depends) + " is read.)"
            return d
        branches = "; ".join(
            f"{'if ' + r.title if r else 'otherwise (default)'} → {eff}" for eff, r, _ in paths)
        d = self._decision(first[1], "contested")
        d.effect, d.contested, d.depends_on = "contested", True, depends
        d.decided_by, d.proviso, d.replaced_by = "contested", None, ()
        d.reason = (f"Contested: turns on {', '.join(depends) or 'the reading of the text'}. "
                    f"{branches}.")
        return d

    def _paths(self, i: int, facts: dict[str, Any]) -> list[tuple[str, Any, tuple[str, ...]]]:
        """(effect, rule or None for the default, facts left unknown on the way) per branch."""
        if i == len(self.rules):
            return [(str(self.pre.default.effect), None, ())]
        rule, node = self.rules[i]
        t = truth(node, facts)
        if t is True:
            return [(str(rule.effect), rule, ())]
        if t is False:
            return self._paths(i + 1, facts)
        missing = tuple(explain(node, facts).missing_facts())
        rest = [(e, r, (*missing, *m)) for e, r, m in self._paths(i + 1, facts)]
        return [(str(rule.effect), rule, missing), *rest]

    def _decision(self, rule: Any, effect: str) -> _Decision:
        if rule is None:
            dflt = self.pre.default
            return _Decision(effect, "default", dflt.citation, dflt.reason,
                             str(dflt.confidence), contested=effect == "contested")
        reason = rule.reason or rule.title
        d = _Decision(effect, rule.id, rule.citation, reason, str(rule.confidence),
                      contested=effect == "contested" or rule.proviso is not None,
                      proviso=rule.proviso, replaced_by=tuple(rule.replaced_by))
        if rule.proviso:
            d.reason += f" Proviso: {rule.proviso}"
        return d


def _accepts(accepting: list[str] | str | None, jurisdiction: str) -> bool:
    if accepting is None or accepting == "all":
        return True
    if accepting == "none":
        return False
    j = JURISDICTIONS.get(jurisdiction)
    state = j.parent if j is not None and j.kind == "city" else jurisdiction
    return jurisdiction in accepting or state in accepting


def _add_years(day: dt.date, years: int | None) -> dt.date | None:
    return None if years is None else add_years(day, years)


# ---------------------------------------------------------------- baselines


def _rule_index(packs: PackSet) -> dict[tuple[str, str], LoadedRule]:
    return {(r.law_id, r.rule.id): r for law in packs for r in law.rules}


def _ob(rule: LoadedRule, ob_id: str) -> Obligation:
    return next(o for o in rule.rule.obligations if o.id == ob_id)


def inventory_items(inv: Inventory, as_of: dt.date, packs: PackSet) -> list[Item]:
    """The inventory's obligations on ``as_of`` as the engine resolved them (undetermined ones
    are not in the baseline: nothing is known to be removed)."""
    a = assess(inv, as_of, packs)
    index = _rule_index(packs)
    out = []
    for sid, o in a.all_obligations():
        if o.status == "undetermined":
            continue
        rule = index[(o.law_id, o.rule_id)]
        out.append(Item(sid, packs.laws[o.law_id], rule, _ob(rule, o.obligation_id),
                        o.status, o.effective_from))
    return out


def landscape_items(as_of: dt.date, packs: PackSet) -> list[Item]:
    out = []
    for law in packs:
        if status_on(law, as_of) in NOT_IN_BASELINE:
            continue
        for rule in law.rules:
            for ob in rule.rule.obligations:
                status = static_status(law, rule, ob, as_of)
                if status is not None:
                    out.append(Item(None, law, rule, ob, status, rule.window(ob)[0]))
    return out


def _added(sc: Scenario, inv: Inventory | None, as_of: dt.date) -> list[Added]:
    law = sc.adds
    if law is None:
        return []
    replaces: dict[str, list[str]] = defaultdict(list)
    for r in sc.file.preemption.rules:
        for ob_id in r.replaced_by:
            replaces[ob_id].append(r.id)
    out: list[Added] = []
    if inv is None:
        for rule in law.rules:
            for ob in rule.rule.obligations:
                start, _ = rule.window(ob)
                day = max(as_of, start)
                out.append(Added(
                    system_id=None, law_id=law.id, jurisdiction=law.meta.jurisdiction,
                    rule_id=rule.rule.id, obligation_id=ob.id,
                    category=ob.category, title=law.fill(ob.title, day),
                    text=law.fill(ob.text, day), citation=law.fill(ob.citation, day),
                    source_url=str(ob.source or law.meta.sources[0].url), status="listed",
                    effective_from=start, replaces=replaces.get(ob.id, [])))
        return out
    a = assess(inv, as_of, PackSet({law.id: law}))
    for sid, o in a.all_obligations():
        if o.status in ("in_force", "upcoming"):
            out.append(Added(
                system_id=sid, law_id=o.law_id, jurisdiction=o.jurisdiction,
                rule_id=o.rule_id, obligation_id=o.obligation_id,
                category=o.category, title=o.title, text=o.text, citation=o.citation,
                source_url=o.source_url, status="upcoming" if o.status == "upcoming"
                else "in_force", effective_from=o.effective_from,
                replaces=replaces.get(o.obligation_id, [])))
    return out


# ---------------------------------------------------------------- burden metrics


@dataclass(slots=True)
class _Duty:
    system_id: str | None
    law_id: str
    obligation_id: str
    jurisdiction: str
    category: str
    frequency: str
    optional: bool
    penalty_max: float | None


def _duty(item: Item) -> _Duty:
    pen = item.law.pack.penalties.get(item.ob.penalty) if item.ob.penalty else None
    top = None
    if pen is not None:
        vals = [v for v in (pen.max_usd, pen.subsequent_max_usd, pen.min_usd) if v is not None]
        top = max(vals) if vals else None
    return _Duty(item.system_id, item.law.id, item.ob.id, item.law.meta.jurisdiction,
                 item.ob.category, str(item.ob.timing.frequency), item.ob.optional, top)


def burden(duties: list[_Duty]) -> Burden:
    real = [d for d in duties if not d.optional]
    distinct = {(d.law_id, d.obligation_id): d for d in real}
    per_law: dict[str, float] = {}
    for d in real:
        if d.penalty_max is not None:
            per_law[d.law_id] = max(per_law.get(d.law_id, 0.0), d.penalty_max)
    jurisdictions = sorted({d.jurisdiction for d in real})
    return Burden(
        distinct_obligations=len(distinct), duty_instances=len(real),
        jurisdictions_with_duties=len(jurisdictions), jurisdictions=jurisdictions,
        recurring_assessments_per_year=float(sum(
            PER_YEAR.get(d.frequency, 0) for d in real if d.category in ASSESSMENT_CATEGORIES)),
        notices=sum(1 for d in distinct.values() if d.category in NOTICE_CATEGORIES),
        regulator_reports=sum(1 for d in distinct.values() if d.category in REPORT_CATEGORIES),
        max_penalty_per_violation_usd=max(per_law.values()) if per_law else None,
        penalty_exposure_usd=sum(per_law.values()) if per_law else None,
    )


def _added_duty(a: Added, law: Law) -> _Duty:
    rule = next(r for r in law.rules if r.rule.id == a.rule_id)
    return _duty(Item(a.system_id, law, rule, _ob(rule, a.obligation_id), a.status,
                      a.effective_from))


# ---------------------------------------------------------------- the diff


def diff(sc: Scenario, as_of: dt.date, inventory: Inventory | None = None,
         packs: PackSet | None = None, contested_as: ContestedAs = "kept",
         accepting: list[str] | str | None = None, starts: dt.date | None = None,
         ) -> ScenarioDiff:
    """Apply ``sc`` to the baseline on ``as_of`` (an inventory's duties, or the landscape)."""
    packs = packs or builtin_packs()
    fc = sc.file.preemption.funding_condition
    if fc is not None and accepting is None:
        accepting = fc.accepting
    if fc is None:
        accepting = None
    decider = _Decider(sc, as_of, accepting, starts)
    m = sc.meta
    items = (inventory_items(inventory, as_of, packs) if inventory is not None
             else landscape_items(as_of, packs))
    removed: list[Outcome] = []
    kept: list[Outcome] = []
    kept_items: list[Item] = []
    for item in items:
        d = decider.decide(item)
        gone = d.effect in REMOVING or (d.effect == "contested" and contested_as == "removed")
        law, ob = item.law, item.ob
        day = max(as_of, item.start)
        out = Outcome(
            system_id=item.system_id, law_id=law.id, law_title=law.meta.title,
            jurisdiction=law.meta.jurisdiction, jurisdiction_name=name_of(law.meta.jurisdiction),
            subject=law.meta.profile.subject if law.meta.profile else None,
            rule_id=item.rule.rule.id, obligation_id=ob.id, category=ob.category,
            title=law.fill(ob.title, day), citation=law.fill(ob.citation, day),
            status=item.status, optional=ob.optional,  # type: ignore[arg-type]
            outcome="removed" if gone else "kept",
            effect=d.effect, decided_by=d.decided_by,  # type: ignore[arg-type]
            scenario_citation=d.citation, reason=d.reason, confidence=d.confidence,
            contested=d.contested, depends_on=list(d.depends_on), proviso=d.proviso,
            replaced_by=list(d.replaced_by))
        (removed if gone else kept).append(out)
        if not gone:
            kept_items.append(item)
    added = _added(sc, inventory, as_of)
    base_duties = [_duty(i) for i in items]
    after_duties = [_duty(i) for i in kept_items]
    if sc.adds is not None:
        after_duties += [_added_duty(a, sc.adds) for a in added]
    notes = []
    if starts is None and sc.file.preemption.starts is None and m.legal_status != "actual":
        notes.append(f"The text was never enacted; it is assumed enacted on {as_of}.")
    if not decider.in_force:
        notes.append(f"The scenario is not in force on {as_of} (it runs {decider.starts} to "
                     f"{decider.ends or 'no sunset'}); nothing is removed.")
    if inventory is None:
        notes.append("Landscape mode: every obligation of every law in force or upcoming, "
                     "counted once (not per system).")
    return ScenarioDiff(
        generator=f"policyatlas {__version__}",
        scenario=ScenarioRef(
            id=m.id, title=m.title, instrument=m.instrument, legal_status=m.legal_status,
            status_note=m.status_note, mechanism=m.mechanism, confidence=m.confidence,
            verified_as_of=m.verified_as_of, sources=[str(s.url) for s in m.sources],
            assumptions=[f"{a.about}: {a.note}" for a in m.assumptions],
            starts=decider.starts, ends=decider.ends),
        as_of=as_of, mode="inventory" if inventory is not None else "landscape",
        organization=inventory.organization.name if inventory is not None else None,
        in_force_on_as_of=decider.in_force, contested_as=contested_as, accepting=accepting,
        notes=notes, baseline=burden(base_duties), after=burden(after_duties),
        removed=removed, kept=kept, added=added,
        by_jurisdiction=_tally(removed, kept, added, lambda o: o.jurisdiction, name_of),
        by_subject=_tally(removed, kept, [], lambda o: o.subject or "(no profile)",
                          lambda k: k),
        by_category=_tally(removed, kept, added, lambda o: o.category, lambda k: k),
    )


def _tally(removed: list[Outcome], kept: list[Outcome], added: list[Added], key,
           name) -> list[Tally]:
    duties = lambda items: [o for o in items if not o.optional]  # noqa: E731
    rem = Counter(key(o) for o in duties(removed))
    kep = Counter(key(o) for o in duties(kept))
    con = Counter(key(o) for o in duties([*removed, *kept]) if o.contested)
    opt = Counter(key(o) for o in [*removed, *kept] if o.optional)
    add = Counter(key(a) for a in added)
    keys = sorted(set(rem) | set(kep) | set(add) | set(opt))
    return [Tally(key=k, name=name(k), baseline=rem[k] + kep[k], removed=rem[k], kept=kep[k],
                  contested=con[k], added=add[k], optional=opt[k]) for k in keys]
