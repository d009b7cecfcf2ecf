"""Assess one inventory as of a date: obligations per system and jurisdiction, with traces."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from policyatlas import __version__
from policyatlas.engine import results as R
from policyatlas.engine.compiled import CompiledRule, compile_rules, leaves
from policyatlas.engine.evaluate import TraceNode, explain, truth
from policyatlas.facts.catalogue import system_facts
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import name_of
from policyatlas.rules.loader import PackSet, builtin_packs


def trace_out(node: TraceNode) -> R.TraceNodeOut:
    return R.TraceNodeOut(
        kind=node.kind, result=node.result, label=node.label, cite=node.cite, name=node.name,
        fact=node.fact, key=node.key, operator=node.operator, expected=node.expected,
        actual=node.actual, description=node.description,
        param=R.ParamTrace(**asdict(node.param)) if node.param else None, note=node.note,
        children=[trace_out(c) for c in node.children],
    )


def _rule_trace(cr: CompiledRule, node: TraceNode) -> R.RuleTrace:
    params = {(p.law_id, p.name): p for p in (lf.param for lf in leaves(cr.condition)) if p}
    rule = cr.loaded.rule
    return R.RuleTrace(
        law_id=cr.loaded.law_id, rule_id=rule.id, rule_title=rule.title,
        rule_citation=rule.citation, result=node.result, evaluated_on=cr.eval_date,
        condition=trace_out(node), parameters=[R.ParamTrace(**asdict(p)) for p in params.values()],
    )


def _obligations(cr: CompiledRule, trace: R.RuleTrace, as_of: dt.date) -> list[R.ObligationResult]:
    law, meta = cr.law, cr.law.meta
    out = []
    for ob in cr.loaded.rule.obligations:
        start, end = cr.loaded.window(ob)
        if end is not None and as_of >= end:
            continue
        pen = law.pack.penalties.get(ob.penalty) if ob.penalty else None
        uncertain = [f"{u.about}: {u.note}" for u in meta.uncertainties]
        if ob.uncertain:
            uncertain.insert(0, ob.uncertain)
        day = max(as_of, start)
        cases = [c for c in meta.litigation if c.active_on(day)]
        status = "upcoming" if as_of < start else "in_force"
        if status == "in_force" and any(c.blocks_enforcement for c in cases):
            status = "blocked"
        out.append(R.ObligationResult(
            law_id=law.id, law_title=meta.title, jurisdiction=meta.jurisdiction,
            jurisdiction_name=name_of(meta.jurisdiction), rule_id=cr.loaded.rule.id,
            obligation_id=ob.id, category=ob.category, title=law.fill(ob.title, day),
            text=law.fill(ob.text, day), citation=law.fill(ob.citation, day),
            source_url=str(ob.source or meta.sources[0].url), status=status,
            effective_from=start, effective_until=end,
            timing=R.Timing(**(ob.timing.model_dump() | {"text": law.fill(ob.timing.text, day)})),
            penalty=R.PenaltyOut(**pen.model_dump()) if pen else None,
            confidence=meta.confidence, uncertain=uncertain, optional=ob.optional,
            litigation=[f"{c.case} ({c.court}): {c.status} — {c.note}" for c in cases],
            trace=trace,
        ))
    return out


def assess(inventory: Inventory, as_of: dt.date, packs: PackSet | None = None) -> R.Assessment:
    """Evaluate every law in ``packs`` (the built-in ones by default) for every system."""
    packs = packs or builtin_packs()
    ruleset = compile_rules(packs, as_of)
    systems = []
    for system in inventory.systems:
        facts = system_facts(inventory.organization, system)
        current: list[R.ObligationResult] = []
        upcoming: list[R.ObligationResult] = []
        blocked: list[R.ObligationResult] = []
        undetermined: list[R.Undetermined] = []
        for cr in ruleset.rules:
            signed = cr.law.meta.dates.signed
            if signed is not None and as_of < signed:
                continue  # the law did not exist yet on the day asked
            if truth(cr.condition, facts) is False:
                continue  # the fast path: traces are built only for rules that may apply
            node = explain(cr.condition, facts)
            trace = _rule_trace(cr, node)
            if node.result is None:
                undetermined.append(R.Undetermined(
                    law_id=cr.loaded.law_id, rule_id=cr.loaded.rule.id,
                    rule_title=cr.loaded.rule.title, missing_facts=node.missing_facts(),
                    trace=trace))
                continue
            for ob in _obligations(cr, trace, as_of):
                lists = {"in_force": current, "upcoming": upcoming, "blocked": blocked}
                lists[ob.status].append(ob)
        upcoming.sort(key=lambda o: (o.effective_from, o.law_id))
        applicable = list(dict.fromkeys(o.law_id for o in current))
        later = [law for law in dict.fromkeys(o.law_id for o in upcoming) if law not in applicable]
        systems.append(R.SystemAssessment(
            id=system.id, name=system.name, applicable_laws=applicable, upcoming_laws=later,
            obligations=current, upcoming=upcoming, blocked=blocked, undetermined=undetermined))
    laws = [
        R.LawRef(law_id=law.id, title=law.meta.title, jurisdiction=law.meta.jurisdiction,
                 citation=law.meta.citation, status=law.meta.status,
                 effective=law.meta.dates.effective, repealed=law.meta.dates.repealed,
                 verified_as_of=law.meta.verified_as_of, confidence=law.meta.confidence)
        for law in packs
    ]
    return R.Assessment(generator=f"policyatlas {__version__}", as_of=as_of,
                        organization=inventory.organization.name, laws_evaluated=laws,
                        systems=systems)
