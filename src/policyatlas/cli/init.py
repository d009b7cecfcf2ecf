"""``policyatlas init``: a questionnaire that writes a commented, valid inventory."""

from __future__ import annotations

from pathlib import Path

import typer

from policyatlas.cli.common import AS_OF, app, err, out, parse_date

MAX_QUESTIONS = 60  # per system, after the first ones: a bound, never reached in practice


def _ask(q, interview, system: int | None = None) -> None:
    from policyatlas.compliance.interview import BadAnswer, parse_answer

    if q.values and q.type in ("enum", "set"):
        out.print("  " + "  ".join(f"{i}) {v}" for i, v in enumerate(q.values, 1)),
                  markup=False)
    hint = {"set": " (numbers or names, comma-separated; 'none'; blank: not known)",
            "enum": " (a number or a name; blank: not known)",
            "bool": " (yes/no; blank: not known)",
            "number": " (blank: not known)", "map": " (blank: not known)",
            "date": " (YYYY-MM-DD; blank: not known)",
            "jurisdictions": " (comma-separated; blank: none or not known)"}.get(q.type, "")
    if q.required:
        hint = hint.replace("; blank: not known", "").replace(" (blank: not known)", "")
    where = f" in {q.key}" if q.key else ""
    path = "organization" if q.scope == "org" else f"systems[{system or 0}]"
    path = f"{path}.{q.name}" + (f".{q.key}" if q.key else "")
    why = f"  [decides {q.decides} of {q.rules} open rule(s): {', '.join(q.laws[:3])}]" \
        if q.rules else ""
    while True:
        raw = typer.prompt(f"{q.prompt}{where} ({path}){hint}{why}", default="",
                           show_default=False)
        try:
            value = parse_answer(q, raw)
        except BadAnswer as exc:
            err.print(f"  {exc}", markup=False)
            continue
        interview.record(q, value, system)
        return


def _follow_up(interview, system: int) -> None:
    for _ in range(MAX_QUESTIONS):
        q = interview.next_question(system)
        if q is None:
            return
        _ask(q, interview, system)


@app.command()
def init(
    output: Path = typer.Argument(Path("inventory.yaml"), help="The inventory file to write."),
    template: bool = typer.Option(False, "--template", help="Write a commented template "
                                  "instead of asking questions."),
    as_of: str | None = AS_OF,
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
) -> None:
    """Write a commented inventory by answering the questions laws turn on, most decisive first."""
    import click

    from policyatlas.compliance.interview import ORG_BASE, Interview, system_base
    from policyatlas.errors import Problem, UserError
    from policyatlas.facts.inventory import Inventory
    from policyatlas.outputs import write_atomic
    from policyatlas.report.inventory_file import TEMPLATE, inventory_yaml

    day = parse_date(as_of)
    if output.exists() and not force:
        raise UserError(f"{output} exists", [Problem(
            "init does not overwrite a file", file=str(output),
            fix="give another file name, or --force to replace it")])
    if template:
        Inventory.model_validate(TEMPLATE)
        write_atomic(output, inventory_yaml(TEMPLATE, written=day, template=True))
        err.print(f"wrote {output} (a template: edit it, then `policyatlas assess {output}`)")
        return
    interview = Interview(day)
    try:
        out.print("[bold]The organisation[/]")
        for q in ORG_BASE:
            _ask(q, interview)
        while True:
            i = interview.new_system()
            out.print(f"[bold]AI system {i + 1}[/]")
            for q in system_base():
                _ask(q, interview, i)
            _follow_up(interview, i)
            if not typer.confirm("Add another AI system?", default=False):
                break
        for i in range(len(interview.systems)):  # later answers may open questions again
            _follow_up(interview, i)
    except (click.exceptions.Abort, typer.Abort):
        raise UserError("init stopped before the end: nothing was written", [Problem(
            "the questions were not all answered", fix="run `policyatlas init` again, or "
            "`policyatlas init --template` for a template to fill in")]) from None
    inv = interview.inventory()
    write_atomic(output, inventory_yaml(interview.data(), written=day,
                                        left_open=interview.left_open))
    left = interview.undetermined()
    err.print(f"wrote {output}: {len(inv.systems)} system(s); "
              + (f"{left} rule(s) still undetermined (left unknown; see the comments)"
                 if left else "nothing left undetermined")
              + f". Next: policyatlas assess {output}")
