"""Bulk bill data: LegiScan weekly datasets, Open States per-session bulk downloads (CSV and
JSON), read with bounds and validated like every other input.

- ``legiscan-dataset``: the ZIP LegiScan publishes weekly per session (``getDataset``; data
  CC BY 4.0), ``<STATE>/<session>/bill/<BILL>.json`` files each ``{"bill": {...}}`` (people and
  vote files beside them are not read), or the same tree unpacked into a folder.
- ``openstates-csv``: an Open States per-session CSV download (ZIP or unpacked folder):
  ``<ST>_<session>_bills.csv`` (id, identifier, title, classification, subject,
  session_identifier, jurisdiction, organization_classification), with ``_bill_actions.csv``
  (bill_id, organization_id, description, date, classification, order),
  ``_organizations.csv`` (id, classification), ``_bill_abstracts.csv``,
  ``_bill_sponsorships.csv`` and ``_bill_sources.csv`` when present.
- ``openstates-json``: an Open States per-session JSON download: one Open Civic Data bill object
  per file (``legislative_session`` or ``session``, ``actions[]`` with ``organization`` or
  ``organization_id``), as a ZIP or a folder.

A ZIP is opened with bounds: at most ``MAX_MEMBERS`` members, ``MAX_BILL_BYTES`` decompressed in
all, and no member whose name leaves the archive (absolute, ``..``). An error names the file and
the member (``dataset.zip:CA/2025-2026/bill/AB1.json``), the record and the field.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from policyatlas.bills.model import BillRecord
from policyatlas.errors import Problem, UserError

MAX_MEMBERS = 200_000  # California's largest sessions hold about 6,000 bills (plus people, votes)
MAX_MEMBER_BYTES = 64 * 2**20


def _limit() -> int:
    from policyatlas.bills.readers import MAX_BILL_BYTES

    return MAX_BILL_BYTES


class Archive:
    """A ZIP or a folder, as named members with bounded reads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = sorted(str(p.relative_to(path).as_posix())
                                for p in path.rglob("*") if p.is_file())
            return
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise UserError(f"cannot read {path}", [Problem(
                f"not a readable ZIP archive ({exc})", file=str(path),
                fix="download the dataset again")]) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UserError(f"{path} is too large", [Problem(
                f"{len(infos):,} members; archives over {MAX_MEMBERS:,} are refused",
                file=str(path), fix="unpack it and ingest one session folder at a time")])
        total = sum(i.file_size for i in infos)
        if total > _limit():
            raise UserError(f"{path} is too large once decompressed", [Problem(
                f"{total:,} bytes; more than {_limit() // 2**20} MiB of bill files",
                file=str(path), fix="ingest one session at a time")])
        names = []
        for info in infos:
            if info.is_dir():
                continue
            pure = PurePosixPath(info.filename.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", info.filename):
                raise UserError(f"{path}: unsafe member name", [Problem(
                    f"{info.filename!r} would leave the archive", file=str(path),
                    fix="use the archive as the publisher made it")])
            names.append(info.filename)
        self.names = sorted(names)

    def where(self, name: str) -> str:
        return f"{self.path}:{name}"

    def read(self, name: str) -> bytes:
        if self.zip is None:
            file = self.path / name
            if file.stat().st_size > MAX_MEMBER_BYTES:
                raise UserError(f"{self.where(name)} is too large", [Problem(
                    f"over {MAX_MEMBER_BYTES // 2**20} MiB", file=self.where(name))])
            return file.read_bytes()
        try:
            with self.zip.open(name) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise UserError(f"cannot read {self.where(name)}", [Problem(
                str(exc), file=self.where(name), fix="download the dataset again")]) from None
        if len(data) > MAX_MEMBER_BYTES:
            raise UserError(f"{self.where(name)} is too large", [Problem(
                f"over {MAX_MEMBER_BYTES // 2**20} MiB once decompressed",
                file=self.where(name))])
        return data

    def json(self, name: str) -> Any:
        from policyatlas.bills.readers import _not_finite

        try:
            return json.loads(self.read(name), parse_constant=_not_finite)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"{self.where(name)} is not valid JSON", [Problem(
                getattr(exc, "msg", str(exc)), file=self.where(name),
                line=getattr(exc, "lineno", None),
                fix="check the member is complete JSON")]) from None
        except (RecursionError, ValueError) as exc:
            raise UserError(f"{self.where(name)} is not valid bill data", [Problem(
                str(exc) or "nested too deep", file=self.where(name))]) from None

    def text(self, name: str) -> str:
        try:
            return self.read(name).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UserError(f"{self.where(name)} is not UTF-8 text", [Problem(
                str(exc), file=self.where(name), fix="save the CSV as UTF-8")]) from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def detect(archive: Archive) -> str | None:
    names = archive.names
    if any(n.endswith("_bills.csv") for n in names):
        return "openstates-csv"
    if any(re.search(r"(?:^|/)bill/[^/]+\.json$", n) for n in names):
        return "legiscan-dataset"
    if any(n.endswith(".json") for n in names):
        return "openstates-json"
    return None


