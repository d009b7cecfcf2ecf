"""Why a law does or does not apply to a system, or is undetermined — and what would change it.

For every rule of the law, the condition is evaluated with its full trace and the *deciding
leaves* are picked out: for a rule that applies, the leaves that make it true; for one that does
not, the leaves that make it false (every false part of an ``all``, every part of an ``any``);
for an undetermined one, the facts left unknown. Each leaf carries its citation, the inventory
value and what the law requires.

Then the smallest change of facts that would flip the rule is searched: a few candidate plans
are built bottom-up (one change per leaf; the cheapest child for ``any`` to become true or
``all`` to become false; every child otherwise), and each plan is *checked* by applying it to
the inventory itself, validating the result and evaluating the rule again. Only a checked plan
is offered. Statuses, dates and counts come from the assessment (``assess``), never from here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, ValidationError

from policyatlas.engine import results as R
from policyatlas.engine.assess import assess, law_exists
from policyatlas.engine.compiled import CLeaf, CNode, CompiledRule, CRef, compile_rules
from policyatlas.engine.evaluate import TraceNode, explain
from policyatlas.engine.laws import status_on
from policyatlas.errors import Problem, UserError
from policyatlas.facts.catalogue import FACTS, system_facts
from policyatlas.facts.fields import field_of, model_field
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import JURISDICTIONS, ancestors
from policyatlas.rules.loader import PackSet, builtin_packs
from policyatlas.validation import suggest

CONTRACT = "policyatlas.explanation/v1"
PLANS = 4  # candidate plans kept per node
MAX_CHANGES = 8  # a plan with more changes is not offered

Verdict = Literal["applies", "upcoming", "undetermined", "does_not_apply", "not_in_force"]


# ---------------------------------------------------------------- the result


class Change(R.Out):
    """One change to the inventory."""

    fact: str
    key: str | None = None
    field: str | None = None
    action: Literal["set", "add", "remove"]
    value: Any = None
    text: str


class Reason(R.Out):
    """A deciding leaf: what the law requires, the inventory's value, and where it says so."""

    fact: str
    key: str | None = None
    field: str | None = None
    requirement: str
    label: str | None = None
    cite: str | None = None
    actual: Any = None
    result: bool | None = None
    stated: str | None = Field(default=None, description="lists_complete: the inventory left "
                               "the list out and declared its lists complete (read as empty).")


class ObligationRef(R.Out):
    key: str
    title: str
    status: str
    effective_from: dt.date
    scope: str


class RuleWhy(R.Out):
    rule_id: str
    title: str
    citation: str
    result: bool | None
    evaluated_on: dt.date
    reasons: list[Reason]
    obligations: list[ObligationRef] = Field(default_factory=list)
    would_apply_if: list[Change] | None = None
    would_not_apply_if: list[Change] | None = None
    note: str | None = None


class Explanation(R.Out):
    contract: Literal["policyatlas.explanation/v1"] = CONTRACT
    as_of: dt.date
    organization: str
    system_id: str
    system_name: str
    law_id: str
    law_title: str
    law_citation: str
    law_status_on_as_of: str
    verdict: Verdict
    summary: str
    rules: list[RuleWhy]


# ---------------------------------------------------------------- deciding leaves


def _reasons(node: TraceNode, system_id: str, cite: str | None = None,
             negated: bool = False) -> list[Reason]:
    """The leaves that decide ``node``'s result (see the module text). Under a ``not``, a
    leaf's requirement is shown negated, with the result the negation gives."""
    here = node.cite or cite
    if node.kind == "leaf":
        result = node.result if not negated or node.result is None else not node.result
        text = node.description or ""
        return [Reason.build(fact=node.fact, key=node.key,
                             field=field_of(node.fact, node.key, system_id),
                             requirement=f"not ({text})" if negated else text,
                             label=node.label, cite=here, actual=node.actual, result=result,
                             stated=node.stated)]
    if node.kind == "ref":
        return _reasons(node.children[0], system_id, here, negated)
    if node.kind == "not":
        return _reasons(node.children[0], system_id, here, not negated)
    if node.result is None:
        parts = [c for c in node.children if c.result is None]
    elif node.kind == "all":
        parts = [c for c in node.children if c.result is False] if node.result is False \
            else node.children
    else:  # any
        parts = [c for c in node.children if c.result is True] if node.result \
            else node.children
    out: list[Reason] = []
    for r in (r for c in parts for r in _reasons(c, system_id, here, negated)):
        if all((r.fact, r.key, r.requirement) != (o.fact, o.key, o.requirement) for o in out):
            out.append(r)
    return out


# ---------------------------------------------------------------- changes that flip a rule


