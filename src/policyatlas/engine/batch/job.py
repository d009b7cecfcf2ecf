"""A batch job: a file of systems in, Parquet out, streamed in chunks, resumable by chunk.

Memory is bounded by the chunk (``chunk_rows`` input rows, encoded and evaluated at once), not
by the input. Each finished chunk is written as a part file, atomically, into
``<output>.parts/``, and recorded in ``<output>.parts/manifest.json`` with what it was
computed from (input size and time, as-of date, plan fingerprint, options). A job started again
with the same arguments skips the chunks the manifest records; when every chunk is done, the
parts are joined into the output (a temporary file renamed into place) and the errors into the
errors file, and the parts folder is removed. Nothing partial is ever left under the output's
name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from policyatlas.engine.batch import run_encoded
from policyatlas.engine.batch.facts_table import ERRORS_SCHEMA, encode, file_format, read_chunks
from policyatlas.engine.batch.plan import build_plan
from policyatlas.rules.loader import PackSet

MANIFEST_VERSION = 1
DEFAULT_CHUNK = 1 << 17


class JobMismatch(ValueError):
    """The parts folder belongs to a different job (other input, date or options)."""


@dataclass(slots=True)
class JobResult:
    rows: int
    errors: int
    chunks: int
    skipped: int  # chunks found done in the manifest
    output: Path
    errors_path: Path | None


def _parts(output: Path) -> Path:
    return output.with_name(output.name + ".parts")


def _write_part(table: pa.Table, path: Path) -> None:
    """A chunk's result as an Arrow IPC file (written and read back at memory speed)."""
    import pyarrow.feather as feather

    tmp = path.with_name(f".{path.name}.tmp")
    feather.write_feather(table, tmp, compression="uncompressed")
    os.replace(tmp, path)


def _read_part(path: Path) -> pa.Table:
    import pyarrow.feather as feather

    # Read, not mapped: a mapped part's pages count towards the process's resident memory for
    # as long as the kernel keeps them, so the peak would depend on the machine's load.
    return feather.read_table(path, memory_map=False)


def _identity(source: Path, as_of: dt.date, fingerprint: str, options: dict) -> dict:
    st = source.stat()
    return {"version": MANIFEST_VERSION, "input": str(source.resolve()), "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "as_of": as_of.isoformat(), "plan": fingerprint,
            "options": options}


def run_job(source: Path, output: Path, as_of: dt.date, packs: PackSet, *,
            errors_path: Path | None = None, chunk_rows: int = DEFAULT_CHUNK,
            engine: str = "numpy", detail: str = "counts", by: tuple[str, ...] = (),
            rules: bool = True, missing: bool = True, resume: bool = True,
            progress: Callable[[int, int | None], None] | None = None) -> JobResult:
    """Evaluate every system of ``source`` (Parquet, CSV, JSONL or one inventory) on ``as_of``
    and write the result to ``output`` (Parquet) and bad rows to ``errors_path``."""
    if file_format(source) is None:
        raise ValueError(f"unknown input format '{source.suffix}' (use .parquet, .csv, .jsonl, "
                         ".yaml or .json)")
    plan = build_plan(packs, as_of)
    options = {"chunk_rows": chunk_rows, "detail": detail, "by": list(by), "rules": rules,
               "missing": missing}
    ident = _identity(source, as_of, plan.fingerprint, options)
    parts = _parts(output)
    manifest_path = parts / "manifest.json"
    manifest: dict[str, Any] = {**ident, "chunks": {}}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text())
        if {k: old.get(k) for k in ident} == ident and resume:
            manifest = old
        elif resume and old.get("chunks"):
            raise JobMismatch(f"{parts} holds chunks of another job (input, date, packs or "
                              "options differ)")
    if not manifest["chunks"] and parts.exists():
        shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        tmp = manifest_path.with_name(".manifest.json.tmp")
        tmp.write_text(json.dumps(manifest, indent=1))
        os.replace(tmp, manifest_path)

    save()
    total = None
    if file_format(source) == "parquet":
        total = pq.ParquetFile(source).metadata.num_rows
    done_rows = skipped = chunks = 0
    con = None
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect()
    for i, chunk in enumerate(read_chunks(source, plan.input_columns(), chunk_rows)):
        chunks += 1
        key = str(i)
        first = i * chunk_rows + 1
        if key in manifest["chunks"] and (parts / manifest["chunks"][key]["file"]).exists():
            skipped += 1
        else:
            enc, errs = encode(chunk, plan, first_row=first)
            out = run_encoded(plan, enc, engine=engine, detail=detail, by=by, rules=rules,
                              missing=missing, connection=con)
            name = f"chunk-{i:06d}.arrow"
            _write_part(out, parts / name)
            _write_part(errs.table(), parts / f"errors-{i:06d}.arrow")
            manifest["chunks"][key] = {"file": name, "rows": chunk.num_rows,
                                       "results": out.num_rows, "errors": len(errs)}
            save()
        done_rows += chunk.num_rows
        if progress:
            progress(done_rows, total)
    if con is not None:
        con.close()
    n_err = _join(parts, manifest, output, errors_path)
    shutil.rmtree(parts)
    return JobResult(done_rows, n_err, chunks, skipped, output, errors_path)


def _join(parts: Path, manifest: dict, output: Path, errors_path: Path | None) -> int:
    keys = sorted(manifest["chunks"], key=int)
    tmp = output.with_name(f".{output.name}.tmp")
    writer = None
    try:
        for k in keys:
            t = _read_part(parts / manifest["chunks"][k]["file"])
            if writer is None:
                writer = pq.ParquetWriter(tmp, t.schema, write_statistics=["system_id"])
            writer.write_table(t)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # an empty input: an empty table with no rows
        pq.write_table(pa.table({"system_id": pa.array([], pa.string())}), tmp)
    os.replace(tmp, output)
    errors = [_read_part(parts / f"errors-{int(k):06d}.arrow") for k in keys]
    table = pa.concat_tables(errors) if errors else ERRORS_SCHEMA.empty_table()
    if errors_path is not None:
        tmp = errors_path.with_name(f".{errors_path.name}.tmp")
        if errors_path.suffix.lower() == ".csv":
            import pyarrow.csv as pcsv

            pcsv.write_csv(table, tmp)
        else:
            pq.write_table(table, tmp)
        os.replace(tmp, errors_path)
    return table.num_rows


__all__ = ["DEFAULT_CHUNK", "JobMismatch", "JobResult", "run_job"]
