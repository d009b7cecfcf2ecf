"""Render the unified compliance programme (`policyatlas program`)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyatlas.compliance.program import CategoryProgram, Program, Requirement, bar_parts
from policyatlas.facts.jurisdictions import name_of
from policyatlas.report.assessment import counts_line


def money(c: CategoryProgram) -> str:
    if not c.exposure:
        return ""
    per = f" per {c.exposure.per}" if c.exposure.per else ""
    laws = ", ".join(dict.fromkeys(d.law_id for d in c.exposure.drivers))
    return f"${c.exposure.max_usd:,.0f}{per} ({laws})"


def bar(c: CategoryProgram) -> str:
    if c.only_optional:
        return "nothing required (" + ", ".join(
            x for x in (f"{len(c.optional)} optional" if c.optional else "",
                        f"{len(c.blocked)} blocked" if c.blocked else "") if x) + ")"
    return "; ".join(bar_parts(c)) or "—"


def render_program(p: Program, console: Console) -> None:
    console.print(f"[bold]{escape(p.organization)}[/] — unified compliance programme as of "
                  f"[bold]{p.as_of}[/]: {len(p.categories)} categories, {len(p.laws)} laws, "
                  f"{len(p.jurisdictions)} jurisdictions; obligations: {counts_line(p.counts)}")
    t = Table("Category", "Strictest bar (driving law)", "Scope", "Max exposure", "Laws",
              "Starts", expand=True)
    for c in p.categories:
        laws = sorted({r.law_id for r in [*c.requirements, *c.optional, *c.blocked]})
        scope = f"{len(c.systems)} system(s); {', '.join(name_of(j) for j in c.jurisdictions)}"
        t.add_row(c.label, escape(bar(c)), escape(scope), escape(money(c)),
                  escape("\n".join(laws)), str(c.starts))
    console.print(t)
    blocked = [(c, r) for c in p.categories for r in c.blocked]
    if blocked:
        b = Table("Category", "Law", "Duty", "Court order", title="Blocked by a court order "
                  "(not part of the bar)")
        for c, r in blocked:
            b.add_row(c.label, r.law_id, escape(r.title), escape("; ".join(r.court_orders)))
        console.print(b)
    if p.undetermined:
        console.print(f"[yellow]{len(p.undetermined)} rule(s) undetermined[/] — run "
                      "`policyatlas assess` to see the facts that would decide them.")


def _row(r: Requirement) -> str:
    kind = " (optional)" if r.optional else ""
    due = f"; first due {r.first_due}" if r.first_due else ""
    return (f"| {r.law_id} | {r.title}{kind} | {r.citation} | {r.status} | {r.effective_from} | "
            f"{r.timing}{due} |").replace("\n", " ")


def program_markdown(p: Program) -> str:
    out = [f"# Unified compliance programme — {p.organization}", "",
           f"As of **{p.as_of}** · {len(p.laws)} laws · {len(p.jurisdictions)} jurisdictions · "
           f"obligations: {counts_line(p.counts)}", ""]
    head = ["| Law | Requirement | Citation | Status | From | Timing |",
            "|---|---|---|---|---|---|"]
    for c in p.categories:
        out += [f"## {c.label}", "", c.requirement, "",
                f"- Strictest bar: {bar(c)}", f"- Maximum stated exposure: {money(c) or '—'}",
                f"- Systems: {', '.join(c.systems)}", ""]
        for title, reqs in (("Required", c.requirements),
                            ("Optional: safe harbours and defences (never a bar)", c.optional),
                            ("Blocked by a court order (never a bar)", c.blocked)):
            if reqs:
                out += [f"**{title}**", "", *head, *(_row(r) for r in reqs), ""]
    if p.undetermined:
        out += ["## Undetermined", "", *(f"- {u}" for u in p.undetermined), ""]
    return "\n".join(out)
