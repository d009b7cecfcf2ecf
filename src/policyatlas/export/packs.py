"""Load and validate the export-control packs (``packs/us/ear``, ``packs/cn/mofcom``).

Pydantic checks each file's shape; conditions go through the same parser as the state-law packs
(with the shipment facts of ``export/facts.py``); cross-references (parameters, definitions,
requirement ids, material ids, instrument ids, suspended announcements) are checked here. Every
problem names file, line and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from policyatlas.errors import Problem, UserError
from policyatlas.export import model as M
from policyatlas.export.facts import export_facts
from policyatlas.facts.catalogue import Fact
from policyatlas.rules.conditions import Node, Parser, iter_leaves
from policyatlas.rules.model import Parameter, ParamValue
from policyatlas.sourcefile import SourceDoc, read_document
from policyatlas.validation import field_path, suggest, validate_doc

PACKS = Path(__file__).resolve().parent.parent / "packs"
EAR_DIR = PACKS / "us" / "ear"
CN_DIR = PACKS / "cn" / "mofcom"

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class _Problems:
    doc: SourceDoc
    found: list[Problem] = field(default_factory=list)

    def __call__(self, loc: Loc, message: str, fix: str | None = None) -> None:
        self.found.append(Problem(message, file=self.doc.path, line=self.doc.line_of(loc),
                                  field=field_path(loc), fix=fix))


def _load(model: type[Any], path: Path, what: str) -> tuple[Any, SourceDoc]:
    doc = read_document(path)
    return validate_doc(model, doc, what), doc


# --- US EAR ---------------------------------------------------------------------------------


@dataclass(slots=True)
class EarRegime:
    """The EAR pack, parsed: it also serves as the 'law' the condition compiler binds against."""

    file: M.EarFile
    groups_file: M.CountryGroupsFile
    path: Path
    facts: dict[str, Fact]
    definitions: dict[str, Node]
    conditions: dict[tuple[str, str], Node]  # (section, id) -> parsed `when`
    letters: dict[str, M.IsInformedLetter] = field(default_factory=dict)  # by requirement id
    catalogue: M.CatalogueFile | None = None
    eccns: list[M.EccnEntry] = field(default_factory=list)  # equipment.yaml
    versions: dict[str, M.RuleVersion] = field(default_factory=dict)  # every file's versions
    us_person: M.UsPersonFile | None = None
    fdp: M.FdpFile | None = None
    guidance: M.GuidanceFile | None = None

    @property
    def id(self) -> str:
        return self.file.regime.id

    @property
    def definition_meta(self) -> dict[str, M.ExportDefinition]:
        return self.file.definitions

    def parameter(self, name: str) -> Parameter:
        return self.file.parameters[name]

    def param_at(self, name: str, day: dt.date) -> ParamValue:
        return self.file.parameters[name].value_on(day)

    def alias(self, code: str, day: dt.date) -> M.Alias | None:
        for a in self.groups_file.aliases:
            if a.code == code and a.on(day):
                return a
        return None

    def groups_of(self, code: str, day: dt.date) -> list[M.Membership]:
        """Memberships of ``code`` on ``day`` (after applying aliases such as HK -> CN)."""
        alias = self.alias(code, day)
        target = alias.treated_as if alias else code
        return [m for m in self.groups_file.memberships if m.country == target and m.on(day)]


def _parse_all(items: list[Any], section: str, key: str, parser: Parser,
               out: dict[tuple[str, str], Node], err: _Problems) -> None:
    seen: set[str] = set()
    for i, it in enumerate(items):
        ident = it.id
        if ident in seen:
            err((section, i, "id"), f"id '{ident}' is used twice in '{section}'")
        seen.add(ident)
        raw = getattr(it, key)
        if raw is None:
            continue
        node = parser.parse(raw, (section, i, key))
        if node is not None:
            out[(section, ident)] = node


LETTER_PREFIX = "is-informed-"


def letter_requirement(letter: M.IsInformedLetter) -> dict[str, Any]:
    """The licence requirement a letter imposes, as pack data (parsed like any requirement)."""
    reach: list[dict[str, Any]] = []
    if letter.destinations:
        reach.append({"fact": "destination.country", "in": list(letter.destinations),
                      "label": "the destination is " + ", ".join(letter.destinations)})
    if letter.destination_groups:
        reach.append({"fact": "destination.groups",
                      "contains_any": list(letter.destination_groups),
                      "label": "the destination is in " + ", ".join(letter.destination_groups)})
    reach += [{"ref": d} for d in letter.definitions]
    when = {"all": [
        {"ref": "exported"},
        {"fact": "item.named_in", "contains": letter.id, "cite": letter.citation,
         "label": f"the item is named in the letter to {letter.exporter} "
                  f"({', '.join(letter.products)})"},
        reach[0] if len(reach) == 1 else {"any": reach},
    ]}
    return {"id": LETTER_PREFIX + letter.id, "from": letter.start, "to": letter.to,
            "title": letter.title, "reason": letter.reason, "citation": letter.citation,
            "url": letter.url, "exceptions_allowed": False, "when": when,
            "uncertain": letter.uncertain}


def _letters(path: Path, ear: M.EarFile, group_ids: tuple[str, ...], make_parser: Any,
             ) -> tuple[list[M.Requirement], dict[str, M.IsInformedLetter],
                        dict[tuple[str, str], Node], list[Problem]]:
    """Each letter of ``is-informed.yaml`` as a requirement, with its parsed condition."""
    file = path / "is-informed.yaml"
    if not file.exists():
        return [], {}, {}, []
    try:
        letters, ldoc = _load(M.IsInformedFile, file, "is-informed letters")
    except UserError as exc:
        return [], {}, {}, exc.problems or [Problem(exc.title, file=str(file))]
    lerr = _Problems(ldoc)
    parser = make_parser()
    reqs: list[M.Requirement] = []
    by_id: dict[str, M.IsInformedLetter] = {}
    conditions: dict[tuple[str, str], Node] = {}
    taken = {r.id for r in ear.requirements}
    for i, letter in enumerate(letters.letters):
        rid = LETTER_PREFIX + letter.id
        if rid in taken or rid in by_id:
            lerr(("letters", i, "id"), f"requirement id '{rid}' is used twice",
                 "give the letter another id")
            continue
        for g in letter.destination_groups:
            if g not in group_ids:
                lerr(("letters", i, "destination_groups"), f"unknown group '{g}'",
                     f"use one of {', '.join(group_ids)}")
        for d in letter.definitions:
            if d not in ear.definitions:
                guess = suggest(d, sorted(ear.definitions))
                lerr(("letters", i, "definitions"), f"no definition '{d}' in regime.yaml",
                     f"did you mean '{guess}'?" if guess else None)
        data = letter_requirement(letter)
        node = parser.parse(data["when"], ("letters", i))
        if node is not None:
            conditions[("requirements", rid)] = node
        reqs.append(M.Requirement.model_validate(data))
        by_id[rid] = letter
    for p in parser.problems:
        lerr(p.loc, p.message, p.fix)
    return reqs, by_id, conditions, lerr.found


def _catalogue(path: Path) -> tuple[M.CatalogueFile | None, list[Problem]]:
    file = path / "chip-catalogue.yaml"
    if not file.exists():
        return None, []
    try:
        cat, cdoc = _load(M.CatalogueFile, file, "chip catalogue")
    except UserError as exc:
        return None, exc.problems or [Problem(exc.title, file=str(file))]
    cerr = _Problems(cdoc)
    seen: set[str] = set()
    for i, e in enumerate(cat.products):
        if e.id in seen:
            cerr(("products", i, "id"), f"id '{e.id}' is used twice")
        seen.add(e.id)
    return cat, cerr.found


def _letter_ids(path: Path) -> tuple[str, ...]:
    """Letter ids, read leniently (the full check reports a broken file with its line)."""
    try:
        data = read_document(path / "is-informed.yaml").data
        return tuple(str(x.get("id")) for x in (data or {}).get("letters", [])
                     if isinstance(x, dict))
    except (UserError, OSError, AttributeError):
        return ()


SUB_FILES: dict[str, tuple[type[Any], str]] = {
    "equipment.yaml": (M.SubPackFile, "equipment pack"),
    "end-uses.yaml": (M.SubPackFile, "end-use pack"),
    "us-person.yaml": (M.UsPersonFile, "US-person pack"),
    "fdp.yaml": (M.FdpFile, "FDP pack"),
    "guidance.yaml": (M.GuidanceFile, "guidance"),
}
# (section of the regime's conditions, attribute of the file) parsed per file.
SUB_SECTIONS = {"equipment.yaml": [("eccns", "eccns"), ("requirements", "requirements"),
                                   ("review_policies", "review_policies")],
                "end-uses.yaml": [("eccns", "eccns"), ("requirements", "requirements"),
                                  ("review_policies", "review_policies")],
                "us-person.yaml": [("us_person", "restrictions"),
                                   ("us_person_exclusions", "exclusions"),
                                   ("us_person_review", "review_policies")],
                "fdp.yaml": [("fdp", "rules")], "guidance.yaml": []}


def _sub_files(path: Path) -> tuple[dict[str, tuple[Any, SourceDoc]], list[Problem]]:
    out: dict[str, tuple[Any, SourceDoc]] = {}
    problems: list[Problem] = []
    for name, (model, what) in SUB_FILES.items():
        file = path / name
        if not file.exists():
            continue
        try:
            out[name] = _load(model, file, what)
        except UserError as exc:
            problems += exc.problems or [Problem(exc.title, file=str(file))]
    return out, problems


def check_ear(path: Path = EAR_DIR) -> tuple[EarRegime | None, list[Problem]]:
    try:
        ear, doc = _load(M.EarFile, path / "regime.yaml", "export pack")
        groups, gdoc = _load(M.CountryGroupsFile, path / "country-groups.yaml", "country groups")
    except UserError as exc:
        return None, exc.problems or [Problem(exc.title, file=str(path))]
    subs, sub_problems = _sub_files(path)
    if sub_problems:
        return None, sub_problems
    err, gerr = _Problems(doc), _Problems(gdoc)
    group_ids = tuple(g.id for g in groups.groups)
    for i, m in enumerate(groups.memberships):
        if m.group not in group_ids:
            gerr(("memberships", i, "group"), f"unknown group '{m.group}'",
                 f"declare it under `groups:` (known: {', '.join(group_ids)})")
        if m.country not in groups.countries:
            gerr(("memberships", i, "country"), f"country '{m.country}' has no name",
                 "add it under `countries:`")
    eccn_ids = tuple(dict.fromkeys(e.eccn for f, _ in subs.values()
                                   for e in getattr(f, "eccns", [])))
    guidance_ids = tuple(g.id for g in (subs["guidance.yaml"][0].guidance
                                        if "guidance.yaml" in subs else []))
    facts = export_facts(group_ids, _letter_ids(path), eccn_ids, guidance_ids)
    sub_defs: dict[str, tuple[M.ExportDefinition, str]] = {}
    for name, (f, sdoc) in subs.items():
        for dname, d in getattr(f, "definitions", {}).items():
            if dname in ear.definitions or dname in sub_defs:
                sub_problems.append(Problem(f"definition '{dname}' is declared twice",
                                            file=sdoc.path, line=sdoc.line_of(("definitions",
                                                                               dname)),
                                            field=f"definitions.{dname}", fix="rename it"))
            sub_defs[dname] = (d, name)
    all_def_names = set(ear.definitions) | set(sub_defs)
    for fmt in ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "fp6", "fp4", "int16", "int8",
                "int4"):
        if fmt not in ear.conventions.bit_lengths:
            err(("conventions", "bit_lengths"), f"no bit length for format '{fmt}'",
                f"add `{fmt}: {{bits: N}}`")
    def make_parser() -> Parser:
        return Parser(parameters={n: p.value_type for n, p in ear.parameters.items()},
                      definitions=all_def_names, facts=facts)

    parser = make_parser()
    definitions: dict[str, Node] = {}
    for name, d in ear.definitions.items():
        node = parser.parse(d.when, ("definitions", name, "when"))
        if node is not None:
            definitions[name] = node
    conditions: dict[tuple[str, str], Node] = {}
    for section in ("classification", "requirements", "exceptions", "review_policies"):
        _parse_all(getattr(ear, section), section, "when", parser, conditions, err)
    versions = {v.id for v in ear.versions}
    requirement_ids = {r.id for r in ear.requirements}
    for i, c in enumerate(ear.classification):
        if c.version not in versions:
            err(("classification", i, "version"), f"unknown version '{c.version}'",
                f"did you mean '{suggest(c.version, sorted(versions))}'?")
        for f in c.forms:
            if f not in ("ic", "board", "computer", "hbm"):
                err(("classification", i, "forms"), f"unknown form '{f}'",
                    "use ic, board, computer or hbm")
    for section in ("exceptions", "review_policies"):
        for i, x in enumerate(getattr(ear, section)):
            key = "covers" if section == "exceptions" else "applies_to"
            for rid in getattr(x, key):
                if rid not in requirement_ids:
                    guess = suggest(rid, sorted(requirement_ids))
                    err((section, i, key), f"no requirement '{rid}'",
                        f"did you mean '{guess}'?" if guess else None)
    for (section, ident), node in conditions.items():
        item = next(x for x in getattr(ear, section) if x.id == ident)
        i = getattr(ear, section).index(item)
        for leaf in iter_leaves(node, definitions):
            pname = getattr(leaf.value, "name", None)
            if pname and ear.parameters[pname].values[0].start > item.start:
                err((section, i, "from"), f"parameter '{pname}' has no value on {item.start}",
                    "add a value that starts on or before that date")
    for p in parser.problems:
        err(p.loc, p.message, p.fix)
    reqs, letters, letter_conditions, letter_problems = _letters(path, ear, group_ids,
                                                                 make_parser)
    catalogue, catalogue_problems = _catalogue(path)
    sub_conditions: dict[tuple[str, str], Node] = {}
    for name, (f, sdoc) in subs.items():
        serr = _Problems(sdoc)
        sparser = make_parser()
        for dname, d in getattr(f, "definitions", {}).items():
            node = sparser.parse(d.when, ("definitions", dname, "when"))
            if node is not None:
                definitions[dname] = node
        for _section, attr in SUB_SECTIONS[name]:
            _parse_all(getattr(f, attr), attr, "when", sparser, sub_conditions, serr)
        for p in sparser.problems:
            serr(p.loc, p.message, p.fix)
        file_versions = {v.id for v in getattr(f, "versions", [])}
        for attr in ("eccns", "requirements", "review_policies", "restrictions", "rules"):
            for i, x in enumerate(getattr(f, attr, [])):
                v = getattr(x, "version", None)
                if v is not None and v not in file_versions:
                    serr((attr, i, "version"), f"unknown version '{v}'",
                         "declare it under `versions:` (known: "
                         f"{', '.join(sorted(file_versions))})")
        sub_problems += serr.found
    # re-key the per-file sections (parsed under the file's own attribute names)
    remap = {"restrictions": "us_person", "exclusions": "us_person_exclusions"}
    keyed: dict[tuple[str, str], Node] = {}
    for (attr, ident), node in sub_conditions.items():
        section = remap.get(attr, attr)
        if attr == "review_policies" and any(
                ident in {r.id for r in getattr(f, "review_policies", [])}
                and isinstance(f, M.UsPersonFile) for f, _ in subs.values()):
            section = "us_person_review"
        if attr == "rules":
            section = "fdp"
        keyed[(section, ident)] = node
    problems = (err.found + gerr.found + letter_problems + catalogue_problems + sub_problems)
    if problems:
        return None, problems
    ear.requirements.extend(reqs)
    conditions.update(letter_conditions)
    regime = EarRegime(ear, groups, path, facts, definitions, conditions, letters, catalogue)
    for name in ("end-uses.yaml", "equipment.yaml"):
        if name in subs:
            f = subs[name][0]
            ear.requirements.extend(f.requirements)
            ear.review_policies.extend(f.review_policies)
            regime.eccns.extend(f.eccns)
    merge_problems = _check_merged(ear, subs)
    if merge_problems:
        return None, merge_problems
    conditions.update(keyed)
    ear.definitions.update({n: d for n, (d, _) in sub_defs.items()})
    for f, _ in subs.values():
        for v in getattr(f, "versions", []):
            regime.versions[v.id] = v
    for v in ear.versions:
        regime.versions.setdefault(v.id, v)
    regime.us_person = subs["us-person.yaml"][0] if "us-person.yaml" in subs else None
    regime.fdp = subs["fdp.yaml"][0] if "fdp.yaml" in subs else None
    regime.guidance = subs["guidance.yaml"][0] if "guidance.yaml" in subs else None
    return regime, []


def _check_merged(ear: M.EarFile, subs: dict[str, tuple[Any, SourceDoc]]) -> list[Problem]:
    """Ids unique across the merged files; review policies and exclusions name requirements
    that exist."""
    found: list[Problem] = []
    seen: set[str] = set()
    for r in ear.requirements:
        if r.id in seen:
            found.append(Problem(f"requirement id '{r.id}' is used twice across the EAR files",
                                 file=str(EAR_DIR), fix="give one of them another id"))
        seen.add(r.id)
    for f, sdoc in subs.values():
        serr = _Problems(sdoc)
        known = seen if not isinstance(f, M.UsPersonFile) else {r.id for r in f.restrictions}
        for i, pol in enumerate(getattr(f, "review_policies", [])):
            for rid in pol.applies_to:
                if rid not in known:
                    guess = suggest(rid, sorted(known))
                    serr(("review_policies", i, "applies_to"), f"no requirement '{rid}'",
                         f"did you mean '{guess}'?" if guess else None)
        for i, ex in enumerate(getattr(f, "exclusions", [])):
            for rid in ex.covers:
                if rid not in known:
                    serr(("exclusions", i, "covers"), f"no restriction '{rid}'")
        found += serr.found
    return found


# --- China (MOFCOM) -------------------------------------------------------------------------


@dataclass(slots=True)
class CnRegime:
    regime: M.CnRegimeFile
    announcements: list[M.Announcement]
    designations: list[M.Designation]
    path: Path

    @property
    def id(self) -> str:
        return self.regime.regime.id

    def material(self, mid: str) -> M.Material:
        return next(m for m in self.regime.materials if m.id == mid)


def _check_status(status: list[M.StatusInterval], loc: Loc, err: Callable[..., None]) -> None:
    for j in range(1, len(status)):
        prev, cur = status[j - 1], status[j]
        if prev.to is None:
            err((*loc, j - 1, "to"), "only the last status interval may be open-ended",
                f"give it a `to:` date before {cur.start}")
        elif cur.start != prev.to + dt.timedelta(days=1):
            err((*loc, j, "from"), f"status intervals must be contiguous: expected "
                f"{prev.to + dt.timedelta(days=1)}, got {cur.start}",
                "start each interval the day after the previous one ends")


def check_cn(path: Path = CN_DIR) -> tuple[CnRegime | None, list[Problem]]:
    try:
        reg, _ = _load(M.CnRegimeFile, path / "regime.yaml", "export pack")
        ann, adoc = _load(M.AnnouncementsFile, path / "announcements.yaml", "announcements")
        lists, ldoc = _load(M.ListsFile, path / "lists.yaml", "lists")
    except UserError as exc:
        return None, exc.problems or [Problem(exc.title, file=str(path))]
    err, lerr = _Problems(adoc), _Problems(ldoc)
    materials = {m.id for m in reg.materials}
    instruments = {i.id for i in reg.instruments}
    ids = [a.id for a in ann.announcements]
    measure_refs = {f"{a.id}#{m.id}" for a in ann.announcements for m in a.measures}
    for i, a in enumerate(ann.announcements):
        loc: Loc = ("announcements", i)
        if ids.count(a.id) > 1:
            err((*loc, "id"), f"announcement id '{a.id}' is used twice")
        for b in a.legal_basis:
            if b not in instruments:
                err((*loc, "legal_basis"), f"unknown instrument '{b}'",
                    f"declare it under `instruments:` in regime.yaml (known: "
                    f"{', '.join(sorted(instruments))})")
        for s in a.suspends:
            if s not in ids and s not in measure_refs:
                guess = suggest(s, [*ids, *measure_refs])
                err((*loc, "suspends"), f"'{s}' names no announcement or measure",
                    f"did you mean '{guess}'?" if guess else None)
        _check_status(a.status, (*loc, "status"), err)
        for j, it in enumerate(a.items):
            if it.material not in materials:
                guess = suggest(it.material, sorted(materials))
                err((*loc, "items", j, "material"), f"unknown material '{it.material}'",
                    f"did you mean '{guess}'?" if guess else "add it under `materials:` in "
                    "regime.yaml")
        for j, m in enumerate(a.measures):
            for mid in m.materials or ():
                if mid not in materials:
                    guess = suggest(mid, sorted(materials))
                    err((*loc, "measures", j, "materials"), f"unknown material '{mid}'",
                        f"did you mean '{guess}'?" if guess else None)
            if m.status:
                _check_status(m.status, (*loc, "measures", j, "status"), err)
    for i, d in enumerate(lists.designations):
        _check_status(d.status, ("designations", i, "status"), lerr)
    problems = err.found + lerr.found
    if problems:
        return None, problems
    return CnRegime(reg, ann.announcements, lists.designations, path), []


@cache
def ear_regime() -> EarRegime:
    regime, problems = check_ear()
    if regime is None:
        raise UserError("the built-in US EAR pack is invalid (please report this)", problems)
    return regime


@cache
def cn_regime() -> CnRegime:
    regime, problems = check_cn()
    if regime is None:
        raise UserError("the built-in China MOFCOM pack is invalid (please report this)", problems)
    return regime
