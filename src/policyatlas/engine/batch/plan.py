"""The compiled batch plan: every distinct leaf and definition once, set facts as bit masks,
and each obligation's status on the date taken from the resolver.

A plan is built once per (pack set, as-of date) from the same compiled rules ``assess()``
evaluates (``engine/compiled.py``):

* **Nodes.** The conditions of all live rules become one DAG. Leaves are keyed by (column,
  operator, value) and groups by (operator, child ids), so a definition referenced by twenty
  rules, or a leaf repeated across laws, is a single node computed once per row.
* **Encodings.** Each set fact becomes one or more 63-bit words: one bit per value that some
  leaf (or court order) tests, and one "other" bit for any value no leaf names (it is what makes
  ``subset_of`` false). Enum facts are small integer codes; numbers float64; dates day numbers.
* **Statuses.** For each obligation of a live rule, its status when the rule applies is
  ``resolve.static_status`` on the date — in force, upcoming, blocked or optional — and, where a
  court order protects only its parties, the status for every combination of the relevant
  cases the organisation is party to. A rule that is unknown makes its obligations
  undetermined; a law not yet signed on the date is not in the plan (as in ``assess()``).

Executors (numpy, DuckDB SQL, Spark SQL) only interpret a plan; none decides a status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from policyatlas.engine.compiled import CGroup, CLeaf, CNode, CompiledRule, CRef, compile_rules
from policyatlas.engine.resolve import party_sensitive, static_status
from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.jurisdictions import JURISDICTIONS
from policyatlas.rules.loader import PackSet

LITIGANTS = "org.litigant_in"
WORD_BITS = 63  # bits per int64 word (the sign bit is left unused: literals stay positive)
EPOCH = dt.date(1970, 1, 1)
MISSING = "missing_facts"  # the result column of each system's missing facts


def fact_type(column: str) -> str:
    return FACTS[column.partition("[")[0]].type


def is_place_set(column: str) -> bool:
    """A set of jurisdictions: its values are normalised and expanded (NYC -> NY -> US)."""
    f = FACTS[column.partition("[")[0]]
    return f.type == "set" and bool(f.values) and set(f.values) == set(JURISDICTIONS)


@dataclass(frozen=True, slots=True)
class SetEncoding:
    """A set fact as bits: ``values[i]`` is bit i; bit ``len(values)`` is "any other value"."""

    column: str
    values: tuple[str, ...]

    @property
    def bits(self) -> int:
        return len(self.values) + 1

    @property
    def words(self) -> int:
        return (self.bits + WORD_BITS - 1) // WORD_BITS

    @property
    def dtype(self) -> str:
        """The narrowest signed integer holding one word (less memory to stream per test)."""
        if self.words > 1:
            return "int64"
        return next(t for t, b in (("int8", 7), ("int16", 15), ("int32", 31), ("int64", 63))
                    if self.bits <= b)

    def bit(self, value: str) -> int:
        try:
            return self.values.index(value)
        except ValueError:
            return len(self.values)  # other

    def mask(self, values: Any) -> tuple[int, ...]:
        """The words of the set ``values`` (the "other" bit for values no leaf names)."""
        words = [0] * self.words
        for v in values:
            b = self.bit(v)
            words[b // WORD_BITS] |= 1 << (b % WORD_BITS)
        return tuple(words)

    def word_column(self, w: int) -> str:
        return f"{self.column}#{w}"


@dataclass(frozen=True, slots=True)
class PNode:
    """A node of the plan. ``op`` is a leaf operator (with ``column`` and ``value``) or one of
    ``and``, ``or``, ``not`` over ``children`` (indices of earlier nodes)."""

    id: int
    op: str
    column: str | None = None
    value: Any = None
    vtype: str | None = None
    children: tuple[int, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return self.column is not None


@dataclass(frozen=True, slots=True)
class PObligation:
    law_id: str
    rule_key: str
    obligation_id: str
    scope: str
    category: str
    status: str  # when the rule applies and the organisation is party to none of `cases`
    cases: tuple[str, ...] = ()  # party-only court cases that change the status
    by_cases: tuple[str, ...] = ()  # status for each subset of `cases` (bit i = cases[i])

    @property
    def sensitive(self) -> bool:
        return bool(self.cases)

    def possible(self) -> set[str]:
        return {self.status, *self.by_cases}


@dataclass(frozen=True, slots=True)
class PRule:
    key: str
    law_id: str
    node: int
    obligations: tuple[PObligation, ...]


@dataclass(slots=True)
class BatchPlan:
    as_of: dt.date
    nodes: list[PNode]
    rules: list[PRule]
    columns: list[str]  # fact columns read (map facts: one per key)
    sets: dict[str, SetEncoding]
    laws: list[str]  # law ids, in pack order, with at least one live rule
    fingerprint: str = ""
    _index: dict[tuple, int] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ building

    def _add(self, key: tuple, **kw: Any) -> int:
        hit = self._index.get(key)
        if hit is not None:
            return hit
        node = PNode(len(self.nodes), **kw)
        self.nodes.append(node)
        self._index[key] = node.id
        return node.id

    def add(self, node: CNode) -> int:
        if isinstance(node, CRef):
            return self.add(node.child)
        if isinstance(node, CLeaf):
            leaf = node.leaf
            value = node.value
            if isinstance(value, list | tuple | set | frozenset):
                value = tuple(value)
            if leaf.value_type == "number" and leaf.op != "known":
                value = float(value)
            return self._add(("leaf", leaf.column, leaf.op, value), op=leaf.op,
                             column=leaf.column, value=value, vtype=leaf.value_type)
        assert isinstance(node, CGroup)
        kids = tuple(self.add(c) for c in node.children)
        op = {"all": "and", "any": "or"}.get(node.op, node.op)
        if op != "not" and len(kids) == 1:
            return kids[0]  # all/any of one child is the child
        return self._add((op, kids), op=op, children=kids)

    # ------------------------------------------------------------ reading

    @property
    def obligations(self) -> list[PObligation]:
        return [o for r in self.rules for o in r.obligations]

    def leaf_nodes(self) -> list[PNode]:
        return [n for n in self.nodes if n.is_leaf]

    def uses_litigants(self) -> bool:
        return any(o.sensitive for o in self.obligations)

    def input_columns(self) -> list[str]:
        """Fact columns a fact table for this plan needs (map facts: one per key)."""
        cols = list(self.columns)
        if self.uses_litigants() and LITIGANTS not in cols:
            cols.append(LITIGANTS)
        return cols


def live_rules(ruleset: Any) -> list[CompiledRule]:
    """The rules ``assess()`` evaluates on the ruleset's date (laws signed by then)."""
    out = []
    for r in ruleset.rules:
        signed = r.law.meta.dates.signed
        if signed is None or ruleset.as_of >= signed:
            out.append(r)
    return out


