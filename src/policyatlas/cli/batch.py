"""``batch``: every system of a file (Parquet, CSV, JSONL or an inventory) on a date, to
Parquet — statuses and counts per system, streamed in chunks, resumable."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from policyatlas.cli.common import AS_OF, app, err, parse_date
from policyatlas.errors import Problem, UserError


class Engine(StrEnum):
    numpy = "numpy"
    duckdb = "duckdb"
    spark = "spark"


class Detail(StrEnum):
    counts = "counts"
    obligations = "obligations"


class By(StrEnum):
    law = "law"
    category = "category"


@app.command()
def batch(
    source: Path = typer.Argument(..., help="Systems: a fact table (.parquet, .csv, .jsonl; "
                                  "columns named as in docs/facts.md) or one inventory."),
    as_of: str | None = AS_OF,
    output: Path = typer.Option(..., "--output", "-o", help="Result file (.parquet), written "
                                "whole or not at all; with --engine spark, a folder."),
    errors: Path | None = typer.Option(None, "--errors", help="Bad rows (row, field, problem, "
                                       "fix) as .csv or .parquet (default: OUTPUT with "
                                       ".errors.csv)."),
    detail: Detail = typer.Option(Detail.counts, "--detail", help="counts (one row per system)"
                                  " or obligations (one row per system and obligation)."),
    by: list[By] | None = typer.Option(None, "--by", help="Also count by law and/or category "
                                       "(repeat the option)."),
    rules: bool = typer.Option(False, "--rules/--no-rules", help="Add one true/false/unknown "
                               "column per rule."),
    missing: bool = typer.Option(True, "--missing-facts/--no-missing-facts", help="Per "
                                 "system, the facts whose absence leaves a law undetermined "
                                 "(missing_facts: what to ask next)."),
    chunk_rows: int = typer.Option(131_072, "--chunk-rows", min=1, help="Rows per chunk "
                                   "(memory is bounded by the chunk)."),
    engine: Engine = typer.Option(Engine.numpy, "--engine", help="numpy (fastest on one "
                                  "machine), duckdb, or spark (past one machine)."),
    master: str | None = typer.Option(None, "--master", help="Spark master URL (with --engine "
                                      "spark; default local[2])."),
    restart: bool = typer.Option(False, "--restart", help="Ignore chunks a previous run of "
                                 "this job left, and start again."),
    packs: list[Path] | None = typer.Option(None, "--packs", help="Use these pack folders "
                                            "instead of the built-in packs."),
) -> None:
    """Evaluate every system of a file against every law on a date, at population scale."""
    from policyatlas.engine.batch.facts_table import file_format
    from policyatlas.rules.loader import builtin_packs, load_packs

    day = parse_date(as_of)
    if not source.exists():
        raise UserError(f"cannot read {source}", [Problem("no such file", file=str(source),
                                                          fix="check the path")])
    if file_format(source) is None:
        raise UserError(f"cannot read {source}", [Problem(
            f"unknown format '{source.suffix}'", file=str(source),
            fix="use .parquet, .csv, .jsonl (a fact table) or .yaml/.json (an inventory)")])
    if engine is not Engine.spark and output.suffix.lower() != ".parquet":
        raise UserError(f"cannot write {output}", [Problem(
            "the result is Parquet", file=str(output), fix="name the output *.parquet")])
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise UserError(f"cannot write {output}", [Problem(
            f"folder {output.parent} does not exist", file=str(output),
            fix="create the folder first or choose another path")])
    if master and engine is not Engine.spark:
        raise UserError("--master needs --engine spark", [Problem(
            "a Spark master URL only applies to the Spark engine", field="--master",
            fix="add --engine spark or drop --master")])
    pack_set = load_packs(packs) if packs else builtin_packs()
    errors = errors or output.with_name(output.stem + ".errors.csv")
    groups = tuple(dict.fromkeys(b.value for b in by or []))
    if engine is Engine.spark:
        _spark(source, output, errors, day, pack_set, detail.value, groups, rules, missing,
               master)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from policyatlas.engine.batch.job import JobMismatch, run_job

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("systems", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = run_job(source, output, day, pack_set, errors_path=errors,
                             chunk_rows=chunk_rows, engine=engine.value, detail=detail.value,
                             by=groups, rules=rules, missing=missing, resume=not restart,
                             progress=progress)
        except JobMismatch as exc:
            raise UserError("cannot resume", [Problem(str(exc), file=str(output),
                                                      fix="run again with --restart")]) from exc
        except ValueError as exc:
            raise UserError(f"cannot evaluate {source}", [Problem(
                str(exc), file=str(source),
                fix="see docs/batch.md for the columns a fact table needs")]) from exc
    skipped = f" ({result.skipped} chunks resumed)" if result.skipped else ""
    err.print(f"wrote {output}: {result.rows - result.errors:,} systems evaluated on {day}"
              f"{skipped}; {result.errors:,} rows with errors -> {errors}")


def _spark(source: Path, output: Path, errors: Path, day, packs, detail: str,
           by: tuple[str, ...], rules: bool, missing: bool, master: str | None) -> None:
    from policyatlas.engine.batch import spark as sp
    from policyatlas.engine.batch.facts_table import file_format
    from policyatlas.engine.batch.plan import build_plan

    fmt = file_format(source)
    if fmt == "inventory":
        raise UserError("the Spark engine reads fact tables", [Problem(
            "an inventory file is one organisation", file=str(source),
            fix="use the numpy engine, or give a .parquet/.csv/.jsonl fact table")])
    try:
        import importlib

        importlib.import_module("pyspark")
    except ImportError as exc:
        raise UserError("the Spark engine needs pyspark", [Problem(
            str(exc), fix="pip install 'policyatlas[spark]'")]) from exc
    session = sp.session(master)
    try:
        res = sp.run_files(build_plan(packs, day), str(source), str(output),
                           errors=str(errors.with_suffix("")) if errors else None, fmt=fmt,
                           detail=detail, by=by, rules=rules, missing=missing,
                           session=session)
    except ValueError as exc:
        raise UserError(f"cannot evaluate {source}", [Problem(str(exc), file=str(source))]) \
            from exc
    err.print(f"wrote {output} (Spark): {res['rows'] - res['errors']:,} systems evaluated on "
              f"{day}; {res['errors']:,} rows with errors")


__all__ = ["batch"]
