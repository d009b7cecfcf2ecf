"""Compile the rules of a pack set for one as-of date.

Compilation binds every ``{param: name}`` to the value in force on the rule's evaluation day
(the as-of date, or the rule's first day when it only starts later, so that upcoming duties are
judged by the thresholds they will have), and turns each leaf into a small test function.
The result is cached per (pack set, date): one interactive question costs no recompilation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policyatlas.rules.conditions import Group, Leaf, Node, ParamRef, Ref, describe
from policyatlas.rules.loader import Law, LoadedRule, PackSet

Truth = bool | None  # None = unknown (a fact it depends on is missing)


@dataclass(frozen=True, slots=True)
class BoundParam:
    law_id: str
    name: str
    value: Any
    unit: str | None
    valid_from: dt.date
    read_on: dt.date
    citation: str
    url: str | None


@dataclass(frozen=True, slots=True)
class CLeaf:
    leaf: Leaf
    value: Any  # the literal, or the parameter's value
    param: BoundParam | None
    test: Callable[[Any], Truth]
    description: str = ""  # the leaf in words (its trace never changes it)


@dataclass(frozen=True, slots=True)
class CGroup:
    op: str
    children: tuple[CNode, ...]
    source: Group


@dataclass(frozen=True, slots=True)
class CRef:
    name: str
    title: str
    citation: str
    child: CNode
    source: Ref


CNode = CLeaf | CGroup | CRef


@dataclass(frozen=True, slots=True)
class CompiledRule:
    loaded: LoadedRule
    law: Law
    eval_date: dt.date
    condition: CNode
    params: tuple[BoundParam, ...] = ()  # the dated parameters it reads, each once
    check: Callable[[dict[str, Any]], Truth] | None = None  # the condition as one closure

    @property
    def key(self) -> str:
        return self.loaded.key


@dataclass(frozen=True, slots=True)
class CompiledRuleSet:
    as_of: dt.date
    rules: tuple[CompiledRule, ...]
    packs: PackSet

    def columns(self) -> list[str]:
        """Fact columns the rules read (map facts: one column per key)."""
        seen: dict[str, None] = {}
        for r in self.rules:
            for leaf in leaves(r.condition):
                seen[leaf.leaf.column] = None
        return list(seen)


def leaves(node: CNode) -> list[CLeaf]:
    if isinstance(node, CLeaf):
        return [node]
    if isinstance(node, CRef):
        return leaves(node.child)
    return [x for c in node.children for x in leaves(c)]


def _ordered(op: str, ref: Any, cast: Callable[[Any], Any]) -> Callable[[Any], Truth]:
    ref = cast(ref)
    cmp = {
        "eq": lambda v: v == ref, "ne": lambda v: v != ref, "gt": lambda v: v > ref,
        "gte": lambda v: v >= ref, "lt": lambda v: v < ref, "lte": lambda v: v <= ref,
    }[op]  # fmt: skip
    return lambda v: None if v is None else cmp(cast(v))


def _test(leaf: Leaf, value: Any) -> Callable[[Any], Truth]:
    op = leaf.op
    if op == "known":
        return lambda v: (v is not None) == value
    vtype = leaf.value_type
    if vtype == "number":
        return _ordered(op, value, float)
    if vtype == "date":
        return _ordered(op, value, lambda d: d)
    if vtype in ("bool", "enum"):
        if op == "eq":
            return lambda v: None if v is None else v == value
        if op == "ne":
            return lambda v: None if v is None else v != value
        allowed = frozenset(value)
        if op == "in":
            return lambda v: None if v is None else v in allowed
        return lambda v: None if v is None else v not in allowed  # not_in
    # set facts
    if op == "contains":
        return lambda v: None if v is None else value in v
    wanted = frozenset(value)
    if op == "subset_of":
        return lambda v: None if v is None else wanted.issuperset(v)
    if op == "contains_any":
        return lambda v: None if v is None else not wanted.isdisjoint(v)
    return lambda v: None if v is None else wanted.issubset(v)  # contains_all


def compile_node(node: Node, law: Law, day: dt.date) -> CNode:
    if isinstance(node, Leaf):
        param = None
        value = node.value
        if isinstance(value, ParamRef):
            p = law.parameter(value.name)
            pv = law.param_at(value.name, day)
            param = BoundParam(law.id, value.name, pv.value, p.unit, pv.start, day,
                               pv.reference.citation,
                               str(pv.reference.url) if pv.reference.url else None)
            value = pv.value
        return CLeaf(node, value, param, _test(node, value), describe(node, value))
    if isinstance(node, Ref):
        d = law.definition_meta[node.name]
        return CRef(node.name, d.title, d.citation,
                    compile_node(law.definitions[node.name], law, day), node)
    return CGroup(node.op, tuple(compile_node(c, law, day) for c in node.children), node)


def closure(node: CNode) -> Callable[[dict[str, Any]], Truth]:
    """The condition as nested closures over the facts: Kleene logic with short-circuits, the
    same answers as ``evaluate.truth`` without dispatching on node types at every call."""
    if isinstance(node, CLeaf):
        test, fact, key = node.test, node.leaf.fact, node.leaf.key
        if key is None:
            return lambda f: test(f.get(fact))

        def keyed(f: dict[str, Any]) -> Truth:
            v = f.get(fact)
            return test(None if v is None else v.get(key))

        return keyed
    if isinstance(node, CRef):
        return closure(node.child)
    kids = tuple(closure(c) for c in node.children)
    if node.op == "not":
        only = kids[0]

        def negate(f: dict[str, Any]) -> Truth:
            v = only(f)
            return None if v is None else not v

        return negate
    decisive = node.op != "all"

    def group(f: dict[str, Any]) -> Truth:
        unknown = False
        for k in kids:
            v = k(f)
            if v is decisive:
                return decisive
            if v is None:
                unknown = True
        return None if unknown else not decisive

    return group


_CACHE: dict[tuple[int, dt.date], CompiledRuleSet] = {}


def compile_rules(packs: PackSet, as_of: dt.date) -> CompiledRuleSet:
    key = (id(packs), as_of)
    hit = _CACHE.get(key)
    if hit is not None and hit.packs is packs:
        return hit
    out = []
    for law in packs:
        for r in law.rules:
            if r.end is not None and r.end <= as_of:
                continue  # no longer in force: nothing to evaluate
            day = max(as_of, r.start)
            node = compile_node(r.condition, law, day)
            params = {(p.law_id, p.name): p for p in (lf.param for lf in leaves(node)) if p}
            out.append(CompiledRule(r, law, day, node, tuple(params.values()), closure(node)))
    compiled = CompiledRuleSet(as_of, tuple(out), packs)
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = compiled
    return compiled
