"""Render the law catalogue (`policyatlas laws`) and one law (`policyatlas law show`): metadata,
history, parameters, rules, court orders, uncertainties, sources."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.tree import Tree

from policyatlas.bills.links import law_state
from policyatlas.engine.laws import LawList
from policyatlas.facts.jurisdictions import name_of
from policyatlas.rules.conditions import OPERATORS
from policyatlas.rules.known import KNOWN_LABEL, KnownLaw
from policyatlas.rules.loader import Law

LIST_COLUMNS = ["law_id", "jurisdiction", "short_title", "status", "status_on_as_of", "signed",
                "effective", "repealed", "verified_as_of", "confidence", "obligations", "binds",
                "why_no_duty"]


def laws_csv(result: LawList) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LIST_COLUMNS)
    for law in result.laws:
        w.writerow([getattr(law, c) if getattr(law, c) is not None else "" for c in LIST_COLUMNS])
    return buf.getvalue()


def laws_table(result: LawList, console: Console) -> None:
    if result.binds != "organizations":
        _known_table(result, console)
        return
    table = Table("Law id", "Law", "Status on " + str(result.as_of), "Effective", "Confidence",
                  "Duties", title=f"{len(result.laws)} laws")
    table.columns[0].no_wrap = True
    for law in result.laws:
        flag = " ⚖" if law.litigation else ""
        table.add_row(law.law_id, escape(law.short_title), law.status_on_as_of + flag,
                      str(law.effective), law.confidence, str(law.obligations))
    console.print(table)


def _known_table(result: LawList, console: Console) -> None:
    """The catalogue with known laws: who each law binds and, if not organisations, why."""
    from rich.table import Column

    table = Table(Column("Law id", ratio=2), Column("Law", ratio=2),
                  Column("Status on " + str(result.as_of), ratio=1),
                  Column("Duties", justify="right"), Column("Binds", ratio=1),
                  Column("Why no duty for organisations", ratio=5),
                  title=f"{len(result.laws)} laws", expand=True)
    for law in result.laws:
        flag = " ⚖" if law.litigation else ""
        table.add_row(law.law_id, escape(law.short_title), law.status_on_as_of + flag,
                      str(law.obligations), law.binds, escape(law.why_no_duty or "—"))
    console.print(table)


def _binds_text(law: KnownLaw) -> str:
    if law.kind == "government_only":
        return "government only"
    return f"individuals only ({law.kind.replace('_', ' ')})"


def render_known(law: KnownLaw, console: Console) -> None:
    """A known law that binds only individuals or only government (``law show``)."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    rows = [("Law id", law.id),
            ("Jurisdiction", f"{name_of(law.jurisdiction)} ({law.jurisdiction})"),
            ("Citation", law.citation), ("Bill", law.bill or "—"), ("Year", str(law.year)),
            ("Dates", ", ".join(f"{k} {v}" for k, v in (("signed", law.signed),
                                                        ("effective", law.effective)) if v)
             or "—"),
            ("Binds", _binds_text(law)),
            ("Subject", law.subject.replace("_", " ")),
            ("Confidence", f"{law.confidence} (verified {law.verified_as_of})")]
    for k, v in rows:
        head.add_row(k, escape(str(v)))
    console.print(Panel(head, title=escape(law.title), subtitle=KNOWN_LABEL))
    console.print(Panel(escape(law.why_no_duty), title=f"{KNOWN_LABEL}: why",
                        border_style="cyan"))
    if law.note:
        console.print(Panel(escape(law.note), title="Uncertain", border_style="yellow"))
    console.print("Sources:")
    for s in law.sources:
        console.print(f"  • {escape(s.title)} ({s.kind}) {s.url}")


