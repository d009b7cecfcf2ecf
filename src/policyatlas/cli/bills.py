"""``policyatlas bills …``: the bill tracker's commands."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from policyatlas.cli.common import (
    Format,
    ListFormat,
    app,
    csv_text,
    emit,
    emit_table,
    err,
    parse_date,
)

bills_app = typer.Typer(help="State AI bill tracker: ingest Open States / LegiScan data, search, "
                        "statistics and change alerts.", no_args_is_help=True)
app.add_typer(bills_app, name="bills")

DB_OPTION = typer.Option(None, "--db", help="The bill store (SQLite file). Default: "
                         "$POLICYATLAS_BILLS_DB or ~/.local/share/policyatlas/bills.sqlite.")


class InputFormat(StrEnum):
    auto = "auto"
    openstates = "openstates"
    openstates_v3 = "openstates-v3"
    legiscan = "legiscan"
    legiscan_dataset = "legiscan-dataset"
    openstates_csv = "openstates-csv"
    openstates_json = "openstates-json"
    tracker_csv = "tracker-csv"
    techequity_ca = "techequity-ca"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


class ChangeKind(StrEnum):
    all = "all"
    new = "new"
    changed = "changed"


def _store(db: Path | None, *, create: bool = False):
    from policyatlas.bills.store import BillStore, default_path

    return BillStore(db or default_path(), create=create)


def _progress():
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


@bills_app.command("ingest")
def ingest(
    path: Path = typer.Argument(..., help="A bill file (.json / .json.gz, a LegiScan dataset "
                                "or Open States bulk .zip, a tracker .csv) or a folder of them."),
    fmt: InputFormat = typer.Option(InputFormat.auto, "--format", help="Input format "
                                    "(default: recognised from the content)."),
    db: Path | None = DB_OPTION,
) -> None:
    """Validate and store bills; unchanged bills are left alone, changed ones get a version."""
    from policyatlas.bills.inputs import merge_sources, read_path

    chosen = None if fmt is InputFormat.auto else fmt.value
    with _progress() as bar:
        reading = bar.add_task(f"reading {path.name}", total=None)
        records = []
        for _, batch in read_path(path, chosen):  # everything is validated before storing
            records += batch
            bar.advance(reading, len(batch))
        bar.update(reading, total=len(records), completed=len(records))
        records = merge_sources(records)
        storing = bar.add_task("storing", total=len(records))
        with _store(db, create=True) as store:
            result = store.ingest(records, path=str(path), fmt=chosen,
                                  progress=lambda n: bar.advance(storing, n))
    err.print(f"{result.records} bill(s): {result.new} new, {result.changed} changed, "
              f"{result.unchanged} unchanged (data as of {result.data_as_of})")


@bills_app.command("fetch")
def fetch(
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", "-j",
                                            help="State name or code, e.g. CA."),
    session: str | None = typer.Option(None, "--session", help="Session id, e.g. 20252026."),
    query: str | None = typer.Option(None, "--query", "-q", help="Full-text search."),
    updated_since: str | None = typer.Option(None, "--updated-since",
                                             help="Only bills updated since, YYYY-MM-DD."),
    max_pages: int | None = typer.Option(None, "--max-pages", min=1,
                                         help="Stop after this many pages of 20."),
    db: Path | None = DB_OPTION,
) -> None:
    """Fetch bills from the live Open States API v3 (key in OPENSTATES_API_KEY) and ingest them."""
    from policyatlas.bills.openstates import OpenStatesClient

    since = parse_date(updated_since, "--updated-since") if updated_since else None
    client = OpenStatesClient()
    records = client.fetch(jurisdiction=jurisdiction, session=session, query=query,
                           updated_since=since, max_pages=max_pages)
    with _store(db, create=True) as store:
        result = store.ingest(records, path="open states api v3", fmt="openstates-v3")
    err.print(f"{result.records} bill(s): {result.new} new, {result.changed} changed, "
              f"{result.unchanged} unchanged")


@bills_app.command("stats")
def stats(
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv."),
    everything: bool = typer.Option(False, "--all", help="Count every stored bill, not only "
                                    "those the classifier finds AI-relevant."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    db: Path | None = DB_OPTION,
) -> None:
    """NCSL-style counts: by state, status, topic and year."""
    from policyatlas.bills.stats import compute, csv_rows
    from policyatlas.report import bills as render

    with _store(db) as store:
        result = compute(store, everything=everything)
    if fmt is ListFormat.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is ListFormat.csv:
        emit(csv_text(csv_rows(result)), output)
    else:
        emit_table(lambda c: render.stats_table(result, c), output)


@bills_app.command("search")
def search(
    query: str = typer.Argument(..., help='Words, "phrases", AND/OR/NOT, prefix*.'),
    state: list[str] = typer.Option([], "--state", "-s", help="Only these states (repeatable)."),
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only bills with this topic."),
    status: str | None = typer.Option(None, "--status", help="Only bills with this status."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=500),
    exact: bool = typer.Option(False, "--exact", help="Only the words as typed: no synonyms "
                               "(deepfake / synthetic media / materially deceptive media …)."),
    fmt: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f", help="table or json."),
    db: Path | None = DB_OPTION,
) -> None:
    """Full-text search over titles, abstracts and texts, best matches first; a term also finds
    the other wordings of the same thing (synonyms in bills/topics.yaml)."""
    from policyatlas.bills.classify import topic_ids
    from policyatlas.bills.status import STATUSES
    from policyatlas.bills.store import state_codes
    from policyatlas.errors import Problem, UserError
    from policyatlas.report import bills as render
    from policyatlas.validation import suggest

    where, params = ["1"], []
    if state:
        where.append(f"b.jurisdiction IN ({','.join('?' * len(state))})")
        params += state_codes(state)
    if topic:
        if topic not in topic_ids():
            raise UserError(f"unknown topic {topic!r}", [Problem(
                suggest(topic, list(topic_ids())) or "", field="--topic",
                fix=f"one of: {', '.join(topic_ids())}")])
        where.append("EXISTS (SELECT 1 FROM json_each(b.topics) WHERE value = ?)")
        params.append(topic)
    if status:
        if status not in STATUSES:
            raise UserError(f"unknown status {status!r}", [Problem(
                "", field="--status", fix=f"one of: {', '.join(STATUSES)}")])
        where.append("b.status = ?")
        params.append(status)
    with _store(db) as store:
        data = render.search_dict(store.search_counted(
            query, limit=limit, where=" AND ".join(where), params=params, synonyms=not exact))
    if fmt is ShowFormat.json:
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", None)
    else:
        emit_table(lambda c: render.search_table(data, c), None)


@bills_app.command("show")
def show(
    bill: str = typer.Argument(..., help="An id (ocd-bill/…) or 'STATE [SESSION] NUMBER', e.g. "
                               "'VA 2024 HB 747'."),
    fmt: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f", help="table or json."),
    db: Path | None = DB_OPTION,
) -> None:
    """One bill: status and why, topics and the passages behind them, actions, versions, law."""
    from policyatlas.report import bills as render

    with _store(db) as store:
        data = render.bill_dict(store, store.find(bill))
    if fmt is ShowFormat.json:
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", None)
    else:
        emit_table(lambda c: render.show_bill(data, c), None)


@bills_app.command("changes")
def changes(
    since: str | None = typer.Option(None, "--since", help="Changes recorded on or after this "
                                     "date, YYYY-MM-DD (default: all)."),
    kind: ChangeKind = typer.Option(ChangeKind.all, "--kind", help="all, new or changed."),
    state: list[str] = typer.Option([], "--state", "-s", help="Only these states (repeatable)."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    db: Path | None = DB_OPTION,
) -> None:
    """What changed between ingests: new bills, new actions, status moves, edited text."""
    from policyatlas.bills.store import state_codes
    from policyatlas.report import bills as render

    day = parse_date(since, "--since") if since else None
    with _store(db) as store:
        rows = render.change_rows(store.changes(
            day, None if kind is ChangeKind.all else kind.value, state_codes(state)))
    if fmt is ListFormat.json:
        emit(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", output)
    elif fmt is ListFormat.csv:
        flat = [{**r, "fields": " ".join(r["fields"]), "version": str(r["version"])}
                for r in rows]
        emit(csv_text(flat), output)
    else:
        emit_table(lambda c: render.changes_table(rows, c), output)


@bills_app.command("watch")
def watch(
    inventory: Path = typer.Argument(..., help="Inventory file (YAML or JSON)."),
    since: str | None = typer.Option(None, "--since", help="Only bills that moved on or after "
                                     "this date (a newer action, or a change an ingest "
                                     "recorded), YYYY-MM-DD."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date of the question (default: "
                                     "today): bills whose session is over by then are not "
                                     "pending."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Show the best N."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or "
                                   "csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    db: Path | None = DB_OPTION,
) -> None:
    """Pending bills that touch the inventory's systems, ranked, each with why: in the
    jurisdictions where a system operates, with topics its kinds, uses and decision domains
    point to."""
    from policyatlas.bills.watch import watch as run
    from policyatlas.cli.common import load_inventory_file
    from policyatlas.report import bills as render

    inv = load_inventory_file(inventory)
    day = parse_date(since, "--since") if since else None
    today = parse_date(as_of, "--as-of") if as_of else None
    with _store(db) as store:
        data = run(store, inv, since=day, today=today, limit=limit)
    if fmt is ListFormat.json:
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)
    elif fmt is ListFormat.csv:
        emit(csv_text([{"score": str(b["score"]), "bill": b["bill"], "status": b["status"],
                        "relevance": b["relevance"], "topics": " ".join(b["topics"]),
                        "systems": " ".join(b["systems"]), "title": b["title"],
                        "why": "; ".join(r["why"] for r in b["reasons"])}
                       for b in data["bills"]]), output)
    else:
        emit_table(lambda c: render.watch_table(data, c), output)


class EvalInput(StrEnum):
    both = "both"
    full = "full"
    summary = "summary"


@bills_app.command("evaluate")
def evaluate(
    labels: Path = typer.Option(Path("tests/data/bills/labels.yaml"), "--labels",
                                help="Hand labels (YAML)."),
    records: Path = typer.Option(Path("tests/data/bills/sample.json.gz"), "--records",
                                 help="The labelled bills (any ingestible format)."),
    given: EvalInput = typer.Option(EvalInput.both, "--input", help="What the classifier "
                                    "reads: full (title, abstract and text), summary (title "
                                    "and abstract only) or both."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
) -> None:
    """Precision and recall of the classifier against hand labels, per split, on full-text
    and summary-only input."""
    from policyatlas.bills.evaluate import MODES, SPLITS, load_labels, micro
    from policyatlas.bills.evaluate import evaluate as run
    from policyatlas.bills.inputs import read_path
    from policyatlas.report import bills as render

    labelled = load_labels(labels)
    recs = [r for _, batch in read_path(records) for r in batch]
    modes = MODES if given is EvalInput.both else (given.value,)
    scores: dict[str, dict] = {}
    for mode in modes:
        scores[mode] = {}
        for split in SPLITS:
            s = run(labelled, recs, split=split, mode=mode)
            scores[mode][split] = [*s, micro(s)]
    if fmt is Format.json:
        emit(json.dumps({m: {k: [s.as_dict() for s in v] for k, v in by.items()}
                         for m, by in scores.items()}, indent=2) + "\n", None)
    elif fmt is Format.md:
        emit("\n".join(f"{render.MODE_TITLES[m]}\n\n{render.scores_markdown(by)}"
                        for m, by in scores.items()), None)
    else:
        for m, by in scores.items():
            emit_table(lambda c, by=by, m=m: render.scores_table(by, c, render.MODE_TITLES[m]),
                       None)