@dataclass(frozen=True, slots=True)
class _Edit:
    fact: str
    key: str | None
    action: str  # set | add | remove
    value: Any  # for add and remove: a frozenset of values


Plan = tuple[_Edit, ...]


def _combine(a: Plan, b: Plan) -> Plan | None:
    """Both plans at once, or None when they contradict each other."""
    out = list(a)
    for e in b:
        same = [i for i, h in enumerate(out) if (h.fact, h.key) == (e.fact, e.key)]
        for i in same:
            h = out[i]
            if "set" in (h.action, e.action):
                if h != e:
                    return None
                break
            if h.action == e.action:
                out[i] = _Edit(h.fact, h.key, h.action, h.value | e.value)
                break
            if h.value & e.value:  # add and remove the same value
                return None
        else:
            out.append(e)
    return tuple(out)


def _cost(plan: Plan) -> int:
    """Changes a plan makes: one per value added or removed, one per value set."""
    return sum(len(e.value) if e.action != "set" else 1 for e in plan)


def _cheapest(plans: list[Plan]) -> list[Plan]:
    seen, out = set(), []
    for p in sorted(plans, key=_cost):
        k = frozenset(p)
        if k not in seen and _cost(p) <= MAX_CHANGES:
            seen.add(k)
            out.append(p)
    return out[:PLANS]


def _past(value: Any, up: bool) -> list[Any]:
    """Values just past a threshold (and one well past it), for dates, whole and real numbers."""
    if isinstance(value, dt.date):
        try:
            return [value + dt.timedelta(days=1 if up else -1)]
        except OverflowError:
            return []
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [value]
    whole = float(value).is_integer()
    if up:
        out = [value + 1] if whole else []
        out += [value * 1.01, value * 2] if value > 0 else [1]
    else:
        out = [value - 1] if whole else []
        out += [value * 0.99, value / 2] if value > 0 else [value - 1]
    return [int(v) if whole and float(v).is_integer() else v for v in out]


def _leaf_edits(node: CLeaf, actual: Any, want: bool, as_of: dt.date) -> list[_Edit]:
    """Single changes that give the leaf the value ``want``."""
    leaf, value = node.leaf, node.value
    fact, key, op = leaf.fact, leaf.key, leaf.op
    meta = FACTS[fact]
    allowed = list(meta.values)

    def set_(v: Any) -> _Edit:
        return _Edit(fact, key, "set", tuple(v) if isinstance(v, list) else v)

    if op == "known":
        if want == bool(value):
            return [set_(_plausible(fact, as_of))] if value else []
        return []  # a fact cannot be made unknown by a change worth offering
    kind = leaf.value_type
    if kind in ("number", "date"):
        table = {("eq", True): [value], ("ne", False): [value], ("gte", True): [value],
                 ("lte", True): [value], ("gt", True): _past(value, True),
                 ("lt", True): _past(value, False), ("gt", False): [value],
                 ("lt", False): [value], ("gte", False): _past(value, False),
                 ("lte", False): _past(value, True), ("eq", False): _past(value, True),
                 ("ne", True): _past(value, True)}
        return [set_(v) for v in table[(op, want)]]
    if kind == "bool":
        return [set_(value if (op == "eq") == want else not value)]
    if kind == "enum":
        listed = list(value) if isinstance(value, tuple) else [value]
        inside = (op in ("eq", "in")) == want
        choices = listed if inside else [v for v in allowed if v not in listed]
        return [set_(v) for v in choices[:PLANS]]
    # sets
    have = frozenset(actual or ())
    wanted = list(value) if isinstance(value, tuple) else [value]
    if op == "contains" or (op == "contains_any" and not want) or (op == "contains_all" and want):
        missing = [v for v in wanted if v not in have]
        present = [v for v in wanted if v in have]
        if want:  # add what is missing (contains, contains_all)
            return [_Edit(fact, key, "add", frozenset(missing))] if missing else \
                [set_(sorted(have))]
        # contains_any false: remove every listed value (or state the list without them)
        if actual is None:
            return [set_([])]
        return [_Edit(fact, key, "remove", frozenset(present))]
    if op == "contains_any":  # want true: add one of them
        return [_Edit(fact, key, "add", frozenset([v])) for v in wanted[:PLANS]]
    if op == "contains_all":  # want false: remove one of them
        if actual is None:
            return [set_([])]
        return [_Edit(fact, key, "remove", frozenset([v])) for v in wanted if v in have][:PLANS]
    # subset_of
    if want:
        extra = [v for v in have if v not in wanted]
        return [_Edit(fact, key, "remove", frozenset(extra))] if extra else [set_(sorted(have))]
    outside = [v for v in allowed if v not in wanted]
    return [_Edit(fact, key, "add", frozenset([v])) for v in outside[:PLANS]]


