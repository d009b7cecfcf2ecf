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
    "blocked": "BLOCKED (OFAC sanctions: no licence exception)",
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


def _hit_text(h: dict[str, Any]) -> str:
    bits = [f"{h['role'].replace('_', ' ')} '{h['party']}' matches {h['list_name']} entry "
            f"'{h['entry']}' (score {h['score']:.2f})"]
    if h.get("listed_on"):
        bits.append(f"listed {h['listed_on']}")
    cite = h.get("citation") or h.get("announcement")
    if cite:
        bits.append(str(cite))
    if h.get("url"):
        bits.append(str(h["url"]))
    return "; ".join(bits)


def _party_lines(hits: list[dict[str, Any]]) -> list[str]:
    lines = []
    for h in hits:
        eff = h.get("effect")
        if not h["applies"]:
            why = h.get("why_not") or "no effect on this answer"
            lines.append(f"Party: {_hit_text(h)} — {why}")
            continue
        lines.append(f"Party: {_hit_text(h)} — {eff['kind'].replace('_', ' ')}: {eff['text']}")
        rp = eff.get("review_policy")
        if rp:
            lines.append(f"  review policy: {rp['text']} ({rp['basis']})")
    return lines


def _cn_party_line(p: dict[str, Any]) -> str:
    if p.get("source") != "screening":
        return (f"Party: {p['entity']} on the {p['list'].replace('_', ' ')} "
                f"({p['designation']}) — {p['state'].replace('_', ' ')}")
    text = (f"Party: {p['role'].replace('_', ' ')} '{p['party']}' matches '{p['entity']}' on "
            f"the {p['list'].replace('_', ' ')} ({p['designation'] or 'no announcement'}"
            + (f", from {p['date']}" if p["date"] else "") + f"; score {p['score']:.2f})"
            + (f" {p['url']}" if p["url"] else "") + f" — {p['state'].replace('_', ' ')}")
    if p["state"] != "in_force" and p.get("why_not"):
        return text + f": {p['why_not']}"
    eff = p.get("effect")
    return text + (f": {eff['text']}" if eff else "")


def _ear_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    for pr in r.get("prohibitions", []):
        lines.append(f"{pr['kind'].upper()}: {pr['text']} [{pr['citation']}]")
    lines += _party_lines([h for h in r.get("parties", [])
                           if h["applies"] or h.get("why_not")])
    c = r["classification"]
    if c:
        lines.append(f"Item: {c['name']} — TPP {_num(c['tpp'])}, PD "
                     f"{_num(c['performance_density'], 2)} → "
                     f"{c['paragraph'] if c['status'] == 'controlled' else c['status']} "
                     f"({(c['rule_version'] or {}).get('citation', 'no rule')}): {c['why']}")
    if c:
        for u in (c.get("catalogue") or {}).get("used", []):
            lines.append(f"  {u['field']}: {str(u['value']).lower()} — {u['source']}")
    for q in r["requirements"]:
        state = "" if q["enforcement"] == "enforced" else (
            f" — {q['enforcement'].replace('_', ' ')}: {q['enforcement_basis']}")
        lines.append(f"Requirement: {q['title']} [{q['citation']}]{state}")
        if q.get("screening") or q.get("affiliates"):
            lines.append(f"  {q['note']}")
        letter = q.get("letter")
        if letter:
            lines.append(f"  letter of {letter['from']} to {letter['exporter']}: "
                         f"{', '.join(letter['products'])} — source: {letter['url']}")
            for a in letter["authorisations"]:
                lines.append(f"  authorised despite the letter: {a['activity']}"
                             + (f" (until {a['to']})" if a["to"] else "") + f" [{a['source']}]")
        if q.get("uncertain"):
            lines.append(f"  uncertain: {q['uncertain']}")
    for q in r["possible_requirements"]:
        lines.append(f"Possible requirement: {q['title']} [{q['citation']}] — needs "
                     + ", ".join(q["missing"]))
        if q.get("uncertain"):
            lines.append(f"  UNCERTAIN: {q['uncertain']}")
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
        lines.append(_cn_party_line(p))
    if r["licence"]:
        lic = r["licence"]
        types = ", ".join(f"{t['name']['en']} ({t['name'].get('zh', '')})" for t in lic["types"])
        lines.append(f"Licence: {types}; review "
                     + (f"{lic['review_working_days']} working days [{lic['review_citation']}]"
                        if lic["review_working_days"] else "without time limit"))
    return lines


def _new_lines(r: dict[str, Any]) -> list[str]:
    """Equipment classification, subject-to-EAR derivation, rule versions and guidance."""
    lines = []
    eq = r.get("equipment")
    if eq:
        got = ", ".join(f"{m['eccn']} ({m['how']}; {m['rule_version']['citation']})"
                        for m in eq["matched"]) or "no modelled paragraph"
        lines.append(f"Equipment: {got}" + (f" — needs {', '.join(eq['missing'])}"
                                            if eq["missing"] else ""))
        lines += [f"  note: {n}" for n in eq.get("notes", [])]
    sub = r.get("subject_to_ear")
    if sub and sub.get("basis"):
        lines.append(f"Subject to the EAR: {sub['value']} — {sub['basis']}")
    for g in r.get("guidance", []):
        lines.append(f"GUIDANCE (not a rule): {g['title']} ({g['issued']}) — {g['text']} "
                     f"[{g['citation']}; sources: "
                     + "; ".join(x["url"] for x in g["sources"]) + "]")
    for q in r.get("requirements", []):
        v = q.get("rule_version")
        if v:
            lines.append(f"  {q['id']} decided by rule version {v['id']} ({v['citation']})")
    return lines


