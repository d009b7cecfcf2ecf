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
law_app = typer.Typer(help="One law in detail.", no_args_is_help=True)
app.add_typer(law_app, name="law")

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SchemaName(StrEnum):
    inventory = "inventory"
    pack = "pack"
    assessment = "assessment"
    facts = "facts"
    laws = "laws"
    program = "program"
    calendar = "calendar"
    chip = "chip"
    shipment = "shipment"
    scenario = "scenario"
    scenario_diff = "scenario-diff"
    bill_stats = "bill-stats"
    openapi = "openapi"


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
    else:
        _table(lambda c: render.render_table(result, c), output)


def _assess_file(inventory: Path, day: dt.date):
    from policyatlas.engine.assess import assess as run
    from policyatlas.facts.load import load_inventory

    inv = load_inventory(inventory)
    return inv, run(inv, day)


@app.command()
def laws(
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", "-j",
                                            help="e.g. CA, us-ny (includes NYC), NYC."),
    category: str | None = typer.Option(None, "--category", "-c", help="Taxonomy category."),
    status: str | None = typer.Option(None, "--status", "-s", help="Status on the as-of date "
                                      "(in_force, enacted_not_in_force, blocked, repealed, ...) "
                                      "or as recorded."),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default: today)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f"),
    output: Path | None = typer.Option(None, "--output", "-o"),
) -> None:
    """The laws in the packs, filtered; JSON is the policyatlas.laws/v1 contract."""
    from policyatlas.facts.jurisdictions import UnknownJurisdiction
    from policyatlas.laws import list_laws
    from policyatlas.rules.loader import builtin_packs
    from policyatlas.rules.taxonomy import categories

    if category and category not in categories():
        from policyatlas.validation import suggest

        guess = suggest(category, list(categories()))
        raise UserError(f"unknown category '{category}'",
                        [Problem("not in the taxonomy", field="--category",
                                 fix=f"did you mean '{guess}'?" if guess
                                 else "run `policyatlas taxonomy`")])
    try:
        result = list_laws(builtin_packs(), parse_date(as_of), jurisdiction, category, status)
    except UnknownJurisdiction as exc:
        raise UserError(str(exc), [Problem(str(exc), field="--jurisdiction",
                                           fix=exc.fix)]) from None
    if fmt is ListFormat.json:
        _emit(result.model_dump_json(indent=2) + "\n", output)
        return
    if fmt is ListFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        cols = ["law_id", "jurisdiction", "short_title", "status", "status_on_as_of", "signed",
                "effective", "repealed", "verified_as_of", "confidence", "obligations"]
        w = csv.writer(buf)
        w.writerow(cols)
        for law in result.laws:
            w.writerow([getattr(law, c) if getattr(law, c) is not None else "" for c in cols])
        _emit(buf.getvalue(), output)
        return
    table = Table("Law id", "Law", "Status on " + str(result.as_of), "Effective", "Confidence",
                  "Duties", title=f"{len(result.laws)} laws")
    table.columns[0].no_wrap = True
    for law in result.laws:
        flag = " ⚖" if law.litigation else ""
        table.add_row(law.law_id, law.short_title, law.status_on_as_of + flag,
                      str(law.effective), law.confidence, str(law.obligations))
    out.print(table)


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
    from policyatlas.laws import law_detail
    from policyatlas.report.lawview import law_markdown, render_law, render_tracked
    from policyatlas.rules.loader import builtin_packs

    law = builtin_packs().get(law_id)
    store_path = bills_db or default_path()
    tracked: list[dict] = []
    if bills_db is not None or store_path.exists():
        with BillStore(store_path, create=False) as store:
            tracked = tracked_bills(law, store)
    if fmt is Format.json:
        detail = {**law_detail(law), "tracked_bills": tracked}
        sys.stdout.write(json.dumps(detail, indent=2, ensure_ascii=False, default=str) + "\n")
    elif fmt is Format.md:
        sys.stdout.write(law_markdown(law))
    else:
        render_law(law, out)
        render_tracked(tracked, out)


