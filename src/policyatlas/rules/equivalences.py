"""What doing one duty satisfies of another (``equivalences.yaml``): declarative, sourced
comparisons between obligations of different laws, read by the side-by-side comparison.

Each entry compares two sides, ``a`` and ``b``: two obligations (``<law id>#<obligation id>``),
or — with ``category`` — every duty two laws have in one taxonomy category (``a`` and ``b`` are
then law ids). It says whether doing ``a`` satisfies ``b`` and whether doing ``b`` satisfies
``a`` (``fully``, ``partly`` or ``not``), why (``note``), on which sources, and, where the
comparison itself is open to doubt, what is uncertain. The file holds no code; it is validated
with a Pydantic model and checked against the packs, every problem located at ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from policyatlas.errors import Problem, UserError
from policyatlas.sourcefile import SourceDoc, read_document
from policyatlas.validation import field_path, validate_doc

EQUIVALENCES_FILE = Path(__file__).resolve().parent / "equivalences.yaml"
Satisfies = Literal["fully", "partly", "not"]
_KEY = re.compile(r"^[a-z0-9-]+/[a-z0-9.-]+#[a-z0-9-]+$")
_LAW = re.compile(r"^[a-z0-9-]+/[a-z0-9.-]+$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EquivalenceSource(_Model):
    url: HttpUrl
    title: str = Field(min_length=1)
    kind: Literal["official", "standard", "statute_copy", "secondary"]


class Equivalence(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    category: str | None = Field(
        default=None, description="Compare every duty of the two laws in this taxonomy category "
        "(a and b are then law ids); without it a and b are obligations.")
    a: str = Field(description="'<law id>#<obligation id>', or a law id with `category`.")
    b: str = Field(description="'<law id>#<obligation id>', or a law id with `category`.")
    a_satisfies_b: Satisfies = Field(description="Doing a satisfies b fully, partly or not.")
    b_satisfies_a: Satisfies = Field(description="Doing b satisfies a fully, partly or not.")
    note: str = Field(min_length=1, description="Why: what each requires that the other lacks.")
    translations: dict[Literal["zh-Hans", "zh-Hant"], str] = Field(
        default_factory=dict, description="The note in Simplified and Traditional Chinese.")
    uncertain: str | None = Field(
        default=None, description="What is open about the comparison itself; present means the "
        "comparison is uncertain and is shown so.")
    sources: list[EquivalenceSource] = Field(min_length=1)

    @model_validator(mode="after")
    def _sides(self) -> Equivalence:
        pattern, what = (_LAW, "a law id such as us-ca/sb243-2025") if self.category else (
            _KEY, "'<law id>#<obligation id>', e.g. us-ca/sb243-2025#ai-disclosure")
        for side in (self.a, self.b):
            if not pattern.match(side):
                raise ValueError(f"'{side}' is not {what}")
        if self.a == self.b:
            raise ValueError("a and b are the same")
        return self

    def laws(self) -> tuple[str, str]:
        return self.a.split("#", 1)[0], self.b.split("#", 1)[0]

    def covers(self, key: str, law_id: str, category: str) -> bool:
        """Whether an obligation (its key, law and category) is one of the two sides."""
        if self.category is None:
            return key in (self.a, self.b)
        return self.category == category and law_id in (self.a, self.b)


class EquivalenceFile(_Model):
    schema_version: Literal[1]
    verified_as_of: dt.date
    equivalences: list[Equivalence]


def _problem(doc: SourceDoc, loc: tuple[str | int, ...], message: str, fix: str) -> Problem:
    return Problem(message, file=doc.path, line=doc.line_of(loc), field=field_path(loc), fix=fix)


def check_equivalences(path: Path | str = EQUIVALENCES_FILE,
                       obligations: dict[str, dict[str, str]] | None = None,
                       ) -> tuple[list[Equivalence], list[Problem]]:
    """Read and validate an equivalences file: the model, then unique ids and — given the packs'
    obligations (law id -> {obligation id: category}) — that every side names a real law and
    obligation, that a category exists and that each side's law has a duty in it."""
    from policyatlas.rules.taxonomy import categories

    doc = read_document(path)
    try:
        data = validate_doc(EquivalenceFile, doc, "equivalences file")
    except UserError as exc:
        return [], exc.problems
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known_categories = categories()
    for i, e in enumerate(data.equivalences):
        at = ("equivalences", i)
        if e.id in seen:
            problems.append(_problem(doc, (*at, "id"), f"id '{e.id}' is listed twice (also "
                                     f"entry {seen[e.id]})", "give each entry its own id"))
        seen.setdefault(e.id, i)
        if e.category is not None and e.category not in known_categories:
            problems.append(_problem(doc, (*at, "category"), f"'{e.category}' is not a taxonomy "
                                     "category", "run `policyatlas taxonomy` for the list"))
        if obligations is None:
            continue
        for side in ("a", "b"):
            value = getattr(e, side)
            law_id, _, ob = value.partition("#")
            if law_id not in obligations:
                problems.append(_problem(doc, (*at, side), f"no pack defines the law '{law_id}'",
                                         "use a law id from `policyatlas laws`"))
            elif ob and ob not in obligations[law_id]:
                known = ", ".join(sorted(obligations[law_id]))
                problems.append(_problem(doc, (*at, side), f"'{law_id}' has no obligation "
                                         f"'{ob}'", f"use one of: {known}"))
            elif e.category is not None and e.category not in obligations[law_id].values():
                problems.append(_problem(doc, (*at, side), f"'{law_id}' has no duty in category "
                                         f"'{e.category}'", "compare obligations instead"))
    return list(data.equivalences), problems


def pack_obligations() -> dict[str, dict[str, str]]:
    """Law id -> {obligation id: category}, for the built-in packs."""
    from policyatlas.rules.loader import builtin_packs

    return {law.id: {ob.id: ob.category for rule in law.pack.rules for ob in rule.obligations}
            for law in builtin_packs()}


@cache
def equivalences() -> tuple[Equivalence, ...]:
    """The built-in equivalences, checked against the built-in packs (raises on a problem)."""
    found, problems = check_equivalences(EQUIVALENCES_FILE, pack_obligations())
    if problems:
        raise UserError(f"{EQUIVALENCES_FILE} is not a valid equivalences file", problems)
    return tuple(found)
