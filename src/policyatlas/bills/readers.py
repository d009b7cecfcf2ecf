"""Read bill data into BillRecords: Open States bulk-flattened JSON, Open States API v3 JSON,
LegiScan JSON. Everything is validated before anything is stored, and an error names the file,
the record (index and id) and the field.

Formats, recognised from the content:
- ``openstates``: the flattened Open States field names (``openstates_id``, ``jurisdiction_code``,
  ``detailed_progress`` …) as a column-oriented object ({field: {row: value}}, pandas "columns")
  or a list of records;
- ``openstates-v3``: API v3 bill objects (``id: ocd-bill/…``, ``jurisdiction{}``, ``actions[]``),
  one, a list, or a ``/bills`` page ({"results": [...], "pagination": {...}});
- ``legiscan``: ``getBill`` replies ({"status": "OK", "bill": {...}}), bare bill objects, lists of
  either, or a LegiScan dataset folder of such files.
Files may be gzip-compressed (``.gz``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from policyatlas.bills.model import Action, BillRecord, normalise_identifier
from policyatlas.errors import Problem, UserError
from policyatlas.sourcefile import read_bounded

FORMATS = ("openstates", "openstates-v3", "legiscan")
#: Bulk archives (ZIP or unpacked folder) and CSV bill lists: bills/bulk.py, bills/feeds.py.
BULK_FORMATS = ("legiscan-dataset", "openstates-csv", "openstates-json")
CSV_FORMATS = ("tracker-csv", "techequity-ca")
ALL_FORMATS = (*FORMATS, *BULK_FORMATS, *CSV_FORMATS)

# The date of an action or update; a datetime is cut to its date.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    dt.date.fromisoformat(value[:10])  # rejects 2024-02-30
    return value[:10]


def _ocd_bill_id(value: str) -> str:
    if not value.startswith("ocd-bill/"):
        raise ValueError(f"expected an Open States id 'ocd-bill/…', got {value!r}")
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


# --- Open States, flattened (bulk export field names) -----------------------------------------

class FlatBill(_Input):
    openstates_id: str
    identifier: str
    session: str
    jurisdiction_code: str
    title: str
    jurisdiction: str = ""
    classification: list[str] = ["bill"]
    abstract: str | None = None
    subject: list[str] = []
    sponsorships: str | None = None
    first_action_date: str | None = None
    latest_action_date: str | None = None
    latest_action_description: str | None = None
    openstates_updated_at: str | None = None
    detailed_progress: str | None = None
    openstates_url: str | None = None
    source: str | None = None
    text: str | None = None

    _dates = field_validator("first_action_date", "latest_action_date", "openstates_updated_at",
                             mode="before")(_iso_date)

    _ocd = field_validator("openstates_id")(_ocd_bill_id)

    @field_validator("detailed_progress")
    @classmethod
    def _progress(cls, value: str | None) -> str | None:
        parse_progress(value)  # raises ValueError naming the line
        return value

    @field_validator("jurisdiction_code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ValueError(f"expected a two-letter code such as 'CA' or 'US', got {value!r}")
        return value.upper()


_PROGRESS = re.compile(r"^(?P<date>\S+): \[(?P<org>[^\]]*)\]\s*(?P<classes>.*)$")


def parse_progress(text: str | None) -> tuple[Action, ...]:
    """``2024-01-09: [House] #filing #introduction`` lines -> actions, in date order."""
    actions = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        match = _PROGRESS.match(line.strip())
        if not match:
            raise ValueError(f"line {number}: expected 'YYYY-MM-DD: [organization] #class …', "
                             f"got {line.strip()[:60]!r}")
        try:
            date = _iso_date(match["date"])
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
        classes = tuple(c.lstrip("#") for c in match["classes"].split() if c.startswith("#"))
        org = match["org"].strip()
        actions.append(Action(date=date or "", organization=org, chamber=chamber_of(org),
                              classification=classes))
    # The export lists days newest first but keeps each day's actions in their own order.
    return tuple(sorted(actions, key=lambda a: a.date))


def chamber_of(organization: str) -> str:
    """The role of an organization named in an action."""
    name = organization.lower()
    if any(w in name for w in ("governor", "mayor", "executive", "president")):
        return "executive"
    if "senate" in name:
        return "upper"
    lower = ("house", "assembly", "delegates")
    if any(w in name for w in lower) and "general assembly" not in name:
        return "lower"
    if any(w in name for w in ("legislature", "council", "congress", "general assembly")):
        return "legislature"
    return "other"