def _plausible(fact: str, as_of: dt.date) -> Any:
    meta = FACTS[fact]
    return {"bool": False, "number": 0, "date": as_of, "set": (), "map": {},
            "enum": meta.values[0] if meta.values else None}[meta.type]


def _plans(node: CNode, trace: TraceNode, want: bool, as_of: dt.date) -> list[Plan]:
    """Candidate plans (cheapest first) that give ``node`` the value ``want``."""
    if trace.result is want:
        return [()]
    if isinstance(node, CLeaf):
        return [(e,) for e in _leaf_edits(node, trace.actual, want, as_of)]
    if isinstance(node, CRef):
        return _plans(node.child, trace.children[0], want, as_of)
    if node.op == "not":
        return _plans(node.children[0], trace.children[0], not want, as_of)
    kids = list(zip(node.children, trace.children, strict=True))
    if (node.op == "all") == want:  # every child must change: combine their plans
        out: list[Plan] = [()]
        for child, t in kids:
            options = _plans(child, t, want, as_of)
            out = _cheapest([c for a, b in itertools.product(out, options)
                             if (c := _combine(a, b)) is not None])
            if not out:
                return []
        return out
    return _cheapest([p for child, t in kids for p in _plans(child, t, want, as_of)])


def _apply(data: dict, system_index: int, plan: Plan) -> dict:
    """The inventory (as data) with the plan's changes."""
    for e in plan:
        target = model_field(e.fact)
        if target is None:
            raise KeyError(e.fact)
        scope, name = target
        owner = data["organization"] if scope == "org" else data["systems"][system_index]
        current = owner.get(name)
        if e.key is not None:
            owner[name] = {**(current or {}), e.key: e.value}
        elif e.action == "set":
            owner[name] = list(e.value) if isinstance(e.value, tuple) else (
                e.value.isoformat() if isinstance(e.value, dt.date) else e.value)
        else:
            if current is None and scope == "system" and name == "jurisdictions":
                org = data["organization"]  # by default, every place the organisation lists
                base = [*org.get("does_business_in", []), *org.get("consumers_in", []),
                        *org.get("employees_in", [])]
            else:
                base = list(current or [])
            if e.action == "add":
                owner[name] = [*base, *(v for v in sorted(e.value) if v not in base)]
            else:
                owner[name] = [v for v in base if not _within(v, set(e.value), e.fact)]
    return data


_JUR = tuple(JURISDICTIONS)


def _within(value: str, gone: set[str], fact: str) -> bool:
    """A value to remove — for jurisdiction sets, also every place inside a removed one."""
    if FACTS[fact].values != _JUR:
        return value in gone
    try:
        from policyatlas.facts.jurisdictions import normalize

        return bool(set(ancestors(normalize(value))) & gone)
    except ValueError:
        return value in gone


def _checked(plans: list[Plan], inventory: Inventory, system_index: int, cr: CompiledRule,
             want: bool) -> Plan | None:
    """The first plan that, applied to the inventory, validates and gives the rule ``want``."""
    base = inventory.model_dump(mode="json", exclude_unset=False)
    for plan in plans:
        if not plan:
            continue
        try:
            data = _apply(_copy(base), system_index, plan)
            changed = Inventory.model_validate(data)
        except (ValidationError, KeyError, TypeError, ValueError):
            continue
        facts = system_facts(changed.organization, changed.systems[system_index])
        if cr.check(facts) is want:
            return plan
    return None


def apply_changes(inventory: Inventory, system_id: str, changes: list[Change]) -> Inventory:
    """The inventory with an explanation's changes made (validated like any inventory)."""
    index = [s.id for s in inventory.systems].index(system_id)
    plan = tuple(_Edit(c.fact, c.key, c.action,
                       frozenset(c.value) if c.action != "set" else
                       (tuple(c.value) if isinstance(c.value, list) else c.value))
                 for c in changes)
    return Inventory.model_validate(_apply(_copy(inventory.model_dump(mode="json")), index, plan))


def _copy(data: dict) -> dict:
    import copy

    return copy.deepcopy(data)


def _shown(v: Any) -> str:
    if isinstance(v, tuple | list | frozenset | set):
        return "[" + ", ".join(map(str, sorted(v))) + "]"
    if isinstance(v, float) and v >= 1e6:
        return f"{v:.3g}"
    return str(v)


def _changes(plan: Plan, system_id: str) -> list[Change]:
    out = []
    for e in plan:
        where = field_of(e.fact, e.key, system_id) or e.fact
        value = sorted(e.value) if isinstance(e.value, frozenset) else (
            list(e.value) if isinstance(e.value, tuple) else e.value)
        verb = {"set": f"set {where} to {_shown(e.value)}",
                "add": f"add {_shown(e.value)} to {where}",
                "remove": f"remove {_shown(e.value)} from {where}"}[e.action]
        out.append(Change.build(fact=e.fact, key=e.key, field=where, action=e.action,
                                value=value, text=verb))
    return out


