"""The numpy executor: a plan over an encoded chunk, in Kleene logic on pairs of bitmaps.

Each node's value is two bitmaps, ``t`` (certainly true) and ``f`` (certainly false), eight
rows a byte in Arrow's bit order; unknown is neither. Then ``and`` is (all t, any f), ``or`` is
(any t, all f) and ``not`` swaps the two — exactly the three-valued logic of
``engine/evaluate.py`` (SQL's NULL logic), with no branch per row. Only a leaf reads one value
per row (a comparison, a bit test of a set word, an enum code), and its result is packed at
once; every ``and``/``or`` then runs over 64 rows per machine word. Every node is computed once
per pass and freed after its last use; a rule's bitmaps are Arrow's boolean layout as they are."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from policyatlas.engine.batch.facts_table import Encoded
from policyatlas.engine.batch.plan import (
    EPOCH,
    LITIGANTS,
    MISSING,
    WORD_BITS,
    BatchPlan,
    PNode,
)
from policyatlas.engine.results import STATUSES
from policyatlas.facts.catalogue import FACTS

TF = tuple[np.ndarray, np.ndarray]
_IDX = {s: i for i, s in enumerate(STATUSES)}
UNDET = _IDX["undetermined"]


def _cmp(op: str, v: np.ndarray, ref) -> np.ndarray:
    if op == "eq":
        return v == ref
    if op == "ne":
        return v != ref
    if op == "gt":
        return v > ref
    if op == "gte":
        return v >= ref
    if op == "lt":
        return v < ref
    if op == "lte":
        return v <= ref
    raise ValueError(op)


def _leaf_fn(plan: BatchPlan, node: PNode):
    """The leaf as a function of an encoded chunk, its constants (bits, masks, codes) worked
    out once per plan rather than once per slice."""
    col, op = node.column, node.op
    if op == "known":
        want = bool(node.value)
        return lambda e: (e.valid[col], ~e.valid[col]) if want else (~e.valid[col], e.valid[col])
    vtype = node.vtype
    if vtype == "set":
        words = plan.sets[col]
        if op == "contains":
            b = words.bit(str(node.value))
            w, bit = b // WORD_BITS, np.dtype(words.dtype).type(1 << (b % WORD_BITS))
            return lambda e: (e.values[col][:, w] & bit) != 0
        cast = np.dtype(words.dtype).type
        m = [(w, mw) for w, mw in enumerate(words.mask(str(x) for x in node.value))]
        m = [(w, cast(mw)) for w, mw in m]
        if op == "contains_any":
            m = [(w, mw) for w, mw in m if mw]

            def any_(e):
                v = e.values[col]
                hit = np.zeros(e.n, bool)
                for w, mw in m:
                    hit |= (v[:, w] & mw) != 0
                return hit
            return any_
        if op == "contains_all":
            m = [(w, mw) for w, mw in m if mw]

            def all_(e):
                v = e.values[col]
                hit = np.ones(e.n, bool)
                for w, mw in m:
                    hit &= (v[:, w] & mw) == mw
                return hit
            return all_
        inv = [(w, cast(~int(mw))) for w, mw in m]  # subset_of: no element outside the list

        def subset(e):
            v = e.values[col]
            hit = np.ones(e.n, bool)
            for w, mw in inv:
                hit &= (v[:, w] & mw) == 0
            return hit
        return subset
    if vtype == "enum":
        values = FACTS[col.partition("[")[0]].values
        if op in ("eq", "ne"):
            code = np.int16(values.index(node.value) if node.value in values else -2)
            return (lambda e: e.values[col] == code) if op == "eq" else \
                (lambda e: e.values[col] != code)
        codes = sorted({values.index(x) for x in node.value if x in values})
        if op == "not_in":
            codes = [c for c in range(len(values)) if c not in codes]
        return _enum_in(col, codes, len(values))
    if vtype == "date":
        ref = np.int32((node.value - EPOCH).days)
    elif vtype == "bool":
        ref = bool(node.value)
    else:
        ref = node.value
    return lambda e: _cmp(op, e.values[col], ref)


def _enum_in(col: str, codes: list[int], size: int):
    """Membership of an enum code in ``codes``: a few equalities, or one shift of a bit mask
    (a table lookup by fancy indexing measured ten times slower). Rows whose code is -1
    (unknown) are masked by the caller, whatever this gives for them."""
    if not codes:
        return lambda e: np.zeros(e.n, bool)
    if len(codes) <= 3:
        cs = [np.int16(c) for c in codes]

        def eqs(e):
            v = e.values[col]
            hit = v == cs[0]
            for c in cs[1:]:
                hit |= v == c
            return hit
        return eqs
    if size > 63:
        table = np.zeros(size + 1, bool)  # index -1 (unknown) is masked anyway
        table[codes] = True
        return lambda e: table[e.values[col]]
    dtype = next(t for t, b in ((np.int16, 15), (np.int32, 31), (np.int64, 63)) if size <= b)
    mask = dtype(sum(1 << c for c in codes))
    return lambda e: ((mask >> np.maximum(e.values[col], 0).astype(dtype, copy=False)) & 1) != 0


_LEAVES: dict[int, tuple[BatchPlan, dict]] = {}


def _leaf_fns(plan: BatchPlan) -> dict:
    hit = _LEAVES.get(id(plan))
    if hit is None or hit[0] is not plan:
        if len(_LEAVES) > 64:
            _LEAVES.clear()
        hit = _LEAVES[id(plan)] = (plan, {n.id: (n.column, n.op == "known", _leaf_fn(plan, n))
                                          for n in plan.leaf_nodes()})
    return hit[1]


def _pack(b: np.ndarray) -> np.ndarray:
    """Booleans to a bitmap, eight rows a byte, least significant bit first (Arrow's order)."""
    return np.packbits(b, bitorder="little")


def _unpack(p: np.ndarray, n: int) -> np.ndarray:
    """A bitmap's first ``n`` rows as 0/1 bytes (``uint8``)."""
    return np.unpackbits(p, count=n, bitorder="little")


def truth_values(plan: BatchPlan, enc: Encoded,
                 missing: dict[str, np.ndarray] | None = None) -> list[TF]:
    """(t, f) of every rule of the plan, in plan order, as bitmaps (see ``_pack``; the bits
    past row ``enc.n`` are meaningless).

    Only leaves touch one value per row; every ``and``, ``or`` and ``not`` works on bitmaps,
    64 rows a machine word. With ``missing`` (a dict), it is filled with a bitmap per fact
    column: the rows where that fact's absence leaves some rule unknown, which is
    ``engine/evaluate.Node.missing_facts`` of every undetermined rule, vectorised: a leaf's
    fact is missing where it is unknown; a group's, where the group is unknown and the fact is
    missing in one of its children."""
    wanted = {r.node for r in plan.rules}
    uses = [0] * len(plan.nodes)
    for n in plan.nodes:
        for c in n.children:
            uses[c] += 1
    done: dict[int, TF] = {}
    gaps: dict[int, dict[str, np.ndarray]] = {}  # node -> fact -> rows where it is missing
    fns = _leaf_fns(plan)
    known_bits = enc.known_bits
    for n in plan.nodes:
        if n.is_leaf:
            col, known, fn = fns[n.id]
            ok = known_bits[col]
            if known:
                done[n.id] = (ok, ~ok) if n.value else (~ok, ok)
            else:
                t = ok & _pack(fn(enc))
                done[n.id] = (t, ok ^ t)  # false = known and not true
                if missing is not None:
                    gaps[n.id] = {col: ~ok}
        elif n.op == "not":
            t, f = done[n.children[0]]
            done[n.id] = (f, t)
            if missing is not None:
                gaps[n.id] = gaps.get(n.children[0], {})
        else:
            kids = [done[c] for c in n.children]
            if len(kids) == 1:
                done[n.id] = kids[0]
            elif n.op == "and":
                t, f = kids[0][0] & kids[1][0], kids[0][1] | kids[1][1]
                for kt, kf in kids[2:]:
                    t &= kt
                    f |= kf
                done[n.id] = (t, f)
            else:
                t, f = kids[0][0] | kids[1][0], kids[0][1] & kids[1][1]
                for kt, kf in kids[2:]:
                    t |= kt
                    f &= kf
                done[n.id] = (t, f)
            if missing is not None:
                gaps[n.id] = _group_gaps(done[n.id], [gaps.get(c, {}) for c in n.children])
        for c in n.children:
            uses[c] -= 1
            if uses[c] == 0 and c not in wanted:
                del done[c]
                gaps.pop(c, None)
    if missing is not None:
        for r in plan.rules:
            for col, rows in gaps.get(r.node, {}).items():
                if col in missing:
                    missing[col] |= rows
                else:
                    missing[col] = rows.copy()
    return [done[r.node] for r in plan.rules]


def _group_gaps(tf: TF, kids: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    unknown = ~(tf[0] | tf[1])
    out: dict[str, np.ndarray] = {}
    for kid in kids:
        for col, rows in kid.items():
            out[col] = out[col] | rows if col in out else rows
    return {col: rows & unknown for col, rows in out.items()}


def missing_facts(plan: BatchPlan, missing: dict[str, np.ndarray], n: int) -> pa.Array:
    """Per row, the facts (in the plan's column order) whose absence leaves a rule unknown."""
    names = [c for c in plan.columns if c in missing]
    if not names:
        return pa.array([[] for _ in range(n)], pa.list_(pa.string()))
    grid = np.stack([_unpack(missing[c], n) for c in names], axis=1).view(bool)  # rows x facts
    rows, which = np.nonzero(grid)
    offsets = np.zeros(n + 1, np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    values = pa.array(names, pa.string()).take(pa.array(which.astype(np.int32)))
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _case_codes(plan: BatchPlan, enc: Encoded, cases: tuple[str, ...]) -> np.ndarray:
    """Per row, the bits of the cases (of ``cases``) the organisation is a party to."""
    words, ok = enc.values[LITIGANTS], enc.valid[LITIGANTS]
    encoding = plan.sets[LITIGANTS]
    code = np.zeros(enc.n, np.int64)
    for i, case in enumerate(cases):
        b = encoding.bit(case)
        code |= (((words[:, b // WORD_BITS] >> (b % WORD_BITS)) & 1) & ok) << i
    return code


def _bools(t: np.ndarray, f: np.ndarray, n: int) -> list[pa.Array]:
    """Nullable boolean arrays of ``n`` rows from rows of (t, f) bitmaps: Arrow's own layout
    (values = t, validity = t or f), no element-by-element conversion."""
    valid = t | f
    return [pa.Array.from_buffers(pa.bool_(), n, [pa.py_buffer(valid[i]), pa.py_buffer(t[i])])
            for i in range(t.shape[0])]


SLICE = 1 << 18  # rows per pass (measured best for two rules and for all laws: docs/batch.md)


def _slices(n: int) -> list[tuple[int, int]]:
    return [(a, min(a + SLICE, n)) for a in range(0, n, SLICE)] or [(0, 0)]


def _count_program(plan: BatchPlan, by: tuple[str, ...]) -> tuple[list[str], list]:
    """Count columns and, per rule, what it adds to them: (column index, k) for `t * k` and
    (column index, k) for `unknown * k`, and party-sensitive obligations to look up per row."""
    names: list[str] = [f"n_{s}" for s in STATUSES]
    index = {n: i for i, n in enumerate(names)}
    extra: dict[str, int] = {}

    def col(group: str, status: str) -> int:
        name = f"{group}{status}" if group else f"n_{status}"
        if name not in index:
            extra[name] = -1
            index[name] = -1
        return name  # resolved to an index below

    program = []
    for r in plan.rules:
        owed = [o for o in r.obligations if o.scope == "system"]
        if not owed:
            program.append(None)
            continue
        known: dict[str, int] = {}
        unknown: dict[str, int] = {}
        lookups = []
        for o in owed:
            groups = [""] + [f"by_{k}.{o.law_id if k == 'law' else o.category}." for k in by]
            for g in groups:
                u = col(g, "undetermined")
                unknown[u] = unknown.get(u, 0) + 1
                if o.sensitive:
                    lookups.append((o, {s: col(g, s) for s in set(o.by_cases)}))
                else:
                    c = col(g, o.status)
                    known[c] = known.get(c, 0) + 1
        program.append((known, unknown, lookups))
    names += sorted(extra)
    index = {n: i for i, n in enumerate(names)}
    resolved = []
    for step in program:
        if step is None:
            resolved.append(None)
            continue
        known, unknown, lookups = step
        resolved.append(([(index[c], k) for c, k in known.items()],
                         [(index[c], k) for c, k in unknown.items()],
                         [(o, [(index[c], _IDX[s]) for s, c in m.items()]) for o, m in lookups]))
    return names, resolved


def counts_table(plan: BatchPlan, enc: Encoded, *, rules: bool = True,
                 by: tuple[str, ...] = (), missing: bool = False) -> pa.Table:
    """One row per system: rule and law truth values, and counts of system-scoped
    obligations by status (``n_<status>``), optionally also by law and by category
    (``by_law.<law id>.<status>``, ``by_category.<category>.<status>``) and the facts whose
    absence leaves a rule undetermined (``missing_facts``)."""
    n = enc.n
    names, program = _count_program(plan, by)
    counts = np.zeros((len(names), n), np.int16)
    laws = {law: i for i, law in enumerate(plan.laws)}
    law_of = [laws[r.law_id] for r in plan.rules]
    nbytes = (n + 7) // 8
    if rules:
        rt = np.empty((len(plan.rules), nbytes), np.uint8)
        rf = np.empty((len(plan.rules), nbytes), np.uint8)
    lt = np.zeros((len(laws), nbytes), np.uint8)
    lf = np.full((len(laws), nbytes), 0xFF, np.uint8)
    cases = {o.cases for o in plan.obligations if o.sensitive}
    gaps: list[pa.Array] = []
    for a, b in _slices(n):  # a is a multiple of 8: bitmaps join bytewise
        part = enc.slice(a, b)
        m, a8, b8 = b - a, a // 8, (b + 7) // 8
        holes: dict[str, np.ndarray] | None = {} if missing else None
        tv = truth_values(plan, part, holes)
        if holes is not None:
            gaps.append(missing_facts(plan, holes, m))
        codes = {c: _case_codes(plan, part, c) for c in cases}
        acc = counts[:, a:b]
        for i, ((tp, fp), step) in enumerate(zip(tv, program, strict=True)):
            if rules:
                rt[i, a8:b8] = tp
                rf[i, a8:b8] = fp
            j = law_of[i]
            lt[j, a8:b8] |= tp
            lf[j, a8:b8] &= fp
            if step is None:
                continue
            known, unknown, lookups = step
            if unknown:
                u = _unpack(~(tp | fp), m)
                for c, k in unknown:
                    acc[c] += u if k == 1 else u * np.int16(k)
            if known or lookups:
                t = _unpack(tp, m)
            for c, k in known:
                acc[c] += t if k == 1 else t * np.int16(k)
            for o, targets in lookups:
                st = np.asarray([_IDX[s] for s in o.by_cases], np.int8)[codes[o.cases]]
                for c, s in targets:
                    acc[c] += t & (st == s)
    cols: dict[str, pa.Array] = {"system_id": enc.system_id}
    if rules:
        for r, arr in zip(plan.rules, _bools(rt, rf, n), strict=True):
            cols[r.key] = arr
    for law, arr in zip(laws, _bools(lt, lf, n), strict=True):
        cols[law] = arr
    for i, name in enumerate(names):
        cols[name] = pa.array(counts[i], pa.int16())
    if missing:
        cols[MISSING] = pa.chunked_array(gaps, pa.list_(pa.string())).combine_chunks()
    return pa.table(cols)


OBLIGATION_SCHEMA = pa.schema([
    ("system_id", pa.string()), ("law_id", pa.string()), ("obligation_id", pa.string()),
    ("scope", pa.string()), ("category", pa.string()), ("status", pa.string())])


def obligations_table(plan: BatchPlan, enc: Encoded) -> pa.Table:
    """One row per (system, obligation that applies or may apply), with its status."""
    tv = [(_unpack(t, enc.n).view(bool), _unpack(f, enc.n).view(bool))
          for t, f in truth_values(plan, enc)]
    rows, obs, sts = [], [], []
    k = 0
    names: list[tuple[str, str, str, str]] = []
    codes: dict[tuple[str, ...], np.ndarray] = {}
    for r, (t, f) in zip(plan.rules, tv, strict=True):
        hit = np.flatnonzero(~f)
        known = t[hit]
        for o in r.obligations:
            names.append((o.law_id, o.obligation_id, o.scope, o.category))
            if o.sensitive:
                if o.cases not in codes:
                    codes[o.cases] = _case_codes(plan, enc, o.cases)
                table = np.asarray([_IDX[s] for s in o.by_cases], np.int8)
                st = np.where(known, table[codes[o.cases][hit]], UNDET).astype(np.int8)
            else:
                st = np.where(known, _IDX[o.status], UNDET).astype(np.int8)
            rows.append(hit)
            obs.append(np.full(len(hit), k, np.int32))
            sts.append(st)
            k += 1
    if not rows:
        return OBLIGATION_SCHEMA.empty_table()
    row = np.concatenate(rows)
    order = np.argsort(row, kind="stable")
    row, ob, st = row[order], np.concatenate(obs)[order], np.concatenate(sts)[order]
    law, oid, scope, cat = (pa.array([x[i] for x in names], pa.string()) for i in range(4))
    return pa.table({
        "system_id": enc.system_id.take(pa.array(row)),
        "law_id": law.take(pa.array(ob)), "obligation_id": oid.take(pa.array(ob)),
        "scope": scope.take(pa.array(ob)), "category": cat.take(pa.array(ob)),
        "status": pa.array(STATUSES, pa.string()).take(pa.array(st))}, schema=OBLIGATION_SCHEMA)
