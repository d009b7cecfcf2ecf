"""Known US AI laws that bind no organisation: crimes and civil liability for the person who makes
or shares a sexual deepfake or AI-generated child sexual abuse material, and laws that bind only a
state's own agencies (``packs/_known/individuals-only.yaml``), and the coverage survey's counts
per category (``packs/_known/coverage.yaml``).

Neither file is a pack: the pack loader reads only ``law.yaml`` files, and nothing here has rules,
because no inventory of AI systems can trigger a duty these laws do not impose on organisations.
Both are read through the bounded reader (:mod:`policyatlas.sourcefile`) and validated here, with
every problem reported as ``file:line: field: message -> fix``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from policyatlas.errors import Problem, UserError
from policyatlas.rules.loader import BUILTIN_PACKS
from policyatlas.sourcefile import SourceDoc, read_document
from policyatlas.validation import field_path, validate_doc

KNOWN_DIR = BUILTIN_PACKS / "_known"
KNOWN_FILE = KNOWN_DIR / "individuals-only.yaml"
COVERAGE_FILE = KNOWN_DIR / "coverage.yaml"
KNOWN_CONTRACT = "policyatlas.known-laws/v1"
COVERAGE_CONTRACT = "policyatlas.coverage-survey/v1"

Kind = Literal["criminal_only", "individual_liability", "government_only"]
Subject = Literal["sexual_deepfakes", "ai_csam", "election_deepfakes", "government_use", "other"]
Binds = Literal["organizations", "individuals", "government"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
BINDS_OPTIONS = ("organizations", "individuals", "government", "all")
KNOWN_LABEL = "known — no duties for organisations"

_ID = re.compile(r"^(us-[a-z]{2}(?:-[a-z]+)?)/[a-z0-9][a-z0-9.-]*$")


def binds_of(kind: str) -> Binds:
    """Whom a known law binds: government agencies, or the individual person who acts."""
    return "government" if kind == "government_only" else "individuals"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KnownSource(_Model):
    url: str = Field(pattern=r"^https?://\S+$", description="Where the entry's facts come from.")
    title: str = Field(min_length=3)
    kind: Literal["official", "secondary"] = Field(
        description="official: a legislature, code or government site; secondary: anything else.")


class KnownLaw(_Model):
    """One enacted law that binds only individuals or only government."""

    id: str = Field(description="<jurisdiction>/<slug>, e.g. us-nj/a3540-2025.")
    jurisdiction: str = Field(pattern=r"^us-[a-z]{2}(-[a-z]+)?$")
    title: str = Field(min_length=3, max_length=200)
    citation: str = Field(min_length=3, description="The statute section(s).")
    bill: str | None = Field(default=None, description="Bill number; null only with a note.")
    year: int = Field(ge=2000, le=2030, description="Year of enactment.")
    signed: dt.date | None = None
    effective: dt.date | None = None
    kind: Kind
    subject: Subject
    why_no_duty: str = Field(min_length=20, max_length=400,
                             description="One sentence: whom it binds and why no organisation "
                                         "has a duty under it.")
    confidence: Literal["high", "medium", "low"]
    verified_as_of: dt.date
    note: str | None = Field(default=None, description="What the sources could not confirm.")
    sources: list[KnownSource] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"'{v}' is not a law id of the form us-<state>/<slug>")
        return v

    @field_validator("why_no_duty")
    @classmethod
    def _one_sentence(cls, v: str) -> str:
        body = v.strip().rstrip(".")
        if re.search(r"[.!?]\s+[A-Z]", body):
            raise ValueError("why_no_duty must be one sentence")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> KnownLaw:
        if self.signed and self.effective and self.effective < self.signed:
            raise ValueError("effective date is before the signing date")
        return self

    @property
    def binds(self) -> Binds:
        return binds_of(self.kind)

    @property
    def short_title(self) -> str:
        return f"{self.bill} ({self.year})" if self.bill else f"{self.citation} ({self.year})"


class KnownFile(_Model):
    contract: Literal["policyatlas.known-laws/v1"]
    verified_as_of: dt.date
    laws: list[KnownLaw] = Field(min_length=1)


class Survey(_Model):
    title: str
    date: dt.date
    source: str
    definition: str


class CoverageCategory(_Model):
    """One row of the survey's Part A table, and how encoded packs are matched to it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    known_text: str = Field(description="The survey's 'Known' cell, verbatim.")
    known_low: int = Field(ge=0)
    known_high: int | None = Field(default=None, ge=0)
    unit: Literal["laws", "states"] = "laws"
    survey_encoded: str = Field(description="The survey's 'Encoded' cell, verbatim.")
    subjects: list[str] = Field(default_factory=list,
                                description="Packs whose profile subject is one of these count.")
    law_ids: list[str] = Field(default_factory=list,
                               description="Packs counted here whatever their subject (and then "
                                           "not by subject anywhere else).")

    @model_validator(mode="after")
    def _range(self) -> CoverageCategory:
        if self.known_high is not None and self.known_high < self.known_low:
            raise ValueError("known_high is below known_low")
        return self


