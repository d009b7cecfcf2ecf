"""Rich tables and plain dicts for the bill commands (show, search, changes, stats, evaluate)."""

from __future__ import annotations

import json
import sqlite3

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from policyatlas.bills.classify import rules
from policyatlas.bills.evaluate import Score
from policyatlas.bills.stats import BillStats
from policyatlas.bills.status import STATUSES
from policyatlas.bills.store import BillStore


def _key(row: sqlite3.Row) -> str:
    return f"{row['jurisdiction']} {row['session']} {row['identifier']}"


def bill_dict(store: BillStore, row: sqlite3.Row) -> dict:
    rec = store.record(row)
    evidence = json.loads(row["evidence"])
    return {
        "id": row["uid"], "bill": _key(row), "title": row["title"], "kind": row["kind"],
        "classification": list(rec.classification), "url": rec.url,
        "status": {"code": row["status"], "label": STATUSES[row["status"]],
                   "date": row["status_date"], "reason": row["status_reason"],
                   "as_of": row["data_as_of"]},
        "ai_relevant": bool(row["ai_relevant"]),
        "relevance": "ai" if row["ai_relevant"] else
        "adjacent" if evidence.get("adjacent") else "none",
        "adjacent": [{"kind": k, "label": rules().topic_label(k),
                      "evidence": [{"field": f, "term": term, "snippet": s}
                                   for f, term, s in v.get("evidence", [])]}
                     for k, v in (evidence.get("adjacent") or {}).items()],
        "classified_on": evidence.get("mode", "full"),
        "topics": [{"topic": t, "label": rules().topic_label(t),
                    "score": evidence["topics"].get(t, {}).get("score"),
                    "evidence": [{"field": f, "term": term, "snippet": s}
                                 for f, term, s in evidence["topics"].get(t, {}).get(
                                     "evidence", [])]}
                   for t in json.loads(row["topics"])],
        "ai_evidence": [{"field": f, "term": term, "snippet": s, "weak": weak}
                        for (f, term, s), weak in zip(
                            evidence["ai"], evidence.get("ai_weak") or [False] * len(
                                evidence["ai"]), strict=True)],
        "law_ids": json.loads(row["law_ids"]),
        "abstract": rec.abstract, "sponsors": list(rec.sponsors), "subjects": list(rec.subjects),
        "actions": [{"date": a.date, "organization": a.organization,
                     "classification": list(a.classification), "description": a.description}
                    for a in rec.actions],
        "versions": [{"version": v["version"], "recorded_at": v["recorded_at"],
                      "status": v["status"]} for v in store.versions(row["uid"])],
    }


def show_bill(data: dict, console: Console) -> None:
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    st = data["status"]
    head.add_row("Bill", escape(f"{data['bill']}  ({', '.join(data['classification'])})"))
    head.add_row("Id", escape(data["id"]))
    head.add_row("Status", escape(f"{st['label']} ({st['date'] or 'no date'}) — "
                                  f"{st['reason']}"))
    head.add_row("Data as of", escape(str(st["as_of"])))
    head.add_row("AI-relevant", "yes" if data["ai_relevant"] else
                 "no; AI-adjacent: " + escape(", ".join(a["label"] for a in data["adjacent"]))
                 if data["adjacent"] else "no")
    head.add_row("Topics", escape(", ".join(t["label"] for t in data["topics"]) or "none"))
    if data["law_ids"]:
        head.add_row("Encoded as law", escape(", ".join(data["law_ids"]))
                     + "  (policyatlas law show ID)")
    if data["url"]:
        head.add_row("Open States", escape(data["url"]))
    console.print(Panel(head, title=escape(data["title"][:120])))
    if data["topics"] or data["ai_evidence"]:
        t = Table("Label", "Field", "Matched", "In context", title="Why these labels")
        for e in data["ai_evidence"][:3]:
            label = "AI-relevant (weak clue)" if e.get("weak") else "AI-relevant"
            t.add_row(label, e["field"], escape(e["term"]), escape(e["snippet"]))
        for topic in data["topics"]:
            for e in topic["evidence"][:3]:
                t.add_row(escape(topic["label"]), e["field"], escape(e["term"]),
                          escape(e["snippet"]))
        console.print(t)
    if data["actions"]:
        t = Table("Date", "Organization", "Classification", "Action", title="Actions")
        for a in data["actions"]:
            t.add_row(a["date"], escape(a["organization"]), escape(" ".join(a["classification"])),
                      escape(a["description"]))
        console.print(t)
    if len(data["versions"]) > 1:
        t = Table("Version", "Recorded", "Status", title="Versions")
        for v in data["versions"]:
            t.add_row(str(v["version"]), v["recorded_at"], v["status"])
        console.print(t)


def search_rows(rows: list[sqlite3.Row]) -> list[dict]:
    return [{"id": r["uid"], "bill": _key(r), "title": r["title"], "status": r["status"],
             "topics": json.loads(r["topics"]), "law_ids": json.loads(r["law_ids"]),
             "snippet": " ".join(r["snippet"].split())} for r in rows]


def search_dict(result) -> dict:
    """A counted search as plain data: how many match, how many are shown, and the bills."""
    rows = search_rows(result.rows)
    return {"query": result.query, "searched": result.expanded,
            "synonyms": list(result.synonyms), "total": result.total, "shown": len(rows),
            "bills": rows}


