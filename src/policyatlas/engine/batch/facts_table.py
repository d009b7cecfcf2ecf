"""Fact tables: from inventories or columnar files to typed Arrow columns, then to the plan's
encodings (set facts as bit-mask words, enums as codes), with per-row validation.

A *fact table* has one row per AI system: ``system_id`` and one column per fact the plan reads,
named as in the fact catalogue (``docs/facts.md``); a map fact has one column per key
(``system.monthly_active_users_in[us-ca]``). Types: numbers float64, bools, enums strings, dates
date32, sets lists of strings (in CSV: values separated by ``;``, ``[]`` for the empty set). A
null is an unknown fact. Jurisdiction sets are normalised and expanded (``NYC`` counts as New
York State and the United States), as the inventory reader does.

Bad values do not stop a batch: each one is reported (row, field, problem, fix) and its row is
left out of the results.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policyatlas.engine.batch.plan import EPOCH, WORD_BITS, BatchPlan, fact_type, is_place_set
from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import UnknownJurisdiction, expand, normalize

ARROW_TYPES = {"number": pa.float64(), "bool": pa.bool_(), "enum": pa.string(),
               "set": pa.list_(pa.string()), "map": pa.float64(),
               "date": pa.date32()}  # fmt: skip


def _reader(column: str):
    name, _, key = column.partition("[")
    read = FACTS[name].read
    if not key:
        return read
    key = key.rstrip("]")
    return lambda o, s: read(o, s).get(key)


def facts_table(inventories: Iterable[Inventory], columns: list[str]) -> pa.Table:
    """Flatten inventories into one row per system with the given fact columns, read by the
    fact catalogue's own readers (the facts ``assess()`` sees)."""
    pairs = [(inv.organization, s) for inv in inventories for s in inv.systems]
    arrays = {"system_id": pa.array([s.id for _, s in pairs], pa.string())}
    # The readers make millions of small lists and no cycles: with the collector running, its
    # passes over every inventory object cost two thirds of the time (measured: docs/batch.md).
    paused = gc.isenabled()
    gc.disable()
    try:
        for c in columns:  # column by column: one reader, one Arrow conversion per column
            read = _reader(c)
            arrays[c] = pa.array([read(o, s) for o, s in pairs], ARROW_TYPES[fact_type(c)])
    finally:
        if paused:
            gc.enable()
    return pa.table(arrays)


# ---------------------------------------------------------------- validation


@dataclass(slots=True)
class RowErrors:
    """Problems found in a chunk: row numbers are 1-based positions in the whole input."""

    rows: list[int] = field(default_factory=list)
    system_ids: list[str | None] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)

    def add(self, row: int, sid: str | None, fld: str, problem: str, fix: str) -> None:
        self.rows.append(row)
        self.system_ids.append(sid)
        self.fields.append(fld)
        self.problems.append(problem)
        self.fixes.append(fix)

    def __len__(self) -> int:
        return len(self.rows)

    def sort(self) -> None:
        """In input order (then field order), as a user reads them."""
        order = sorted(range(len(self.rows)), key=self.rows.__getitem__)
        for name in ("rows", "system_ids", "fields", "problems", "fixes"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in order])

    def table(self) -> pa.Table:
        return pa.table({"row": pa.array(self.rows, pa.int64()),
                         "system_id": pa.array(self.system_ids, pa.string()),
                         "field": pa.array(self.fields, pa.string()),
                         "problem": pa.array(self.problems, pa.string()),
                         "fix": pa.array(self.fixes, pa.string())})


ERRORS_SCHEMA = RowErrors().table().schema