def read_archive(path: Path, fmt: str | None = None) -> Iterator[tuple[str, list[BillRecord]]]:
    """(member group, records) for a bulk archive or folder."""
    archive = Archive(path)
    try:
        fmt = fmt or detect(archive)
        if fmt == "legiscan-dataset":
            yield from _legiscan(archive)
        elif fmt == "openstates-csv":
            yield from _openstates_csv(archive)
        elif fmt == "openstates-json":
            yield from _openstates_json(archive)
        else:
            raise UserError(f"{path}: not a recognised bulk bill archive", [Problem(
                "expected a LegiScan dataset (<STATE>/<session>/bill/*.json), an Open States "
                "CSV download (*_bills.csv) or JSON download", file=str(path),
                fix="pass --format legiscan-dataset|openstates-csv|openstates-json")])
    finally:
        archive.close()


# --- LegiScan weekly dataset ----------------------------------------------------------------

def _legiscan(archive: Archive) -> Iterator[tuple[str, list[BillRecord]]]:
    from policyatlas.bills.readers import records_from

    members = [n for n in archive.names if re.search(r"(?:^|/)bill/[^/]+\.json$", n)]
    if not members:
        raise UserError(f"{archive.path}: no bill files", [Problem(
            "a LegiScan dataset holds <STATE>/<session>/bill/<BILL>.json files",
            file=str(archive.path), fix="check this is the dataset ZIP from getDataset")])
    batch: list[BillRecord] = []
    for name in members:
        data = archive.json(name)
        if not isinstance(data, dict) or not isinstance(data.get("bill"), dict):
            raise UserError(f"{archive.where(name)}: not a LegiScan bill file", [Problem(
                "expected {\"bill\": {...}}", file=archive.where(name), field="bill",
                fix="check this is a LegiScan dataset")])
        batch += records_from(data, source=archive.where(name), fmt="legiscan")
        if len(batch) >= 500:
            yield str(archive.path), batch
            batch = []
    if batch:
        yield str(archive.path), batch


# --- Open States bulk CSV -------------------------------------------------------------------

def _listish(value: str) -> list[str]:
    """``['bill']`` / ``["a", "b"]`` / ``a; b`` -> a list of strings (the bulk CSVs write Python
    or JSON list literals)."""
    value = (value or "").strip()
    if not value:
        return []
    if value.startswith("["):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            try:
                parsed = json.loads(value)
            except ValueError:
                raise ValueError(f"expected a list such as ['bill'], got {value[:60]!r}") \
                    from None
        if not isinstance(parsed, list):
            raise ValueError(f"expected a list such as ['bill'], got {value[:60]!r}")
        return [str(x) for x in parsed]
    return [x.strip() for x in re.split(r"[;|]", value) if x.strip()]


