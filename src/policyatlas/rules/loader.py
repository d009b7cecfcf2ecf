"""Load law packs from disk and validate them, reporting every problem with file:line:field.

A pack is a folder ``packs/<jurisdiction>/<instrument>/`` holding ``law.yaml`` (the law) and
``tests.yaml`` (its worked examples). The folder path must equal the law id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policyatlas.errors import Problem, UserError
from policyatlas.rules.conditions import Node, Parser, iter_leaves, ref_names
from policyatlas.rules.model import (
    Definition,
    FamilyTemplate,
    LawMeta,
    Obligation,
    PackFile,
    Parameter,
    ParamValue,
    Rule,
)
from policyatlas.rules.taxonomy import categories
from policyatlas.sourcefile import SourceDoc, read_document
from policyatlas.validation import field_path, suggest, validate_doc

BUILTIN_PACKS = Path(__file__).resolve().parent.parent / "packs"
LAW_FILE = "law.yaml"


@dataclass(frozen=True, slots=True)
class LoadedRule:
    law_id: str
    rule: Rule
    condition: Node
    start: dt.date  # first day the rule applies
    end: dt.date | None  # first day it no longer applies

    @property
    def key(self) -> str:
        return f"{self.law_id}#{self.rule.id}"

    def window(self, ob: Obligation) -> tuple[dt.date, dt.date | None]:
        """First day an obligation of this rule applies, and the first day it no longer does."""
        start = max(ob.effective_from or self.start, self.start)
        if ob.effective_until is None or self.end is None:
            return start, ob.effective_until or self.end
        return start, min(ob.effective_until, self.end)


@dataclass(slots=True)
class Law:
    pack: PackFile
    path: Path
    definitions: dict[str, Node]
    rules: list[LoadedRule]
    definition_meta: dict[str, Definition]

    @property
    def id(self) -> str:
        return self.pack.law.id

    @property
    def meta(self):
        return self.pack.law

    def parameter(self, name: str) -> Parameter:
        return self.pack.parameters[name]

    def fill(self, text: str, day: dt.date) -> str:
        """Replace ``{parameter}`` placeholders with the values in force on ``day``."""
        def value(m: re.Match[str]) -> str:
            v = self.param_at(m.group(1), day).value
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)

        return _PLACEHOLDER.sub(value, text)

    def param_at(self, name: str, day: dt.date) -> ParamValue:
        return self.pack.parameters[name].value_on(day)


@dataclass(slots=True)
class PackSet:
    laws: dict[str, Law] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.laws.values())

    def __len__(self) -> int:
        return len(self.laws)

    def get(self, law_id: str) -> Law:
        if law_id not in self.laws:
            guess = suggest(law_id, list(self.laws))
            raise UserError(f"unknown law id '{law_id}'",
                            [Problem(f"no pack defines '{law_id}'",
                                     fix=f"did you mean '{guess}'?" if guess
                                     else "run `policyatlas laws` for the list")])
        return self.laws[law_id]

    @property
    def rules(self) -> list[LoadedRule]:
        return [r for law in self.laws.values() for r in law.rules]


def discover(roots: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        root = Path(root)
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files.extend(sorted(root.rglob(LAW_FILE)))
        else:
            raise UserError(f"{root} does not exist",
                            [Problem("no such pack file or folder", file=str(root))])
    return files


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
FAMILIES_DIR = "_families"


@dataclass(slots=True)
class _Source:
    """One file that contributes definitions and rules to a law (the law, or its template)."""

    doc: SourceDoc
    definitions: dict[str, Definition]
    rules: list[Rule]


def _find_template(doc: SourceDoc, name: str) -> Path | None:
    for parent in [*Path(doc.path).resolve().parents, BUILTIN_PACKS]:
        candidate = parent / FAMILIES_DIR / f"{name}.yaml"
        if candidate.is_file():
            return candidate
        if parent == BUILTIN_PACKS:
            break
    candidate = BUILTIN_PACKS / FAMILIES_DIR / f"{name}.yaml"
    return candidate if candidate.is_file() else None


@cache
def _load_template(path: Path) -> tuple[FamilyTemplate, SourceDoc]:
    doc = read_document(path)
    return validate_doc(FamilyTemplate, doc, "family template"), doc


def _check_law(
    doc: SourceDoc, pack: PackFile, root: Path | None
) -> tuple[Law | None, list[Problem]]:
    problems: list[Problem] = []

    def err_in(src: SourceDoc, loc: tuple[str | int, ...], message: str,
               fix: str | None = None) -> None:
        problems.append(Problem(message, file=src.path, line=src.line_of(loc),
                                field=field_path(loc), fix=fix))

    def err(loc: tuple[str | int, ...], message: str, fix: str | None = None) -> None:
        err_in(doc, loc, message, fix)

    meta = pack.law
    if root is not None:
        rel = Path(doc.path).resolve().parent.relative_to(root.resolve()).as_posix()
        if rel != meta.id:
            err(("law", "id"), f"law id '{meta.id}' does not match its folder '{rel}'",
                f"move the file to packs/{meta.id}/{LAW_FILE} or change the id")

    sources: list[_Source] = []
    if pack.template is not None:
        tpath = _find_template(doc, pack.template)
        if tpath is None:
            err(("template",), f"no family template named '{pack.template}'",
                f"create packs/{FAMILIES_DIR}/{pack.template}.yaml")
            return None, problems
        try:
            tpl, tdoc = _load_template(tpath)
        except UserError as exc:
            return None, problems + exc.problems
        for pname, spec in tpl.parameters.items():
            have = pack.parameters.get(pname)
            if have is None:
                err(("parameters",), f"template '{tpl.family}' needs parameter '{pname}' "
                    f"({spec.type}): {spec.description}", f"add '{pname}' under `parameters:`")
            elif have.value_type != spec.type:
                err(("parameters", pname), f"parameter '{pname}' must hold {spec.type} values "
                    f"for template '{tpl.family}'")
        for key in tpl.penalties:
            if key not in pack.penalties:
                err(("penalties",), f"template '{tpl.family}' needs penalty '{key}'",
                    f"add '{key}' under `penalties:`")
        sources.append(_Source(tdoc, tpl.definitions, tpl.rules))
    sources.append(_Source(doc, pack.definitions, pack.rules))

    ptypes = {name: p.value_type for name, p in pack.parameters.items()}
    def_meta: dict[str, Definition] = {}
    for src in sources:
        def_meta.update(src.definitions)
    definitions: dict[str, Node] = {}
    parsers: list[tuple[SourceDoc, Parser]] = []
    for src in sources:
        parser = Parser(parameters=ptypes, definitions=set(def_meta), param_values={
            n: tuple(v.value for v in p.values) for n, p in pack.parameters.items()})
        parsers.append((src.doc, parser))
        for name, d in src.definitions.items():
            node = parser.parse(d.when, ("definitions", name, "when"))
            if node is not None:
                definitions[name] = node
    _check_cycles(definitions, err)

    law_start, law_end = meta.dates.effective, meta.dates.repealed or meta.dates.sunset
    taxonomy = categories()
    rules: list[LoadedRule] = []
    seen_rules: set[str] = set()
    seen_obligations: set[str] = set()
    for src, (_, parser) in zip(sources, parsers, strict=True):
        for i, rule in enumerate(src.rules):
            loc = ("rules", i)

            def rerr(sub: tuple[str | int, ...], message: str, fix: str | None = None,
                     _src: SourceDoc = src.doc) -> None:
                err_in(_src, sub, message, fix)

            if rule.id in seen_rules:
                rerr((*loc, "id"), f"rule id '{rule.id}' is used twice in this law")
            seen_rules.add(rule.id)
            node = parser.parse(rule.applies_when, (*loc, "applies_when"))
            start = rule.effective_from or law_start
            end = rule.effective_until or law_end
            if start < law_start:
                rerr((*loc, "effective_from"), "rule starts before the law's effective date")
            if end is not None and end <= start and not _repealed_early(meta):
                rerr((*loc, "effective_until"), "rule ends on or before it starts")
            for j, ob in enumerate(rule.obligations):
                oloc = (*loc, "obligations", j)
                if ob.id in seen_obligations:
                    rerr((*oloc, "id"), f"obligation id '{ob.id}' is used twice in this law")
                seen_obligations.add(ob.id)
                if ob.category not in taxonomy:
                    guess = suggest(ob.category, list(taxonomy))
                    rerr((*oloc, "category"), f"'{ob.category}' is not a taxonomy category",
                         f"did you mean '{guess}'?" if guess
                         else "see `policyatlas taxonomy` for the categories")
                if ob.penalty is not None and ob.penalty not in pack.penalties:
                    guess = suggest(ob.penalty, list(pack.penalties))
                    rerr((*oloc, "penalty"), f"no penalty named '{ob.penalty}'",
                         f"did you mean '{guess}'?" if guess
                         else "declare it under `penalties:`")
                if ob.effective_from is not None and ob.effective_from < start:
                    rerr((*oloc, "effective_from"), "obligation starts before its rule")
                for field_name in ("title", "text"):
                    for ph in _PLACEHOLDER.findall(getattr(ob, field_name)):
                        if ph not in pack.parameters:
                            rerr((*oloc, field_name), f"placeholder '{{{ph}}}' names no "
                                 "parameter of this law", "declare it under `parameters:`")
            if node is None:
                continue
            for leaf in iter_leaves(node, definitions):
                pname = getattr(leaf.value, "name", None)
                if pname and pack.parameters[pname].values[0].start > start:
                    err(("parameters", pname, "values", 0, "from"),
                        f"parameter '{pname}' has no value on {start}, when rule '{rule.id}' "
                        "starts", "add a value that starts on or before that date")
            rules.append(LoadedRule(meta.id, rule, node, start, end))

    _check_concerns(meta, rules, seen_obligations, err)

    for pdoc, parser in parsers:
        for p in parser.problems:
            problems.append(Problem(p.message, file=pdoc.path, line=pdoc.line_of(p.loc),
                                    field=field_path(p.loc), fix=p.fix))
    if problems:
        return None, problems
    return Law(pack, Path(doc.path), definitions, rules, def_meta), []


def _check_concerns(meta: LawMeta, rules: list[LoadedRule], obligations: set[str],
                    err) -> None:
    """History events and court orders may name the rules or obligations they concern."""
    known = {r.rule.id for r in rules} | obligations
    cases: set[str] = set()
    for kind, items in (("history", meta.history), ("litigation", meta.litigation)):
        for i, item in enumerate(items):
            for j, ref in enumerate(item.concerns):
                if ref not in known:
                    guess = suggest(ref, sorted(known))
                    err(("law", kind, i, "concerns", j),
                        f"'{ref}' names no rule or obligation of this law",
                        f"did you mean '{guess}'?" if guess else "use a rule or obligation id")
    for i, case in enumerate(meta.litigation):
        if case.id is not None:
            if case.id in cases:
                err(("law", "litigation", i, "id"), f"case id '{case.id}' is used twice")
            cases.add(case.id)


def _repealed_early(meta: LawMeta) -> bool:
    """A law repealed before it took effect keeps its rules for the record; they never apply."""
    return meta.dates.repealed is not None and meta.dates.repealed <= meta.dates.effective


def _check_cycles(definitions: dict[str, Node], err) -> None:
    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in stack:
            err(("definitions", name), f"definition '{name}' refers to itself via "
                f"{' -> '.join((*stack, name))}", "break the cycle")
            raise _Cycle
        for ref in ref_names(definitions.get(name)) if name in definitions else ():
            visit(ref, (*stack, name))

    for name in definitions:
        try:
            visit(name, ())
        except _Cycle:
            return


class _Cycle(Exception):
    pass


def check_files(files: list[Path], root: Path | None = None) -> tuple[PackSet, list[Problem]]:
    """Load and validate pack files; returns the laws that are valid and every problem found.

    A pack set without problems is kept in the cache (``rules/cache.py``), keyed by the bytes
    of every file it was built from."""
    from policyatlas.rules import cache

    key = cache.digest(files, BUILTIN_PACKS, extra=str(root))
    return cache.cached(key, lambda: _check_files(files, root))


def _check_files(files: list[Path], root: Path | None) -> tuple[PackSet, list[Problem]]:
    packs = PackSet()
    problems: list[Problem] = []
    for f in files:
        try:
            doc = read_document(f)
            pack = validate_doc(PackFile, doc, "pack")
        except UserError as exc:
            problems.extend(exc.problems or [Problem(exc.title, file=str(f))])
            continue
        law, found = _check_law(doc, pack, root)
        problems.extend(found)
        if law is None:
            continue
        if law.id in packs.laws:
            problems.append(Problem(f"law id '{law.id}' is also defined in "
                                    f"{packs.laws[law.id].path}", file=str(f),
                                    line=doc.line_of(("law", "id")), field="law.id",
                                    fix="give each law one pack"))
            continue
        packs.laws[law.id] = law
    return packs, problems


def load_packs(paths: Iterable[Path] | None = None) -> PackSet:
    """Load packs (the built-in ones by default); any problem is a :class:`UserError`."""
    if paths is None:
        return builtin_packs()
    roots = [Path(p) for p in paths]
    packs, problems = check_files(discover(roots))
    if problems:
        raise UserError(f"{len(problems)} problem(s) in the rule packs", problems)
    return packs


@cache
def builtin_packs() -> PackSet:
    packs, problems = check_files(discover([BUILTIN_PACKS]), root=BUILTIN_PACKS)
    if problems:
        raise UserError("the built-in rule packs are invalid (please report this)", problems)
    return packs
