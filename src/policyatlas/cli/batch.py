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
    source: str = typer.Argument(..., help="Systems: a fact table (.parquet, .csv, .jsonl; "
                                 "columns named as in docs/facts.md) or one inventory; with "
                                 "--engine spark also a folder or a URI (hdfs://, s3a://…)."),
    as_of: str | None = AS_OF,
    output: str = typer.Option(..., "--output", "-o", help="Result file (.parquet), written "
                               "whole or not at all; with --engine spark, a folder or URI."),
    errors: str | None = typer.Option(None, "--errors", help="Bad rows (row, field, problem, "
                                      "fix) as .csv or .parquet (default: OUTPUT with "
                                      ".errors.csv; with --engine spark, a Parquet folder)."),
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
    from policyatlas.rules.loader import builtin_packs, load_packs

    day = parse_date(as_of)
    spark = engine is Engine.spark
    for name, value in (("SOURCE", source), ("--output", output), ("--errors", errors)):
        if value and _is_uri(value) and not spark:
            raise UserError(f"cannot use {value}", [Problem(
                "a URI is read or written by Spark", field=name,
                fix="add --engine spark, or give a local path")])
    if master and not spark:
        raise UserError("--master needs --engine spark", [Problem(
            "a Spark master URL only applies to the Spark engine", field="--master",
            fix="add --engine spark or drop --master")])
    if not _is_uri(source):
        _check_source(Path(source), spark)
    if not _is_uri(output):
        out = Path(output)
        if not spark and out.suffix.lower() != ".parquet":
            raise UserError(f"cannot write {output}", [Problem(
                "the result is Parquet", file=output, fix="name the output *.parquet")])
        if not (out.parent if str(out.parent) else Path(".")).is_dir():
            raise UserError(f"cannot write {output}", [Problem(
                f"folder {out.parent} does not exist", file=output,
                fix="create the folder first or choose another path")])
    pack_set = load_packs(packs) if packs else builtin_packs()
    groups = tuple(dict.fromkeys(b.value for b in by or []))
    if spark:
        _spark(source, output, errors or _sibling(output, ".errors"), day, pack_set,
               detail.value, groups, rules, missing, master)
        return
    source_path, output_path = Path(source), Path(output)
    errors_path = Path(errors) if errors else \
        output_path.with_name(output_path.stem + ".errors.csv")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from policyatlas.engine.batch.job import JobMismatch, run_job

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("systems", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = run_job(source_path, output_path, day, pack_set, errors_path=errors_path,
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
              f"{skipped}; {result.errors:,} rows with errors -> {errors_path}")


def _is_uri(value: str) -> bool:
    """``scheme://…`` (hdfs, s3a, gs, abfss, file …): a location Spark resolves."""
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.replace("+", "").isalnum()


def _sibling(output: str, suffix: str) -> str:
    """OUTPUT's errors location: beside it, with ``suffix`` (URIs kept as written)."""
    return output.rstrip("/").removesuffix(".parquet") + suffix


def _check_source(source: Path, spark: bool) -> None:
    from policyatlas.engine.batch.facts_table import file_format

    if not source.exists():
        raise UserError(f"cannot read {source}", [Problem("no such file", file=str(source),
                                                          fix="check the path")])
    if spark and source.is_dir():
        return  # a folder of part files: Spark reads it (Parquet unless its files say otherwise)
    if file_format(source) is None:
        raise UserError(f"cannot read {source}", [Problem(
            f"unknown format '{source.suffix}'", file=str(source),
            fix="use .parquet, .csv, .jsonl (a fact table) or .yaml/.json (an inventory)")])


def _spark_format(source: str) -> str | None:
    """The format of a Spark source: from its suffix; a folder or URI without one is Parquet."""
    from policyatlas.engine.batch.facts_table import file_format

    suffix = Path(source.rstrip("/").rpartition("/")[2]).suffix
    if not suffix and (_is_uri(source) or Path(source).is_dir()):
        return "parquet"
    return file_format(Path(f"x{suffix}"))


def _spark(source: str, output: str, errors: str, day, packs, detail: str,
           by: tuple[str, ...], rules: bool, missing: bool, master: str | None) -> None:
    from policyatlas.engine.batch import spark as sp
    from policyatlas.engine.batch.plan import build_plan

    fmt = _spark_format(source)
    if fmt is None:
        raise UserError(f"cannot read {source}", [Problem(
            "unknown format", file=source,
            fix="use .parquet, .csv or .jsonl, or a folder of Parquet files")])
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
        res = sp.run_files(build_plan(packs, day), source, output,
                           errors=errors.removesuffix(".csv").removesuffix(".parquet"), fmt=fmt,
                           detail=detail, by=by, rules=rules, missing=missing,
                           session=session)
    except ValueError as exc:
        raise UserError(f"cannot evaluate {source}", [Problem(str(exc), file=str(source))]) \
            from exc
    err.print(f"wrote {output} (Spark): {res['rows'] - res['errors']:,} systems evaluated on "
              f"{day}; {res['errors']:,} rows with errors")


__all__ = ["batch"]