def search_heading(total: int, shown: int) -> str:
    noun = "match" if total == 1 else "matches"
    return f"{total} {noun}" + (f" (showing {shown})" if shown < total else "")


def search_table(data: dict | list[dict], console: Console) -> None:
    if isinstance(data, list):
        data = {"total": len(data), "shown": len(data), "bills": data, "synonyms": []}
    rows = data["bills"]
    t = Table("Bill", "Status", "Topics", "Title / matching text",
              title=search_heading(data["total"], data["shown"]))
    for r in rows:
        t.add_row(escape(r["bill"]), STATUSES[r["status"]], escape(", ".join(r["topics"])),
                  escape(r["title"][:90]) + "\n[dim]" + escape(r["snippet"][:160]) + "[/]")
    console.print(t)
    for group in data.get("synonyms") or ():
        console.print(f"[dim]also searched: {escape(group)}[/]")


def change_rows(rows: list[sqlite3.Row]) -> list[dict]:
    return [{"recorded_at": r["recorded_at"], "id": r["uid"], "bill": _key(r),
             "version": r["version"], "kind": r["kind"], "status_before": r["status_before"],
             "status_after": r["status_after"], "fields": json.loads(r["fields"]),
             "summary": r["summary"], "title": r["title"]} for r in rows]


def changes_table(rows: list[dict], console: Console) -> None:
    t = Table("Recorded", "Bill", "Kind", "What changed", title=f"{len(rows)} change(s)")
    for r in rows:
        t.add_row(r["recorded_at"][:16], escape(r["bill"]), r["kind"], escape(r["summary"]))
    console.print(t)


def stats_table(stats: BillStats, console: Console) -> None:
    scope = "AI-relevant" if stats.scope == "ai_relevant" else "all stored"
    console.print(f"[bold]{stats.bills}[/] {scope} bills ({stats.enacted} enacted) and "
                  f"{stats.resolutions} resolutions, of {stats.stored} stored; data as of "
                  f"{stats.data_as_of}")
    t = Table("State", "Bills", "Enacted", "Resolutions", title="By state")
    for c in stats.by_state:
        t.add_row(c.state, str(c.bills), str(c.enacted), str(c.resolutions))
    console.print(t)
    t = Table("Status", "Bills and resolutions", title="By status")
    for s in stats.by_status:
        t.add_row(s.label, str(s.bills))
    console.print(t)
    t = Table("Topic", "Bills", "Enacted", title="By topic (a bill can have several)")
    for c in stats.by_topic:
        t.add_row(escape(c.label), str(c.bills), str(c.enacted))
    console.print(t)
    t = Table("Year", "Introduced", "Enacted", title="By year")
    for y in stats.by_year:
        t.add_row(str(y.year), str(y.introduced), str(y.enacted))
    console.print(t)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def scores_markdown(scores: dict[str, list[Score]]) -> str:
    """The README table: one row per label, precision / recall per split."""
    splits = list(scores)
    head = "| Label | " + " | ".join(f"{s}: n | P | R" for s in splits) + " |"
    lines = [head, "|---|" + "---|---|---|" * len(splits)]
    for i, first in enumerate(scores[splits[0]]):
        label = "AI relevance" if first.label == "ai_relevant" else rules().topic_label(
            first.label) if first.label in {t.id for t in rules().topics} else first.label
        cells = []
        for s in splits:
            sc = scores[s][i]
            cells.append(f"{sc.support} | {_pct(sc.precision)} | {_pct(sc.recall)}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


MODE_TITLES = {"full": "Full text (title, abstract and text):",
               "summary": "Summary only (title and abstract, no text):"}


def scores_table(scores: dict[str, list[Score]], console: Console,
                 title: str = "Classifier against hand labels") -> None:
    t = Table("Label", *[f"{s} n / P / R" for s in scores], title=title)
    first = next(iter(scores.values()))
    for i, sc in enumerate(first):
        t.add_row(sc.label, *[f"{v[i].support} / {_pct(v[i].precision)} / {_pct(v[i].recall)}"
                              for v in scores.values()])
    console.print(t)


def watch_table(data: dict, console: Console) -> None:
    head = f"{data['organization']}: {data['total']} pending bill(s) touch its systems"
    if data["since"]:
        head += f", moved since {data['since']}"
    console.print(f"[bold]{escape(head)}[/] (as of {data['as_of']}; jurisdictions "
                  f"{', '.join(data['jurisdictions']) or 'none'})")
    t = Table("Score", "Bill", "Status", "Topics", "Why it matters",
              title=search_heading(data["total"], data["shown"]))
    for b in data["bills"]:
        grouped: dict[tuple[str, str], list[str]] = {}
        for r in b["reasons"]:
            fact = r["fact"].split(".")[-1].replace("_", " ")
            grouped.setdefault((r["system"], r["topic_label"]), []).append(f"{fact} {r['value']}")
        why = [f"{system}: {topic} ({', '.join(facts)})"
               for (system, topic), facts in grouped.items()]
        for c in b["changes"][-2:]:
            why.append(f"changed {c['recorded_at'][:10]}: {c['summary']}")
        t.add_row(f"{b['score']:g}", escape(b["bill"]) + "\n[dim]" + escape(b["title"][:70])
                  + "[/]", escape(b["status_label"]) + ("" if b["relevance"] == "ai"
                                                        else "\n(AI-adjacent)"),
                  escape(", ".join(b["topics"])), escape("\n".join(why)))
    console.print(t)
