"""``assess``, ``program``, ``calendar`` and ``report``: views of one resolved assessment."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from policyatlas.cli.common import (
    AS_OF,
    OUTPUT,
    Format,
    Lang,
    app,
    emit,
    emit_table,
    err,
    load_inventory_file,
    out,
    parse_date,
)

INVENTORY = typer.Argument(..., help="Inventory file (YAML or JSON).")


def _assessment(inventory: Path, day, packs: list[Path] | None = None):
    from policyatlas.engine.assess import assess as run
    from policyatlas.rules.loader import load_packs

    inv = load_inventory_file(inventory)
    return run(inv, day, load_packs(packs) if packs else None)


@app.command()
def assess(
    inventory: Path = INVENTORY,
    as_of: str | None = AS_OF,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = OUTPUT,
    packs: list[Path] | None = typer.Option(None, "--packs", help="Use these pack folders "
                                            "instead of the built-in packs."),
    indent: int | None = typer.Option(None, "--indent", min=0, max=8,
                                      help="JSON: indent by this many spaces (default: "
                                      "compact)."),
) -> None:
    """Obligations per system and jurisdiction, with why and from when."""
    from policyatlas.report import assessment as render

    result = _assessment(inventory, parse_date(as_of), packs)
    if fmt is Format.json:
        emit(render.to_json(result, indent), output)
    elif fmt is Format.md:
        emit(render.to_markdown(result), output)
    else:
        emit_table(lambda c: render.render_table(result, c), output)


@app.command()
def program(
    inventory: Path = INVENTORY,
    as_of: str | None = AS_OF,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = OUTPUT,
) -> None:
    """One compliance programme: per category, the strictest bar and the laws that set it."""
    from policyatlas.compliance.program import build_program
    from policyatlas.report.program import program_markdown, render_program

    prog = build_program(_assessment(inventory, parse_date(as_of)))
    if fmt is Format.json:
        emit(prog.model_dump_json(indent=2) + "\n", output)
    elif fmt is Format.md:
        emit(program_markdown(prog), output)
    else:
        emit_table(lambda c: render_program(prog, c), output)


@app.command()
def calendar(
    inventory: Path = INVENTORY,
    start: str | None = typer.Option(None, "--from", help="First day (default: today)."),
    end: str | None = typer.Option(None, "--to", help="Last day (default: two years on)."),
    ics: Path | None = typer.Option(None, "--ics", help="Also write an iCalendar file."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = OUTPUT,
) -> None:
    """Start dates, sunsets, law events and recurring due dates from --from to --to."""
    from policyatlas.compliance.calendar import build_calendar, to_ics
    from policyatlas.dates import window
    from policyatlas.outputs import write_atomic
    from policyatlas.report.calendar import calendar_markdown, calendar_table

    first, last = window(start, end)
    assessment = _assessment(inventory, first)
    cal = build_calendar(assessment, first, last)
    if ics is not None:
        write_atomic(ics, to_ics(cal, assessment))
        err.print(f"wrote {ics}")
    if fmt is Format.json:
        emit(cal.model_dump_json(indent=2) + "\n", output)
    elif fmt is Format.md:
        emit(calendar_markdown(cal), output)
    else:
        emit_table(lambda c: calendar_table(cal, c), output)


@app.command()
def explain(
    inventory: Path = INVENTORY,
    system: str = typer.Argument(..., help="The system's id in the inventory."),
    law: str = typer.Argument(..., help="The law's id, e.g. us-ny-nyc/ll144-2021 "
                              "(`policyatlas laws` lists them)."),
    as_of: str | None = AS_OF,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = OUTPUT,
) -> None:
    """Why a law applies to a system or not: deciding facts, citations, changes that flip it."""
    from policyatlas.engine.why import explain_law
    from policyatlas.report import explain as render

    e = explain_law(load_inventory_file(inventory), system, law, parse_date(as_of))
    if fmt is Format.json:
        emit(render.to_json(e), output)
    elif fmt is Format.md:
        emit(render.to_markdown(e), output)
    else:
        emit_table(lambda c: render.render_table(e, c), output)


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"


@app.command()
def report(
    inventory: Path = INVENTORY,
    fmt: ReportFormat = typer.Option(ReportFormat.html, "--format", "-f",
                                     help="html, pdf or xlsx."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="en, zh-Hans or zh-Hant."),
    as_of: str | None = AS_OF,
    output: Path | None = typer.Option(None, "--output", "-o", help="Output file (default: "
                                       "policyatlas-report-LANG.FORMAT)."),
    compare: str | None = typer.Option(None, "--compare", help="Add a side-by-side section "
                                       "for these jurisdictions, e.g. us-ca,cn (added by "
                                       "default when a system is offered in mainland China)."),
) -> None:
    """A printable report: the map, obligations, the programme, the calendar and citations."""
    from policyatlas.outputs import write_atomic
    from policyatlas.report.document import build_report, render

    data = render(build_report(load_inventory_file(inventory), parse_date(as_of), lang.value,
                               compare), fmt.value)
    target = output or Path(f"policyatlas-report-{lang.value}.{fmt.value}")
    write_atomic(target, data)
    err.print(f"wrote {target} ({len(data):,} bytes)")


__all__ = ["assess", "calendar", "explain", "out", "program", "report"]
