"""Declarative applicability conditions: parse, validate and describe them.

A condition is data, never code. Its YAML form is one mapping per node:

* ``all: [node, ...]`` / ``any: [node, ...]`` / ``not: node`` — combine nodes;
* ``ref: name`` — a named definition of the same law (``definitions:``);
* a *leaf*: ``fact: <name>`` with exactly one operator (``eq ne gt gte lt lte in not_in
  contains contains_any contains_all known``), its value (a literal or ``{param: name}``),
  ``key:`` for map facts, and optionally ``cite:``, ``label:`` and ``note:``.

Every node may carry ``label`` (plain language) and ``cite`` (the section it comes from).
Evaluation uses three-valued logic: a leaf over an unknown fact is *unknown*; ``all`` is false if
any child is false, ``any`` is true if any child is true; otherwise unknown propagates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policyatlas.facts.catalogue import FACTS, Fact
from policyatlas.validation import suggest

Loc = tuple[str | int, ...]

OPERATORS: dict[str, str] = {
    "eq": "equals", "ne": "does not equal", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
    "in": "is one of", "not_in": "is none of", "contains": "contains",
    "contains_any": "contains any of", "contains_all": "contains all of",
    "subset_of": "contains nothing but", "known": "is known",
}  # fmt: skip
_OPS_BY_TYPE: dict[str, set[str]] = {
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "known"},
    "bool": {"eq", "ne", "known"},
    "enum": {"eq", "ne", "in", "not_in", "known"},
    "set": {"contains", "contains_any", "contains_all", "subset_of", "known"},
    "date": {"eq", "ne", "gt", "gte", "lt", "lte", "known"},
}
_LEAF_KEYS = {"fact", "key", "cite", "label", "note", *OPERATORS}
_NODE_META = {"cite", "label", "note"}


@dataclass(frozen=True, slots=True)
class ParamRef:
    name: str


@dataclass(frozen=True, slots=True)
class Leaf:
    fact: str
    op: str
    value: Any  # literal, tuple of literals, or ParamRef
    key: str | None = None
    cite: str | None = None
    label: str | None = None
    note: str | None = None
    value_type: str = "number"  # the fact's type (map facts compare numbers)

    @property
    def column(self) -> str:
        """Name of the fact column this leaf reads (map facts get one column per key)."""
        return f"{self.fact}[{self.key}]" if self.key else self.fact


@dataclass(frozen=True, slots=True)
class Group:
    op: str  # all | any | not
    children: tuple[Node, ...]
    cite: str | None = None
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    cite: str | None = None
    label: str | None = None


Node = Leaf | Group | Ref


@dataclass(slots=True)
class ConditionProblem:
    loc: Loc
    message: str
    fix: str | None = None


@dataclass(slots=True)
class Parser:
    """Parses condition data, collecting problems instead of stopping at the first one."""

    parameters: dict[str, str]  # parameter name -> value type (number, bool, string, date)
    definitions: set[str]
    param_values: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    problems: list[ConditionProblem] = field(default_factory=list)
    # Which facts conditions may test: AI-system facts by default; export packs pass their own.
    facts: Mapping[str, Fact] = field(default_factory=lambda: FACTS)

    def error(self, loc: Loc, message: str, fix: str | None = None) -> None:
        self.problems.append(ConditionProblem(loc, message, fix))

    def parse(self, data: Any, loc: Loc) -> Node | None:
        if not isinstance(data, dict):
            self.error(loc, f"a condition must be a mapping, not {type(data).__name__}",
                       "write `all: [...]`, `any: [...]`, `not: {...}`, `ref: name` or a leaf "
                       "with `fact:` and one operator")
            return None
        meta = {k: data.get(k) for k in _NODE_META}
        for k in _NODE_META:
            if meta[k] is not None and not isinstance(meta[k], str):
                self.error((*loc, k), f"'{k}' must be text")
        groups = [k for k in ("all", "any", "not", "ref") if k in data]
        if "fact" in data:
            if groups:
                self.error(loc, f"a node cannot have both 'fact' and '{groups[0]}'",
                           "split it into a group with the leaf as one child")
                return None
            return self._leaf(data, loc)
        if len(groups) != 1:
            unknown = [k for k in data if k not in _NODE_META]
            guess = suggest(unknown[0], ["all", "any", "not", "ref", "fact"]) if unknown else None
            if groups:
                self.error(loc, f"a node has one of all/any/not/ref, not {', '.join(groups)}",
                           "nest them instead")
            else:
                self.error((*loc, unknown[0]) if unknown else loc,
                           f"unknown condition key '{unknown[0]}'" if unknown
                           else "empty condition",
                           f"did you mean '{guess}'?" if guess
                           else "use all, any, not, ref, or fact with an operator")
            return None
        g = groups[0]
        for k in data:
            if k not in _NODE_META and k != g:
                self.error((*loc, k), f"unexpected key '{k}' in an '{g}' node",
                           "a group node holds only its children and cite/label/note")
        if g == "ref":
            name = data["ref"]
            if name not in self.definitions:
                guess = suggest(str(name), sorted(self.definitions))
                self.error((*loc, "ref"), f"no definition named '{name}'",
                           f"did you mean '{guess}'?" if guess
                           else f"define it under `definitions:` (known: "
                                f"{', '.join(sorted(self.definitions)) or 'none'})")
                return None
            return Ref(name, meta["cite"], meta["label"])
        if g == "not":
            child = self.parse(data["not"], (*loc, "not"))
            return None if child is None else Group("not", (child,), **meta)
        items = data[g]
        if not isinstance(items, list) or not items:
            self.error((*loc, g), f"'{g}' needs a non-empty list of conditions")
            return None
        children = [self.parse(c, (*loc, g, i)) for i, c in enumerate(items)]
        if any(c is None for c in children):
            return None
        return Group(g, tuple(c for c in children if c is not None), **meta)

    def _leaf(self, data: dict[str, Any], loc: Loc) -> Leaf | None:
        name = data["fact"]
        fact = self.facts.get(str(name))
        if fact is None:
            guess = suggest(str(name), list(self.facts))
            self.error((*loc, "fact"), f"unknown fact '{name}'",
                       f"did you mean '{guess}'?" if guess
                       else "see `policyatlas schema facts` for the list")
            return None
        for k in data:
            if k not in _LEAF_KEYS:
                guess = suggest(k, sorted(_LEAF_KEYS))
                self.error((*loc, k), f"unknown key '{k}' in a leaf condition",
                           f"did you mean '{guess}'?" if guess else None)
        ops = [k for k in data if k in OPERATORS]
        if len(ops) != 1:
            allowed = sorted(_OPS_BY_TYPE["number" if fact.type == "map" else fact.type])
            self.error(loc, f"a leaf needs exactly one operator, found {len(ops)}",
                       f"for {fact.type} fact '{fact.name}' use one of: {', '.join(allowed)}")
            return None
        op = ops[0]
        key = data.get("key")
        vtype = fact.type
        if fact.type == "map":
            if key is None or str(key) not in fact.values:
                self.error((*loc, "key"), f"map fact '{fact.name}' needs a valid 'key'",
                           "give a jurisdiction code, e.g. `key: us-ca`")
                return None
            vtype = "number"
        elif key is not None:
            self.error((*loc, "key"), f"'key' only applies to map facts; '{fact.name}' is "
                       f"a {fact.type}")
        if op not in _OPS_BY_TYPE[vtype]:
            self.error((*loc, op), f"operator '{op}' does not apply to {vtype} fact "
                       f"'{fact.name}'", f"use one of: {', '.join(sorted(_OPS_BY_TYPE[vtype]))}")
            return None
        value = self._value(data[op], op, fact, vtype, (*loc, op))
        if value is _BAD:
            return None
        return Leaf(fact.name, op, value, str(key) if key is not None else None,
                    data.get("cite"), data.get("label"), data.get("note"), vtype)

    def _value(self, raw: Any, op: str, fact: Fact, vtype: str, loc: Loc) -> Any:
        if op == "known":
            if not isinstance(raw, bool):
                self.error(loc, "'known' takes true or false")
                return _BAD
            return raw
        if isinstance(raw, dict):
            if set(raw) != {"param"}:
                self.error(loc, "a value mapping must be exactly `{param: name}`")
                return _BAD
            pname = raw["param"]
            if pname not in self.parameters:
                guess = suggest(str(pname), list(self.parameters))
                self.error(loc, f"no parameter named '{pname}'",
                           f"did you mean '{guess}'?" if guess
                           else "declare it under `parameters:`")
                return _BAD
            ptype = self.parameters[pname]
            textual = vtype in ("enum", "set") and ptype == "string"
            if ptype != vtype and not textual:
                self.error(loc, f"parameter '{pname}' holds {ptype} values but "
                           f"'{fact.name}' is {vtype}")
                return _BAD
            if textual and op not in ("eq", "ne", "contains"):
                self.error(loc, f"a parameter can stand for one value only; '{op}' needs a list",
                           "use eq, ne or contains with a parameter")
                return _BAD
            bad = [v for v in self.param_values.get(str(pname), ()) if textual
                   and str(v) not in fact.values]
            if bad:
                self.error(loc, f"parameter '{pname}' has value '{bad[0]}', which is not a "
                           f"value of '{fact.name}'")
                return _BAD
            return ParamRef(str(pname))
        many = op in ("in", "not_in", "contains_any", "contains_all", "subset_of")
        if many:
            if not isinstance(raw, list) or not raw:
                self.error(loc, f"'{op}' takes a non-empty list")
                return _BAD
            items = raw
        else:
            items = [raw]
        for item in items:
            if not self._literal_ok(item, fact, vtype, loc):
                return _BAD
        return tuple(items) if many else items[0]

    def _literal_ok(self, item: Any, fact: Fact, vtype: str, loc: Loc) -> bool:
        if vtype == "number":
            if isinstance(item, bool) or not isinstance(item, int | float):
                self.error(loc, f"'{fact.name}' is a number; {item!r} is not")
                return False
        elif vtype == "date":
            if not isinstance(item, dt.date) or isinstance(item, dt.datetime):
                self.error(loc, f"'{fact.name}' is a date; {item!r} is not",
                           "write an unquoted date such as 2027-01-01")
                return False
        elif vtype == "bool":
            if not isinstance(item, bool):
                self.error(loc, f"'{fact.name}' is true/false; {item!r} is not",
                           "write true or false")
                return False
        elif str(item) not in fact.values:
            guess = suggest(str(item), list(fact.values))
            self.error(loc, f"'{item}' is not a value of '{fact.name}'",
                       f"did you mean '{guess}'?" if guess
                       else f"use one of: {', '.join(fact.values[:20])}")
            return False
        return True


_BAD = object()


def iter_leaves(node: Node, definitions: dict[str, Node]) -> list[Leaf]:
    """Every leaf under ``node``, following references."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Ref):  # an invalid definition is reported elsewhere; skip it here
        target = definitions.get(node.name)
        return [] if target is None else iter_leaves(target, definitions)
    return [leaf for c in node.children for leaf in iter_leaves(c, definitions)]


def ref_names(node: Node) -> set[str]:
    if isinstance(node, Ref):
        return {node.name}
    if isinstance(node, Group):
        return set().union(*(ref_names(c) for c in node.children))
    return set()


def describe(leaf: Leaf, value: Any) -> str:
    """Plain-language form of a leaf, e.g. ``system.training_compute_ops > 1e+26``."""
    subject = leaf.column
    if leaf.op == "known":
        return f"{subject} is {'known' if leaf.value else 'unknown'}"
    shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
    return f"{subject} {OPERATORS[leaf.op]} {shown}"
