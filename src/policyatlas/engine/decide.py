"""What to decide: the facts an inventory leaves unknown, ranked by how many undetermined
rules stating each one would decide.

For every rule left undetermined for a system, each missing fact is tried with the values that
matter to the rule (those its conditions compare with, and the values just past them, every
value of an enumeration, true and false, none and one of a list): when some value alone makes
the rule known — it applies, or it does not — stating that fact decides the rule. The list is
part of the assessment, so every view shows the same one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from policyatlas.engine import results as R
from policyatlas.engine.compiled import CompiledRule, leaves
from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.fields import field_of


def _candidates(cr: CompiledRule, fact: str, key: str | None, as_of: dt.date) -> list[Any]:
    meta = FACTS[fact]
    out: list[Any] = []
    for lf in leaves(cr.condition):
        if lf.leaf.fact != fact or lf.leaf.key != key:
            continue
        v = lf.value
        if meta.type == "set":
            listed = list(v) if isinstance(v, tuple) else [v]
            out += [[], listed[:1], listed]
        elif meta.type in ("number", "map", "date") and not isinstance(v, bool):
            out.append(v)
            if isinstance(v, dt.date):
                out += [v - dt.timedelta(days=1), v + dt.timedelta(days=1)] \
                    if dt.date.min < v < dt.date.max else []
            elif isinstance(v, int | float):
                out += [v * 2 + 1, v / 2 - 1]
        elif isinstance(v, tuple):
            out += list(v)
        else:
            out.append(v)
    if meta.type == "bool":
        out += [True, False]
    elif meta.type == "enum":
        out += list(meta.values)
    elif meta.type == "set":
        out += [[]]
    elif meta.type == "date":
        out.append(as_of)
    return out


def decides(cr: CompiledRule, facts: dict[str, Any], missing: str, as_of: dt.date) -> bool:
    """Whether some value of the missing fact alone makes the rule known."""
    fact, _, rest = missing.partition("[")
    key = rest[:-1] if rest else None
    if fact not in FACTS:
        return False
    for value in _candidates(cr, fact, key, as_of):
        trial = dict(facts)
        if key is not None:
            trial[fact] = {**(facts.get(fact) or {}), key: value}
        else:
            trial[fact] = value
        if cr.check(trial) is not None:
            return True
    return False


@dataclass(slots=True)
class _Open:
    fact: str
    key: str | None
    systems: list[str] = field(default_factory=list)
    rules: set[tuple[str, str]] = field(default_factory=set)  # (system id, rule key)
    decided: set[tuple[str, str]] = field(default_factory=set)
    laws: list[str] = field(default_factory=list)


class ToDecide:
    """Collects missing facts while an assessment runs; ``result()`` ranks them."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.open: dict[str, _Open] = {}

    def add(self, cr: CompiledRule, facts: dict[str, Any], system_id: str,
            missing: list[str]) -> None:
        for m in missing:
            fact, _, rest = m.partition("[")
            entry = self.open.get(m)
            if entry is None:
                entry = self.open[m] = _Open(fact, rest[:-1] if rest else None)
            if system_id not in entry.systems:
                entry.systems.append(system_id)
            if cr.loaded.law_id not in entry.laws:
                entry.laws.append(cr.loaded.law_id)
            entry.rules.add((system_id, cr.key))
            if len(missing) == 1 or decides(cr, facts, m, self.as_of):
                entry.decided.add((system_id, cr.key))

    def result(self) -> list[R.ToDecide]:
        ranked = sorted(self.open.values(),
                        key=lambda e: (-len(e.decided), -len(e.rules), e.fact, e.key or ""))
        return [R.ToDecide.build(
            fact=e.fact, key=e.key,
            field=field_of(e.fact, e.key, e.systems[0] if len(e.systems) == 1 else None),
            systems=e.systems, rules=len(e.rules), decides=len(e.decided),
            laws=sorted(e.laws)) for e in ranked]
