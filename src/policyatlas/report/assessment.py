"""Render an assessment as a Rich table (terminal), Markdown, or JSON (the v2 contract).

Statuses, dates, deadlines and counts are the engine's; this module only lays them out.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from policyatlas.engine.results import (
    Assessment,
    Counts,
    CourtOrder,
    ObligationResult,
    SystemAssessment,
    ToDecide,
    TraceNodeOut,
)
from policyatlas.facts.jurisdictions import name_of

SECTIONS = (("in_force", "In force", ""), ("optional", "Safe harbours and defences (optional)",
                                           " — optional: safe harbours and defences"),
            ("upcoming", "Upcoming", " — upcoming"),
            ("blocked", "Blocked by a court", " — blocked by a court order"))


def to_json(a: Assessment, indent: int | None = None) -> str:
    """The v2 document (``engine/contract.py``): compact unless ``indent`` is given."""
    from policyatlas.engine.contract import dumps

    return dumps(a, indent) + "\n"


def counts_line(c: Counts) -> str:
    return (f"{c.in_force} in force, {c.upcoming} upcoming, {c.blocked} blocked, "
            f"{c.optional} optional, {c.undetermined} undetermined")


def when(o: ObligationResult) -> str:
    parts = [] if o.status != "upcoming" else [f"from {o.effective_from}"]
    parts.append(o.timing.text)
    if o.recurrence and o.recurrence.next_due and o.status in ("in_force", "upcoming"):
        parts.append(f"next due {o.recurrence.next_due}")
    return " · ".join(parts)


def order_text(c: CourtOrder) -> str:
    term = (f"until {c.effect_until}" if c.effect_until else
            f"until {c.until_event}" if c.until_event else "no end date")
    whom = ("everyone" if c.scope == "everyone" else
            "only " + ", ".join(c.protects))
    kind = (c.order or c.status).replace("_", " ")
    return f"{c.case} ({c.court}): {kind}, protects {whom}, {term}"


def flags(o: ObligationResult, a: Assessment | None = None) -> str:
    out = []
    for c in o.court_orders:
        if c.blocks_this:
            out.append(f"blocked: {order_text(c)}")
        elif c.blocks_enforcement:
            out.append(f"a court order protects only {', '.join(c.protects)} — in force for "
                       "others")
        else:
            out.append(f"litigation pending: {c.case}")
    if o.optional:
        out.append("optional (safe harbour / defence)")
    if o.scope == "organization":
        out.append("owed once by the organisation")
    if o.confidence != "high":
        out.append(f"confidence {o.confidence}")
    questions = a.open_questions(o) if a is not None else o.uncertain
    if questions:
        out.append(f"{len(questions)} open question{'s' if len(questions) > 1 else ''}")
    return "; ".join(out)


def reasons(node: TraceNodeOut, top: bool = False) -> list[str]:
    """The satisfied conditions, in words: named definitions by title, leaves by label."""
    if node.kind == "ref":
        inner = reasons(node.children[0]) if top else []
        return [f"{node.label}: {'; '.join(inner)}" if inner else (node.label or node.name or "")]
    if node.kind == "leaf" or node.kind == "not":
        return [node.label or node.description or node.kind]
    if node.label:
        return [node.label]
    kids = [c for c in node.children if c.result] if node.kind == "any" else node.children
    return [r for c in kids[:1] if node.kind == "any" for r in reasons(c)] or [
        r for c in kids for r in reasons(c)]


def why(s: SystemAssessment, o: ObligationResult) -> str:
    return "; ".join(reasons(s.traces[o.trace].condition, top=True))


def _by_jurisdiction(obs: list[ObligationResult]):
    key = lambda o: (o.jurisdiction, o.law_id)  # noqa: E731
    return groupby(sorted(obs, key=key), key=key)


def system_table(name: str, obs: list[ObligationResult], suffix: str = "",
                 a: Assessment | None = None) -> Table:
    table = Table(title=escape(name + suffix), title_justify="left", show_lines=False,
                  expand=True)
    table.add_column("Jurisdiction / law", style="bold", ratio=2, overflow="fold")
    table.add_column("Obligation", ratio=4, overflow="fold")
    table.add_column("Category", ratio=2, overflow="fold")
    table.add_column("Citation", ratio=2, overflow="fold")
    table.add_column("When", ratio=3, overflow="fold")
    for (jur, law_id), group in _by_jurisdiction(obs):
        first = True
        for o in group:
            label = Text(f"{name_of(jur)}\n{law_id}") if first else Text("")
            title_cell = Text(o.title)
            flag = flags(o, a)
            if flag:
                title_cell.append(f"\n⚠ {flag}", style="yellow")
            table.add_row(label, title_cell, o.category_label, o.citation, when(o))
            first = False
        table.add_section()
    return table


def decide_line(t: ToDecide) -> str:
    """One fact to decide: where to write it and what stating it would settle."""
    laws = ", ".join(t.laws[:4]) + (f" and {len(t.laws) - 4} more" if len(t.laws) > 4 else "")
    rules = f"{t.rules} undetermined rule{'s' if t.rules != 1 else ''}"
    settled = f"decides {t.decides} of {rules}" if t.decides != t.rules else f"decides {rules}"
    if not t.decides:
        settled = f"matters to {rules}, with other facts"
    return f"{t.field or t.fact}: {settled} — {laws}"


def completeness_hint(a: Assessment) -> str | None:
    """A one-line way to settle the open list facts, when some are open: the lists an
    inventory may declare complete."""
    from policyatlas.facts.catalogue import COMPLETABLE

    lists = [t.field or t.fact for t in a.to_decide if t.fact in COMPLETABLE]
    if not lists:
        return None
    return (f"If none of {', '.join(lists)} is left unlisted, `lists_complete: true` under "
            "organization (or a system) states every list left out as empty; traces that rely "
            "on it say so.")


def render_table(a: Assessment, console: Console) -> None:
    console.print(f"[bold]{escape(a.organization)}[/] — obligations as of [bold]{a.as_of}[/] "
                  f"({len(a.laws_evaluated)} laws evaluated): {counts_line(a.counts.overall)}")
    if a.to_decide:
        hint = completeness_hint(a)
        console.print(Panel(Group(*[Text(f"{i}. {decide_line(t)}")
                                    for i, t in enumerate(a.to_decide, 1)],
                                  *([Text(hint, style="dim")] if hint else [])),
                            title="To decide — facts that would settle undetermined rules, "
                            "most decisive first", title_align="left", border_style="yellow"))
    for s in a.systems:
        head = f"{s.name} [{s.id}]"
        if not s.having("in_force"):
            console.print(Panel(Text(f"No obligations in force for {head} as of {a.as_of}."),
                                expand=True))
        for status, _, suffix in SECTIONS:
            obs = s.having(status)
            if not obs:
                continue
            console.print(system_table(head, obs, suffix, a))
            if status == "in_force":
                seen: dict[tuple[str, str], str] = {}
                for o in obs:
                    seen.setdefault((o.law_id, s.traces[o.trace].rule_title), why(s, o))
                for (law_id, rule), text in seen.items():
                    console.print(f"  [dim]why {law_id} · {escape(rule)}: {escape(text)}[/]")
        if s.undetermined:
            lines = [f"{u.law_id} · {u.rule_title}: missing {', '.join(u.missing_facts)}"
                     for u in s.undetermined]
            console.print(Panel(Group(*[Text(x) for x in lines]),
                                title="Undetermined — add these facts to decide",
                                border_style="yellow"))
        console.print()
    if a.organization_obligations:
        console.print(system_table(f"{a.organization} (once for the organisation)",
                                   list(a.organization_obligations), "", a))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(obs: list[ObligationResult], a: Assessment) -> list[str]:
    out = ["| Jurisdiction | Law | Obligation | Category | Citation | When | Flags |",
           "|---|---|---|---|---|---|---|"]
    for o in sorted(obs, key=lambda o: (o.jurisdiction, o.law_id)):
        out.append("| " + " | ".join(_md(x) for x in (
            name_of(o.jurisdiction), o.law_id, o.title, o.category_label, o.citation, when(o),
            flags(o, a))) + " |")
    return out


def to_markdown(a: Assessment) -> str:
    out = [f"# AI obligations of {a.organization}", "",
           f"As of **{a.as_of}** · {len(a.laws_evaluated)} laws evaluated · {a.generator}", "",
           f"Obligations: {counts_line(a.counts.overall)}.", ""]
    if a.to_decide:
        out += ["## To decide", "", "Facts the inventory leaves unknown, most decisive first:",
                "", *[f"{i}. {_md(decide_line(t))}" for i, t in enumerate(a.to_decide, 1)], ""]
        hint = completeness_hint(a)
        if hint:
            out += [_md(hint), ""]
    for s in a.systems:
        out += [f"## {s.name} (`{s.id}`)", "", f"{counts_line(s.counts)}.  "]
        out.append("Applicable laws: " + (", ".join(f"`{x}`" for x in s.applicable_laws)
                                          or "none") + "  ")
        if s.upcoming_laws:
            out.append("Upcoming laws: " + ", ".join(f"`{x}`" for x in s.upcoming_laws) + "  ")
        out.append("")
        for status, heading, _ in SECTIONS:
            obs = s.having(status)
            if obs:
                out += [f"### {heading}", "", *_md_table(obs, a), ""]
        if s.undetermined:
            out += ["### Undetermined", ""]
            out += [f"- `{u.law_id}` {u.rule_title}: missing {', '.join(u.missing_facts)}"
                    for u in s.undetermined]
            out.append("")
    if a.organization_obligations:
        out += ["## Once for the organisation", "",
                *_md_table(list(a.organization_obligations), a), ""]
    return "\n".join(out)
