"""Render scenarios and scenario diffs: Rich tables, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.table import Table

from policyatlas.scenarios.diff import Burden, Outcome, ScenarioDiff
from policyatlas.scenarios.loader import Scenario

METRICS = [
    ("distinct_obligations", "Distinct obligations"),
    ("duty_instances", "Duties (per system)"),
    ("jurisdictions_with_duties", "Jurisdictions with duties"),
    ("recurring_assessments_per_year", "Recurring assessments / audits per year"),
    ("notices", "Notices to people"),
    ("regulator_reports", "Reports / filings to regulators"),
    ("max_penalty_per_violation_usd", "Highest max penalty per violation (USD)"),
    ("penalty_exposure_usd", "Sum of laws' max penalties per violation (USD)"),
]


def _num(v: float | int | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"


def _delta(a: float | int | None, b: float | int | None) -> str:
    if a is None and b is None:
        return ""
    d = (b or 0) - (a or 0)
    return "0" if d == 0 else f"{'+' if d > 0 else ''}{_num(d)}"


def burden_rows(before: Burden, after: Burden) -> list[tuple[str, str, str, str]]:
    return [(label, _num(getattr(before, k)), _num(getattr(after, k)),
             _delta(getattr(before, k), getattr(after, k))) for k, label in METRICS]


def scenario_list_rows(scenarios: dict[str, Scenario]) -> list[dict[str, str]]:
    rows = []
    for sc in scenarios.values():
        m, p = sc.meta, sc.file.preemption
        rows.append({
            "id": sc.id, "title": m.title, "legal_status": str(m.legal_status),
            "mechanism": str(m.mechanism),
            "starts": str(p.starts) if p.starts else "on the as-of date (assumed)",
            "years": str(p.years) if p.years else "no sunset",
            "rules": str(len(p.rules)), "adds": str(len(sc.adds.rules)) if sc.adds else "0",
            "confidence": str(m.confidence)})  # fmt: skip
    return rows


def list_table(scenarios: dict[str, Scenario], c: Console) -> None:
    t = Table("Id", "Title", "Status", "Mechanism", "Starts", "Years", "Conf.",
              title=f"Preemption scenarios ({len(scenarios)})")
    for r in scenario_list_rows(scenarios):
        t.add_row(r["id"], r["title"], r["legal_status"], r["mechanism"], r["starts"],
                  r["years"], r["confidence"])
    c.print(t)


def scenario_dict(sc: Scenario) -> dict:
    data = sc.file.model_dump(mode="json", exclude_none=True)
    data["contract"] = "policyatlas.scenario/v1"
    return data


def show_table(sc: Scenario, c: Console) -> None:
    m, p = sc.meta, sc.file.preemption
    c.print(f"[bold]{m.title}[/bold]  ({sc.id})")
    c.print(f"{m.instrument}")
    c.print(f"Status: {m.legal_status} — {m.status_note}")
    c.print(f"Mechanism: {m.mechanism}; starts {p.starts or 'on the as-of date (assumed)'}; "
            f"{f'{p.years} years' if p.years else 'no sunset'}; reaches {p.reaches}; "
            f"confidence {m.confidence}; verified {m.verified_as_of}")
    c.print(m.summary)
    if p.funding_condition:
        fc = p.funding_condition
        c.print(f"Funding condition ({fc.citation}): {fc.text} Accepting: {fc.accepting}")
    t = Table("#", "Rule", "When", "Effect", "Citation", "Conf.", title="Rules, in order "
              "(the first that holds decides)")
    for i, r in enumerate(p.rules, 1):
        effect = str(r.effect) + (f" (proviso: {r.proviso})" if r.proviso else "")
        t.add_row(str(i), f"{r.id}: {r.title}", json.dumps(r.when, default=str), effect,
                  r.citation, str(r.confidence))
    t.add_row("—", "default", "otherwise", str(p.default.effect), p.default.citation,
              str(p.default.confidence))
    c.print(t)
    if sc.adds is not None:
        a = Table("Obligation", "Category", "Citation", title=f"Adds: {sc.adds.meta.title}")
        for rule in sc.adds.rules:
            for ob in rule.rule.obligations:
                a.add_row(f"{ob.id}: {ob.title}", ob.category, ob.citation)
        c.print(a)
    for x in m.assumptions:
        c.print(f"[italic]Assumption[/italic] — {x.about}: {x.note}")
    for u in m.uncertainties:
        c.print(f"[yellow]Uncertain[/yellow] — {u.about}: {u.note}")
    for s in m.sources:
        c.print(f"Source: {s.title} <{s.url}>")


def diff_table(d: ScenarioDiff, c: Console) -> None:
    s = d.scenario
    c.print(f"[bold]{s.title}[/bold]  ({s.id}, {s.legal_status}, confidence {s.confidence})")
    window = f"{s.starts} to {s.ends or 'no sunset'}"
    who = d.organization or "the whole landscape"
    c.print(f"As of {d.as_of} for {who}; scenario window {window}; contested counted as "
            f"{d.contested_as}" + (f"; states accepting funds: {d.accepting}"
                                   if d.accepting is not None else ""))
    for n in d.notes:
        c.print(f"[italic]{n}[/italic]")
    b = Table("Burden", "Before", "After", "Change", title="Burden before / after")
    for row in burden_rows(d.baseline, d.after):
        b.add_row(*row)
    c.print(b)
    j = Table("Jurisdiction", "Baseline", "Removed", "Kept", "of which contested", "Added",
              title="By jurisdiction")
    for t in d.by_jurisdiction:
        j.add_row(t.name, str(t.baseline), str(t.removed), str(t.kept), str(t.contested),
                  str(t.added))
    c.print(j)
    if d.mode == "landscape":
        st = Table("Subject", "Baseline", "Removed", "Kept", "Contested", title="By law subject")
        for t in d.by_subject:
            st.add_row(t.name, str(t.baseline), str(t.removed), str(t.kept), str(t.contested))
        c.print(st)
    else:
        _outcomes(c, "Removed", d.removed)
        _outcomes(c, "Kept", d.kept)
    if d.added:
        a = Table("System", "Obligation", "Category", "Status", "Replaces", "Citation",
                  title=f"Added federal obligations ({len(d.added)})")
        for x in d.added:
            a.add_row(x.system_id or "—", f"{x.title} [{x.law_id}#{x.obligation_id}]",
                      x.category, x.status, ", ".join(x.replaces) or "—", x.citation)
        c.print(a)


def _outcomes(c: Console, title: str, items: list[Outcome]) -> None:
    t = Table("System", "Jurisdiction", "Obligation", "Effect", "Why", title=f"{title} "
              f"({len(items)})")
    for o in items:
        effect = o.effect + (" (contested)" if o.contested and o.effect != "contested" else "")
        why = f"{o.decided_by}: {o.reason}"
        if o.scenario_citation:
            why += f" [{o.scenario_citation}]"
        t.add_row(o.system_id or "—", o.jurisdiction_name,
                  f"{o.title} [{o.law_id}#{o.obligation_id}]", effect, why)
    c.print(t)


CSV_FIELDS = ["outcome", "system_id", "jurisdiction", "law_id", "obligation_id", "category",
              "subject", "status", "effect", "contested", "decided_by", "scenario_citation",
              "confidence", "depends_on", "reason"]


def diff_csv(d: ScenarioDiff) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[*CSV_FIELDS, "title"], lineterminator="\n")
    w.writeheader()
    for o in [*d.removed, *d.kept]:
        row = o.model_dump(include={*CSV_FIELDS, "title"})
        row["depends_on"] = ";".join(o.depends_on)
        w.writerow(row)
    for a in d.added:
        w.writerow({"outcome": "added", "system_id": a.system_id, "jurisdiction": a.jurisdiction,
                    "law_id": a.law_id, "obligation_id": a.obligation_id,
                    "category": a.category, "status": a.status, "effect": "added",
                    "decided_by": ",".join(a.replaces), "scenario_citation": a.citation,
                    "title": a.title})
    return buf.getvalue()


def diff_markdown(d: ScenarioDiff) -> str:
    s = d.scenario
    lines = [f"# {s.title}", "", f"*{s.instrument}* — {s.legal_status}: {s.status_note}", "",
             f"As of {d.as_of}, {d.organization or 'whole landscape'}; window {s.starts} to "
             f"{s.ends or 'no sunset'}; contested counted as {d.contested_as}.", ""]
    lines += [f"> {n}" for n in d.notes]
    lines += ["", "| Burden | Before | After | Change |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {b} | {c} | {x} |" for a, b, c, x in burden_rows(d.baseline, d.after)]
    lines += ["", "| Jurisdiction | Baseline | Removed | Kept | Contested | Added |",
              "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {t.name} | {t.baseline} | {t.removed} | {t.kept} | {t.contested} | {t.added} |"
              for t in d.by_jurisdiction]
    for title, items in (("Removed", d.removed), ("Kept", d.kept)):
        if d.mode == "landscape":
            break
        lines += ["", f"## {title} ({len(items)})", ""]
        lines += [f"- **{o.title}** ({o.law_id}#{o.obligation_id}, {o.system_id}) — {o.effect}"
                  f" by `{o.decided_by}`: {o.reason}"
                  + (f" [{o.scenario_citation}]" if o.scenario_citation else "") for o in items]
    if d.added:
        lines += ["", f"## Added ({len(d.added)})", ""]
        lines += [f"- **{a.title}** ({a.law_id}#{a.obligation_id}) — {a.citation}"
                  for a in d.added]
    lines += ["", "Sources: " + ", ".join(s.sources)]
    lines += [f"- Assumption — {a}" for a in s.assumptions]
    return "\n".join(lines) + "\n"
