"""``policyatlas cn filings search|stats|check``: China's CAC algorithm filing lists."""

from __future__ import annotations

from pathlib import Path

import typer

from policyatlas.cli.common import (
    OUTPUT,
    Format,
    ListFormat,
    app,
    csv_text,
    emit,
    emit_json,
    emit_table,
    load_inventory_file,
)
from policyatlas.errors import Problem, UserError

cn_app = typer.Typer(help="China: the CAC's public algorithm filing lists (算法备案).",
                     no_args_is_help=True)
filings_app = typer.Typer(
    help="The CAC's algorithm-recommendation and deep-synthesis filing lists (2022-08 on): "
    "search them, count them, check an inventory's providers against them.",
    no_args_is_help=True)
cn_app.add_typer(filings_app, name="filings")
app.add_typer(cn_app, name="cn")

DATA = typer.Option(None, "--data", help="The filings folder or its .csv / .csv.gz file "
                    "(default: $POLICYATLAS_CN_FILINGS, else "
                    "../shared/data/ai_rules_texts/cn_cac/filings beside the checkout).")


def _index(data: Path | None):
    from policyatlas.cn.filings import open_index

    return open_index(data)


@filings_app.command("search")
def filings_search(
    query: str = typer.Argument(..., help="A company (Chinese or English name), an algorithm "
                                "or product name, or a filing number 网信算备…号."),
    data: Path | None = DATA,
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=10_000,
                              help="Show at most this many filings (strongest matches first)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv."),
    output: Path | None = OUTPUT,
) -> None:
    """Filings by company, algorithm, product or filing number, each with why it matched."""
    from policyatlas.report import cn_filings as render

    result = _index(data).search(query, limit)
    if fmt is ListFormat.json:
        emit_json(result.as_dict(), output)
    elif fmt is ListFormat.csv:
        emit(csv_text(render.search_csv_rows(result)), output)
    else:
        emit_table(lambda c: render.search_table(result, c), output)


@filings_app.command("stats")
def filings_stats(
    data: Path | None = DATA,
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv (csv: the counts by batch)."),
    output: Path | None = OUTPUT,
) -> None:
    """Counts by filing type, batch, province, algorithm class and role."""
    from policyatlas.report import cn_filings as render

    stats = _index(data).stats()
    if fmt is ListFormat.json:
        emit_json(stats, output)
    elif fmt is ListFormat.csv:
        emit(csv_text(stats["by_batch"]), output)
    else:
        emit_table(lambda c: render.stats_table(stats, c), output)


@filings_app.command("check")
def filings_check(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    data: Path | None = DATA,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    output: Path | None = OUTPUT,
) -> None:
    """Per system: the provider's filings (systems[].vendor, else the organisation) and the
    declared cn_filing_number / cn_filing_status against the lists."""
    from policyatlas.cn.filings import check_inventory
    from policyatlas.report import cn_filings as render

    if fmt is Format.md:
        raise UserError("cn filings check writes table or json", [Problem(
            "markdown is not offered for this command", field="--format",
            fix="use -f table or -f json")])
    inv = load_inventory_file(inventory)
    result = check_inventory(inv, _index(data))
    if fmt is Format.json:
        emit_json(result, output)
    else:
        emit_table(lambda c: render.check_table(result, c), output)