@dataclass(slots=True)
class Encoded:
    """One chunk in the plan's encodings: ``values[col]`` is an ndarray (float64 numbers and
    map keys, int32 days, bool, int16 enum codes, or for sets a 2-D int64 array of words) and
    ``valid[col]`` is where the fact is known."""

    n: int
    system_id: pa.Array
    row: np.ndarray  # 1-based input row of each encoded row
    values: dict[str, np.ndarray]
    valid: dict[str, np.ndarray]
    # ``valid`` as bitmaps (eight rows a byte, least significant bit first), made once when
    # encoding: the numpy executor's logic runs on bitmaps
    known_bits: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.known_bits:
            self.known_bits = {c: np.packbits(v, bitorder="little")
                               for c, v in self.valid.items()}

    def slice(self, a: int, b: int) -> Encoded:
        bits = {c: v[a // 8:(b + 7) // 8] for c, v in self.known_bits.items()} \
            if a % 8 == 0 else {}
        return Encoded(b - a, self.system_id.slice(a, b - a), self.row[a:b],
                       {c: v[a:b] for c, v in self.values.items()},
                       {c: v[a:b] for c, v in self.valid.items()}, bits)

    def arrow(self, plan: BatchPlan) -> pa.Table:
        """The encoded chunk as an Arrow table (what the SQL executors read)."""
        cols: dict[str, pa.Array] = {"system_id": self.system_id}
        for c in plan.input_columns():
            v, ok = self.values[c], self.valid[c]
            mask = ~ok
            if fact_type(c) == "set":
                enc = plan.sets[c]
                for w in range(enc.words):
                    cols[enc.word_column(w)] = pa.array(v[:, w], pa.int64(), mask=mask)
            else:
                cols[c] = pa.array(v, mask=mask)
        return pa.table(cols)


def _bad(errors: RowErrors, bad: np.ndarray, rows: np.ndarray, ids: list, col: str,
         problem_of, fix: str) -> None:
    for i in np.flatnonzero(bad):
        errors.add(int(rows[i]), ids[i], col, problem_of(int(i)), fix)


def _strings(arr: pa.Array) -> pa.Array:
    return arr if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type) \
        else pc.cast(arr, pa.string())


def _cast_each(arr: pa.Array, convert) -> tuple[list[Any], np.ndarray]:
    """Per-element conversion, for the rare chunk where a vectorised cast fails."""
    out, bad = [], np.zeros(len(arr), bool)
    for i, v in enumerate(arr.to_pylist()):
        if v is None:
            out.append(None)
            continue
        try:
            out.append(convert(v))
        except (TypeError, ValueError):
            out.append(None)
            bad[i] = True
    return out, bad


_TRUE = {"true": True, "t": True, "yes": True, "1": True, "false": False, "f": False,
         "no": False, "0": False}


def _to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    key = str(v).strip().lower()
    if key not in _TRUE:
        raise ValueError(v)
    return _TRUE[key]


def _to_date(v: Any) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v).strip())


def _scalar(arr: pa.Array, target: pa.DataType, convert) -> tuple[pa.Array, np.ndarray]:
    if arr.type == target:
        return arr, np.zeros(len(arr), bool)
    try:
        src = arr
        if pa.types.is_string(arr.type) and target != pa.string():
            src = pc.utf8_trim_whitespace(arr)
            src = pc.if_else(pc.equal(src, ""), pa.scalar(None, pa.string()), src)
        if target == pa.bool_() and pa.types.is_string(src.type):
            src = pc.utf8_lower(src)
        return pc.cast(src, target), np.zeros(len(arr), bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values, bad = _cast_each(arr, convert)
        return pa.array(values, target), bad


def _lists(arr: pa.Array) -> pa.Array:
    """A set column as list<string>: lists as given; strings split on ';' ('[]' is empty)."""
    if pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type):
        vt = arr.type.value_type
        if vt == pa.string() or (pa.types.is_dictionary(vt) and vt.value_type == pa.string()):
            return arr
        return pc.cast(arr, pa.list_(pa.string()))
    s = pc.utf8_trim(_strings(arr), "[] ")
    parts = pc.split_pattern(s, ";")
    flat = pc.utf8_trim_whitespace(pc.list_flatten(parts))
    offsets = parts.offsets
    keep = pc.not_equal(flat, "")
    # drop empty items ('[]' and 'a;;b'): rebuild offsets from the kept items
    counts = np.add.reduceat(np.append(np.asarray(keep, bool), False).astype(np.int64),
                             np.asarray(offsets)[:-1]) if len(flat) else np.zeros(len(s), int)
    counts = np.where(np.diff(np.asarray(offsets)) == 0, 0, counts)
    new_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    values = pc.filter(flat, keep)
    return pa.ListArray.from_arrays(pa.array(new_offsets), values,
                                    mask=pc.is_null(s))