def _flat_record(bill: FlatBill) -> BillRecord:
    sponsors = tuple(s.strip() for s in (bill.sponsorships or "").splitlines() if s.strip())
    return BillRecord(
        uid=bill.openstates_id, source="openstates", jurisdiction=bill.jurisdiction_code,
        jurisdiction_name=bill.jurisdiction, session=bill.session,
        identifier=normalise_identifier(bill.identifier), title=bill.title,
        classification=tuple(bill.classification or ("bill",)), abstract=bill.abstract or "",
        subjects=tuple(bill.subject), sponsors=sponsors,
        actions=parse_progress(bill.detailed_progress),
        first_action_date=bill.first_action_date, latest_action_date=bill.latest_action_date,
        latest_action_description=bill.latest_action_description or "",
        updated_at=bill.openstates_updated_at, url=bill.openstates_url or "",
        source_urls=tuple(u for u in (bill.source,) if u), text=bill.text or "",
    )


# --- Open States API v3 ---------------------------------------------------------------------

class V3Org(_Input):
    name: str = ""
    classification: str | None = None


class V3Jurisdiction(_Input):
    id: str
    name: str = ""
    classification: str | None = None


class V3Action(_Input):
    date: str
    description: str = ""
    classification: list[str] = []
    organization: V3Org | None = None
    order: int | None = None

    _date = field_validator("date", mode="before")(_iso_date)


class V3Bill(_Input):
    id: str
    session: str
    jurisdiction: V3Jurisdiction
    identifier: str
    title: str
    classification: list[str] = ["bill"]
    subject: list[str] = []
    from_organization: V3Org | None = None
    updated_at: str | None = None
    openstates_url: str | None = None
    first_action_date: str | None = None
    latest_action_date: str | None = None
    latest_action_description: str | None = None
    abstracts: list[dict[str, Any]] = []
    sponsorships: list[dict[str, Any]] = []
    actions: list[V3Action] = []
    sources: list[dict[str, Any]] = []

    _dates = field_validator("first_action_date", "latest_action_date", "updated_at",
                             mode="before")(_iso_date)

    _ocd = field_validator("id")(_ocd_bill_id)


_OCD_JURISDICTION = re.compile(r"/(?:state|district|territory):(?P<code>[a-z]{2})/")


def _v3_code(jurisdiction: V3Jurisdiction) -> str:
    match = _OCD_JURISDICTION.search(jurisdiction.id)
    if match:
        return match["code"].upper()
    if jurisdiction.id.startswith("ocd-jurisdiction/country:us/"):
        return "US"
    raise ValueError(f"cannot tell the state from jurisdiction id {jurisdiction.id!r}")


_V3_CHAMBERS = {"upper": "upper", "lower": "lower", "legislature": "legislature",
                "executive": "executive"}


def _v3_record(bill: V3Bill) -> BillRecord:
    actions = []
    ordered = sorted(enumerate(bill.actions), key=lambda ia: (ia[1].date, ia[1].order or 0, ia[0]))
    for _, action in ordered:
        org = action.organization or V3Org()
        chamber = _V3_CHAMBERS.get(org.classification or "") or chamber_of(org.name)
        actions.append(Action(date=action.date, organization=org.name, chamber=chamber,
                              classification=tuple(action.classification),
                              description=action.description))
    abstract = " ".join(str(a.get("abstract") or "") for a in bill.abstracts).strip()
    return BillRecord(
        uid=bill.id, source="openstates", jurisdiction=_v3_code(bill.jurisdiction),
        jurisdiction_name=bill.jurisdiction.name, session=bill.session,
        identifier=normalise_identifier(bill.identifier), title=bill.title,
        classification=tuple(bill.classification or ("bill",)), abstract=abstract,
        subjects=tuple(bill.subject),
        sponsors=tuple(str(s.get("name")) + (" (primary)" if s.get("primary") else "")
                       for s in bill.sponsorships if s.get("name")),
        actions=tuple(actions), first_action_date=bill.first_action_date,
        latest_action_date=bill.latest_action_date,
        latest_action_description=bill.latest_action_description or "",
        updated_at=bill.updated_at, url=bill.openstates_url or "",
        source_urls=tuple(str(s["url"]) for s in bill.sources if s.get("url")),
    )


# --- LegiScan ---------------------------------------------------------------------------------

class LSSession(_Input):
    session_name: str = ""
    year_start: int | None = None
    year_end: int | None = None
    sine_die: int | None = None


class LSHistory(_Input):
    date: str
    action: str = ""
    chamber: str = ""

    _date = field_validator("date", mode="before")(_iso_date)


class LSProgress(_Input):
    date: str
    event: int

    _date = field_validator("date", mode="before")(_iso_date)


class LSBill(_Input):
    bill_id: int
    state: str
    bill_number: str
    title: str
    description: str = ""
    bill_type: str = "B"
    session: LSSession
    url: str = ""
    state_link: str = ""
    status_date: str | None = None
    history: list[LSHistory] = []
    progress: list[LSProgress] = []
    subjects: list[dict[str, Any]] = []
    sponsors: list[dict[str, Any]] = []
    change_hash: str = ""

    _dates = field_validator("status_date", mode="before")(_iso_date)


