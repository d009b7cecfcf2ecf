"""Render the side-by-side comparison (`policyatlas compare`): a Rich table, Markdown or JSON,
in English, Simplified or Traditional Chinese.

Statuses, dates, deadlines and counts are the engine's (``compliance.compare`` carries them
unchanged); this module only lays them out and translates the labels.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policyatlas.compliance.compare import Block, Column, Comparison, Duty, EquivalenceNote
from policyatlas.engine.results import Counts
from policyatlas.i18n import category_label, law_short_title, law_title, obligation_title, text

_SENTENCE = re.compile(r"(?<!\bArt)(?<!\bArts)(?<!\bNo)\. (?=[A-Z])")


def to_json(c: Comparison) -> str:
    return c.model_dump_json(indent=2) + "\n"


def column_name(lang: str, col: Column) -> str:
    """A chosen jurisdiction's name in the language (states from the catalogue; cities keep
    their English name)."""
    from policyatlas.i18n import state_names

    if col.code == "cn":
        return text(lang, "compare.cn")
    if col.code in ("eu", "kr", "jp"):
        return state_names(lang).get(col.code.upper(), col.name)
    if col.code == "us":
        return text(lang, "compare.federal")
    parts = col.code.split("-")
    if len(parts) == 2 and parts[0] == "us":
        return state_names(lang).get(parts[1].upper(), col.name)
    return col.name


def includes_note(lang: str, col: Column) -> str | None:
    """What a state's column includes: its cities' laws."""
    from policyatlas.facts.jurisdictions import name_of

    if len(col.includes) < 2:
        return None
    return text(lang, "compare.includes", name=column_name(lang, col),
                cities=", ".join(name_of(x) for x in col.includes[1:]))


def counts_text(lang: str, n: Counts) -> str:
    return text(lang, "compare.counts", i=n.in_force, u=n.upcoming, b=n.blocked, o=n.optional,
                d=n.undetermined)


def law_name(lang: str, d: Duty, long: bool = False) -> str:
    """The law's title in the language; a law with an official title in its own language
    (China's) shows that title, with the translation beside it in English."""
    if d.law_original_title:
        if lang == "en":
            return f"{d.law_short_title} ({d.law_original_title})"
        return d.law_original_title
    if long:
        return law_title(lang, d.law_id, d.law_title)
    return law_short_title(lang, d.law_id, d.law_short_title)


def deadline_text(lang: str, d: Duty) -> str | None:
    if d.deadline is None:
        return None
    if lang == "en" or d.deadline_value is None or d.deadline_unit is None:
        return d.deadline
    amount = text(lang, f"unit.{d.deadline_unit}", n=d.deadline_value)
    return text(lang, f"compare.{d.deadline_direction or 'within'}", amount=amount)


def duty_lines(lang: str, d: Duty) -> list[str]:
    """A duty as a few short lines: title and status, when, deadline, penalty, citation."""
    title = obligation_title(lang, d.law_id, d.obligation_id, d.title)
    status = text(lang, f"status.{d.status}")
    when = [text(lang, "compare.from", date=d.effective_from)] if d.status == "upcoming" else []
    if d.effective_until:
        when.append(text(lang, "compare.until", date=d.effective_until))
    when.append(text(lang, f"freq.{d.frequency}") if lang != "en" else d.timing)
    deadline = deadline_text(lang, d)
    if deadline and not (lang == "en" and deadline in d.timing):
        when.append(text(lang, "compare.deadline", deadline=deadline))
    if d.next_due and d.status in ("in_force", "upcoming"):
        when.append(text(lang, "compare.next_due", date=d.next_due))
    lines = [f"{title} [{status}]", " · ".join(when)]
    if d.penalty:
        lines.append(text(lang, "compare.penalty", penalty=penalty_text(d)))
    cite = d.citation + (f" ({d.original_citation})" if d.original_citation else "")
    lines.append(f"{law_name(lang, d)} — {cite}")
    if d.court_orders:
        lines.append(text(lang, "compare.blocked_by", orders="; ".join(d.court_orders)))
    if d.missing_facts:
        lines.append(text(lang, "compare.missing", facts=", ".join(d.missing_facts)))
    return lines


def penalty_text(d: Duty, limit: int = 110) -> str:
    """The penalty, shortened to its first sentence (the JSON keeps the whole text)."""
    first = _SENTENCE.split(d.penalty)[0].rstrip(".") if d.penalty else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _side(lang: str, key: str, title: str) -> str:
    law_id, _, ob = key.partition("#")
    if not ob:
        return law_title(lang, law_id, law_id)
    return obligation_title(lang, law_id, ob, title)


def note_lines(lang: str, c: Comparison, e: EquivalenceNote) -> list[str]:
    cols = {col.code: column_name(lang, col) for col in c.jurisdictions}
    a = f"{_side(lang, e.a, e.a_title)} ({cols.get(e.a_jurisdiction, e.a_jurisdiction)})"
    b = f"{_side(lang, e.b, e.b_title)} ({cols.get(e.b_jurisdiction, e.b_jurisdiction)})"
    lines = [text(lang, "compare.satisfies", a=a, b=b,
                  level=text(lang, f"compare.level.{e.a_satisfies_b}")),
             text(lang, "compare.satisfies", a=b, b=a,
                  level=text(lang, f"compare.level.{e.b_satisfies_a}")),
             e.note_translations.get(lang, e.note)]
    if e.uncertain:
        lines.append(text(lang, "compare.uncertain", note=e.uncertain))
    lines.append(text(lang, "compare.sources", sources="; ".join(
        f"{s.title} <{s.url}>" for s in e.sources)))
    return lines


def _blocks(c: Comparison) -> list[Block]:
    return [*c.systems, *([c.organization_wide] if c.organization_wide else [])]


def block_title(lang: str, b: Block) -> str:
    if b.scope == "organization":
        return text(lang, "compare.organization_wide")
    return f"{b.name} ({b.id})"


def heading(lang: str, c: Comparison) -> str:
    return text(lang, "compare.heading", org=c.organization, date=c.as_of,
                jurisdictions=", ".join(column_name(lang, col) for col in c.jurisdictions))


def render_table(c: Comparison, console: Console, lang: str = "en") -> None:
    console.print(f"[bold]{escape(heading(lang, c))}[/]")
    for col in c.jurisdictions:
        line = f"{column_name(lang, col)} ({col.code}): {counts_text(lang, col.counts)}"
        note = includes_note(lang, col)
        console.print(escape(line + (f" — {note}" if note else "")))
    for b in _blocks(c):
        t = Table(text(lang, "program.category"),
                  *(f"{column_name(lang, col)}\n{counts_text(lang, b.counts[col.code])}"
                    for col in c.jurisdictions),
                  title=block_title(lang, b), expand=True, show_lines=True)
        for row in b.categories:
            cells = []
            for col in c.jurisdictions:
                duties = row.cells[col.code]
                cells.append(escape("\n\n".join("\n".join(duty_lines(lang, d)) for d in duties))
                             if duties else text(lang, "compare.none"))
            t.add_row(category_label(lang, row.category), *cells)
        if not b.categories:
            t.add_row(text(lang, "compare.nothing"), *("" for _ in c.jurisdictions))
        console.print(t)
        notes = [(row, e) for row in b.categories for e in row.equivalences]
        for row, e in notes:
            console.print(f"[bold]{escape(text(lang, 'compare.equivalence'))}[/] — "
                          f"{escape(category_label(lang, row.category))}")
            for line in note_lines(lang, c, e):
                console.print("  " + escape(line))
    if c.to_decide:
        console.print(escape(text(lang, "compare.to_decide", facts=", ".join(c.to_decide))))


def _cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def to_markdown(c: Comparison, lang: str = "en") -> str:
    out = [f"# {heading(lang, c)}", ""]
    for col in c.jurisdictions:
        note = includes_note(lang, col)
        out.append(f"- **{column_name(lang, col)}** (`{col.code}`): "
                   f"{counts_text(lang, col.counts)}" + (f" — {note}" if note else ""))
    out.append("")
    for b in _blocks(c):
        out += [f"## {block_title(lang, b)}", ""]
        if not b.categories:
            out += [text(lang, "compare.nothing"), ""]
            continue
        heads = [f"{column_name(lang, col)} ({counts_text(lang, b.counts[col.code])})"
                 for col in c.jurisdictions]
        out.append("| " + " | ".join([text(lang, "program.category"), *heads]) + " |")
        out.append("|" + "---|" * (len(c.jurisdictions) + 1))
        for row in b.categories:
            cells = []
            for col in c.jurisdictions:
                duties = row.cells[col.code]
                cells.append("<br><br>".join("<br>".join(_cell(x) for x in duty_lines(lang, d))
                                             for d in duties) or text(lang, "compare.none"))
            out.append(f"| {category_label(lang, row.category)} | " + " | ".join(cells) + " |")
        out.append("")
        for row in b.categories:
            for e in row.equivalences:
                out += [f"**{text(lang, 'compare.equivalence')}** — "
                        f"{category_label(lang, row.category)}", ""]
                out += [f"- {line}" for line in note_lines(lang, c, e)]
                out.append("")
    if c.to_decide:
        out += [text(lang, "compare.to_decide", facts=", ".join(c.to_decide)), ""]
    return "\n".join(out)
