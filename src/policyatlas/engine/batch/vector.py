"""The numpy executor: a plan over an encoded chunk, in Kleene logic on pairs of bit arrays.

Each node's value is two boolean arrays, ``t`` (certainly true) and ``f`` (certainly false);
unknown is neither. Then ``and`` is (all t, any f), ``or`` is (any t, all f) and ``not`` swaps
the two — exactly the three-valued logic of ``engine/evaluate.py`` (SQL's NULL logic), with
no branch per row. Every node is computed once per chunk and freed after its last use.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from policyatlas.engine.batch.facts_table import Encoded
from policyatlas.engine.batch.plan import EPOCH, LITIGANTS, WORD_BITS, BatchPlan, PNode
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
        table = np.zeros(len(values) + 1, bool)  # index -1 (unknown) is masked anyway
        for x in node.value:
            if x in values:
                table[values.index(x)] = True
        if op == "not_in":
            table = ~table
        return lambda e: table[e.values[col]]
    if vtype == "date":
        ref = np.int32((node.value - EPOCH).days)
    elif vtype == "bool":
        ref = bool(node.value)
    else:
        ref = node.value
    return lambda e: _cmp(op, e.values[col], ref)


_LEAVES: dict[int, tuple[BatchPlan, dict]] = {}


def _leaf_fns(plan: BatchPlan) -> dict:
    hit = _LEAVES.get(id(plan))
    if hit is None or hit[0] is not plan:
        if len(_LEAVES) > 64:
            _LEAVES.clear()
        hit = _LEAVES[id(plan)] = (plan, {n.id: (n.column, n.op == "known", _leaf_fn(plan, n))
                                          for n in plan.leaf_nodes()})
    return hit[1]


def _leaf(plan: BatchPlan, node: PNode, enc: Encoded) -> TF:
    col, known, fn = _leaf_fns(plan)[node.id]
    if known:
        return fn(enc)
    ok = enc.valid[col]
    hit = fn(enc)
    return ok & hit, ok & ~hit


def truth_values(plan: BatchPlan, enc: Encoded) -> list[TF]:
    """(t, f) of every rule of the plan, in plan order."""
    wanted = {r.node for r in plan.rules}
    uses = [0] * len(plan.nodes)
    for n in plan.nodes:
        for c in n.children:
            uses[c] += 1
    done: dict[int, TF] = {}
    fns = _leaf_fns(plan)
    for n in plan.nodes:
        if n.is_leaf:
            col, known, fn = fns[n.id]
            if known:
                done[n.id] = fn(enc)
            else:
                ok, hit = enc.valid[col], fn(enc)
                done[n.id] = (ok & hit, ok & ~hit)
        elif n.op == "not":
            t, f = done[n.children[0]]
            done[n.id] = (f, t)
        else:
            kids = [done[c] for c in n.children]
            t, f = kids[0][0].copy(), kids[0][1].copy()
            if n.op == "and":
                for kt, kf in kids[1:]:
                    t &= kt
                    f |= kf
            else:
                for kt, kf in kids[1:]:
                    t |= kt
                    f &= kf
            done[n.id] = (t, f)
        for c in n.children:
            uses[c] -= 1
            if uses[c] == 0 and c not in wanted:
                del done[c]
    return [done[r.node] for r in plan.rules]


def _case_codes(plan: BatchPlan, enc: Encoded, cases: tuple[str, ...]) -> np.ndarray:
    """Per row, the bits of the cases (of ``cases``) the organisation is a party to."""
    words, ok = enc.values[LITIGANTS], enc.valid[LITIGANTS]
    encoding = plan.sets[LITIGANTS]
    code = np.zeros(enc.n, np.int64)
    for i, case in enumerate(cases):
        b = encoding.bit(case)
        code |= (((words[:, b // WORD_BITS] >> (b % WORD_BITS)) & 1) & ok) << i
    return code


def _bool(t: np.ndarray, f: np.ndarray) -> pa.Array:
    return _bools(t[None, :], f[None, :])[0]


def _bools(t: np.ndarray, f: np.ndarray) -> list[pa.Array]:
    """Nullable boolean arrays from rows of (t, f) matrices: the bitmaps are packed by numpy
    in one pass (true = t, valid = t or f), not element by element."""
    n = t.shape[1]
    data = np.packbits(t, axis=1, bitorder="little")
    valid = np.packbits(t | f, axis=1, bitorder="little")
    return [pa.Array.from_buffers(pa.bool_(), n, [pa.py_buffer(valid[i]), pa.py_buffer(data[i])])
            for i in range(t.shape[0])]


SLICE = 1 << 15  # rows per pass: every intermediate array of a pass stays in the CPU cache


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
                 by: tuple[str, ...] = ()) -> pa.Table:
    """One row per system: rule and law truth values, and counts of system-scoped
    obligations by status (``n_<status>``), optionally also by law and by category
    (``by_law.<law id>.<status>``, ``by_category.<category>.<status>``)."""
    n = enc.n
    names, program = _count_program(plan, by)
    counts = np.zeros((len(names), n), np.int16)
    laws = {law: i for i, law in enumerate(plan.laws)}
    law_of = [laws[r.law_id] for r in plan.rules]
    if rules:
        rt = np.empty((len(plan.rules), n), bool)
        rf = np.empty((len(plan.rules), n), bool)
    lt = np.zeros((len(laws), n), bool)
    lf = np.ones((len(laws), n), bool)
    cases = {o.cases for o in plan.obligations if o.sensitive}
    for a, b in _slices(n):
        part = enc.slice(a, b)
        tv = truth_values(plan, part)
        codes = {c: _case_codes(plan, part, c) for c in cases}
        acc = counts[:, a:b]
        for i, ((t, f), step) in enumerate(zip(tv, program, strict=True)):
            if rules:
                rt[i, a:b] = t
                rf[i, a:b] = f
            j = law_of[i]
            lt[j, a:b] |= t
            lf[j, a:b] &= f
            if step is None:
                continue
            known, unknown, lookups = step
            if unknown:
                u = ~(t | f)
                for c, k in unknown:
                    acc[c] += u if k == 1 else u * np.int16(k)
            for c, k in known:
                acc[c] += t if k == 1 else t * np.int16(k)
            for o, targets in lookups:
                st = np.asarray([_IDX[s] for s in o.by_cases], np.int8)[codes[o.cases]]
                for c, s in targets:
                    acc[c] += t & (st == s)
    cols: dict[str, pa.Array] = {"system_id": enc.system_id}
    if rules:
        for r, arr in zip(plan.rules, _bools(rt, rf), strict=True):
            cols[r.key] = arr
    for law, arr in zip(laws, _bools(lt, lf), strict=True):
        cols[law] = arr
    for i, name in enumerate(names):
        cols[name] = pa.array(counts[i], pa.int16())
    return pa.table(cols)


OBLIGATION_SCHEMA = pa.schema([
    ("system_id", pa.string()), ("law_id", pa.string()), ("obligation_id", pa.string()),
    ("scope", pa.string()), ("category", pa.string()), ("status", pa.string())])


def obligations_table(plan: BatchPlan, enc: Encoded) -> pa.Table:
    """One row per (system, obligation that applies or may apply), with its status."""
    tv = truth_values(plan, enc)
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