class CoverageSurvey(_Model):
    contract: Literal["policyatlas.coverage-survey/v1"]
    survey: Survey
    individuals_only_known_states: str = Field(
        description="The survey's count of states with criminal-only or individual-liability "
                    "sexual deepfake laws, verbatim.")
    categories: list[CoverageCategory] = Field(min_length=1)


def _problem(doc: SourceDoc, loc: tuple[str | int, ...], message: str, fix: str) -> Problem:
    return Problem(message, file=doc.path, line=doc.line_of(loc), field=field_path(loc), fix=fix)


def check_known(path: Path | str = KNOWN_FILE,
                pack_ids: set[str] | None = None) -> tuple[list[KnownLaw], list[Problem]]:
    """Read and validate a known-laws file: the model, then the rules across entries (unique ids,
    id and jurisdiction agree, a real jurisdiction, no collision with a pack, a note where a bill
    number or an official source is missing). Returns the laws and every problem found."""
    from policyatlas.facts.jurisdictions import JURISDICTIONS

    doc = read_document(path)
    try:
        data = validate_doc(KnownFile, doc, "known-laws file")
    except UserError as exc:
        return [], exc.problems
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, law in enumerate(data.laws):
        at = ("laws", i)
        if law.id in seen:
            problems.append(_problem(doc, (*at, "id"), f"law id '{law.id}' is listed twice "
                                     f"(also entry {seen[law.id]})", "remove one of them"))
        seen.setdefault(law.id, i)
        prefix = law.id.split("/", 1)[0]
        if prefix != law.jurisdiction:
            problems.append(_problem(doc, (*at, "jurisdiction"),
                                     f"jurisdiction '{law.jurisdiction}' does not match the id "
                                     f"prefix '{prefix}'",
                                     f"write jurisdiction: {prefix}"))
        if law.jurisdiction not in JURISDICTIONS:
            problems.append(_problem(doc, (*at, "jurisdiction"),
                                     f"'{law.jurisdiction}' is not a known jurisdiction",
                                     "use us-<state> with the USPS abbreviation"))
        if pack_ids is not None and law.id in pack_ids:
            problems.append(_problem(doc, (*at, "id"), f"'{law.id}' is already encoded as a pack",
                                     "remove the entry: the pack describes the law"))
        if law.bill is None and not law.note:
            problems.append(_problem(doc, (*at, "bill"), "no bill number and no note saying why",
                                     "give the bill number, or a note that no source names it"))
        if law.confidence == "high" and not any(s.kind == "official" for s in law.sources):
            problems.append(_problem(doc, (*at, "confidence"),
                                     "high confidence rests on secondary sources only",
                                     "add an official source or lower confidence to medium"))
        if law.verified_as_of > data.verified_as_of:
            problems.append(_problem(doc, (*at, "verified_as_of"),
                                     "verified after the file's verified_as_of",
                                     f"use {data.verified_as_of} or earlier"))
    return list(data.laws), problems


@cache
def known_laws() -> tuple[KnownLaw, ...]:
    """The built-in known laws, sorted by jurisdiction and id (raises on a broken file)."""
    laws, problems = check_known(KNOWN_FILE)
    if problems:
        raise UserError(f"{KNOWN_FILE} is not a valid known-laws file", problems)
    return tuple(sorted(laws, key=lambda x: (x.jurisdiction, x.id)))


def known_by_id() -> dict[str, KnownLaw]:
    return {law.id: law for law in known_laws()}


def check_coverage(path: Path | str = COVERAGE_FILE,
                   subjects: set[str] | None = None) -> tuple[CoverageSurvey | None, list[Problem]]:
    doc = read_document(path)
    try:
        data = validate_doc(CoverageSurvey, doc, "coverage survey")
    except UserError as exc:
        return None, exc.problems
    problems: list[Problem] = []
    ids: set[str] = set()
    for i, cat in enumerate(data.categories):
        if cat.id in ids:
            problems.append(_problem(doc, ("categories", i, "id"),
                                     f"category '{cat.id}' is listed twice", "remove one"))
        ids.add(cat.id)
        for j, s in enumerate(cat.subjects):
            if subjects is not None and s not in subjects:
                problems.append(_problem(doc, ("categories", i, "subjects", j),
                                         f"'{s}' is not a law subject of the taxonomy",
                                         "see rules/taxonomy.yaml `subjects:`"))
    return data, problems


@cache
def coverage_survey() -> CoverageSurvey:
    from policyatlas.rules.taxonomy import subjects

    data, problems = check_coverage(COVERAGE_FILE, set(subjects()))
    if problems or data is None:
        raise UserError(f"{COVERAGE_FILE} is not a valid coverage survey", problems)
    return data


def check_builtin(pack_ids: set[str]) -> tuple[int, list[Problem]]:
    """Validate both built-in files (for ``packs validate``): number of known laws, problems."""
    from policyatlas.rules.taxonomy import subjects

    laws, problems = check_known(KNOWN_FILE, pack_ids)
    _, more = check_coverage(COVERAGE_FILE, set(subjects()))
    return len(laws), problems + more
