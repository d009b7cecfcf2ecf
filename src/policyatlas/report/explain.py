"""Rendering an explanation (``engine/why.py``): why a law does or does not apply to a system,
as a Rich table, Markdown or JSON. Nothing here decides anything: the verdict, the deciding
leaves and the checked changes come from the engine."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.text import Text

from policyatlas.engine.why import Change, Explanation, Reason, RuleWhy

RESULT = {True: "applies", False: "does not apply", None: "undetermined"}


def to_json(e: Explanation) -> str:
    return e.model_dump_json(indent=2) + "\n"


def _value(v: Any) -> str:
    if v is None:
        return "not stated"
    if isinstance(v, list):
        return "[" + ", ".join(map(str, v)) + "]" if v else "none"
    if isinstance(v, float) and abs(v) >= 1e6:
        return f"{v:.3g}"
    return str(v)


def reason_line(r: Reason) -> str:
    where = r.field or r.fact
    mark = {True: "met", False: "not met", None: "unknown"}[r.result]
    head = f"{r.label}: " if r.label else ""
    cite = f" [{r.cite}]" if r.cite else ""
    how = " (left out; the inventory declares its lists complete)" if r.stated else ""
    return f"{head}{r.requirement} — {mark}; {where} is {_value(r.actual)}{how}{cite}"


def changes_line(changes: list[Change] | None) -> str:
    return "; ".join(c.text for c in changes) if changes else ""


def _rule_lines(r: RuleWhy) -> list[str]:
    lines = [f"{RESULT[r.result]} — {r.title} ({r.citation})"]
    lines += [f"  • {reason_line(x)}" for x in r.reasons]
    for o in r.obligations:
        lines.append(f"  → {o.title}: {o.status.replace('_', ' ')} from "
                     f"{o.effective_from.isoformat()}"
                     + (" (once for the organisation)" if o.scope == "organization" else ""))
    if r.would_apply_if:
        lines.append(f"  would apply if: {changes_line(r.would_apply_if)}")
    if r.would_not_apply_if:
        lines.append(f"  would not apply if: {changes_line(r.would_not_apply_if)}")
    if r.note:
        lines.append(f"  ({r.note})")
    return lines


STYLE = {True: "bold green", False: "bold", None: "bold yellow"}


def render_table(e: Explanation, console: Console) -> None:
    """The explanation as blocks, one per rule (readable in a narrow terminal)."""
    head = Text()
    head.append(e.system_name, style="bold")
    head.append(f" ({e.system_id}) — ")
    head.append(e.law_title, style="bold")
    head.append(f" ({e.law_id}) as of {e.as_of.isoformat()}")
    console.print(head)
    console.print(Text(e.summary, style="bold"))
    for r in e.rules:
        console.print()
        line = Text()
        line.append(RESULT[r.result].upper(), style=STYLE[r.result])
        line.append(f"  {r.title} ({r.citation})")
        console.print(line)
        for text in _rule_lines(r)[1:]:
            console.print(Text(text))


def to_markdown(e: Explanation) -> str:
    out = [f"# {e.system_name} — {e.law_title}", "",
           f"`{e.system_id}` — `{e.law_id}` ({e.law_citation}), as of {e.as_of.isoformat()}; "
           f"the law is {e.law_status_on_as_of.replace('_', ' ')}.", "", f"**{e.summary}**", ""]
    for r in e.rules:
        out += [f"## {r.title}", ""]
        out += [line.replace("  • ", "- ").replace("  → ", "- → ").replace("  ", "", 1)
                if line.startswith("  ") else line for line in _rule_lines(r)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def as_dict(e: Explanation) -> dict[str, Any]:
    return json.loads(e.model_dump_json())
