"""Render the compliance calendar (`policyatlas calendar`): a table or Markdown."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyatlas.compliance.calendar import ComplianceCalendar
from policyatlas.report.assessment import counts_line


def calendar_markdown(cal: ComplianceCalendar) -> str:
    lines = [f"# Compliance calendar — {cal.organization}", "",
             f"{cal.start} to {cal.end} · obligations as of {cal.as_of}: "
             f"{counts_line(cal.counts)}", "", "| Date | Law | Event | Systems |",
             "|---|---|---|---|"]
    lines += [f"| {e.date} | {e.law_id} | {e.title} | {', '.join(e.systems)} |".replace(
        "\n", " ") for e in cal.events]
    return "\n".join(lines) + "\n"


def calendar_table(cal: ComplianceCalendar, console: Console) -> None:
    table = Table("Date", "Law", "Event", "Citation", "Systems",
                  title=escape(f"{cal.organization}: {len(cal.events)} events {cal.start} → "
                               f"{cal.end}"))
    for e in cal.events:
        table.add_row(str(e.date), e.law_id, escape(e.title), escape(e.citation or ""),
                      escape(", ".join(e.systems)))
    console.print(table)
    console.print(f"Obligations as of {cal.as_of}: {counts_line(cal.counts)}")
