"""``laws``, ``law show``, ``taxonomy``, ``schema`` and ``packs …``: the law as data."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from policyatlas.cli.common import (
    AS_OF,
    OUTPUT,
    Format,
    Lang,
    ListFormat,
    app,
    emit,
    emit_json,
    err,
    out,
    parse_date,
)

packs_app = typer.Typer(help="Inspect, validate and test rule packs.", no_args_is_help=True)
app.add_typer(packs_app, name="packs")
law_app = typer.Typer(help="One law in detail.", no_args_is_help=True)
app.add_typer(law_app, name="law")


class Binds(StrEnum):
    organizations = "organizations"
    individuals = "individuals"
    government = "government"
    all = "all"


class SchemaName(StrEnum):
    inventory = "inventory"
    pack = "pack"
    assessment = "assessment"
    explanation = "explanation"
    facts = "facts"
    laws = "laws"
    program = "program"
    calendar = "calendar"
    chip = "chip"
    shipment = "shipment"
    scenario = "scenario"
    scenario_diff = "scenario-diff"
    bill_stats = "bill-stats"
    comparison = "comparison"
    openapi = "openapi"


@app.command()
def laws(
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", "-j",
                                            help="e.g. CA, us-ny (includes NYC), NYC."),
    category: str | None = typer.Option(None, "--category", "-c", help="Taxonomy category."),
    status: str | None = typer.Option(None, "--status", "-s", help="Status on the as-of date "
                                      "(in_force, enacted_not_in_force, blocked, repealed, ...) "
                                      "or as recorded."),
    binds: Binds = typer.Option(Binds.organizations, "--binds", "-b", help="organizations: the "
                                "packs (laws with duties for organisations); individuals or "
                                "government: known laws that bind only them; all: both."),
    as_of: str | None = AS_OF,
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f"),
    output: Path | None = OUTPUT,
) -> None:
    """The laws in the packs, filtered; JSON is the policyatlas.laws/v1 contract. With --binds
    individuals, government or all, also the known laws that place no duty on organisations."""
    from policyatlas.engine.laws import list_laws
    from policyatlas.report.laws import laws_csv, laws_table
    from policyatlas.rules.loader import builtin_packs

    result = list_laws(builtin_packs(), parse_date(as_of), jurisdiction, category, status,
                       binds=binds.value)
    if fmt is ListFormat.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is ListFormat.csv:
        emit(laws_csv(result), output)
    else:
        laws_table(result, out)


@law_app.command("show")
def law_show(
    law_id: str = typer.Argument(..., help="e.g. us-ca/sb53-2025"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    bills_db: Path | None = typer.Option(None, "--bills-db", help="Bill store to look the law's "
                                         "bills up in (default: the tracker's store, if any)."),
) -> None:
    """Metadata, version history, parameters, obligations, penalties, sources, uncertainty."""
    from policyatlas.bills.links import tracked_bills
    from policyatlas.bills.store import BillStore, default_path
    from policyatlas.engine.laws import known_detail, law_detail
    from policyatlas.report.laws import (
        known_markdown,
        law_markdown,
        render_known,
        render_law,
        render_tracked,
    )
    from policyatlas.rules.known import known_by_id
    from policyatlas.rules.loader import builtin_packs

    packs = builtin_packs()
    known = known_by_id()
    if law_id not in packs.laws and law_id in known:
        k = known[law_id]
        if fmt is Format.json:
            emit_json(known_detail(k), None)
        elif fmt is Format.md:
            sys.stdout.write(known_markdown(k))
        else:
            render_known(k, out)
        return
    law = packs.get(law_id)
    store_path = bills_db or default_path()
    tracked: list[dict] = []
    if bills_db is not None or store_path.exists():
        with BillStore(store_path, create=False) as store:
            tracked = tracked_bills(law, store)
    if fmt is Format.json:
        emit_json({**law_detail(law), "tracked_bills": tracked}, None)
    elif fmt is Format.md:
        sys.stdout.write(law_markdown(law))
    else:
        render_law(law, out)
        render_tracked(tracked, out)


class SchemaFormat(StrEnum):
    json = "json"
    md = "md"


@app.command()
def schema(
    name: SchemaName = typer.Argument(..., help="inventory, pack, assessment, explanation, "
                                      "facts, laws, "
                                      "program, calendar, chip, shipment, scenario, "
                                      "scenario-diff, bill-stats, comparison or "
                                      "openapi."),
    fmt: SchemaFormat = typer.Option(SchemaFormat.json, "--format", "-f",
                                     help="json, or md for the facts reference (docs/facts.md)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the facts' definitions."),
    output: Path | None = OUTPUT,
) -> None:
    """Print a published JSON Schema, or the definitions of the facts conditions may use
    (``facts``: JSON, or Markdown with ``--format md``)."""
    from policyatlas.cli.schemas import SCHEMAS, facts_markdown, facts_schema

    if name is SchemaName.facts:
        if fmt is SchemaFormat.md:
            emit(facts_markdown(lang.value), output)
        else:
            emit_json(facts_schema(lang.value), output)
        return
    if fmt is not SchemaFormat.json or lang is not Lang.en:
        err.print(f"[red]error[/]: --format md and --lang apply to `schema facts` only, "
                  f"not to {name.value}")
        raise typer.Exit(2)
    emit(json.dumps(SCHEMAS[name.value](), indent=2, ensure_ascii=False) + "\n", output)


@app.command()
def taxonomy() -> None:
    """The shared obligation categories, each with its label and one-line definition."""
    from rich.table import Table

    from policyatlas.rules.taxonomy import categories, category_labels

    table = Table("Category", "Label", "Definition", title="Obligation taxonomy")
    labels = category_labels()
    for cid, text in categories().items():
        table.add_row(cid, labels.get(cid, ""), text)
    out.print(table)


@packs_app.command("validate")
def packs_validate(
    paths: list[Path] | None = typer.Argument(None, help="Pack files or folders (default: the "
                                              "built-in packs)."),
) -> None:
    """Validate pack files; every problem is reported as file:line: field: message -> fix."""
    from policyatlas.rules.known import KNOWN_DIR, check_builtin, check_known
    from policyatlas.rules.loader import BUILTIN_PACKS, builtin_packs, check_files, discover

    roots = list(paths) if paths else [BUILTIN_PACKS]
    # The known-laws list (packs/_known/) is not a pack: it is validated on its own.
    known_files = [p for p in roots if p.is_file() and p.resolve().parent == KNOWN_DIR.resolve()
                   and p.name != "coverage.yaml"]
    roots = [p for p in roots if p not in known_files]
    files = discover(roots) if roots else []
    found, problems = check_files(files, root=None if paths else BUILTIN_PACKS)
    known_count = 0
    if not paths:
        known_count, more = check_builtin(set(found.laws))
        problems = [*problems, *more]
    for kf in known_files:
        laws, more = check_known(kf, set(builtin_packs().laws))
        known_count += len(laws)
        problems = [*problems, *more]
    if problems:
        for p in problems:
            sys.stderr.write(p.render() + "\n")
        err.print(f"[red]{len(problems)} problem(s)[/] in {len(files) + len(known_files)} "
                  f"file(s)")
        raise typer.Exit(1)
    tail = f"; {known_count} known law(s) without duties for organisations" if (
        known_count) else ""
    out.print(f"[green]ok[/]: {len(found)} law(s), {len(found.rules)} rule(s) in "
              f"{len(files)} file(s){tail}")


@packs_app.command("list")
def packs_list() -> None:
    """The built-in laws with their status, dates and confidence."""
    from rich.markup import escape
    from rich.table import Table

    from policyatlas.rules.loader import builtin_packs

    table = Table("Law id", "Title", "Status", "Effective", "Verified", "Confidence")
    table.columns[0].no_wrap = True
    for law in builtin_packs():
        m = law.meta
        table.add_row(law.id, escape(m.title), m.status, str(m.dates.effective),
                      str(m.verified_as_of), m.confidence)
    out.print(table)


@packs_app.command("test")
def packs_test(
    paths: list[Path] | None = typer.Argument(None, help="Pack folders (default: built-in)."),
) -> None:
    """Run every law's worked examples (tests.yaml beside law.yaml)."""
    from policyatlas.engine.cases import run_cases
    from policyatlas.rules.loader import load_packs

    results = run_cases(load_packs(paths) if paths else load_packs())
    failed = [r for r in results if not r.passed]
    for r in failed:
        sys.stderr.write(f"FAIL {r.file}:{r.line}: {r.law_id}: {r.name}: {r.detail}\n")
    out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)