def _place_masks(values: list[str], enc, place: bool) -> tuple[np.ndarray, list[str | None]]:
    """Words for each distinct raw value, and the problem with it (None if fine)."""
    words = np.zeros((len(values), enc.words), np.int64)
    problems: list[str | None] = []
    for i, v in enumerate(values):
        problem = None
        if place:
            try:
                codes = expand([normalize(v)])
            except UnknownJurisdiction as exc:
                codes, problem = [], f"{exc} ({exc.fix})"
        else:
            codes = [v]
        words[i] = enc.mask(codes)
        problems.append(problem)
    return words, problems


def encode(table: pa.Table, plan: BatchPlan, first_row: int = 1) -> tuple[Encoded, RowErrors]:
    """Encode a fact table chunk for ``plan``; rows with bad values are reported and dropped.

    ``first_row`` is the 1-based input position of the chunk's first row.
    """
    missing = [c for c in ["system_id", *plan.input_columns()] if c not in table.column_names]
    if missing:
        raise ValueError(f"facts table lacks columns: {', '.join(missing)}")
    n = table.num_rows
    rows = np.arange(first_row, first_row + n, dtype=np.int64)
    sid = _strings(table.column("system_id").combine_chunks())
    ids = sid.to_pylist()
    errors = RowErrors()
    bad_rows = np.zeros(n, bool)
    for i in np.flatnonzero(np.asarray(pc.is_null(sid), bool)):
        errors.add(int(rows[i]), None, "system_id", "no system id", "give every row an id")
        bad_rows[i] = True
    values: dict[str, np.ndarray] = {}
    valid: dict[str, np.ndarray] = {}
    for col in plan.input_columns():
        arr = table.column(col).combine_chunks()
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if pa.types.is_null(arr.type):
            arr = pa.nulls(n, ARROW_TYPES[fact_type(col)])
        ftype = fact_type(col)
        fact = FACTS[col.partition("[")[0]]
        if ftype in ("number", "map"):
            arr, bad = _scalar(arr, pa.float64(), float)
            _bad(errors, bad, rows, ids, col, lambda i: "not a number", "write a number")
            ok = np.asarray(arr.is_valid(), bool)
            v = arr.fill_null(0.0).to_numpy(zero_copy_only=False)
            nan = np.isnan(v) & ok
            _bad(errors, nan, rows, ids, col, lambda i: "NaN", "write a number or leave empty")
            bad |= nan
        elif ftype == "bool":
            arr, bad = _scalar(arr, pa.bool_(), _to_bool)
            _bad(errors, bad, rows, ids, col, lambda i: "not true or false", "write true/false")
            ok = np.asarray(arr.is_valid(), bool)
            v = np.asarray(arr.fill_null(False), bool)
        elif ftype == "date":
            arr, bad = _scalar(arr, pa.date32(), _to_date)
            _bad(errors, bad, rows, ids, col, lambda i: "not a date",
                 "write an ISO date, e.g. 2026-01-01")
            ok = np.asarray(arr.is_valid(), bool)
            v = np.asarray(pc.cast(arr, pa.int32()).fill_null(0), np.int32)
        elif ftype == "enum":
            if pa.types.is_dictionary(arr.type):  # codes of the dictionary, then of each row
                s = arr
                per = pc.index_in(_strings(arr.dictionary),
                                  value_set=pa.array(fact.values, pa.string()))
                codes = per.take(arr.indices)
                if bool(pc.any(pc.and_(pc.is_valid(arr), pc.is_null(codes))).as_py() or False):
                    s = _strings(arr)
            else:
                s = _strings(arr)
                codes = pc.index_in(s, value_set=pa.array(fact.values, pa.string()))
            bad = np.asarray(pc.and_(pc.is_valid(s), pc.is_null(codes)), bool)
            raw = _strings(s).to_pylist() if bad.any() else None
            _bad(errors, bad, rows, ids, col, lambda i, raw=raw: f"'{raw[i]}' is not a value",
                 f"one of: {', '.join(fact.values)}")
            ok = np.asarray(codes.is_valid(), bool)
            v = np.asarray(codes.fill_null(-1), np.int16)
        else:  # set
            enc = plan.sets[col]
            lists = _lists(arr)
            ok = np.asarray(lists.is_valid(), bool)
            flat = pc.list_flatten(lists)
            dic = flat if pa.types.is_dictionary(flat.type) else pc.dictionary_encode(flat)
            distinct = dic.dictionary.to_pylist()
            words, problems = _place_masks(distinct, enc, is_place_set(col))
            if fact.values and not is_place_set(col):
                allowed = set(fact.values)
                problems = [None if x in allowed else f"'{x}' is not a value"
                            for x in distinct]
            idx = np.asarray(dic.indices, np.int64)
            offsets = np.asarray(lists.offsets)
            starts, lens = offsets[:-1], np.diff(offsets)
            v = np.zeros((n, enc.words), np.int64)
            nonempty = lens > 0
            if len(idx):
                per_item = words[idx]
                v[nonempty] = np.bitwise_or.reduceat(per_item, starts[nonempty], axis=0)
            v = v.astype(enc.dtype)
            bad = np.zeros(n, bool)
            wrong = [i for i, p in enumerate(problems) if p]
            if wrong:
                item_bad = np.isin(idx, wrong)
                row_of_item = np.repeat(np.arange(n), lens)
                for item in np.flatnonzero(item_bad):
                    r = int(row_of_item[item])
                    if not bad[r]:
                        fix = "a jurisdiction code" if is_place_set(col) else \
                            f"one of: {', '.join(fact.values)}"
                        errors.add(int(rows[r]), ids[r], col, problems[idx[item]] or "", fix)
                    bad[r] = True
        bad_rows |= bad
        values[col], valid[col] = v, ok & ~bad
    errors.sort()
    if bad_rows.any():
        keep = ~bad_rows
        sid = sid.filter(pa.array(keep))
        rows = rows[keep]
        values = {c: v[keep] for c, v in values.items()}
        valid = {c: v[keep] for c, v in valid.items()}
    return Encoded(len(rows), sid, rows, values, valid), errors


