"""Bill status from the dated actions and their Open States classifications.

Not from a collector's coarse progress score: a resolution adopted by one chamber is "adopted",
never "enacted", and a bill is "dead" only once its session is known to be over (sessions.py)
as of the date the data describes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policyatlas.bills.model import Action, BillRecord
from policyatlas.bills.readers import data_as_of
from policyatlas.bills.sessions import session_end

STATUSES = {
    "enacted": "Enacted",
    "vetoed": "Vetoed",
    "failed": "Failed",
    "dead": "Dead at session end",
    "passed_both": "Passed both chambers",
    "passed_one_chamber": "Passed one chamber",
    "introduced": "Introduced",
    "adopted": "Adopted (resolution, not a law)",
    "unknown": "No actions recorded",
}
#: Statuses of bills that can still move.
PENDING = ("introduced", "passed_one_chamber", "passed_both")

# Legislatures with one chamber: one passage passes the legislature.
UNICAMERAL = frozenset({"NE", "DC", "GU", "VI"})

_LAW = {"became-law", "executive-signature", "executive-veto-line-item"}
_VETO = {"executive-veto", "veto"}
_FAIL = {"failure", "committee-failure", "withdrawal", "veto-override-failure"}
_TO_EXECUTIVE = {"enrolled", "executive-receipt"}


@dataclass(frozen=True, slots=True)
class BillStatus:
    code: str
    date: str | None
    reason: str
    evidence: Action | None = None

    @property
    def label(self) -> str:
        return STATUSES[self.code]


def _say(action: Action) -> str:
    what = action.description or " ".join(f"#{c}" for c in action.classification)
    who = f" ({action.organization})" if action.organization else ""
    return f"{action.date}{who}: {what}"


def derive_status(bill: BillRecord, as_of: dt.date | None = None) -> BillStatus:
    """The bill's status as of ``as_of`` (default: the newest date the record reflects)."""
    if as_of is None:
        newest = data_as_of([bill])
        as_of = dt.date.fromisoformat(newest) if newest else None
    actions = [a for a in bill.actions if as_of is None or a.date <= as_of.isoformat()]
    passed: set[str] = set()
    overrides: set[str] = set()
    reported = sent = False
    decided: tuple[str, Action] | None = None  # enacted / vetoed / failed
    last_passage: Action | None = None
    for action in actions:
        cls = set(action.classification)
        if cls & _LAW:
            decided = ("enacted", action)
        elif cls & _VETO and (decided is None or decided[0] != "enacted"):
            decided = ("vetoed", action)
        elif "veto-override-passage" in cls and decided and decided[0] == "vetoed":
            overrides.add(action.chamber)
            if len(overrides - {"other", "executive"}) >= (1 if _unicameral(bill) else 2) or \
                    "legislature" in overrides:
                decided = ("enacted", action)
        elif cls & _FAIL and (decided is None or decided[0] == "failed"):
            decided = ("failed", action)
        if "passage" in cls:
            if action.chamber in ("upper", "lower", "legislature"):
                passed.add(action.chamber)
            last_passage = action
            if decided and decided[0] == "failed" and not cls & _FAIL:
                decided = None  # reconsidered and passed
        if any(c.startswith("committee-passage") for c in cls):
            reported = True
        if cls & _TO_EXECUTIVE:
            sent = True

    if bill.is_resolution:
        if decided and decided[0] == "enacted" and bill.jurisdiction == "US" and \
                "joint resolution" in bill.classification:
            return BillStatus("enacted", decided[1].date, "joint resolution signed into law",
                              decided[1])
        adopting = decided[1] if decided and decided[0] == "enacted" else last_passage
        if adopting is not None:
            return BillStatus("adopted", adopting.date,
                              "resolution adopted: " + _say(adopting), adopting)
    elif decided and decided[0] in ("enacted", "vetoed"):
        code, action = decided
        reason = "signed or became law" if code == "enacted" else "vetoed by the executive"
        if code == "enacted" and "veto-override-passage" in action.classification:
            reason = "veto overridden"
        return BillStatus(code, action.date, f"{reason}: {_say(action)}", action)

    if decided and decided[0] == "failed":
        return BillStatus("failed", decided[1].date, "failed: " + _say(decided[1]), decided[1])

    both = sent or "legislature" in passed or {"upper", "lower"} <= passed or \
        (bool(passed) and _unicameral(bill))
    if both and not bill.is_resolution:
        code = "passed_both"
    elif passed and not bill.is_resolution:
        code = "passed_one_chamber"
    elif actions or bill.first_action_date:
        code = "introduced"
    else:
        return BillStatus("unknown", None, "the record has no actions")
    last = actions[-1] if actions else None
    date = (last_passage.date if code != "introduced" and last_passage else
            (last.date if last else bill.first_action_date))

    over, ended_on = _session_over(bill, as_of)
    if over and code != "passed_both":
        if code == "passed_one_chamber":
            why = "passed one chamber; died in the other when the session ended"
        elif reported:
            why = "reported from committee but never passed a chamber before the session ended"
        else:
            why = "died in committee: no committee report or floor vote before the session ended"
        return BillStatus("dead", ended_on, why, last)
    if over:
        return BillStatus(code, date, "passed both chambers; the session is over and no "
                          "executive action is recorded", last_passage)
    reason = {"passed_both": "passed both chambers, awaiting the executive",
              "passed_one_chamber": "passed its first chamber",
              "introduced": "pending"}[code]
    return BillStatus(code, date, reason + (": " + _say(last) if last else ""), last)


def _unicameral(bill: BillRecord) -> bool:
    return bill.jurisdiction in UNICAMERAL


def _session_over(bill: BillRecord, as_of: dt.date | None) -> tuple[bool, str | None]:
    if bill.session_ended:
        return True, bill.latest_action_date
    end = session_end(bill.jurisdiction, bill.session)
    if end is None or as_of is None or as_of < end:
        return False, None
    return True, (end - dt.timedelta(days=16)).isoformat()
