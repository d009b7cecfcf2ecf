"""Evaluate compiled conditions against one system's facts, producing a trace.

Three-valued (Kleene) logic, identical to SQL's NULL semantics so that the batch executor
(``engine/batch/``) gives the same answers: ``all`` is false if any child is false, true if all
are true, otherwise unknown; ``any`` dually; ``not`` keeps unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policyatlas.engine.compiled import CLeaf, CNode, CRef, Truth
from policyatlas.facts.catalogue import STATED


@dataclass(slots=True)
class TraceNode:
    kind: str  # all | any | not | ref | leaf
    result: Truth
    label: str | None = None
    cite: str | None = None
    children: list[TraceNode] = field(default_factory=list)
    # leaf and ref details
    name: str | None = None  # definition name (ref)
    fact: str | None = None
    key: str | None = None
    operator: str | None = None
    expected: Any = None
    actual: Any = None
    description: str | None = None
    param: Any = None  # BoundParam
    note: str | None = None
    # how a leaf's value was stated, when not in the inventory's own words: "lists_complete"
    # (a list left out of an inventory that declared its lists complete, read as empty)
    stated: str | None = None
    src: Any = None  # the compiled node it evaluates (its static part is the same every time)

    def missing_facts(self) -> list[str]:
        """Facts whose absence makes this node unknown."""
        if self.result is not None:
            return []
        if self.kind == "leaf":
            return [self.fact if self.key is None else f"{self.fact}[{self.key}]"]
        out: list[str] = []
        for c in self.children:
            for f in c.missing_facts():
                if f not in out:
                    out.append(f)
        return out


def _all(values: list[Truth]) -> Truth:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any(values: list[Truth]) -> Truth:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def truth(node: CNode, facts: dict[str, Any]) -> Truth:
    """The value of ``node`` without building a trace (the fast path)."""
    if isinstance(node, CLeaf):
        return node.test(_read(node, facts))
    if isinstance(node, CRef):
        return truth(node.child, facts)
    if node.op == "not":
        v = truth(node.children[0], facts)
        return None if v is None else not v
    # Short-circuit: one false child decides `all`, one true child decides `any`.
    decisive = node.op != "all"
    unknown = False
    for c in node.children:
        v = truth(c, facts)
        if v is decisive:
            return decisive
        if v is None:
            unknown = True
    return None if unknown else not decisive


def _read(node: CLeaf, facts: dict[str, Any]) -> Any:
    v = facts.get(node.leaf.fact)
    if node.leaf.key is not None:
        return None if v is None else v.get(node.leaf.key)
    return v


def explain(node: CNode, facts: dict[str, Any]) -> TraceNode:
    """Evaluate ``node`` and return the full trace (every leaf with its actual value)."""
    if isinstance(node, CLeaf):
        leaf = node.leaf
        actual = _read(node, facts)
        return TraceNode(
            "leaf", node.test(actual), leaf.label, leaf.cite, fact=leaf.fact, key=leaf.key,
            operator=leaf.op, expected=list(node.value) if isinstance(node.value, tuple)
            else node.value, actual=actual, description=node.description,
            param=node.param, note=leaf.note, src=node,
            stated="lists_complete" if leaf.fact in facts.get(STATED, ()) else None,
        )
    if isinstance(node, CRef):
        child = explain(node.child, facts)
        return TraceNode("ref", child.result, node.source.label or node.title,
                         node.source.cite or node.citation, [child], name=node.name, src=node)
    kids = [explain(c, facts) for c in node.children]
    vals = [k.result for k in kids]
    if node.op == "all":
        result = _all(vals)
    elif node.op == "any":
        result = _any(vals)
    else:
        result = None if vals[0] is None else not vals[0]
    return TraceNode(node.op, result, node.source.label, node.source.cite, kids,
                     note=node.source.note, src=node)
