"""``policyatlas screen NAME... | --file parties.csv``, ``screen ingest FILE``, ``screen lists``:
restricted-party screening against the US and Chinese lists, as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from typer.core import TyperGroup

from policyatlas.cli.common import OUTPUT, ListFormat, app, csv_text, emit, emit_json, err
from policyatlas.errors import Problem, UserError


class _DefaultToParties(TyperGroup):
    """``screen Huawei`` means ``screen parties Huawei``; ``screen ingest …`` is a command."""

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["parties", *args]
        return super().parse_args(ctx, args)


screen_app = typer.Typer(
    cls=_DefaultToParties, no_args_is_help=True,
    help="Restricted-party screening: names against the US lists (Entity List, SDN, DPL, MEU, "
    "NS-CMIC, 1260H, UFLPA, FCC, State, ...) and China's (Unreliable Entity List, export-control "
    "control and watch lists, MFA countermeasures), as of a date. 'policyatlas screen NAME...' "
    "or 'policyatlas screen --file parties.csv'; 'screen ingest FILE' loads an official "
    "download; 'screen lists' shows every list with its date. Options of a screening "
    "(--as-of, --lists, --threshold, -f, -o): 'policyatlas screen parties --help'.")
app.add_typer(screen_app, name="screen")

DB = typer.Option(None, "--db", help="Your screening store (SQLite). Default: "
                  "$POLICYATLAS_SCREENING_DB or ~/.local/share/policyatlas/screening.sqlite; "
                  "the bundled lists are used where it has none.")


def _progress():
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


def _day(value: str | None, option: str) -> dt.date:
    from policyatlas.dates import parse_date

    return parse_date(value, option) if value else dt.date.today()


def read_parties(path: Path) -> tuple[list[dict], list[int]]:
    """Parties from a CSV with a ``name`` column (``country``, ``type`` optional), with lines."""
    from policyatlas.screening.lists import _csv_rows, _text, read_bytes
    from policyatlas.screening.model import ListEntry

    shown = str(path)
    if path.is_dir():
        raise UserError(f"{shown} is a folder", [Problem("expected a CSV file", file=shown,
                                                         fix="give the parties CSV")])
    text = _text(read_bytes(path), shown)
    rows = iter(_csv_rows(text, shown))
    first = next(rows, None)
    if first is None:
        raise UserError(f"{shown} is empty", [Problem("no header", file=shown, line=1,
                                                      fix="write a header: name,country,type")])
    _, header = first
    cols = [h.strip().lower() for h in header]
    if "name" not in cols:
        raise UserError(f"{shown}: no name column", [Problem(
            f"the header is {','.join(header)[:200]!r}", file=shown, line=1, field="name",
            fix="the first line names the columns: name (required), country, type")])
    unknown = [c for c in cols if c not in ("name", "country", "type") and c]
    if unknown:
        raise UserError(f"{shown}: unknown column", [Problem(
            f"column {unknown[0]!r}", file=shown, line=1, field=unknown[0],
            fix="the columns are name, country, type")])
    types = set(ListEntry.model_fields["entity_type"].annotation.__args__)  # type: ignore[union-attr]
    parties, lines, problems = [], [], []
    from policyatlas.screening.lists import country_code

    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(cols):
            problems.append(Problem(f"{len(row)} cells, the header has {len(cols)}", file=shown,
                                    line=line, fix="quote names that contain commas"))
            continue
        r = {c: v.strip() for c, v in zip(cols, row, strict=True)}
        name = " ".join(r.get("name", "").split())
        if not name or len(name) > 500:
            problems.append(Problem("a name of 1-500 characters is needed" if not name else
                                    f"a name of {len(name)} characters", file=shown, line=line,
                                    field="name", fix="write the party's name"))
            continue
        country = r.get("country") or None
        if country and country_code(country) is None:
            problems.append(Problem(f"unknown country {country!r}", file=shown, line=line,
                                    field="country",
                                    fix="an ISO 3166-1 code such as CN, US, or leave it empty"))
            continue
        kind = (r.get("type") or "").lower() or None
        if kind is not None and kind not in types:
            problems.append(Problem(f"unknown type {kind!r}", file=shown, line=line,
                                    field="type", fix=f"one of {', '.join(sorted(types))}"))
            continue
        parties.append({"name": name, "country": country, "type": kind})
        lines.append(line)
        if len(problems) >= 20:
            break
    if problems:
        raise UserError(f"{shown}: {len(problems)} bad row(s)", problems)
    if not parties:
        raise UserError(f"{shown}: no parties", [Problem("only a header", file=shown, line=2,
                                                         fix="add one party per line")])
    return parties, lines


def _table(result, console) -> None:
    from rich.table import Table

    s = result.summary()
    console.print(f"Screening as of {result.as_of} against {len(result.lists)} list(s), "
                  f"threshold {result.threshold}: {s['parties_with_hits']} of {s['parties']} "
                  f"part{'y' if s['parties'] == 1 else 'ies'} with hits ({s['hits']} hit(s), "
                  f"{s['suspended']} suspended, {s['removed']} removed, {s['not_yet']} "
                  "listed later)")
    t = Table(show_lines=True)
    for col in ("party", "status", "list", "entry", "score", "listed", "citation / URL",
                "why"):
        t.add_column(col, overflow="fold")
    for p in result.parties:
        if not p.hits:
            t.add_row(p.party.name, "clear", "", "", "", "", "", "")
            continue
        for h in p.hits:
            d = h.as_dict(result.as_of)
            cite = "\n".join(x for x in (d["announcement"] or d["citation"], d["url"]) if x)
            t.add_row(p.party.name, f"{h.status}\n{d['note']}", h.entry.list_id,
                      h.entry.name, f"{h.score:.2f}", d["listed_on"] or "", cite,
                      "; ".join(h.reasons[:3]))
    console.print(t)


@screen_app.command("parties", hidden=True)
def parties_cmd(
    names: list[str] = typer.Argument(None, help="Names to screen."),
    file: Path | None = typer.Option(None, "--file", help="A CSV of parties: name (required), "
                                     "country, type."),
    as_of: str | None = typer.Option(None, "--as-of", help="Screen as of this date, "
                                     "YYYY-MM-DD (default: today)."),
    lists: str | None = typer.Option(None, "--lists", help="Comma-separated list ids (or us, "
                                     "cn); default: every list. See 'screen lists'."),
    threshold: float = typer.Option(0.88, "--threshold", min=0.5, max=1.0,
                                    help="Lowest match score (0.5-1; default 0.88)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv."),
    output: Path | None = OUTPUT,
    db: Path | None = DB,
    fail_on_hit: bool = typer.Option(False, "--fail-on-hit",
                                     help="Exit 1 when any party has a hit."),
) -> None:
    """Screen names (or a CSV of parties) against the lists, as of a date."""
    from policyatlas.screening.screen import screen

    day = _day(as_of, "--as-of")
    if file is not None and names:
        raise UserError("names and --file together", [Problem(
            "give names or a file, not both", field="--file", fix="drop one of them")])
    if file is None and not names:
        raise UserError("nothing to screen", [Problem(
            "no names and no --file", field="NAME", fix="give names, or --file parties.csv")])
    wanted = [x for x in (lists or "").split(",") if x.strip()] or None
    if file is not None:
        parties, lines = read_parties(file)
        with _progress() as bar:
            task = bar.add_task(f"screening {file.name}", total=len(parties))
            result = screen(parties, day, lists=wanted, threshold=threshold, store=db,
                            progress=lambda n: bar.advance(task, n), lines=lines)
    else:
        result = screen(list(names), day, lists=wanted, threshold=threshold, store=db)
    if fmt is ListFormat.json:
        emit_json(result.as_dict(), output)
    elif fmt is ListFormat.csv:
        emit(csv_text(result.rows()), output)
    else:
        from policyatlas.cli.common import emit_table

        emit_table(lambda c: _table(result, c), output)
    if fail_on_hit and any(p.is_hit for p in result.parties):
        raise typer.Exit(1)


@screen_app.command("ingest")
def ingest_cmd(
    path: Path = typer.Argument(..., help="An official download: consolidated.csv (trade.gov "
                                "CSL), SDN.CSV or its folder (with ALT/ADD.CSV), CONS_PRIM.CSV, "
                                "an nsfreg list JSON, the OFAC SDN JSON/CSV, China's "
                                "announcement folder or entity JSON, or an OpenSanctions CSV."),
    list_id: str | None = typer.Option(None, "--list", help="Only this list (from a file of "
                                       "several), or the list the file stands for."),
    list_date: str | None = typer.Option(None, "--list-date", help="The list's date, "
                                         "YYYY-MM-DD, where the file carries none."),
    db: Path | None = DB,
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table or json (what changed)."),
) -> None:
    """Load a full list download into your store: all of it or nothing; again: no change."""
    from policyatlas.screening.lists import read_path
    from policyatlas.screening.store import ScreeningStore, default_path

    day = _day(list_date, "--list-date") if list_date else None
    with _progress() as bar:
        reading = bar.add_task(f"reading {path.name}", total=None)
        datas = read_path(path, list_id=list_id, list_date=day)  # all validated first
        total = sum(len(d.entries) for d in datas)
        bar.update(reading, total=1, completed=1)
        storing = bar.add_task("storing", total=total)
        with ScreeningStore(db or default_path(), create=True) as store:
            changes = store.ingest(datas, progress=lambda n: bar.advance(storing, n))
    if fmt is ListFormat.json:
        emit_json({"path": str(path), "lists": [c.as_dict() for c in changes]}, None)
        return
    for c in changes:
        if c.unchanged:
            err.print(f"{c.list_id} ({c.list_date}): {c.rows} entries, unchanged")
        else:
            err.print(f"{c.list_id} ({c.list_date}): {c.rows} entries: {c.added} new, "
                      f"{c.changed} changed, {c.removed} no longer listed")
    for d in datas:
        if not d.redistributable:
            err.print(f"note: {d.info.list_id} is {d.licence}: kept in your store only")


@screen_app.command("lists")
def lists_cmd(
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f",
                                   help="table, json or csv."),
    output: Path | None = OUTPUT,
    db: Path | None = DB,
) -> None:
    """Every list: its date, rows, authority, where it comes from (bundled or your store)."""
    from policyatlas.screening.store import available, open_store

    store = open_store(db)
    try:
        items = list(available(store).values())
    finally:
        if store is not None:
            store.close()
    rows = [{"list": s.info.list_id, "name": s.info.name, "jurisdiction": s.info.jurisdiction,
             "list_date": s.info.list_date.isoformat(), "rows": s.rows, "origin": s.origin,
             "authority": s.info.authority, "licence": s.licence,
             "provenance": s.info.provenance} for s in items]
    if fmt is ListFormat.json:
        emit_json({"lists": [s.as_dict() for s in items]}, output)
    elif fmt is ListFormat.csv:
        emit(csv_text(rows), output)
    else:
        from rich.table import Table

        from policyatlas.cli.common import emit_table

        def draw(console) -> None:
            t = Table()
            for col in ("list", "name", "date", "rows", "origin", "authority"):
                t.add_column(col, overflow="fold")
            for r in rows:
                t.add_row(r["list"], r["name"], r["list_date"], f"{r['rows']:,}", r["origin"],
                          r["authority"])
            console.print(t)

        emit_table(draw, output)


# --- screen evaluate (name-matching accuracy) ------------------------------------------------
@screen_app.command("evaluate")
def screen_evaluate(
    data: Path = typer.Option(Path("../shared/data/name_matching"), "--data",
                              help="Folder of labelled name-matching sets."),
    fmt: str = typer.Option("md", "--format", "-f", help="md or json."),
    threshold: float = typer.Option(0.88, "--threshold", min=0.0, max=1.0,
                                    help="Match threshold."),
) -> None:
    """Precision and recall of the name matcher on labelled name pairs, per set and split."""
    import json

    from rich.progress import Progress

    from policyatlas.screening.evaluate import as_markdown, evaluate

    if fmt not in ("md", "json"):
        raise UserError(f"unknown format {fmt!r}", [Problem("--format", fix="md or json")])
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("evaluating", total=None)
        scores = evaluate(data, threshold=threshold,
                          progress=lambda what: bar.update(task, description=what))
    if fmt == "json":
        emit(json.dumps({k: [s.as_dict() for s in v] for k, v in scores.items()},
                        indent=2) + "\n", None)
    else:
        emit(as_markdown(scores), None)
