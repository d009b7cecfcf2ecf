"""``policyatlas scenario …`` (federal preemption scenarios) and ``stats`` (the landscape)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from policyatlas.cli.common import (
    Format,
    ListFormat,
    app,
    csv_text,
    emit,
    emit_json,
    emit_table,
    err,
    out,
    parse_date,
)
from policyatlas.errors import Problem, UserError

scenario_app = typer.Typer(help="Federal preemption scenarios: what a national AI standard would "
                           "remove, keep and add.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class ContestedAs(StrEnum):
    kept = "kept"
    removed = "removed"


@scenario_app.command("list")
def scenario_list(
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """The built-in scenarios: what each models, its status, window and confidence."""
    from policyatlas.report import scenarios as render
    from policyatlas.scenarios.loader import builtin_scenarios

    scenarios = builtin_scenarios()
    if fmt is ListFormat.json:
        rows = render.scenario_list_rows(scenarios)
        emit_json({"contract": "policyatlas.scenario-list/v1", "scenarios": rows}, None)
    elif fmt is ListFormat.csv:
        emit(csv_text(render.scenario_list_rows(scenarios)), None)
    else:
        render.list_table(scenarios, out)


@scenario_app.command("show")
def scenario_show(
    scenario: str = typer.Argument(..., help="A built-in scenario id, or a scenario file."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """One scenario: its text, rules in order, carve-outs, added duties, assumptions, sources."""
    from policyatlas.report import scenarios as render
    from policyatlas.scenarios.loader import find_scenario

    sc = find_scenario(scenario)
    if fmt is Format.json:
        emit_json(render.scenario_dict(sc), None)
    else:
        render.show_table(sc, out)


@scenario_app.command("validate")
def scenario_validate(
    files: list[Path] = typer.Argument(..., help="Scenario files to check."),
) -> None:
    """Check scenario files; every problem is reported as file:line: field: message -> fix."""
    from policyatlas.scenarios.loader import check_scenario

    problems: list[Problem] = []
    for f in files:
        try:
            check_scenario(f)
        except UserError as exc:
            problems.extend(exc.problems or [Problem(exc.title, file=str(f))])
    if problems:
        raise UserError(f"{len(problems)} problem(s) in {len(files)} scenario file(s)", problems)
    out.print(f"ok: {len(files)} scenario file(s)")


@scenario_app.command("diff")
def scenario_diff(
    scenario: str = typer.Argument(..., help="A built-in scenario id, or a scenario file."),
    inventory: Path | None = typer.Option(None, "--inventory", "-i", help="Inventory file; "
                                          "without it, the whole landscape."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date of the question, YYYY-MM-DD "
                                     "(default: today)."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f",
                                   help="table, json, csv or md."),
    contested: ContestedAs = typer.Option(ContestedAs.kept, "--contested",
                                          help="Count contested obligations as kept (default) "
                                          "or removed."),
    accepting: str | None = typer.Option(None, "--accepting", help="Funding-condition "
                                         "scenarios: 'all', 'none' or state codes (CA,TX)."),
    enacted: str | None = typer.Option(None, "--enacted", help="Assume the text is enacted on "
                                       "this day (YYYY-MM-DD) instead of the scenario's start."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
) -> None:
    """Obligations removed, kept (and why) and added, per jurisdiction, with burden metrics."""
    from policyatlas.facts.jurisdictions import UnknownJurisdiction, normalize
    from policyatlas.facts.load import load_inventory
    from policyatlas.report import scenarios as render
    from policyatlas.scenarios.diff import diff
    from policyatlas.scenarios.loader import find_scenario

    day = parse_date(as_of)
    starts = parse_date(enacted, "--enacted") if enacted else None
    sc = find_scenario(scenario)
    acc: list[str] | str | None = None
    if accepting is not None:
        if accepting.strip().lower() in ("all", "none"):
            acc = accepting.strip().lower()
        else:
            try:
                acc = [normalize(x) for x in accepting.split(",") if x.strip()]
            except UnknownJurisdiction as exc:
                raise UserError(f"--accepting: {exc}", [Problem(str(exc), field="--accepting",
                                                                fix=exc.fix)]) from None
        if sc.file.preemption.funding_condition is None:
            raise UserError(f"--accepting applies only to funding-condition scenarios; "
                            f"'{sc.id}' has none",
                            [Problem("remove --accepting", field="--accepting")])
    inv = load_inventory(inventory) if inventory is not None else None
    result = diff(sc, day, inv, contested_as=contested.value, accepting=acc,  # type: ignore[arg-type]
                  starts=starts)
    if fmt is DiffFormat.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is DiffFormat.csv:
        emit(render.diff_csv(result), output)
    elif fmt is DiffFormat.md:
        emit(render.diff_markdown(result), output)
    else:
        emit_table(lambda c: render.diff_table(result, c), output)


class StatsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command()
def stats(
    as_of: str | None = typer.Option(None, "--as-of", help="Date, YYYY-MM-DD (default: today)."),
    fmt: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f",
                                    help="table, json, csv, or md (the coverage document)."),
    coverage: bool = typer.Option(False, "--coverage", help="Only the coverage by category: the "
                                  "survey's known counts beside the packs encoded now (with -f "
                                  "md, docs/coverage.md)."),
    chart: Path | None = typer.Option(None, "--chart", help="Also draw a US tile map of laws "
                                      "per state to this file (.svg or .png)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
) -> None:
    """Landscape statistics: laws by state, subject, status and year, the timeline, the known laws
    that bind only individuals or government, and coverage by category (contract stats/v1)."""
    from policyatlas.compliance.landscape import compute
    from policyatlas.outputs import write_atomic
    from policyatlas.report import stats as S

    day = parse_date(as_of)
    result = compute(day)
    if chart is not None:
        write_atomic(chart, S.render_chart(result, chart))
        err.print(f"wrote {chart}")
    if fmt is StatsFormat.md:
        emit(S.coverage_markdown(result), output)
    elif fmt is StatsFormat.json:
        body = result.coverage.model_dump_json(indent=2) if coverage else result.model_dump_json(
            indent=2)
        emit(body + "\n", output)
    elif fmt is StatsFormat.csv:
        emit(S.to_csv(result), output)
    elif coverage:
        emit_table(lambda c: S.coverage_table(result, c), output)
    else:
        emit_table(lambda c: S.render_table(result, c), output)