def _csv_rows(archive: Archive, name: str, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    text = archive.text(name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise UserError(f"{archive.where(name)}: missing columns", [Problem(
            f"no column {c!r}", file=archive.where(name), line=1, field=c,
            fix="use the CSV as Open States publishes it") for c in missing])
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise UserError(f"{archive.where(name)} is not valid CSV", [Problem(
            str(exc), file=archive.where(name), line=reader.line_num)]) from None
    return rows


def _member(archive: Archive, prefix: str, suffix: str) -> str | None:
    name = prefix + suffix
    return name if name in archive.names else None


def _state_from_path(name: str) -> str | None:
    first = PurePosixPath(name).name.split("_", 1)[0]
    return first.upper() if re.fullmatch(r"[A-Za-z]{2}", first) else None


def _state_code(name: str, where: str, line: int | None) -> str:
    from policyatlas.facts.jurisdictions import UnknownJurisdiction, normalize

    try:
        code = normalize(name)
    except UnknownJurisdiction as exc:
        raise UserError(f"{where}: unknown jurisdiction", [Problem(
            str(exc), file=where, line=line, field="jurisdiction", fix=exc.fix)]) from None
    return "US" if code == "us" else code.removeprefix("us-").split("-")[0].upper()


def _openstates_csv(archive: Archive) -> Iterator[tuple[str, list[BillRecord]]]:
    from policyatlas.bills.readers import V3Bill, _v3_record

    for bills_name in [n for n in archive.names if n.endswith("_bills.csv")]:
        prefix = bills_name[: -len("bills.csv")]
        where = archive.where(bills_name)
        orgs = {}
        if (org := _member(archive, prefix, "organizations.csv")):
            orgs = {r["id"]: {"name": r.get("name") or "", "classification":
                              r.get("classification") or None}
                    for _, r in _csv_rows(archive, org, ("id", "classification"))}
        related: dict[str, dict[str, list[tuple[int, dict]]]] = {}
        for part, cols in (("bill_actions.csv", ("bill_id", "date")),
                           ("bill_abstracts.csv", ("bill_id", "abstract")),
                           ("bill_sponsorships.csv", ("bill_id", "name")),
                           ("bill_sources.csv", ("bill_id", "url"))):
            member = _member(archive, prefix, part)
            rows = _csv_rows(archive, member, cols) if member else []
            by_bill: dict[str, list[tuple[int, dict]]] = {}
            for line, r in rows:
                by_bill.setdefault(r["bill_id"], []).append((line, r))
            related[part] = by_bill
        state = _state_from_path(bills_name)
        out, problems = [], []
        for line, row in _csv_rows(archive, bills_name, (
                "id", "identifier", "title", "session_identifier")):
            label = f"record {row.get('id') or '?'}"
            try:
                code = state or _state_code(row.get("jurisdiction") or "", where, line)
                actions = []
                for aline, a in related["bill_actions.csv"].get(row["id"], []):
                    org = orgs.get(a.get("organization_id") or "", {})
                    try:
                        classes = _listish(a.get("classification") or "")
                    except ValueError as exc:
                        problems.append(Problem(str(exc), file=archive.where(
                            prefix + "bill_actions.csv"), line=aline, field="classification"))
                        continue
                    actions.append({"date": a.get("date") or "", "description":
                                    a.get("description") or "", "classification": classes,
                                    "organization": org or None,
                                    "order": int(a["order"]) if (a.get("order") or "").isdigit()
                                    else None})
                bill = {
                    "id": row["id"], "session": row["session_identifier"],
                    "jurisdiction": {"id": f"ocd-jurisdiction/country:us/state:{code.lower()}"
                                     "/government" if code != "US" else
                                     "ocd-jurisdiction/country:us/government",
                                     "name": row.get("jurisdiction") or ""},
                    "identifier": row["identifier"], "title": row["title"],
                    "classification": _listish(row.get("classification") or "") or ["bill"],
                    "subject": _listish(row.get("subject") or ""),
                    "abstracts": [{"abstract": r.get("abstract") or ""} for _, r in
                                  related["bill_abstracts.csv"].get(row["id"], [])],
                    "sponsorships": [{"name": r.get("name"), "primary":
                                      (r.get("primary") or "").lower() in ("true", "t", "1")}
                                     for _, r in related["bill_sponsorships.csv"].get(
                                         row["id"], [])],
                    "sources": [{"url": r.get("url")} for _, r in
                                related["bill_sources.csv"].get(row["id"], [])],
                    "actions": actions,
                }
                out.append(_v3_record(V3Bill.model_validate(bill)))
            except UserError as exc:
                problems += exc.problems
            except ValueError as exc:  # pydantic's ValidationError is a ValueError
                problems += _problems(exc, where, line, label)
            if len(problems) >= 20:
                break
        if problems:
            raise UserError(f"{where}: {len(problems)} invalid record field(s); nothing was "
                            "stored", problems)
        if not out:
            continue
        yield where, out


def _problems(exc: ValueError, where: str, line: int | None, label: str) -> list[Problem]:
    from pydantic import ValidationError

    from policyatlas.bills.readers import _fix

    if isinstance(exc, ValidationError):
        out = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            out.append(Problem(err["msg"].removeprefix("Value error, "), file=where, line=line,
                               field=f"{label} {loc}", fix=_fix(err["type"], loc)))
        return out
    return [Problem(str(exc), file=where, line=line, field=label)]


# --- Open States bulk JSON ------------------------------------------------------------------

_PSEUDO = re.compile(r"^~(\{.*\})$")


def _org(action: dict) -> dict | None:
    org = action.get("organization")
    if isinstance(org, dict):
        return org
    ref = str(action.get("organization_id") or "")
    match = _PSEUDO.match(ref)  # pupa's pseudo-ids: ~{"classification": "lower"}
    if match:
        try:
            data = json.loads(match[1])
        except ValueError:
            return None
        return {"name": str(data.get("name") or ""), "classification": data.get("classification")}
    return None


def _openstates_json(archive: Archive) -> Iterator[tuple[str, list[BillRecord]]]:
    for name in [n for n in archive.names if n.endswith(".json")]:
        yield archive.where(name), json_records(archive.json(name), name, archive.where(name))


def is_ocd_bill(data: Any) -> bool:
    """An Open States bulk-JSON bill (``legislative_session``, not the API's ``session``)."""
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and "legislative_session" in first and \
        "identifier" in first


def json_records(data: Any, name: str, where: str) -> list[BillRecord]:
    """Open Civic Data bill objects (one or a list) -> records; ``name`` is the member path,
    whose first part or file prefix gives the state when the object does not."""
    from policyatlas.bills.readers import V3Bill, _v3_record

    items = data if isinstance(data, list) else [data]
    out, problems = [], []
    for n, raw in enumerate(items):
        label = f"record {n} ({raw.get('id', '?') if isinstance(raw, dict) else '?'})"
        if not isinstance(raw, dict):
            problems.append(Problem("expected an object", file=where, field=label))
            continue
        session = raw.get("session") or raw.get("legislative_session")
        if isinstance(session, dict):
            session = session.get("identifier")
        jur = raw.get("jurisdiction")
        if isinstance(jur, str):
            jur = {"id": jur}
        if not jur:
            parts = PurePosixPath(name.replace("\\", "/")).parts
            state = _state_from_path(name) or next(
                (p.upper() for p in parts if re.fullmatch(r"[A-Za-z]{2}", p)), None)
            jur = {"id": f"ocd-jurisdiction/country:us/state:{state.lower()}/government"} \
                if state else None
        bill = {**raw, "session": session, "jurisdiction": jur,
                "actions": [{**a, "organization": _org(a)} if isinstance(a, dict) else a
                            for a in raw.get("actions") or []]}
        try:
            out.append(_v3_record(V3Bill.model_validate(bill)))
        except ValueError as exc:
            problems += _problems(exc, where, None, label)
        if len(problems) >= 20:
            break
    if problems:
        raise UserError(f"{where}: {len(problems)} invalid record field(s); nothing was "
                        "stored", problems)
    return out