# LegiScan progress event codes (LegiScan API manual, "Progress event" table) mapped to Open
# States action classifications, so that one status derivation serves both sources.
LEGISCAN_EVENTS: dict[int, tuple[str, ...]] = {
    1: ("introduction",), 2: ("passage",), 3: ("passage", "enrolled"), 4: ("became-law",),
    5: ("executive-veto",), 6: ("failure",), 7: ("veto-override-passage",), 8: ("became-law",),
    9: ("referral-committee",), 10: ("committee-passage-favorable",),
    11: ("committee-passage-unfavorable",),
}
_LS_TYPES = {"B": "bill", "R": "resolution", "CR": "concurrent resolution",
             "JR": "joint resolution", "JRCA": "constitutional amendment", "M": "memorial",
             "JM": "memorial", "CM": "memorial", "CA": "constitutional amendment"}
_LS_CHAMBERS = {"H": "lower", "A": "lower", "S": "upper"}


def _ls_record(bill: LSBill) -> BillRecord:
    events = {}
    for p in bill.progress:
        if p.event in LEGISCAN_EVENTS:
            events.setdefault(p.date, []).extend(LEGISCAN_EVENTS[p.event])
    actions = []
    for h in sorted(bill.history, key=lambda h: h.date):
        classes = tuple(events.pop(h.date, ()))
        actions.append(Action(date=h.date, organization=h.chamber,
                              chamber=_LS_CHAMBERS.get(h.chamber.upper(), "other"),
                              classification=classes, description=h.action))
    for date, classes in events.items():  # events with no history line that day
        actions.append(Action(date=date, organization="", chamber="other",
                              classification=tuple(classes)))
    actions.sort(key=lambda a: a.date)
    session = bill.session
    session_name = session.session_name or "-".join(
        str(y) for y in dict.fromkeys((session.year_start, session.year_end)) if y)
    return BillRecord(
        uid=f"legiscan:{bill.bill_id}", source="legiscan", jurisdiction=bill.state.upper(),
        session=session_name, identifier=normalise_identifier(bill.bill_number),
        title=bill.title, abstract=bill.description if bill.description != bill.title else "",
        classification=(_LS_TYPES.get(bill.bill_type.upper(), "bill"),),
        subjects=tuple(str(s.get("subject_name")) for s in bill.subjects if s.get("subject_name")),
        sponsors=tuple(str(s.get("name")) for s in bill.sponsors if s.get("name")),
        actions=tuple(actions),
        first_action_date=actions[0].date if actions else None,
        latest_action_date=actions[-1].date if actions else None,
        latest_action_description=actions[-1].description if actions else "",
        updated_at=bill.status_date, url=bill.url,
        source_urls=tuple(u for u in (bill.state_link,) if u),
        session_ended=None if session.sine_die is None else bool(session.sine_die),
        extra={"legiscan_change_hash": bill.change_hash} if bill.change_hash else {},
    )


# --- detection and the public entry point -------------------------------------------------------

# A bill file (or its decompressed content) larger than this is refused: the full 1,318-bill Open
# States data set is 13 MiB uncompressed, and LegiScan's largest weekly session files are about
# ten times that. Reading is bounded before it starts, and decompression as it goes, so a
# "gzip bomb" stops at the limit.
MAX_BILL_BYTES = 512 * 2**20


def _read_bounded(path: Path) -> bytes:
    return read_bounded(path, MAX_BILL_BYTES, "bill files",
                        "split the file, or ingest a folder of smaller files")


def _not_finite(value: str) -> float:
    raise ValueError(f"{value} is not a finite number")


