"""Render the unified compliance programme (`policyatlas program`)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyatlas.compliance.program import CategoryProgram, Program, bar_parts
from policyatlas.facts.jurisdictions import name_of


def _money(c: CategoryProgram) -> str:
    if not c.exposure:
        return ""
    per = f" per {c.exposure.per}" if c.exposure.per else ""
    laws = ", ".join(dict.fromkeys(d.law_id for d in c.exposure.drivers))
    return f"${c.exposure.max_usd:,.0f}{per} ({laws})"


def _bar(c: CategoryProgram) -> str:
    return "; ".join(bar_parts(c)) or "—"


def render_program(p: Program, console: Console) -> None:
    console.print(f"[bold]{escape(p.organization)}[/] — unified compliance programme as of "
                  f"[bold]{p.as_of}[/]: {len(p.categories)} categories, {len(p.laws)} laws, "
                  f"{len(p.jurisdictions)} jurisdictions")
    t = Table("Category", "Strictest bar (driving law)", "Scope", "Max exposure", "Laws",
              "Starts", expand=True)
    for c in p.categories:
        laws = sorted({r.law_id for r in c.requirements})
        scope = f"{len(c.systems)} system(s); {', '.join(name_of(j) for j in c.jurisdictions)}"
        t.add_row(c.category, escape(_bar(c)), escape(scope), escape(_money(c)),
                  escape("\n".join(laws)), str(c.starts))
    console.print(t)


def program_markdown(p: Program) -> str:
    out = [f"# Unified compliance programme — {p.organization}", "",
           f"As of **{p.as_of}** · {len(p.laws)} laws · {len(p.jurisdictions)} jurisdictions", ""]
    for c in p.categories:
        out += [f"## {c.category}", "", c.requirement, "",
                f"- Strictest bar: {_bar(c)}", f"- Maximum stated exposure: {_money(c) or '—'}",
                f"- Systems: {', '.join(c.systems)}", "",
                "| Law | Requirement | Citation | Status | From | Timing |",
                "|---|---|---|---|---|---|"]
        for r in c.requirements:
            opt = " (optional)" if r.optional else ""
            out.append(f"| {r.law_id} | {r.title}{opt} | {r.citation} | {r.status} | "
                       f"{r.effective_from} | {r.timing} |".replace("\n", " "))
        out.append("")
    return "\n".join(out)
