"""The questionnaire behind ``policyatlas init``: which question to ask next, and the answers as
an inventory.

A few questions are always asked (who the organisation is and where it works; each system's
name, roles, kinds, decision domains, generated content and where it is offered), because
every law turns on them. After that the interview asks only what some law still needs: the
inventory so far is assessed, and the next question is the fact at the top of its "to decide"
list for the system — the one that would decide the most undetermined rules. Each answer is
assessed again, so the order follows the answers, and the interview ends when nothing is left
to decide (or the user leaves the rest unknown).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from policyatlas.engine.assess import assess
from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.fields import model_field
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import UnknownJurisdiction, normalize
from policyatlas.rules.loader import PackSet, builtin_packs

_JUR_FACTS = {n for n, f in FACTS.items()
              if f.type == "set" and f.values and "us-ca" in f.values}
# A fact the inventory derives from a more precise one: the interview asks the precise one,
# whose answer also decides the laws that read the other.
_ASK_INSTEAD = {"system.mental_health_support": "system.mental_health"}


def prompt_for(fact: str) -> str:
    """The question for a fact: its interview question where the definitions have one, else its
    catalogue description."""
    try:
        from policyatlas.facts.definitions import all_definitions

        found = all_definitions().facts.get(fact)
        text = found.text("en") if found is not None else None
        question = getattr(text, "question", None)
        if question:
            return question
    except (ImportError, KeyError):  # pragma: no cover - definitions ship with the package
        pass
    return FACTS[fact].description


@dataclass(frozen=True, slots=True)
class Question:
    """One question: the field it fills and how to read the answer."""

    scope: str  # org | system
    name: str  # the model's field name
    fact: str
    type: str  # text | bool | number | date | enum | set | jurisdictions | map
    prompt: str
    values: tuple[str, ...] = ()
    key: str | None = None  # for per-jurisdiction numbers
    required: bool = False
    rules: int = 0  # undetermined rules it turns on (asked from the "to decide" list)
    decides: int = 0
    laws: tuple[str, ...] = ()


class BadAnswer(ValueError):
    """An answer that does not fit the question; the message says what would."""


ORG_BASE = [
    Question("org", "name", "", "text", "Name of the organisation", required=True),
    Question("org", "does_business_in", "org.does_business_in", "jurisdictions",
             "Where does it do business? (US states, DC or NYC, e.g. CA, NY, NYC)"),
    Question("org", "consumers_in", "org.consumers_in", "jurisdictions",
             "Where does it have consumers or users?"),
    Question("org", "employees_in", "org.employees_in", "jurisdictions",
             "Where does it have employees or job applicants?"),
]


def system_base() -> list[Question]:
    def q(name: str, prompt: str, required: bool = False) -> Question:
        fact = f"system.{name}"
        f = FACTS[fact]
        kind = "jurisdictions" if fact in _JUR_FACTS else f.type
        return Question("system", name, fact, kind, prompt, f.values, required=required)

    return [
        Question("system", "name", "", "text", "Name of the system", required=True),
        q("roles", "The organisation's roles for this system", required=True),
        q("kinds", "What kind of AI system is it?"),
        q("deployment", "How is it made available?"),
        q("decision_domains", "Consequential decisions it is used in (none if none)"),
        q("content_modalities", "Content it generates (none if none)"),
        q("jurisdictions", "Where is it offered or used, or where are the people it affects? "
          "(blank: everywhere the organisation is)"),
    ]


def slug(name: str, taken: list[str]) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "system"
    if not base[0].isalnum():
        base = "s" + base
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out


def parse_answer(q: Question, raw: str) -> Any:
    """The value of an answer, ``None`` for "not known" (a blank answer), or BadAnswer."""
    text = raw.strip()
    if not text:
        if q.required:
            raise BadAnswer("an answer is needed here")
        return None
    if q.type == "text":
        return text
    if q.type == "bool":
        low = text.lower()
        if low in ("y", "yes", "true"):
            return True
        if low in ("n", "no", "false"):
            return False
        raise BadAnswer("answer yes or no (blank: not known)")
    if q.type in ("number", "map"):
        try:
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise BadAnswer("answer with a number, e.g. 1200 or 3e26") from None
        if number < 0 or number != number or number in (float("inf"), float("-inf")):
            raise BadAnswer("answer with a number of 0 or more")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if q.type == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise BadAnswer("answer with a date, YYYY-MM-DD") from None
    parts = [p.strip() for p in re.split(r"[,\s]+", text) if p.strip()]
    if q.type == "jurisdictions":
        try:
            return list(dict.fromkeys(normalize(p) for p in parts))
        except UnknownJurisdiction as exc:
            raise BadAnswer(f"{exc}; {exc.fix}") from None
    if q.type == "set" and text.lower() in ("none", "-", "[]"):
        if q.required:
            raise BadAnswer("at least one is needed here")
        return []
    chosen = [_choice(q, p) for p in parts]
    if q.type == "enum":
        if len(chosen) != 1:
            raise BadAnswer("choose one")
        return chosen[0]
    return list(dict.fromkeys(chosen))


def _choice(q: Question, part: str) -> str:
    if part.isdigit() and 1 <= int(part) <= len(q.values):
        return q.values[int(part) - 1]
    if part in q.values:
        return part
    from policyatlas.validation import suggest

    guess = suggest(part, list(q.values))
    raise BadAnswer(f"'{part}' is not one of the choices"
                    + (f" (did you mean '{guess}'?)" if guess else ""))


@dataclass
class Interview:
    """The answers so far, and what to ask next."""

    as_of: dt.date
    packs: PackSet = field(default_factory=builtin_packs)
    organization: dict[str, Any] = field(default_factory=dict)
    systems: list[dict[str, Any]] = field(default_factory=list)
    asked: set[tuple[str, int, str]] = field(default_factory=set)
    left_open: list[Question] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {"schema_version": 1, "organization": self.organization,
                "systems": self.systems}

    def inventory(self) -> Inventory:
        return Inventory.model_validate(self.data())

    def new_system(self) -> int:
        self.systems.append({})
        return len(self.systems) - 1

    def record(self, q: Question, value: Any, system: int | None = None) -> None:
        owner = self.organization if q.scope == "org" else self.systems[system or 0]
        self.asked.add((q.scope, -1 if q.scope == "org" else system or 0,
                        f"{q.name}.{q.key}" if q.key else q.name))
        if value is None:
            if q.rules:
                self.left_open.append(q)
            return
        if q.key is not None:
            owner.setdefault(q.name, {})[q.key] = value
            return
        owner[q.name] = value
        if q.scope == "system" and q.name == "name" and "id" not in owner:
            taken = [s.get("id") for s in self.systems if s is not owner]
            owner["id"] = slug(value, [t for t in taken if t])

    def next_question(self, system: int) -> Question | None:
        """The fact whose answer would decide the most undetermined rules for the system (or
        the organisation), not asked yet; None when nothing is left to decide."""
        a = assess(self.inventory(), self.as_of, self.packs)
        sid = self.systems[system]["id"]
        for t in a.to_decide:
            if sid not in t.systems:
                continue
            fact = _ASK_INSTEAD.get(t.fact, t.fact)
            where = model_field(fact)
            if where is None:
                continue
            scope, name = where
            key = (scope, -1 if scope == "org" else system, f"{name}.{t.key}" if t.key else name)
            if key in self.asked:
                continue
            f = FACTS[fact]
            kind = "jurisdictions" if fact in _JUR_FACTS else f.type
            return Question(scope, name, fact, kind, prompt_for(fact),
                            () if kind in ("jurisdictions", "map") else f.values, key=t.key,
                            rules=t.rules, decides=t.decides, laws=tuple(t.laws))
        return None

    def undetermined(self) -> int:
        """Undetermined rules left (per system) with the answers so far."""
        a = assess(self.inventory(), self.as_of, self.packs)
        return sum(len(s.undetermined) for s in a.systems)