@app.command()
def program(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default: today)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = typer.Option(None, "--output", "-o"),
) -> None:
    """The unified compliance programme: per category, the strictest requirement across all
    applicable jurisdictions and the laws that drive it."""
    from policyatlas.compliance.program import build_program
    from policyatlas.report.programview import program_markdown, render_program

    _, assessment = _assess_file(inventory, parse_date(as_of))
    prog = build_program(assessment)
    if fmt is Format.json:
        _emit(prog.model_dump_json(indent=2) + "\n", output)
    elif fmt is Format.md:
        _emit(program_markdown(prog), output)
    else:
        render_program(prog, out)


@app.command()
def calendar(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    start: str | None = typer.Option(None, "--from", help="First day (default: today)."),
    end: str | None = typer.Option(None, "--to", help="Last day (default: two years on)."),
    ics: Path | None = typer.Option(None, "--ics", help="Also write an iCalendar file."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
) -> None:
    """Effective dates, phase-ins, sunsets, law events and recurring duties ahead."""
    from policyatlas.compliance.calendar import build_calendar, to_ics
    from policyatlas.outputs import write_atomic
    from policyatlas.rules.loader import builtin_packs

    first = parse_date(start, "--from")
    last = parse_date(end, "--to") if end else first.replace(year=first.year + 2)
    if last < first:
        raise UserError("--to is before --from", [Problem(f"{last} < {first}", field="--to",
                                                          fix="give a later --to date")])
    inv, assessment = _assess_file(inventory, first)
    cal = build_calendar(assessment, builtin_packs(), first, last,
                         {s.id: s.in_use_since for s in inv.systems if s.in_use_since})
    if ics is not None:
        write_atomic(ics, to_ics(cal, assessment))
        err.print(f"wrote {ics}")
    if fmt is Format.json:
        sys.stdout.write(cal.model_dump_json(indent=2) + "\n")
        return
    if fmt is Format.md:
        lines = [f"# Compliance calendar — {cal.organization}", "",
                 f"{cal.start} to {cal.end}", "", "| Date | Law | Event | Systems |",
                 "|---|---|---|---|"]
        lines += [f"| {e.date} | {e.law_id} | {e.title} | {', '.join(e.systems)} |"
                  for e in cal.events]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    table = Table("Date", "Law", "Event", "Citation", "Systems",
                  title=f"{cal.organization}: {len(cal.events)} events {cal.start} → {cal.end}")
    for e in cal.events:
        table.add_row(str(e.date), e.law_id, e.title, e.citation or "", ", ".join(e.systems))
    out.print(table)


@app.command()
def schema(
    name: SchemaName = typer.Argument(..., help="inventory, pack, assessment, facts, laws, "
                                      "program, calendar, chip, shipment, scenario, "
                                      "scenario-diff, bill-stats or openapi."),
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


# --- export controls ------------------------------------------------------------------------

export_app = typer.Typer(help="Export controls: classify AI chips (US EAR) and check shipments "
                         "(US EAR and China MOFCOM).", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("classify")
def export_classify(
    spec: Path | None = typer.Argument(None, help="Chip-spec file (YAML/JSON, `chips:` list)."),
    epoch_csv: Path | None = typer.Option(None, "--epoch-csv", help="Classify every row of "
                                          "Epoch AI's ML hardware CSV."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date, YYYY-MM-DD (default: today)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
) -> None:
    """ECCN 3A090 / 4A090 of each chip on a date, with TPP, performance density and why."""
    from policyatlas.export import render

    day = parse_date(as_of)
    if (spec is None) == (epoch_csv is None):
        raise UserError("give a chip-spec file or --epoch-csv FILE (one of them)")
    if epoch_csv is not None:
        from rich.progress import Progress

        from policyatlas.export.epoch import classify_epoch

        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("classifying", total=None)
            result = classify_epoch(epoch_csv, day,
                                    on_start=lambda n: bar.update(task, total=n),
                                    on_row=lambda: bar.advance(task))
    else:
        from policyatlas.export.check import classify_file

        result = classify_file(spec, day)  # type: ignore[arg-type]
    if fmt is ListFormat.json:
        _emit(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", output)
    elif fmt is ListFormat.csv:
        _emit(render.chips_csv(result["chips"]), output)
    else:
        _table(lambda c: render.classification_table(result, c), output)


@export_app.command("check")
def export_check(
    shipment: Path = typer.Argument(..., help="Shipment file (YAML or JSON)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
) -> None:
    """Licence or not under each regime that reaches the shipment, with why and citations."""
    from policyatlas.export import render
    from policyatlas.export.check import check_file

    result = check_file(shipment)
    if fmt is Format.json:
        _emit(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", output)
    elif fmt is Format.md:
        _emit(render.check_markdown(result), output)
    else:
        _table(lambda c: render.check_table(result, c), output)


def _table(draw, output: Path | None) -> None:
    if output is None:
        draw(out)
        return
    console = Console(record=True, width=160, file=open("/dev/null", "w"))  # noqa: SIM115
    draw(console)
    _emit(console.export_text(), output)


# --- federal preemption scenarios -----------------------------------------------------------

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
    from policyatlas.scenarios import render
    from policyatlas.scenarios.loader import builtin_scenarios

    scenarios = builtin_scenarios()
    if fmt is ListFormat.json:
        rows = render.scenario_list_rows(scenarios)
        _emit(json.dumps({"contract": "policyatlas.scenario-list/v1", "scenarios": rows},
                         indent=2, ensure_ascii=False) + "\n", None)
    elif fmt is ListFormat.csv:
        _emit(_csv(render.scenario_list_rows(scenarios)), None)
    else:
        render.list_table(scenarios, out)


@scenario_app.command("show")
def scenario_show(
    scenario: str = typer.Argument(..., help="A built-in scenario id, or a scenario file."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """One scenario: its text, rules in order, carve-outs, added duties, assumptions, sources."""
    from policyatlas.scenarios import render
    from policyatlas.scenarios.loader import find_scenario

    sc = find_scenario(scenario)
    if fmt is Format.json:
        _emit(json.dumps(render.scenario_dict(sc), indent=2, ensure_ascii=False) + "\n", None)
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
    from policyatlas.scenarios import render
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
        _emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is DiffFormat.csv:
        _emit(render.diff_csv(result), output)
    elif fmt is DiffFormat.md:
        _emit(render.diff_markdown(result), output)
    else:
        _table(lambda c: render.diff_table(result, c), output)


def _csv(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue()


@app.command()
def stats(
    as_of: str | None = typer.Option(None, "--as-of", help="Date, YYYY-MM-DD (default: today)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv."),
    chart: Path | None = typer.Option(None, "--chart", help="Also draw a US tile map of laws "
                                      "per state to this file (.svg or .png)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file "
                                       "(written whole or not at all)."),
) -> None:
    """Landscape statistics: laws by state, subject, status and year, and the timeline."""
    from policyatlas import stats as S
    from policyatlas.outputs import write_atomic

    day = parse_date(as_of)
    result = S.compute(day)
    if chart is not None:
        write_atomic(chart, S.render_chart(result, chart))
        err.print(f"wrote {chart}")
    if fmt is ListFormat.json:
        _emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is ListFormat.csv:
        _emit(S.to_csv(result), output)
    else:
        _table(lambda c: S.render_table(result, c), output)


# --- reports and the service -----------------------------------------------------------------

class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"


class Lang(StrEnum):
    en = "en"
    zh_hans = "zh-Hans"
    zh_hant = "zh-Hant"


@app.command()
def report(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    fmt: ReportFormat = typer.Option(ReportFormat.html, "--format", "-f",
                                     help="html, pdf or xlsx."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="en, zh-Hans or zh-Hant."),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default: today)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Output file (default: "
                                       "policyatlas-report-LANG.FORMAT)."),
) -> None:
    """A printable report: the map, obligations, the programme, the calendar and citations."""
    from policyatlas.facts.load import load_inventory
    from policyatlas.outputs import write_atomic
    from policyatlas.report.document import build_report, render

    data = render(build_report(load_inventory(inventory), parse_date(as_of), lang.value),
                  fmt.value)
    target = output or Path(f"policyatlas-report-{lang.value}.{fmt.value}")
    write_atomic(target, data)
    err.print(f"wrote {target} ({len(data):,} bytes)")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
) -> None:
    """Start the HTTP service and the browser UI (OpenAPI at /api/v1/docs).

    Environment: POLICYATLAS_API_KEY (required for writes), POLICYATLAS_DATABASE_URL (saved
    assessments; default a SQLite file), POLICYATLAS_MAX_BODY, POLICYATLAS_BILLS_DB."""
    import uvicorn

    from policyatlas.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


# --- the bill tracker (its commands live beside it) ---------------------------------------------

from policyatlas.bills.commands import bills_app  # noqa: E402  (needs the helpers above)

app.add_typer(bills_app, name="bills")
