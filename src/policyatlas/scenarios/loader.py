"""Load and validate scenario files, reporting every problem with file:line:field and a fix."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policyatlas.errors import Problem, UserError
from policyatlas.rules.conditions import Node, Parser
from policyatlas.rules.loader import Law, PackSet, _check_law, builtin_packs
from policyatlas.rules.model import PackFile
from policyatlas.scenarios.facts import scenario_facts
from policyatlas.scenarios.model import ScenarioFile
from policyatlas.sourcefile import read_document
from policyatlas.validation import field_path, suggest, validate_doc

BUILTIN_SCENARIOS = Path(__file__).resolve().parent / "builtin"


@dataclass(slots=True)
class Scenario:
    file: ScenarioFile
    path: Path
    conditions: dict[str, Node]  # rule id -> parsed condition
    adds: Law | None  # the federal obligations it adds, as a law

    @property
    def id(self) -> str:
        return self.file.scenario.id

    @property
    def meta(self):
        return self.file.scenario


def _facts_for(packs: PackSet):
    ids = tuple(sorted(packs.laws))
    families = tuple(sorted({f for law in packs if (f := law.meta.family or law.pack.template)}))
    return scenario_facts(ids, families)


def check_scenario(path: Path, packs: PackSet | None = None) -> Scenario:
    """Read and validate one scenario file; raises :class:`UserError` listing every problem."""
    packs = packs or builtin_packs()
    doc = read_document(path)
    model = validate_doc(ScenarioFile, doc, "scenario")
    problems: list[Problem] = []

    def err(loc: tuple[str | int, ...], message: str, fix: str | None = None) -> None:
        problems.append(Problem(message, file=doc.path, line=doc.line_of(loc),
                                field=field_path(loc), fix=fix))

    parser = Parser(parameters={}, definitions=set(), facts=_facts_for(packs))
    conditions: dict[str, Node] = {}
    for i, rule in enumerate(model.preemption.rules):
        node = parser.parse(rule.when, ("preemption", "rules", i, "when"))
        if node is not None:
            conditions[rule.id] = node
    for p in parser.problems:
        err(p.loc, p.message, p.fix)

    adds: Law | None = None
    added_ids: set[str] = set()
    if model.adds is not None:
        sub = doc.sub("adds")
        try:
            pack = validate_doc(PackFile, sub, "pack")
        except UserError as exc:
            problems.extend(_under_adds(exc.problems))
        else:
            if pack.law.jurisdiction != "us":
                err(("adds", "law", "jurisdiction"), "added obligations must be federal",
                    "set `jurisdiction: us` and an id starting 'us/'")
            law, found = _check_law(sub, pack, None)
            problems.extend(_under_adds(found))
            adds = law
            added_ids = {ob.id for r in pack.rules for ob in r.obligations}

    for i, rule in enumerate(model.preemption.rules):
        loc = ("preemption", "rules", i)
        if rule.effect == "federalized" and not rule.replaced_by:
            err((*loc, "replaced_by"), "a federalized effect needs the added obligations that "
                "replace the state duties", "list their ids under `replaced_by` (from `adds`)")
        for j, ob_id in enumerate(rule.replaced_by):
            if ob_id not in added_ids:
                guess = suggest(ob_id, sorted(added_ids))
                err((*loc, "replaced_by", j), f"'{ob_id}' is not an obligation in `adds`",
                    f"did you mean '{guess}'?" if guess else
                    "add the federal obligation under `adds.rules[].obligations`")
    if model.preemption.default.effect == "federalized":
        err(("preemption", "default", "effect"), "the default cannot be federalized",
            "write a rule with `effect: federalized` and `replaced_by`")
    if problems:
        raise UserError(f"{doc.path} is not a valid scenario ({len(problems)} problem"
                        f"{'s' if len(problems) != 1 else ''})", problems)
    return Scenario(model, Path(path), conditions, adds)


def _under_adds(problems: list[Problem]) -> list[Problem]:
    return [Problem(p.message, p.file, p.line,
                    f"adds.{p.field}" if p.field and p.field != "(document)" else "adds", p.fix)
            for p in problems]


@cache
def builtin_scenarios() -> dict[str, Scenario]:
    out: dict[str, Scenario] = {}
    for f in sorted(BUILTIN_SCENARIOS.glob("*.yaml")):
        sc = check_scenario(f)
        out[sc.id] = sc
    return out


def find_scenario(ref: str) -> Scenario:
    """A built-in scenario by id, or a scenario file by path."""
    known = builtin_scenarios()
    if ref in known:
        return known[ref]
    p = Path(ref)
    if p.suffix.lower() in (".yaml", ".yml", ".json") or p.exists():
        return check_scenario(p)
    guess = suggest(ref, list(known))
    raise UserError(f"unknown scenario '{ref}'",
                    [Problem("no built-in scenario has this id and no such file exists",
                             fix=f"did you mean '{guess}'?" if guess
                             else "run `policyatlas scenario list`, or give a path to a "
                                  "scenario YAML file")])
