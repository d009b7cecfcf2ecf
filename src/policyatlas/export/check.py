"""One answer for a shipment under every regime that reaches it (US EAR, China MOFCOM).

Contract ``policyatlas.export-check/v1`` (docs/export-controls.md). Every party is screened
against the restricted-party lists on the shipment date (``export/parties.py``). Input files
are read with file:line errors; a chip whose classification needs a figure the file lacks is a
user error naming that field, not a silent "undetermined".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.errors import Problem, UserError
from policyatlas.export import ear, mofcom
from policyatlas.export.chips import ChipSpec
from policyatlas.export.parties import ScreenFn, screen_shipment
from policyatlas.export.shipment import Shipment
from policyatlas.sourcefile import SourceDoc, read_document
from policyatlas.validation import validate_doc
from policyatlas.version import __version__

CHECK_CONTRACT = "policyatlas.export-check/v1"


class ChipFile(BaseModel):
    """A chip-spec file: a list of chips under ``chips:``."""

    model_config = ConfigDict(extra="forbid")
    chips: list[ChipSpec] = Field(min_length=1)


def _needs(doc: SourceDoc, loc: tuple[str | int, ...], name: str, missing: list[str],
           day: dt.date) -> UserError:
    return UserError(f"'{name}' cannot be classified on {day}", [
        Problem(f"the rule in force needs '{f}', which is not given", file=doc.path,
                line=doc.line_of(loc), field=".".join(map(str, (*loc, f))),
                fix=f"add `{f}:` to the chip (see `policyatlas schema chip`)")
        for f in missing])


def classify_file(path: Path, day: dt.date) -> dict[str, Any]:
    return classify_doc(read_document(path), day)


def classify_doc(doc: SourceDoc, day: dt.date) -> dict[str, Any]:
    """Classify every chip of a parsed chip-spec document (a file or a request body)."""
    chips = validate_doc(ChipFile, doc, "chip spec").chips
    results = []
    for i, spec in enumerate(chips):
        r = ear.classify(spec, day)
        if r["status"] == "undetermined":
            raise _needs(doc, ("chips", i), spec.name, r["missing"], day)
        results.append(r)
    return {"contract": ear.CLASSIFICATION_CONTRACT, "tool_version": __version__,
            "as_of": day.isoformat(), "source": str(doc.path), "chips": results}


def check_file(path: Path, **screening: Any) -> dict[str, Any]:
    return check_doc(read_document(path), **screening)


def check_doc(doc: SourceDoc, **screening: Any) -> dict[str, Any]:
    """Check a parsed shipment document, or an activity document (top-level ``activity:``)."""
    if isinstance(doc.data, dict) and "activity" in doc.data:
        return check_activity_doc(doc)
    return check(validate_doc(Shipment, doc, "shipment"), doc, **screening)


def check_activity_doc(doc: SourceDoc) -> dict[str, Any]:
    """The US-person answer for an activity document (``export/usperson.py``)."""
    from policyatlas.export.activity import ActivityFile
    from policyatlas.export.usperson import ACTIVITY_CONTRACT, check_activity

    a = validate_doc(ActivityFile, doc, "activity").activity
    r = check_activity(a)
    return {"contract": ACTIVITY_CONTRACT, "tool_version": __version__,
            "as_of": a.date.isoformat(), "kind": "activity",
            "activity": a.model_dump(mode="json", exclude_none=True),
            "summary": [{"regime": r["regime"], "outcome": r["outcome"]}],
            "regimes": [{"applies": True, **r}]}


def check(s: Shipment, doc: SourceDoc | None = None, *, store: Any = None,
          threshold: float = 0.88, lists: Sequence[str] | None = None,
          screen_fn: ScreenFn | None = None) -> dict[str, Any]:
    """Both regimes' answers for a shipment, with every party screened on the shipment date.

    ``store`` and ``lists`` are handed to ``policyatlas.screening.screen.screen`` (where the
    lists come from, by default the bundled and ingested ones; which lists, by default all);
    ``screen_fn`` replaces that function.
    """
    cls = ear.classify(s.item.chip, s.date) if s.item.chip is not None else None
    if cls is not None and cls["status"] == "undetermined" and doc is not None:
        raise _needs(doc, ("item", "chip"), cls["name"], cls["missing"], s.date)
    screening = screen_shipment(s, store=store, threshold=threshold, lists=lists,
                                screen_fn=screen_fn)
    us = ear.licence(s, screening=screening)
    cn = mofcom.check(s, screening=screening)
    us_applies = us["facts"].get("item.subject_to_ear") is not False or bool(us["prohibitions"])
    regimes = [{"applies": us_applies, **us}, cn]
    applying = [r for r in regimes if r["applies"]]
    return {
        "contract": CHECK_CONTRACT, "tool_version": __version__, "as_of": s.date.isoformat(),
        "shipment": s.model_dump(mode="json", exclude_none=True),
        "summary": [{"regime": r["regime"], "outcome": r["outcome"]} for r in applying],
        "screening": screening,
        "regimes": regimes,
    }