# ---------------------------------------------------------------- reading files


FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl",
           ".ndjson": "jsonl", ".yaml": "inventory", ".yml": "inventory", ".json": "inventory"}


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_chunks(path: Path, columns: list[str], chunk_rows: int,
                inventory_columns: list[str] | None = None) -> Iterator[pa.Table]:
    """The input as Arrow tables of at most ``chunk_rows`` rows, read lazily (memory is bounded
    by the chunk). Columns other than ``system_id`` and ``columns`` are not read."""
    fmt = file_format(path)
    wanted = ["system_id", *columns]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        have = set(pf.schema_arrow.names)
        read = [c for c in wanted if c in have]
        sets = [c for c in read if c != "system_id" and fact_type(c) in ("set", "enum")]
        leaves = [pf.schema.column(i).path for i in range(len(pf.schema))]
        paths = [p for p in leaves for c in sets if p == c or p.startswith(c + ".list.")]

        def batches() -> Iterator[pa.Table]:
            # One reader per row group, without pre-buffering: a single reader over the whole
            # file keeps memory it has read (Arrow grew ~100 MB per 10^6 rows), and memory
            # must be bounded by the chunk. Strings are read as dictionaries where Arrow can
            # (the encoder then hashes each distinct value once).
            dicts = pq.ParquetFile(path, read_dictionary=paths, pre_buffer=False) \
                if paths else None
            plain = pq.ParquetFile(path, pre_buffer=False)
            for g in range(plain.num_row_groups):
                done = 0
                if dicts is not None:
                    try:
                        for b in dicts.iter_batches(batch_size=chunk_rows, row_groups=[g],
                                                    columns=read):
                            done += b.num_rows
                            yield pa.Table.from_batches([b])
                        continue
                    except pa.ArrowNotImplementedError:  # nested dictionaries Arrow can't chunk
                        pass
                for b in plain.iter_batches(batch_size=chunk_rows, row_groups=[g],
                                            columns=read):
                    if done >= b.num_rows:
                        done -= b.num_rows
                        continue
                    yield pa.Table.from_batches([b.slice(done)])
                    done = 0

        yield from _rechunk(batches(), wanted, chunk_rows)
    elif fmt == "csv":
        import pyarrow.csv as pcsv

        with open(path, "rb") as fh:
            header = fh.readline().decode("utf-8-sig").strip().split(",")
        names = [h.strip().strip('"') for h in header]
        opts = pcsv.ConvertOptions(
            column_types={c: pa.string() for c in names},
            include_columns=[c for c in wanted if c in names], strings_can_be_null=True)
        reader = pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=1 << 22),
                               convert_options=opts)
        yield from _rechunk((pa.Table.from_batches([b]) for b in reader), wanted, chunk_rows)
    elif fmt == "jsonl":
        import io

        import pyarrow.json as pj

        def blocks() -> Iterator[pa.Table]:
            with open(path, "rb") as fh:
                while True:
                    lines = fh.readlines(1 << 22)
                    if not lines:
                        return
                    yield pj.read_json(io.BytesIO(b"".join(lines)))

        yield from _rechunk(blocks(), wanted, chunk_rows)
    elif fmt == "inventory":
        from policyatlas.facts.load import load_inventory

        inv = load_inventory(path)
        table = facts_table([inv], columns)
        for off in range(0, max(table.num_rows, 1), chunk_rows):
            yield table.slice(off, chunk_rows)
    else:
        raise ValueError(f"unknown input format: {path.suffix}")


