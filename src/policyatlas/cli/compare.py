"""``compare``: the same systems' duties in several jurisdictions, side by side."""

from __future__ import annotations

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
    load_inventory_file,
    parse_date,
)


@app.command()
def compare(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    jurisdictions: str = typer.Option(..., "--jurisdictions", "-j",
                                      help="Comma-separated codes, e.g. us-ca,us-ny,cn (a state "
                                      "includes its cities' laws; us is federal law)."),
    as_of: str | None = AS_OF,
    system: str | None = typer.Option(None, "--system", help="Only this system (its id)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, md or json."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="en, zh-Hans or zh-Hant."),
    output: Path | None = OUTPUT,
) -> None:
    """Per system and category, each jurisdiction's duties side by side, with what doing one
    satisfies of the other."""
    from policyatlas.compliance.compare import build_comparison, parse_jurisdictions
    from policyatlas.engine.assess import assess
    from policyatlas.report import compare as render

    codes = parse_jurisdictions(jurisdictions)  # bad codes fail before the inventory is read
    day = parse_date(as_of)
    result = build_comparison(assess(load_inventory_file(inventory), day), codes, system)
    if fmt is Format.json:
        emit(render.to_json(result), output)
    elif fmt is Format.md:
        emit(render.to_markdown(result, lang.value), output)
    else:
        emit_table(lambda c: render.render_table(result, c, lang.value), output)


__all__ = ["compare"]
