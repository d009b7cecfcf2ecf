"""CSV bill lists published by trackers (``../shared/data/bills_2025_2026``, PROVENANCE.md):

- ``tracker-csv``: an Open States keyword tracker's list (jurisdiction name, identifier, session,
  title, updated_at, tracker_category …): identifiers and titles, no actions, so each bill's
  status is "no actions recorded" until it is fetched with its actions;
- ``techequity-ca``: TechEquity's hand-reviewed California AI bills of 2025
  (openstates_bill_id, bill_number, bill_name, bill_text = the Legislative Counsel's Digest,
  bill_history = ``date >> action`` items joined by commas, success = Signed / Vetoed / Failed):
  the digest is the abstract and the history becomes dated actions, classified from their
  wording as Open States classifies California's (``classify_ca_action``). A
  ``…_floor_votes.csv`` beside the file adds each bill's floor-vote count.

Errors name the file, the CSV line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from policyatlas.bills.model import Action, BillRecord, normalise_identifier
from policyatlas.errors import Problem, UserError

TRACKER_COLUMNS = ("jurisdiction", "identifier", "session", "title")
TECHEQUITY_COLUMNS = ("openstates_bill_id", "bill_number", "bill_name", "bill_history",
                      "success")


def detect_csv(header: list[str]) -> str | None:
    if all(c in header for c in TECHEQUITY_COLUMNS):
        return "techequity-ca"
    if all(c in header for c in TRACKER_COLUMNS):
        return "tracker-csv"
    return None


def read_csv(path: Path, text: str, fmt: str | None = None) -> list[BillRecord]:
    csv.field_size_limit(2**24)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = list(reader.fieldnames or [])
    fmt = fmt or detect_csv(header)
    if fmt is None:
        raise UserError(f"{path}: not a recognised bill list", [Problem(
            f"columns {', '.join(header[:8])} …", file=str(path), line=1,
            fix="pass --format tracker-csv|techequity-ca, or check the file is bill data")])
    need = TECHEQUITY_COLUMNS if fmt == "techequity-ca" else TRACKER_COLUMNS
    missing = [c for c in need if c not in header]
    if missing:
        raise UserError(f"{path}: missing columns", [Problem(
            f"no column {c!r}", file=str(path), line=1, field=c) for c in missing])
    votes = _votes(path) if fmt == "techequity-ca" else {}
    out, problems, seen = [], [], {}
    try:
        for row in reader:
            line = reader.line_num
            try:
                rec = _techequity(row, votes) if fmt == "techequity-ca" else _tracker(row)
            except _RowError as exc:
                problems.append(Problem(exc.message, file=str(path), line=line, field=exc.field,
                                        fix=exc.fix))
            else:
                if rec.uid in seen:
                    problems.append(Problem(f"the same bill as line {seen[rec.uid]}",
                                            file=str(path), line=line, field="identifier",
                                            fix="keep one row per bill"))
                seen[rec.uid] = line
                out.append(rec)
            if len(problems) >= 20:
                break
    except csv.Error as exc:
        raise UserError(f"{path} is not valid CSV", [Problem(
            str(exc), file=str(path), line=reader.line_num)]) from None
    if problems:
        raise UserError(f"{path}: {len(problems)} invalid row(s); nothing was stored", problems)
    return out


class _RowError(ValueError):
    def __init__(self, message: str, field: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field, self.fix = message, field, fix


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date(value: str, column: str, required: bool = False) -> str | None:
    import datetime as dt

    value = (value or "").strip()
    if not value:
        if required:
            raise _RowError("missing date", column, "use an ISO date, YYYY-MM-DD")
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        dt.date.fromisoformat(value[:10])
    except ValueError:
        raise _RowError(f"expected a date YYYY-MM-DD, got {value[:40]!r}", column,
                        "use an ISO date, YYYY-MM-DD") from None
    return value[:10]


def _code(name: str) -> str:
    from policyatlas.facts.jurisdictions import UnknownJurisdiction, normalize

    try:
        code = normalize({"united states": "us"}.get(name.strip().lower(), name))
    except UnknownJurisdiction as exc:
        raise _RowError(str(exc), "jurisdiction", exc.fix) from None
    return "US" if code == "us" else code.removeprefix("us-").split("-")[0].upper()


def _need(row: dict, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise _RowError(f"empty {column}", column, f"give the bill's {column}")
    return value


def _is_resolution(code: str, ident: str) -> bool:
    """From the identifier's letters: HR, SCR, HJR, LR … (Congress: H.Res., S.J.Res. …)."""
    prefix = re.sub(r"[^A-Z]", "", ident.split(" ")[0])
    if code == "US":
        return "RES" in prefix
    return "R" in prefix and "B" not in prefix


def _tracker(row: dict) -> BillRecord:
    code = _code(_need(row, "jurisdiction"))
    session = _need(row, "session")
    ident = normalise_identifier(_need(row, "identifier"))
    extra = {k: row[k].strip() for k in ("tracker_category", "first_seen", "last_seen")
             if (row.get(k) or "").strip()}
    return BillRecord(
        uid=f"tracker:{code}/{session}/{ident.replace(' ', '')}", source="tracker",
        jurisdiction=code, jurisdiction_name=row["jurisdiction"].strip(), session=session,
        identifier=ident, title=_need(row, "title"),
        classification=("resolution",) if _is_resolution(code, ident) else ("bill",),
        updated_at=_date(row.get("updated_at") or "", "updated_at"),
        url=(row.get("openstates_url") or "").strip(), extra=extra)


# --- TechEquity's California list ------------------------------------------------------------