def _complete(t: pa.Table, wanted: list[str]) -> pa.Table:
    """Only the wanted columns, in order; absent ones are left absent (encode reports them)."""
    return t.select([c for c in wanted if c in t.column_names])


def _plain(t: pa.Table) -> pa.Table:
    """Dictionary-encoded string columns (and list items) as plain strings."""
    for i, f in enumerate(t.schema):
        if pa.types.is_dictionary(f.type):
            t = t.set_column(i, f.name, pc.cast(t[f.name], pa.string()))
        elif pa.types.is_list(f.type) and pa.types.is_dictionary(f.type.value_type):
            t = t.set_column(i, f.name, pc.cast(t[f.name], pa.list_(pa.string())))
    return t


def _concat(tables: list[pa.Table]) -> pa.Table:
    try:
        return pa.concat_tables(tables, promote_options="permissive")
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # dictionary and plain chunks mixed
        return pa.concat_tables([_plain(t) for t in tables], promote_options="permissive")


def _rechunk(tables: Iterator[pa.Table], wanted: list[str], rows: int) -> Iterator[pa.Table]:
    buf: list[pa.Table] = []
    have = 0
    for t in tables:
        t = _complete(t, wanted)
        buf.append(t)
        have += t.num_rows
        while have >= rows:
            whole = _concat(buf)
            yield whole.slice(0, rows)
            rest = whole.slice(rows)
            buf, have = [rest], rest.num_rows
    if have:
        yield _concat(buf)


def days(d: dt.date) -> int:
    return (d - EPOCH).days


__all__ = ["ARROW_TYPES", "ERRORS_SCHEMA", "WORD_BITS", "Encoded", "RowErrors", "encode",
           "facts_table", "file_format", "read_chunks"]
