"""The ``policyatlas`` command line (Typer + Rich). Each command mirrors a library call."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from policyatlas import __version__
from policyatlas.errors import Problem, UserError

app = typer.Typer(
    name="policyatlas",
    help="AI regulation as code: which obligations apply to each AI system, where, from when, "
    "and why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
packs_app = typer.Typer(help="Inspect, validate and test rule packs.", no_args_is_help=True)
app.add_typer(packs_app, name="packs")

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class SchemaName(StrEnum):
    inventory = "inventory"
    pack = "pack"
    assessment = "assessment"
    facts = "facts"


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} '{value}' is not a date",
                        [Problem("dates are written YYYY-MM-DD", field=option,
                                 fix="e.g. --as-of 2026-01-01")]) from None


def _emit(text: str, output: Path | None) -> None:
    from policyatlas.outputs import write_atomic

    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        err.print(f"wrote {output}")


def _version(value: bool) -> None:
    if value:
        out.print(f"policyatlas {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """AI regulation as code."""


@app.command()
def assess(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date of the question, YYYY-MM-DD "
                                     "(default: today)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
    packs: list[Path] | None = typer.Option(None, "--packs", help="Use these pack folders "
                                            "instead of the built-in packs."),
) -> None:
    """Obligations per system and jurisdiction, with why and from when."""
    from policyatlas.engine.assess import assess as run
    from policyatlas.facts.load import load_inventory
    from policyatlas.report import render
    from policyatlas.rules.loader import load_packs

    day = parse_date(as_of)
    inv = load_inventory(inventory)
    result = run(inv, day, load_packs(packs) if packs else None)
    if fmt is Format.json:
        _emit(render.to_json(result), output)
    elif fmt is Format.md:
        _emit(render.to_markdown(result), output)
    elif output is not None:
        console = Console(record=True, width=160, file=open("/dev/null", "w"))  # noqa: SIM115
        render.render_table(result, console)
        _emit(console.export_text(), output)
    else:
        render.render_table(result, out)


@app.command()
def schema(
    name: SchemaName = typer.Argument(..., help="inventory, pack, assessment or facts."),
) -> None:
    """Print a published JSON Schema (or the list of facts conditions may use)."""
    from policyatlas.schemas import SCHEMAS

    sys.stdout.write(json.dumps(SCHEMAS[name.value](), indent=2, ensure_ascii=False) + "\n")


@app.command()
def taxonomy() -> None:
    """The shared obligation categories, each with its one-line definition."""
    from policyatlas.rules.taxonomy import categories

    table = Table("Category", "Definition", title="Obligation taxonomy")
    for cid, text in categories().items():
        table.add_row(cid, text)
    out.print(table)


@packs_app.command("validate")
def packs_validate(
    paths: list[Path] | None = typer.Argument(None, help="Pack files or folders (default: the "
                                              "built-in packs)."),
) -> None:
    """Validate pack files; every problem is reported as file:line: field: message -> fix."""
    from policyatlas.rules.loader import BUILTIN_PACKS, check_files, discover

    roots = list(paths) if paths else [BUILTIN_PACKS]
    files = discover(roots)
    laws, problems = check_files(files, root=None if paths else BUILTIN_PACKS)
    if problems:
        for p in problems:
            sys.stderr.write(p.render() + "\n")
        err.print(f"[red]{len(problems)} problem(s)[/] in {len(files)} pack file(s)")
        raise typer.Exit(1)
    out.print(f"[green]ok[/]: {len(laws)} law(s), {len(laws.rules)} rule(s) in "
              f"{len(files)} file(s)")


@packs_app.command("list")
def packs_list() -> None:
    """The built-in laws with their status, dates and confidence."""
    from policyatlas.rules.loader import builtin_packs

    table = Table("Law id", "Title", "Status", "Effective", "Verified", "Confidence")
    table.columns[0].no_wrap = True
    for law in builtin_packs():
        m = law.meta
        table.add_row(law.id, m.title, m.status, str(m.dates.effective), str(m.verified_as_of),
                      m.confidence)
    out.print(table)


@packs_app.command("test")
def packs_test(
    paths: list[Path] | None = typer.Argument(None, help="Pack folders (default: built-in)."),
) -> None:
    """Run every law's worked examples (tests.yaml beside law.yaml)."""
    from policyatlas.rules.cases import run_cases
    from policyatlas.rules.loader import load_packs

    results = run_cases(load_packs(paths) if paths else load_packs())
    failed = [r for r in results if not r.passed]
    for r in failed:
        sys.stderr.write(f"FAIL {r.file}:{r.line}: {r.law_id}: {r.name}: {r.detail}\n")
    out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """Entry point: user errors print a clear message and exit 2, never a traceback."""
    try:
        app()
    except UserError as exc:
        sys.stderr.write(exc.render() + "\n")  # plain text: no wrapping inside file:line
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
