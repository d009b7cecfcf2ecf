"""Human-readable forms of the export answers: Rich tables, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Console
from rich.table import Table

OUTCOME_TEXT = {
    "no_licence_required": "no licence required",
    "licence_required": "LICENCE REQUIRED",
    "licence_exception_available": "licence exception available",
    "licence_required_if_criteria_met": "LICENCE REQUIRED if the goods meet the listed criteria",
    "undetermined": "undetermined (facts missing)",
    "prohibited": "PROHIBITED",
    "presumption_of_denial": "LICENCE REQUIRED — presumption of denial",
    "enhanced_review": "LICENCE REQUIRED — stricter end-user / end-use review",
    "case_by_case": "LICENCE REQUIRED — case-by-case",
}  # fmt: skip


def _num(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def chips_csv(chips: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    cols = ["name", "vendor", "form", "as_of", "status", "eccn", "paragraph", "tpp",
            "performance_density", "epoch_tpp", "tpp_agrees", "rule_version", "missing", "why"]
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for c in chips:
        w.writerow({**{k: c.get(k) for k in cols},
                    "rule_version": (c.get("rule_version") or {}).get("citation"),
                    "missing": ";".join(c.get("missing_figures", c.get("missing")) or [])})
    return buf.getvalue()


def classification_table(result: dict[str, Any], console: Console) -> None:
    t = Table(title=f"ECCN 3A090 / 4A090 on {result['as_of']}", show_lines=False)
    for col in ("Chip", "TPP", "PD", "ECCN", "Rule", "Why / missing"):
        t.add_column(col, overflow="fold")
    for c in result["chips"]:
        why = c["why"] if c["status"] != "undetermined" else (
            "needs " + ", ".join(c.get("missing_figures") or c["missing"]))
        if c.get("tpp_agrees") is False:
            why += f" [Epoch TPP {c['epoch_tpp']:,.1f}]"
        t.add_row(c["name"], _num(c["tpp"]), _num(c["performance_density"], 2),
                  c["paragraph"] if c["status"] == "controlled" else c["status"].replace("_", " "),
                  (c.get("rule_version") or {}).get("citation", "—"), why)
    console.print(t)
    s = result.get("summary")
    if s:
        console.print(f"{result['rows']} rows: {s['classified']} classified, "
                      f"{s['undetermined']} need more figures; TPP within "
                      f"{s['tolerance']:.0%} of Epoch's for {s['tpp_agreeing']} of "
                      f"{s['tpp_compared']} rows. Data: {result['attribution']}.")
        for d in result["disagreements"]:
            console.print(f"  · {d['name']}: {d['reason']}")
    for c in result["chips"]:
        for n in c["notes"]:
            console.print(f"[yellow]note[/yellow] {c['name']}: {n}")


def _ear_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    c = r["classification"]
    if c:
        lines.append(f"Item: {c['name']} — TPP {_num(c['tpp'])}, PD "
                     f"{_num(c['performance_density'], 2)} → "
                     f"{c['paragraph'] if c['status'] == 'controlled' else c['status']} "
                     f"({(c['rule_version'] or {}).get('citation', 'no rule')}): {c['why']}")
    for q in r["requirements"]:
        state = "" if q["enforcement"] == "enforced" else (
            f" — {q['enforcement'].replace('_', ' ')}: {q['enforcement_basis']}")
        lines.append(f"Requirement: {q['title']} [{q['citation']}]{state}")
        if q.get("uncertain"):
            lines.append(f"  uncertain: {q['uncertain']}")
    for q in r["possible_requirements"]:
        lines.append(f"Possible requirement: {q['title']} [{q['citation']}] — needs "
                     + ", ".join(q["missing"]))
    for e in r["exceptions"]:
        ok = {True: "eligible", False: "not available", None: "possibly eligible"}[e["eligible"]]
        extra = f" (needs {', '.join(e['missing'])})" if e["missing"] else ""
        lines.append(f"Exception {e['code']} ({e['name']}, {e['citation']}): {ok}{extra}")
        for cond in e["conditions"] if e["eligible"] is not False else []:
            lines.append(f"  · {cond}")
    rp = r["review_policy"]
    if rp:
        lines.append(f"Review policy: {rp['policy'].replace('_', ' ')} — {rp['title']}"
                     + (f" [{rp['citation']}]" if rp.get("citation") else ""))
        for alt in rp.get("if_instead", []):
            lines.append(f"  if {', '.join(alt['missing'])} were met: "
                         f"{alt['policy'].replace('_', ' ')} — {alt['title']}")
    return lines


def _cn_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    for i in r["items"]:
        crit = f" — criteria: {i['technical_criteria']['en']}" if i["technical_criteria"] else ""
        lines.append(f"Listed item: {i['name']['en']} ({i['name'].get('zh') or ''}) "
                     f"{i['control_number'] or ''} — {i['number']['en']} {i['citation']} — "
                     f"{i['state'].replace('_', ' ')}{crit}")
    for m in r["measures"]:
        lines.append(f"Measure: {m['number']['en']} {m['citation']} — "
                     f"{m['effect'].replace('_', ' ')} ({m['state'].replace('_', ' ')}"
                     + (f" until {m['status']['to']}" if m["status"] and m["status"]["to"]
                        else "") + ")" + (f": {'; '.join(m['why'])}" if m["why"] else ""))
    for p in r["parties"]:
        lines.append(f"Party: {p['entity']} on the {p['list'].replace('_', ' ')} "
                     f"({p['designation']}) — {p['state'].replace('_', ' ')}")
    if r["licence"]:
        lic = r["licence"]
        types = ", ".join(f"{t['name']['en']} ({t['name'].get('zh', '')})" for t in lic["types"])
        lines.append(f"Licence: {types}; review "
                     + (f"{lic['review_working_days']} working days [{lic['review_citation']}]"
                        if lic["review_working_days"] else "without time limit"))
    return lines


def check_lines(result: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    out = []
    for r in result["regimes"]:
        if not r["applies"]:
            out.append((r["regime"], "not reached", [f"note: {n}" for n in r["notes"]]))
            continue
        lines = _ear_lines(r) if r["regime"] == "us/ear" else _cn_lines(r)
        out.append((r["regime"], OUTCOME_TEXT.get(r["outcome"], r["outcome"]),
                    lines + [f"note: {n}" for n in r["notes"]]))
    return out


def check_table(result: dict[str, Any], console: Console) -> None:
    console.print(f"[bold]Shipment on {result['as_of']}[/bold]: "
                  f"{result['shipment']['ship_from']} → {result['shipment']['destination']}")
    for regime, outcome, lines in check_lines(result):
        t = Table(title=f"{regime}: {outcome}", show_header=False, title_justify="left")
        t.add_column("", overflow="fold")
        for line in lines:
            t.add_row(line)
        console.print(t)


def check_markdown(result: dict[str, Any]) -> str:
    parts = [f"# Export check — {result['as_of']}", ""]
    for regime, outcome, lines in check_lines(result):
        parts += [f"## {regime}: {outcome}", "", *[f"- {x}" for x in lines], ""]
    return "\n".join(parts)