def known_markdown(law: KnownLaw) -> str:
    out = [f"# {law.title}", "", f"`{law.id}` · {law.citation} · {KNOWN_LABEL} · confidence "
           f"{law.confidence} (verified {law.verified_as_of})", "",
           f"**Binds:** {_binds_text(law)}. {law.why_no_duty}", ""]
    out += ["## Dates", ""] + [f"- {k}: {v}" for k, v in (("year", law.year),
                                                           ("signed", law.signed),
                                                           ("effective", law.effective)) if v]
    out += ["", "## Sources", ""] + [f"- [{s.title}]({s.url})" for s in law.sources]
    if law.note:
        out += ["", "## Uncertain", "", f"- {law.note}"]
    return "\n".join(out) + "\n"


def condition_lines(when: Any, depth: int = 0) -> list[str]:
    """A condition as indented plain-language lines."""
    pad = "  " * depth
    cite = f"  [{when['cite']}]" if isinstance(when, dict) and when.get("cite") else ""
    if not isinstance(when, dict):
        return [f"{pad}{when}"]
    if "fact" in when:
        op = next(k for k in when if k in OPERATORS)
        key = f"[{when['key']}]" if when.get("key") else ""
        value = when[op]
        if isinstance(value, dict):
            value = f"parameter {value['param']}"
        label = f" — {when['label']}" if when.get("label") else ""
        return [f"{pad}{when['fact']}{key} {OPERATORS[op]} {value}{label}{cite}"]
    if "ref" in when:
        return [f"{pad}is a {when['ref']}{cite}"]
    for g, text in (("all", "all of:"), ("any", "any of:")):
        if g in when:
            head = f"{pad}{when.get('label') or text}{cite}"
            return [head] + [ln for c in when[g] for ln in condition_lines(c, depth + 1)]
    return [f"{pad}not:{cite}", *condition_lines(when["not"], depth + 1)]


def render_law(law: Law, console: Console) -> None:
    m = law.meta
    d = m.dates
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    rows = [
        ("Law id", law.id), ("Jurisdiction", f"{name_of(m.jurisdiction)} ({m.jurisdiction})"),
        ("Citation", m.citation), ("Status", f"{m.status} (as of {m.verified_as_of})"),
        ("Dates", ", ".join(f"{k} {v}" for k, v in d.model_dump().items() if v)),
        ("Confidence", m.confidence), ("Applies to", m.applies_to),
        ("Enforcement", f"{m.enforcement.enforcer}; private right of action: "
                        f"{'yes' if m.enforcement.private_right_of_action else 'no'}"
                        + (f"; cure {m.enforcement.cure_period_days} days"
                           if m.enforcement.cure_period_days else "")),
    ]
    if m.original:
        o = m.original
        rows[2:2] = [("Official title", f"{o.title} ({o.language}, authoritative)")] + [
            (k, v) for k, v in (("Official citation", o.citation), ("Translation", o.translation))
            if v]
    if m.family:
        rows.append(("Family", m.family + (f" (template {law.pack.template})"
                                            if law.pack.template else "")))
    if m.bills:
        state = law_state(m.jurisdiction) or ""
        rows.append(("Enacted as", ", ".join(
            f"{b.jurisdiction or state} {b.identifier} (session {b.session})" for b in m.bills)))
    if m.related_bills:
        rows.append(("Bills", ", ".join(m.related_bills)))
    for k, v in rows:
        head.add_row(k, escape(str(v)))
    console.print(Panel(head, title=escape(m.title), subtitle=escape(m.summary[:120])))
    if m.history:
        t = Table("Date", "Event", "Citation", title="Version history")
        for e in m.history:
            t.add_row(str(e.date), escape(e.event), escape(e.citation or ""))
        console.print(t)
    if law.pack.parameters:
        t = Table("Parameter", "From", "Value", "Reference", title="Dated parameters")
        for name, p in law.pack.parameters.items():
            for v in p.values:
                t.add_row(name, str(v.start), str(v.value), escape(v.reference.citation))
        console.print(t)
    for r in law.rules:
        tree = Tree(escape(f"Rule {r.rule.id}: {r.rule.title} [{r.rule.citation}] — from "
                           f"{r.start}" + (f" until {r.end}" if r.end else "")))
        when = tree.add("applies when")
        for ln in condition_lines(r.rule.applies_when):
            when.add(escape(ln))
        for ob in r.rule.obligations:
            flag = " (optional)" if ob.optional else ""
            cite = ob.citation + (f" / {ob.original_citation}" if ob.original_citation else "")
            node = tree.add(escape(f"{ob.category}: {ob.title}{flag} [{cite}] — "
                                   f"{ob.timing.text}"))
            if ob.penalty:
                node.add(escape(f"penalty: {law.pack.penalties[ob.penalty].text}"))
            if ob.uncertain:
                node.add(escape(f"⚠ {ob.uncertain}"))
        console.print(tree)
    if m.litigation:
        t = Table("Case", "Court", "Status", "Order", "Protects", "Term", "Note",
                  title="Litigation and court orders")
        for c in m.litigation:
            order = (c.order or "").replace("_", " ") if c.blocks_enforcement else "none"
            whom = "everyone" if c.scope == "everyone" else ", ".join(c.protects)
            term = " ".join(x for x in (f"from {c.effect_from}" if c.effect_from else "",
                                        f"until {c.effect_until}" if c.effect_until else
                                        f"until {c.until_event}" if c.until_event else "") if x)
            note = c.note + (f" ⚠ {c.uncertain}" if c.uncertain else "")
            reach = f" [only {', '.join(c.concerns)}]" if c.concerns else ""
            t.add_row(escape(c.case + (f" ({c.id})" if c.id else "")), escape(c.court),
                      c.status, escape(order + reach), escape(whom if c.blocks_enforcement
                                                             else ""), escape(term),
                      escape(note))
        console.print(t)
    if m.uncertainties:
        console.print(Panel("\n".join(escape(f"• {u.about}: {u.note}") for u in m.uncertainties),
                            title="Uncertain", border_style="yellow"))
    console.print("Sources:")
    for s in m.sources:
        console.print(f"  • {escape(s.title)} ({s.kind}) {s.url}")