_HISTORY_ITEM = re.compile(r"(?:^|,\s*)(\d{4}-\d{2}-\d{2}) >> ")

# California action wording -> Open States classifications (the patterns the Open States
# California scraper uses for the same texts), first match wins for each class.
_CA_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"Chaptered by Secretary of State", ("became-law",)),
    (r"Approved by (?:the )?Governor", ("executive-signature",)),
    (r"Vetoed by (?:the )?Governor", ("executive-veto",)),
    (r"Enrolled and presented to the Governor", ("enrolled", "executive-receipt")),
    (r"(?:Senate|Assembly) amendments concurred in|Read third time[.,]? (?:and )?(?:Urgency "
     r"clause adopted\. )?Passed|\bPassed\b.*\bOrdered to the (?:Senate|Assembly)",
     ("passage",)),
    (r"^Introduced|Read first time", ("introduction",)),
    (r"(?:Re-)?[Rr]eferred to Coms?\.", ("referral-committee",)),
    (r"From committee: (?:Do pass|Be adopted|Amend, and do pass)", ("committee-passage",
                                                                     "committee-passage-favorable")),
    (r"Died pursuant to|Returned to (?:the )?(?:Secretary of (?:the )?Senate|Chief Clerk) "
     r"pursuant to Joint Rule 62|Stricken from (?:the )?file", ("failure",)),
)


def classify_ca_action(text: str) -> tuple[str, ...]:
    """Open States classifications for one California action text."""
    out: list[str] = []
    for pattern, classes in _CA_PATTERNS:
        if re.search(pattern, text):
            out += [c for c in classes if c not in out]
    if re.search(r"Failed passage", text) and not re.search(r"Reconsideration granted", text):
        out.append("committee-failure" if "committee" in text.lower() else "failure")
    return tuple(out)


def parse_ca_history(history: str, origin: str) -> tuple[Action, ...]:
    """``2025-02-12 >> Introduced. …, 2025-02-13 >> From printer. …`` -> dated actions, with the
    house each happened in (the house of origin until the bill is ordered to the other)."""
    marks = list(_HISTORY_ITEM.finditer(history))
    if history.strip() and not marks:
        raise _RowError(f"expected 'YYYY-MM-DD >> action, …', got {history[:60]!r}",
                        "bill_history")
    house = origin
    other = {"upper": "lower", "lower": "upper"}
    actions = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(history)
        text = history[m.end():end].strip()
        date = _date(m[1], "bill_history", required=True) or ""
        if text.startswith("In Assembly"):
            house = "lower"
        elif text.startswith("In Senate"):
            house = "upper"
        classes = classify_ca_action(text)
        executive = bool(re.search(r"Governor|Secretary of State", text)) and any(
            c.startswith(("executive", "became")) for c in classes)
        chamber = "executive" if executive else house
        if "amendments concurred in" in text:
            chamber = origin
        actions.append(Action(date=date, organization={"upper": "Senate", "lower": "Assembly",
                                                       "executive": "Governor"}[chamber],
                              chamber=chamber, classification=classes, description=text))
        if re.search(r"Ordered to the (?:Senate|Assembly)", text):
            house = other.get(house, house)
    return tuple(sorted(actions, key=lambda a: a.date))


def _votes(path: Path) -> dict[str, int]:
    """Floor votes per bill from ``<name>_floor_votes.csv`` beside the bill file, if any."""
    beside = path.with_name(path.name.removesuffix(".csv") + "_floor_votes.csv")
    if not beside.exists():
        return {}
    counts: dict[str, int] = {}
    text = beside.read_text("utf-8-sig")
    for row in csv.DictReader(io.StringIO(text, newline="")):
        key = normalise_identifier(row.get("bill_number") or "")
        if key:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _techequity(row: dict, votes: dict[str, int]) -> BillRecord:
    uid = _need(row, "openstates_bill_id")
    if not uid.startswith("ocd-bill/"):
        raise _RowError(f"expected an Open States id 'ocd-bill/…', got {uid[:40]!r}",
                        "openstates_bill_id")
    ident = normalise_identifier(_need(row, "bill_number"))
    origin = "upper" if ident.startswith("S") else "lower"
    actions = parse_ca_history(row.get("bill_history") or "", origin)
    outcome = _need(row, "success")
    if outcome not in ("Signed", "Vetoed", "Failed"):
        raise _RowError(f"expected Signed, Vetoed or Failed, got {outcome!r}", "success")
    sponsors = tuple(s.strip() for s in [row.get("author") or "",
                                          *(row.get("coauthors") or "").split(",")]
                     if s.strip())
    extra = {"recorded_outcome": outcome}
    if (row.get("Megan Topic") or "").strip():
        extra["reviewer_topic"] = row["Megan Topic"].strip()
    if ident in votes:
        extra["recorded_votes"] = str(votes[ident])
    last = actions[-1] if actions else None
    return BillRecord(
        uid=uid, source="techequity", jurisdiction="CA", jurisdiction_name="California",
        session=(row.get("leg_session") or "2025-2026").replace("-", ""), identifier=ident,
        title=_need(row, "bill_name"), abstract=(row.get("bill_text") or "").strip(),
        sponsors=sponsors, actions=actions,
        first_action_date=_date(row.get("date_introduced") or "", "date_introduced")
        or (actions[0].date if actions else None),
        latest_action_date=last.date if last else None,
        latest_action_description=(row.get("status") or "").strip(),
        updated_at=_date(row.get("last_updated_on") or "", "last_updated_on"),
        url=(row.get("leginfo_link") or "").strip(), extra=extra)
