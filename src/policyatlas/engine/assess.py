"""Assess one inventory as of a date: every obligation of every system, resolved once.

For each system and each rule in force or upcoming on the date, the rule's condition is
evaluated (Kleene logic over the system's facts); every obligation of a rule that applies, or
may apply, is resolved by ``engine/resolve.py`` (status, window, deadline, recurrence, court
orders), the events of its law that concern the system are collected, and everything is
counted. Views render this result and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from policyatlas.engine import resolve as V
from policyatlas.engine import results as R
from policyatlas.engine.compiled import CompiledRule, compile_rules
from policyatlas.engine.decide import ToDecide
from policyatlas.engine.evaluate import TraceNode, explain
from policyatlas.engine.laws import status_on
from policyatlas.facts.catalogue import system_facts
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import name_of
from policyatlas.rules.loader import PackSet, builtin_packs
from policyatlas.rules.taxonomy import category_labels
from policyatlas.version import __version__


def rule_trace(cr: CompiledRule, node: TraceNode) -> R.RuleTrace:
    rule = cr.loaded.rule
    return R.RuleTrace.build(
        law_id=cr.loaded.law_id, rule_id=rule.id, rule_title=rule.title,
        rule_citation=rule.citation, result=node.result, evaluated_on=cr.eval_date,
        condition=node,
        parameters=_params(cr),
    )


_PARAMS: dict[int, tuple[CompiledRule, list[R.ParamTrace]]] = {}


def _params(cr: CompiledRule) -> list[R.ParamTrace]:
    """The dated parameters a rule read, as the trace shows them (once per compiled rule)."""
    hit = _PARAMS.get(id(cr))
    if hit is None or hit[0] is not cr:
        if len(_PARAMS) > 50_000:
            _PARAMS.clear()
        hit = _PARAMS[id(cr)] = (cr, [R.ParamTrace.build(**asdict(p)) for p in cr.params])
    return hit[1]


def law_exists(cr: CompiledRule, as_of: dt.date) -> bool:
    """A law not yet signed on the day asked did not exist then: it is not evaluated."""
    signed = cr.law.meta.dates.signed
    return signed is None or as_of >= signed


def assess(inventory: Inventory, as_of: dt.date, packs: PackSet | None = None) -> R.Assessment:
    """Evaluate every law in ``packs`` (the built-in ones by default) for every system."""
    packs = packs or builtin_packs()
    ruleset = compile_rules(packs, as_of)
    labels = category_labels()
    org = inventory.organization
    litigants = tuple(org.litigant_in)
    systems: list[R.SystemAssessment] = []
    org_obligations: dict[str, R.OrgObligation] = {}
    live = [cr for cr in ruleset.rules if law_exists(cr, as_of)]
    open_facts = ToDecide(as_of)
    for system in inventory.systems:
        facts = system_facts(org, system)
        obligations: list[R.ObligationResult] = []
        undetermined: list[R.Undetermined] = []
        traces: dict[str, R.RuleTrace] = {}
        owed: dict[str, set[str]] = {}  # law id -> rule and obligation ids the system owes
        for cr in live:
            if cr.check(facts) is False:
                continue  # the fast path: traces are built only for rules that may apply
            node = explain(cr.condition, facts)
            traces[cr.key] = rule_trace(cr, node)
            applies = node.result
            missing = node.missing_facts() if applies is None else []
            resolved = [r for ob in cr.loaded.rule.obligations
                        if (r := V.resolve(cr.law, cr.loaded, ob, as_of, applies=applies,
                                           litigant_in=litigants,
                                           in_use_since=system.in_use_since, labels=labels,
                                           missing=missing,
                                           jurisdiction_name=name_of(cr.law.meta.jurisdiction)))
                        is not None]
            if applies is None:
                open_facts.add(cr, facts, system.id, missing)
                undetermined.append(R.Undetermined(
                    law_id=cr.loaded.law_id, rule_id=cr.loaded.rule.id,
                    rule_title=cr.loaded.rule.title, missing_facts=missing,
                    obligations=[o.obligation_id for o in resolved], trace=cr.key))
            for o in resolved:
                if o.scope == "organization":
                    _merge_org(org_obligations, o, system.id)
                else:
                    obligations.append(o)
                if o.status != "undetermined":
                    owed.setdefault(o.law_id, set()).update((o.rule_id, o.obligation_id))
        obligations.sort(key=_order)
        events = sorted((e for law_id, ids in owed.items()
                         for e in V.law_events(packs.laws[law_id], ids)),
                        key=lambda e: (e.date, e.law_id, e.kind, e.text))
        reach = [o.law_id for o in obligations if o.status in ("in_force", "blocked", "optional")]
        applicable = list(dict.fromkeys(reach))
        later = [x for x in dict.fromkeys(o.law_id for o in obligations if o.status == "upcoming")
                 if x not in applicable]
        systems.append(R.SystemAssessment.build(
            id=system.id, name=system.name, in_use_since=system.in_use_since,
            applicable_laws=applicable, upcoming_laws=later, obligations=obligations,
            undetermined=undetermined, events=events, counts=V.counts_of(obligations),
            traces=traces))
    org_list = sorted(org_obligations.values(), key=_order)
    used = dict.fromkeys([*(o.law_id for s in systems for o in s.obligations),
                          *(u.law_id for s in systems for u in s.undetermined),
                          *(o.law_id for o in org_list)])
    return R.Assessment.build(
        contract=R.CONTRACT, generator=f"policyatlas {__version__}", as_of=as_of,
        organization=org.name, laws_evaluated=_law_refs(packs),
        laws={law_id: V.law_info(packs.laws[law_id], as_of,
                                 status_on(packs.laws[law_id], as_of),
                                 name_of(packs.laws[law_id].meta.jurisdiction))
              for law_id in used},
        systems=systems, organization_obligations=org_list,
        counts=V.tally(systems, org_list), to_decide=open_facts.result())


_REFS: dict[int, tuple[PackSet, list[R.LawRef]]] = {}


def _law_refs(packs: PackSet) -> list[R.LawRef]:
    """Every law of the pack set, as the assessment lists them (built once per pack set)."""
    hit = _REFS.get(id(packs))
    if hit is not None and hit[0] is packs:
        return hit[1]
    refs = [R.LawRef.build(
        law_id=law.id, title=law.meta.title, jurisdiction=law.meta.jurisdiction,
        citation=law.meta.citation, status=str(law.meta.status),
        effective=law.meta.dates.effective, repealed=law.meta.dates.repealed,
        verified_as_of=law.meta.verified_as_of, confidence=str(law.meta.confidence))
        for law in packs]
    _REFS[id(packs)] = (packs, refs)
    return refs


_RANK = {s: i for i, s in enumerate(R.STATUSES)}


def _order(o: R.ObligationResult) -> tuple:
    return (_RANK[o.status], o.effective_from, o.jurisdiction, o.law_id, o.obligation_id)


def _merge_org(found: dict[str, R.OrgObligation], o: R.ObligationResult, system_id: str) -> None:
    """An organisation-scoped duty once, with every system that triggers it; a known status
    wins over undetermined."""
    have = found.get(o.key)
    if have is None:
        found[o.key] = R.OrgObligation.build(**dict(o), systems=[system_id])
        return
    have.systems.append(system_id)
    if have.status == "undetermined" and o.status != "undetermined":
        found[o.key] = R.OrgObligation.build(**dict(o), systems=have.systems)