def _load_json(path: Path) -> Any:
    try:
        raw = _read_bounded(path)
        return json.loads(raw, parse_constant=_not_finite)
    except (OSError, EOFError, zlib.error) as exc:
        raise UserError(f"cannot read {path}", [Problem(str(exc), file=str(path))]) from None
    except RecursionError:
        raise UserError(f"{path} is not bill data", [Problem(
            "nested far too deep for a bill record", file=str(path),
            fix="check the file is an Open States or LegiScan export")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise UserError(f"{path} is not valid JSON",
                        [Problem(getattr(exc, "msg", str(exc)), file=str(path), line=line,
                                 fix="check the file is complete JSON (or .json.gz)")]) from None
    except ValueError as exc:  # a NaN, or an integer over Python's digit limit
        raise UserError(f"{path} is not valid bill data", [Problem(
            str(exc), file=str(path), fix="write finite numbers of ordinary size")]) from None


def detect(data: Any) -> str:
    """Which format a parsed JSON document is in."""
    if isinstance(data, dict):
        if isinstance(data.get("openstates_id"), dict):
            return "openstates"
        if isinstance(data.get("results"), list) or str(data.get("id", "")).startswith("ocd-bill/"):
            return "openstates-v3"
        if isinstance(data.get("bill"), dict) or "bill_id" in data:
            return "legiscan"
    if isinstance(data, list) and data and isinstance(data[0], dict):
        first = data[0]
        if "openstates_id" in first:
            return "openstates"
        if str(first.get("id", "")).startswith("ocd-bill/"):
            return "openstates-v3"
        if "bill" in first or "bill_id" in first:
            return "legiscan"
    raise ValueError("not a recognised bill format")


def _rows(data: Any, fmt: str) -> list[Any]:
    if fmt == "openstates":
        if isinstance(data, dict):  # column-oriented: {field: {row: value}}
            rows = sorted(data["openstates_id"], key=lambda r: (len(r), r))
            return [{f: col.get(r) for f, col in data.items() if isinstance(col, dict)}
                    for r in rows]
        return list(data)
    if fmt == "openstates-v3":
        if isinstance(data, dict):
            return list(data["results"]) if "results" in data else [data]
        return list(data)
    if isinstance(data, dict):
        data = [data]
    return [d.get("bill", d) if isinstance(d, dict) else d for d in data]


_MODELS = {"openstates": (FlatBill, _flat_record), "openstates-v3": (V3Bill, _v3_record),
           "legiscan": (LSBill, _ls_record)}


def _record_id(row: Any) -> str:
    if isinstance(row, dict):
        for key in ("openstates_id", "id", "bill_id"):
            if row.get(key):
                return str(row[key])
    return "?"


def records_from(data: Any, *, source: str, fmt: str | None = None) -> list[BillRecord]:
    """Validate and convert one parsed document; raises UserError naming record and field."""
    if fmt is None:
        try:
            fmt = detect(data)
        except ValueError:
            raise UserError(f"{source}: not a recognised bill file", [Problem(
                "expected Open States JSON (flattened export or API v3) or LegiScan JSON",
                file=source, fix="pass --format openstates|openstates-v3|legiscan, "
                "or check the file is bill data")]) from None
    model, convert = _MODELS[fmt]
    out, problems = [], []
    try:
        rows = _rows(data, fmt)
    except (KeyError, TypeError, AttributeError, ValueError):
        raise UserError(f"{source}: not {fmt} data", [Problem(
            f"the file does not have the shape of the {fmt} format", file=source,
            fix="pass the right --format, or leave it out to recognise the format")]) from None
    for index, row in enumerate(rows):
        label = f"record {index} ({_record_id(row)})"
        if not isinstance(row, dict):
            problems.append(Problem(f"expected an object, got {type(row).__name__}",
                                    file=source, field=label))
            continue
        try:
            out.append(convert(model.model_validate(row)))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                problems.append(Problem(err["msg"].removeprefix("Value error, "), file=source,
                                        field=f"{label} {where}",
                                        fix=_fix(err["type"], where)))
        except ValueError as exc:
            problems.append(Problem(str(exc), file=source, field=label))
        if len(problems) >= 20:
            break
    if problems:
        raise UserError(f"{source}: {len(problems)} invalid record field(s); nothing was stored",
                        problems)
    return out


def _fix(kind: str, where: str) -> str | None:
    if kind == "missing":
        return f"add '{where}' to the record"
    if "date" in where:
        return "use an ISO date, YYYY-MM-DD"
    return None


def _files(path: Path, suffixes: tuple[str, ...] = (".json", ".json.gz"),
           skip: tuple[str, ...] = ()) -> list[Path]:
    """``path`` itself, or the files under it ending in ``suffixes`` (not in ``skip``)."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file()
                       and p.name.endswith(suffixes) and not p.name.endswith(skip))
        if not files:
            raise UserError(f"no bill files ({', '.join(suffixes)}) in {path}",
                            [Problem("the folder holds no bill files", file=str(path))])
        return files
    if not path.exists():
        raise UserError(f"{path} does not exist", [Problem("no such file", file=str(path))])
    return [path]


def read_path(path: str | Path, fmt: str | None = None) -> Iterator[tuple[Path, list[BillRecord]]]:
    """Each JSON file under ``path`` with its validated records (one file at a time, for
    progress). Every format, bulk archives and CSV lists included: ``bills.inputs.read_path``."""
    for file in _files(Path(path)):
        yield file, records_from(_load_json(file), source=str(file), fmt=fmt)


def data_as_of(records: list[BillRecord]) -> str | None:
    """The newest date a set of records reflects: the snapshot they describe."""
    dates = [d for r in records for d in (r.updated_at, r.latest_action_date,
                                          r.actions[-1].date if r.actions else None) if d]
    return max(dates) if dates else None