def _obligations(cr: CompiledRule, as_of: dt.date) -> tuple[PObligation, ...]:
    out = []
    cases = tuple(party_sensitive(cr.law))
    for ob in cr.loaded.rule.obligations:
        plain = static_status(cr.law, cr.loaded, ob, as_of)
        if plain is None:
            continue  # its window has ended
        table = tuple(static_status(cr.law, cr.loaded, ob, as_of,
                                    [c for i, c in enumerate(cases) if code >> i & 1]) or plain
                      for code in range(2 ** len(cases)))
        sensitive = any(st != plain for st in table)
        out.append(PObligation(cr.loaded.law_id, cr.key, ob.id, ob.scope, ob.category, plain,
                               cases if sensitive else (), table if sensitive else ()))
    return tuple(out)


_PLANS: dict[tuple, tuple[PackSet, BatchPlan]] = {}


def build_plan(packs: PackSet, as_of: dt.date, only: frozenset[str] | None = None) -> BatchPlan:
    """The plan of every live rule of ``packs`` on ``as_of`` (or of the rules whose keys are in
    ``only``), cached per pack set and date."""
    hit = _PLANS.get((id(packs), as_of, only))
    if hit is not None and hit[0] is packs:
        return hit[1]
    ruleset = compile_rules(packs, as_of)
    plan = BatchPlan(as_of, [], [], [], {}, [])
    laws: dict[str, None] = {}
    set_values: dict[str, dict[str, None]] = {}
    for cr in live_rules(ruleset):
        if only is not None and cr.key not in only:
            continue
        nid = plan.add(cr.condition)
        plan.rules.append(PRule(cr.key, cr.loaded.law_id, nid, _obligations(cr, as_of)))
        laws[cr.loaded.law_id] = None
    cols: dict[str, None] = {}
    for n in plan.leaf_nodes():
        cols[n.column] = None
        if n.vtype == "set":
            vals = set_values.setdefault(n.column, {})
            if n.op in ("contains",):
                vals[str(n.value)] = None
            elif n.op != "known":
                vals.update(dict.fromkeys(str(v) for v in n.value))
    plan.columns = list(cols)
    if plan.uses_litigants():
        vals = set_values.setdefault(LITIGANTS, {})
        for o in plan.obligations:
            vals.update(dict.fromkeys(o.cases))
    for col in plan.input_columns():
        if fact_type(col) == "set":
            plan.sets[col] = SetEncoding(col, tuple(sorted(set_values.get(col, {}))))
    plan.laws = list(laws)
    plan.fingerprint = _fingerprint(plan)
    plan._index.clear()
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[(id(packs), as_of, only)] = (packs, plan)
    return plan


def _fingerprint(plan: BatchPlan) -> str:
    h = hashlib.sha256(plan.as_of.isoformat().encode())
    for n in plan.nodes:
        h.update(repr((n.op, n.column, n.value, n.children)).encode())
    for r in plan.rules:
        h.update(repr((r.key, r.node, r.obligations)).encode())
    return h.hexdigest()[:16]


def case_subsets(cases: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
    return [(code, tuple(c for i, c in enumerate(cases) if code >> i & 1))
            for code in range(2 ** len(cases))]


__all__ = ["EPOCH", "LITIGANTS", "WORD_BITS", "BatchPlan", "PNode", "PObligation", "PRule",
           "SetEncoding", "build_plan", "case_subsets", "fact_type", "is_place_set",
           "live_rules"]