def activity_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    for q in r["requirements"]:
        lines.append(f"Requirement: {q['title']} [15 CFR {q['paragraph'] or q['citation']}; "
                     f"{(q.get('rule_version') or {}).get('citation', q['citation'])}]")
        if q.get("uncertain"):
            lines.append(f"  uncertain: {q['uncertain']}")
    for q in r["possible_requirements"]:
        lines.append(f"Possible requirement: {q['title']} [{q['citation']}] — needs "
                     + ", ".join(q["missing"]))
    for x in r.get("exclusions", []):
        lines.append(f"Exclusion {x['title']} [{x['citation']}]: {x['result']}")
    rp = r.get("review_policy")
    if rp:
        lines.append(f"Review policy: {rp['policy'].replace('_', ' ')} — {rp['title']} "
                     f"[{rp['citation']}]")
    return lines


def check_lines(result: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    out = []
    if result.get("kind") == "activity":
        for r in result["regimes"]:
            out.append((r["regime"], OUTCOME_TEXT.get(r["outcome"], r["outcome"]),
                        activity_lines(r) + _new_lines({**r, "requirements": []})
                        + [f"note: {n}" for n in r["notes"]]))
        return out
    for r in result["regimes"]:
        if not r["applies"]:
            out.append((r["regime"], "not reached", [f"note: {n}" for n in r["notes"]]))
            continue
        lines = (_ear_lines(r) + _new_lines(r)) if r["regime"] == "us/ear" else _cn_lines(r)
        out.append((r["regime"], OUTCOME_TEXT.get(r["outcome"], r["outcome"]),
                    lines + [f"note: {n}" for n in r["notes"]]))
    return out


def screening_lines(result: dict[str, Any]) -> list[str]:
    """The parties screened and the hits that change no answer (other lists' flags)."""
    sc = result.get("screening") or {}
    if not sc.get("screened"):
        return [sc.get("note", "no party is named: nothing was screened")] if sc else []
    lines = ["Screened on " + sc["as_of"] + ": " + ", ".join(
        f"{p['role'].replace('_', ' ')} '{p['name']}'" for p in sc["parties"])]
    flags = [h for h in sc["hits"] if h["effect"] is None]
    for h in flags:
        lines.append(f"Flag: {_hit_text(h)} — {h['status']}; no effect on the licence answer")
    if not sc["hits"]:
        lines.append("No party matches a list entry.")
    lines += _owner_lines(sc.get("ownership") or [])
    return lines


def _owner_lines(ownership: list[dict[str, Any]]) -> list[str]:
    """The declared owners screened for the affiliates rule, with their hits (no effect of
    their own: the affiliates rule decides, in the US answer)."""
    lines: list[str] = []

    def walk(nodes: list[dict[str, Any]], of: str, depth: int) -> None:
        for o in nodes:
            hits = [f"{h['list_name']} entry '{h['entry']}' (score {h['score']:.2f}; "
                    f"{h['status']}" + (f", listed {h['listed_on']}" if h["listed_on"] else "")
                    + (f", {h['citation']}" if h["citation"] else "") + ")"
                    for h in o["hits"]]
            lines.append("  " * depth + f"Owner of {of}: '{o['name']}' ({o['share'] * 100:g} %)"
                         + (" matches " + "; ".join(hits) if hits else " — no list match"))
            walk(o.get("owners") or [], f"'{o['name']}'", depth + 1)

    for p in ownership:
        if p["declared"] and p["owners"]:
            walk(p["owners"], f"{p['role'].replace('_', ' ')} '{p['party'] or '(unnamed)'}'", 0)
    return lines


def check_table(result: dict[str, Any], console: Console) -> None:
    if result.get("kind") == "activity":
        a = result["activity"]
        console.print(f"[bold]Activity on {result['as_of']}[/bold]: {a.get('kind', '?')}")
    else:
        console.print(f"[bold]Shipment on {result['as_of']}[/bold]: "
                      f"{result['shipment']['ship_from']} → {result['shipment']['destination']}")
    sl = screening_lines(result)
    if sl:
        t = Table(title="Restricted-party screening", show_header=False, title_justify="left")
        t.add_column("", overflow="fold")
        for line in sl:
            t.add_row(line)
        console.print(t)
    for regime, outcome, lines in check_lines(result):
        t = Table(title=f"{regime}: {outcome}", show_header=False, title_justify="left")
        t.add_column("", overflow="fold")
        for line in lines:
            t.add_row(line)
        console.print(t)


def check_markdown(result: dict[str, Any]) -> str:
    parts = [f"# Export check — {result['as_of']}", ""]
    sl = screening_lines(result)
    if sl:
        parts += ["## Restricted-party screening", "", *[f"- {x}" for x in sl], ""]
    for regime, outcome, lines in check_lines(result):
        parts += [f"## {regime}: {outcome}", "", *[f"- {x}" for x in lines], ""]
    return "\n".join(parts)