# ---------------------------------------------------------------- the explanation


def explain_law(inventory: Inventory, system_id: str, law_id: str, as_of: dt.date,
                packs: PackSet | None = None,
                assessment: R.Assessment | None = None) -> Explanation:
    """Why ``law_id`` does or does not apply to ``system_id`` on ``as_of``."""
    packs = packs or builtin_packs()
    ids = [s.id for s in inventory.systems]
    if system_id not in ids:
        guess = suggest(system_id, ids)
        raise UserError(f"no system '{system_id}' in the inventory", [Problem(
            f"the systems are: {', '.join(ids)}", field="SYSTEM",
            fix=f"did you mean '{guess}'?" if guess else "give one of the system ids")])
    law = packs.get(law_id)
    index = ids.index(system_id)
    system = inventory.systems[index]
    a = assessment or assess(inventory, as_of, packs)
    mine = [o for o in next(s for s in a.systems if s.id == system_id).obligations
            if o.law_id == law_id]
    mine += [o for o in a.organization_obligations
             if o.law_id == law_id and system_id in o.systems]
    facts = system_facts(inventory.organization, system)
    compiled = [cr for cr in compile_rules(packs, as_of).rules if cr.loaded.law_id == law_id]
    status = status_on(law, as_of)
    rules = []
    for cr in compiled:
        if not law_exists(cr, as_of):
            continue
        node = explain(cr.condition, facts)
        reasons = _reasons(node, system_id)
        obligations = [ObligationRef.build(key=o.key, title=o.title, status=o.status,
                                           effective_from=o.effective_from, scope=o.scope)
                       for o in mine if o.rule_id == cr.loaded.rule.id]
        apply_if = not_if = None
        note = None
        if node.result is not True:
            plan = _checked(_plans(cr.condition, node, True, as_of), inventory, index, cr, True)
            apply_if = _changes(plan, system_id) if plan else None
        if node.result is not False:
            plan = _checked(_plans(cr.condition, node, False, as_of), inventory, index, cr,
                            False)
            not_if = _changes(plan, system_id) if plan else None
        if node.result is not True and apply_if is None:
            note = (f"no change of at most {MAX_CHANGES} facts of the inventory was found "
                    "that makes this rule apply")
        rules.append(RuleWhy.build(
            rule_id=cr.loaded.rule.id, title=cr.loaded.rule.title,
            citation=cr.loaded.rule.citation, result=node.result, evaluated_on=cr.eval_date,
            reasons=reasons, obligations=obligations, would_apply_if=apply_if,
            would_not_apply_if=not_if, note=note))
    verdict, summary = _verdict(law, status, rules, mine, as_of)
    return Explanation.build(
        as_of=as_of, organization=inventory.organization.name, system_id=system_id,
        system_name=system.name, law_id=law_id, law_title=law.meta.title,
        law_citation=law.meta.citation, law_status_on_as_of=status, verdict=verdict,
        summary=summary, rules=rules)


def _verdict(law, status: str, rules: list[RuleWhy], mine: list[R.ObligationResult],
             as_of: dt.date) -> tuple[Verdict, str]:
    name = law.meta.short_title
    known = [o for o in mine if o.status != "undetermined"]
    if any(o.status in ("in_force", "blocked", "optional") for o in known):
        counts = {s: sum(o.status == s for o in known) for s in R.KNOWN}
        shown = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n)
        return "applies", f"{name} applies: {shown}."
    if known:
        first = min(o.effective_from for o in known)
        return "upcoming", f"{name} applies from {first.isoformat()}."
    if any(r.result is None for r in rules):
        missing = sorted({x.field or x.fact for r in rules if r.result is None
                          for x in r.reasons})
        return "undetermined", (f"{name} may apply: it turns on facts the inventory does not "
                                f"state ({', '.join(missing)}).")
    if not rules:
        d = law.meta.dates
        if d.signed and as_of < d.signed:
            why = f"it was signed on {d.signed.isoformat()}"
        elif status in ("repealed", "expired"):
            why = f"it is {status} on {as_of.isoformat()}"
        else:
            why = f"none of its rules is in force on {as_of.isoformat()} or later"
        return "not_in_force", f"{name} is not evaluated: {why}."
    if any(r.result is True for r in rules):
        return "does_not_apply", (f"{name}: the rules that match create no duty on "
                                  f"{as_of.isoformat()}.")
    return "does_not_apply", f"{name} does not apply: no rule's conditions are met."
