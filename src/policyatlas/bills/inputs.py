"""Every bill input, whatever its format: JSON files (readers.py), bulk archives and unpacked
bulk downloads (bulk.py), CSV bill lists (feeds.py); and merging sources in one ingest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policyatlas.bills import bulk, feeds
from policyatlas.bills.model import BillRecord
from policyatlas.bills.readers import (
    BULK_FORMATS,
    CSV_FORMATS,
    FORMATS,
    _files,
    _load_json,
    _read_bounded,
    records_from,
)
from policyatlas.errors import Problem, UserError

_SUFFIXES = (".json", ".json.gz", ".zip", ".csv", ".csv.gz")
_SKIP = ("_floor_votes.csv", "_committee_referrals.csv")  # read beside their bill file


def _is_bulk_folder(path: Path) -> bool:
    """An unpacked LegiScan dataset or Open States CSV download."""
    return any(path.rglob("*_bills.csv")) or any(
        p.parent.name == "bill" for p in path.rglob("*.json"))


def read_path(path: str | Path, fmt: str | None = None) -> Iterator[tuple[Path, list[BillRecord]]]:
    """Each file under ``path`` with its validated records (one file at a time, for progress).

    ``.zip`` files (and folders that are an unpacked bulk download) are read by bills/bulk.py,
    ``.csv`` files by bills/feeds.py, everything else as JSON."""
    path = Path(path)
    if (fmt in BULK_FORMATS and not (fmt == "openstates-json" and path.is_file())) or \
            (fmt is None and path.is_dir() and _is_bulk_folder(path)):
        for _, records in bulk.read_archive(path, fmt):
            yield path, records
        return
    for file in _files(path, _SUFFIXES, _SKIP):
        if file.name.endswith(".zip"):
            for _, records in bulk.read_archive(file, fmt if fmt in BULK_FORMATS else None):
                yield file, records
        elif file.name.endswith((".csv", ".csv.gz")):
            text = _read_bounded(file)
            try:
                decoded = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UserError(f"{file} is not UTF-8 text", [Problem(
                    str(exc), file=str(file), fix="save the CSV as UTF-8")]) from None
            yield file, feeds.read_csv(file, decoded, fmt if fmt in CSV_FORMATS else None)
        else:
            data = _load_json(file)
            if fmt == "openstates-json" or (fmt is None and bulk.is_ocd_bill(data)):
                yield file, bulk.json_records(data, str(file), str(file))
            else:
                yield file, records_from(data, source=str(file),
                                         fmt=fmt if fmt in FORMATS else None)


def merge_sources(records: list[BillRecord]) -> list[BillRecord]:
    """Drop a tracker-list record (identifiers and titles only) when the same bill (state,
    session, number) is also given by a fuller source in the same ingest."""
    from policyatlas.bills.model import identifier_key

    def key(r: BillRecord) -> tuple[str, str, str]:
        return (r.jurisdiction, r.session.replace("-", ""), identifier_key(r.identifier))

    full = {key(r) for r in records if r.source != "tracker"}
    return [r for r in records if r.source != "tracker" or key(r) not in full]
