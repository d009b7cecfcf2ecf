"""``policyatlas export classify|check``: US EAR and China MOFCOM export controls."""

from __future__ import annotations

from pathlib import Path

import typer

from policyatlas.cli.common import (
    AS_OF,
    OUTPUT,
    Format,
    ListFormat,
    app,
    emit,
    emit_json,
    emit_table,
    err,
    parse_date,
)
from policyatlas.errors import UserError

export_app = typer.Typer(help="Export controls: classify AI chips (US EAR) and check shipments "
                         "(US EAR and China MOFCOM).", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("classify")
def export_classify(
    spec: Path | None = typer.Argument(None, help="Chip-spec file (YAML/JSON, `chips:` list)."),
    epoch_csv: Path | None = typer.Option(None, "--epoch-csv", help="Classify every row of "
                                          "Epoch AI's ML hardware CSV."),
    as_of: str | None = AS_OF,
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv."),
    output: Path | None = OUTPUT,
) -> None:
    """ECCN 3A090 / 4A090 of each chip on a date, with TPP, performance density and why."""
    from policyatlas.report import export as render

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
        emit_json(result, output)
    elif fmt is ListFormat.csv:
        emit(render.chips_csv(result["chips"]), output)
    else:
        emit_table(lambda c: render.classification_table(result, c), output)


@export_app.command("check")
def export_check(
    shipment: Path = typer.Argument(..., help="Shipment file (YAML or JSON)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    output: Path | None = OUTPUT,
) -> None:
    """Licence or not under each regime that reaches the shipment, with why and citations."""
    from policyatlas.export.check import check_file
    from policyatlas.report import export as render

    result = check_file(shipment)
    if fmt is Format.json:
        emit_json(result, output)
    elif fmt is Format.md:
        emit(render.check_markdown(result), output)
    else:
        emit_table(lambda c: render.check_table(result, c), output)
