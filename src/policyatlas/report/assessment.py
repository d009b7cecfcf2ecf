"""Render an assessment as a Rich table (terminal), Markdown, or JSON (the v1 contract)."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from policyatlas.engine.results import (
    Assessment,
    ObligationResult,
    SystemAssessment,
    TraceNodeOut,
)
from policyatlas.facts.jurisdictions import name_of


def to_json(a: Assessment) -> str:
    return a.model_dump_json(indent=2) + "\n"


def _when(o: ObligationResult) -> str:
    t = o.timing.text
    return f"{t}" if o.status == "in_force" else f"from {o.effective_from} · {t}"


def _flags(o: ObligationResult) -> str:
    flags = []
    if o.status == "blocked":
        flags.append("enforcement blocked by a court")
    elif o.litigation:
        flags.append("litigation pending")
    if o.optional:
        flags.append("optional (safe harbour / defence)")
    if o.confidence != "high":
        flags.append(f"confidence {o.confidence}")
    if o.uncertain:
        flags.append(f"{len(o.uncertain)} open question{'s' if len(o.uncertain) > 1 else ''}")
    return "; ".join(flags)


def _reasons(node: TraceNodeOut, top: bool = False) -> list[str]:
    """The satisfied conditions, in words: named definitions by title, leaves by label."""
    if node.kind == "ref":
        inner = _reasons(node.children[0]) if top else []
        return [f"{node.label}: {'; '.join(inner)}" if inner else (node.label or node.name or "")]
    if node.kind == "leaf" or node.kind == "not":
        return [node.label or node.description or node.kind]
    if node.label:
        return [node.label]
    kids = [c for c in node.children if c.result] if node.kind == "any" else node.children
    return [r for c in kids[:1] if node.kind == "any" for r in _reasons(c)] or [
        r for c in kids for r in _reasons(c)]


def _why(o: ObligationResult) -> str:
    return "; ".join(_reasons(o.trace.condition, top=True))


def _by_jurisdiction(obs: list[ObligationResult]):
    key = lambda o: (o.jurisdiction, o.law_id)  # noqa: E731
    return groupby(sorted(obs, key=key), key=key)


def system_table(s: SystemAssessment, section: str = "in_force") -> Table:
    obs = {"in_force": s.obligations, "upcoming": s.upcoming, "blocked": s.blocked}[section]
    suffix = {"in_force": "", "upcoming": " — upcoming", "blocked": " — blocked by a court"}
    title = escape(f"{s.name} [{s.id}]" + suffix[section])
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    table.add_column("Jurisdiction / law", style="bold", ratio=2, overflow="fold")
    table.add_column("Obligation", ratio=4)
    table.add_column("Category", ratio=2, overflow="fold")
    table.add_column("Citation", ratio=2, overflow="fold")
    table.add_column("When", ratio=3)
    for (jur, law_id), group in _by_jurisdiction(obs):
        first = True
        for o in group:
            label = Text(f"{name_of(jur)}\n{law_id}") if first else Text("")
            title_cell = Text(o.title)
            flags = _flags(o)
            if flags:
                title_cell.append(f"\n⚠ {flags}", style="yellow")
            table.add_row(label, title_cell, o.category, o.citation, _when(o))
            first = False
        table.add_section()
    return table


def render_table(a: Assessment, console: Console) -> None:
    console.print(f"[bold]{escape(a.organization)}[/] — obligations as of [bold]{a.as_of}[/] "
                  f"({len(a.laws_evaluated)} laws evaluated)")
    for s in a.systems:
        if s.obligations:
            console.print(system_table(s))
            why: dict[tuple[str, str], str] = {}
            for o in s.obligations:
                why.setdefault((o.law_id, o.trace.rule_title), _why(o))
            for (law_id, rule), text in why.items():
                console.print(f"  [dim]why {law_id} · {escape(rule)}: {escape(text)}[/]")
        else:
            console.print(Panel(Text(f"No obligations in force for {s.name} [{s.id}] as of "
                                     f"{a.as_of}."), expand=True))
        if s.upcoming:
            console.print(system_table(s, "upcoming"))
        if s.blocked:
            console.print(system_table(s, "blocked"))
            for text in dict.fromkeys(c for o in s.blocked for c in o.litigation):
                console.print(f"  [yellow]{escape(text)}[/]")
        if s.undetermined:
            lines = [f"{u.law_id} · {u.rule_title}: missing {', '.join(u.missing_facts)}"
                     for u in s.undetermined]
            console.print(Panel(Group(*[Text(x) for x in lines]),
                                title="Undetermined — add these facts to decide",
                                border_style="yellow"))
        console.print()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(a: Assessment) -> str:
    out = [f"# AI obligations of {a.organization}", "",
           f"As of **{a.as_of}** · {len(a.laws_evaluated)} laws evaluated · {a.generator}", ""]
    for s in a.systems:
        out += [f"## {s.name} (`{s.id}`)", ""]
        out.append("Applicable laws: " + (", ".join(f"`{x}`" for x in s.applicable_laws)
                                          or "none") + "  ")
        if s.upcoming_laws:
            out.append("Upcoming laws: " + ", ".join(f"`{x}`" for x in s.upcoming_laws) + "  ")
        out.append("")
        sections = (("In force", s.obligations), ("Upcoming", s.upcoming),
                    ("Blocked by a court", s.blocked))
        for heading, obs in sections:
            if not obs:
                continue
            out += [f"### {heading}", "",
                    "| Jurisdiction | Law | Obligation | Category | Citation | When | Flags |",
                    "|---|---|---|---|---|---|---|"]
            for o in sorted(obs, key=lambda o: (o.jurisdiction, o.law_id)):
                out.append("| " + " | ".join(_md_escape(x) for x in (
                    name_of(o.jurisdiction), o.law_id, o.title, o.category, o.citation,
                    _when(o), _flags(o))) + " |")
            out.append("")
        if s.undetermined:
            out += ["### Undetermined", ""]
            out += [f"- `{u.law_id}` {u.rule_title}: missing {', '.join(u.missing_facts)}"
                    for u in s.undetermined]
            out.append("")
    return "\n".join(out)
