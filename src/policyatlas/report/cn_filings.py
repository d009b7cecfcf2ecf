"""Rich tables and CSV rows for ``policyatlas cn filings`` (search, stats, check)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyatlas.cn.filings import TYPE_LABELS, SearchResult

CSV_FIELDS = ("record_number", "filing_type", "batch_month", "company", "algorithm",
              "algorithm_class", "role", "product", "province", "cancelled", "remark",
              "source_url")


def search_csv_rows(result: SearchResult) -> list[dict[str, Any]]:
    rows = []
    for m in result.matches:
        d = m.filing.model_dump()
        row = {k: d[k] for k in CSV_FIELDS}
        row["match_score"] = m.score
        row["match_why"] = " | ".join(r.why for r in m.reasons)
        rows.append(row)
    return rows


def search_table(result: SearchResult, console: Console) -> None:
    if not result.matches:
        console.print(f"No filing matches {escape(result.query)!s}.")
        return
    t = Table(title=f"CAC algorithm filings matching {escape(result.query)} "
              f"({len(result.matches)} of {result.total})", show_lines=True)
    for col in ("Filing number", "Batch", "Type", "Company", "Algorithm", "Product",
                "Why it matched"):
        t.add_column(col, overflow="fold")
    for m in result.matches:
        f = m.filing
        kind = "algorithm" if f.filing_type == "algorithm" else "deep synthesis"
        if f.role:
            kind += f"\n{f.role.removeprefix('深度合成-')}"
        number = f.record_number + ("\n(cancelled 已注销)" if f.cancelled else "")
        t.add_row(escape(number), escape(f.batch_month or f.batch), escape(kind),
                  escape(f.company), escape(f.algorithm), escape(f.product),
                  escape(m.reasons[0].why + (f"\n(+{len(m.reasons) - 1} more reasons)"
                                             if len(m.reasons) > 1 else "")))
    console.print(t)


def stats_table(stats: dict[str, Any], console: Console) -> None:
    console.print(f"{stats['filings']:,} filings by {stats['companies']:,} companies, batches "
                  f"{stats['first_batch']} to {stats['last_batch']}; {stats['cancelled']} "
                  f"marked cancelled; {stats['companies_renamed']} companies renamed; "
                  f"{stats['numbers_listed_twice']} filing numbers listed twice.")
    t = Table(title="By type")
    t.add_column("Type")
    t.add_column("Filings", justify="right")
    for code, row in stats["by_type"].items():
        t.add_row(escape(TYPE_LABELS.get(code, code)), f"{row['filings']:,}")
    console.print(t)
    t = Table(title="By batch")
    for col in ("Batch", "Algorithm", "Deep synthesis", "Total"):
        t.add_column(col, justify="right" if col != "Batch" else "left")
    for row in stats["by_batch"]:
        t.add_row(row["batch"], str(row["algorithm"]), str(row["deep_synthesis"]),
                  str(row["total"]))
    console.print(t)
    for key, title in (("by_province", "By province"), ("by_class", "By algorithm class"),
                       ("by_role", "Deep synthesis by role")):
        t = Table(title=title)
        t.add_column(title.removeprefix("By ").removeprefix("Deep synthesis by ").capitalize())
        t.add_column("Filings", justify="right")
        for name, n in stats[key].items():
            t.add_row(escape(name), f"{n:,}")
        console.print(t)


def check_table(result: dict[str, Any], console: Console) -> None:
    t = Table(title=f"CAC filing lists: {escape(result['organization'])} "
              f"({result['data']['filings']:,} filings read)", show_lines=True)
    for col in ("System", "Provider", "Declared", "Outcome", "Filings found", "Notes"):
        t.add_column(col, overflow="fold")
    for s in result["systems"]:
        declared = " ".join(x for x in (s["cn_filing_status"], s["cn_filing_number"]) if x)
        shown = s["filings"][:5]
        found = "\n".join(f"{f['record_number']} {f['company']} — {f['algorithm']}"
                          for f in shown)
        if len(s["filings"]) > len(shown):
            found += f"\n… {len(s['filings']) - len(shown)} more"
        t.add_row(escape(f"{s['id']}\n{s['name']}"),
                  escape(f"{s['provider']}\n(from {s['provider_from']})"),
                  escape(declared or "—"), escape(s["outcome"]), escape(found or "—"),
                  escape("\n".join(s["notes"])))
    console.print(t)