def law_markdown(law: Law) -> str:
    m = law.meta
    out = [f"# {m.title}", "", f"`{law.id}` · {m.citation} · status **{m.status}** "
           f"(verified {m.verified_as_of}) · confidence {m.confidence}", "", m.summary, ""]
    if m.original:
        o = m.original
        out[2:2] = [f"Official title ({o.language}, authoritative): **{o.title}**"
                    + (f" · {o.citation}" if o.citation else ""), ""] + (
            [f"English translation: {o.translation}", ""] if o.translation else [])
    out += ["## Dates", ""] + [f"- {k}: {v}" for k, v in m.dates.model_dump().items() if v]
    out += ["", "## Obligations", ""]
    for r in law.rules:
        for ob in r.rule.obligations:
            cite = ob.citation + (f" / {ob.original_citation}" if ob.original_citation else "")
            out.append(f"- **{ob.title}** ({ob.category}; {cite}) — {ob.timing.text}")
    out += ["", "## Sources", ""] + [f"- [{s.title}]({s.url})" for s in m.sources]
    if m.uncertainties:
        out += ["", "## Uncertain", ""] + [f"- {u.about}: {u.note}" for u in m.uncertainties]
    return "\n".join(out) + "\n"


def render_tracked(tracked: list[dict], console: Console) -> None:
    """The law's bills as the bill tracker holds them (``policyatlas bills show ID``)."""
    if not tracked:
        return
    t = Table("Bill", "Status in the data", "Data as of", "Id",
              title="Bills in the tracker (status as the ingested data shows it)")
    for b in tracked:
        t.add_row(escape(b["bill"]), f"{b['status']} {b['status_date'] or ''}".strip(),
                  str(b["data_as_of"]), escape(b["id"]))
    console.print(t)
