"""Two rules, six engines: the same decisions per second, outputs asserted equal.

The rules: California SB 53's large frontier developer (``us-ca/sb53-2025#large-frontier-
developer``) and New York City Local Law 144's employer use of an AEDT (``us-ny-nyc/ll144-2021#
employer-uses-aedt``), on the same synthetic profiles (seed 42, ~20 % unknown values). Each
engine gets the profiles in its natural input form, prepared outside the timer:

* numpy (the floor): hand-written Kleene logic over value + known arrays, sets as bit masks;
* DuckDB: hand-written SQL over a table of numbers and booleans (one boolean per set value
  tested; NULL for unknown), SQL's NULL logic;
* OpenFisca-core: the two rules as vectorised OpenFisca formulas (value and known arrays;
  revenue is given as its excess over $500M, because OpenFisca floats are float32, in which
  $500,000,001 rounds to $500,000,000);
* cedarpy and regopy: one policy each, one authorisation / query per profile (run on a
  subset: they are per-request engines); they have no "unknown", so the comparison is on
  "applies" (true) versus not;
* policyatlas: the compiled batch plan of the two rules (numpy executor), its full answer
  (truth values, statuses and counts) from the encoded table.

A decision is one (profile, rule) answer. Ratios are against policyatlas, in one run.

    python benchmarks/bench_peers.py [--n 1000000] [--n-per-request 20000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time

import numpy as np
import pyarrow as pa

AS_OF = dt.date(2026, 11, 23)
SB53 = "us-ca/sb53-2025#large-frontier-developer"
LL144 = "us-ny-nyc/ll144-2021#employer-uses-aedt"
RULES = (SB53, LL144)


def _median(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


# ---------------------------------------------------------------- inputs


def profiles(n: int):
    from policyatlas.engine.batch import build_plan, encode
    from policyatlas.facts.synthetic import facts_table
    from policyatlas.rules.loader import builtin_packs

    plan = build_plan(builtin_packs(), AS_OF, frozenset(RULES))
    table = facts_table(n, plan.input_columns(), seed=42)
    enc, errs = encode(table, plan)
    assert not errs
    return plan, table, enc


def flat(table: pa.Table) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Numbers, codes and one boolean per set value tested: (value, known)."""
    def num(c):
        a = table[c].combine_chunks()
        return a.fill_null(0).to_numpy(zero_copy_only=False), np.asarray(a.is_valid())

    def has(c, v):
        a = table[c].combine_chunks()
        import pyarrow.compute as pc

        items = np.asarray(pc.equal(pc.list_flatten(a), v), bool)
        parents = np.asarray(pc.list_parent_indices(a))
        hit = np.bincount(parents[items], minlength=len(a)) > 0
        return hit, np.asarray(a.is_valid())

    def enum_in(c, values):
        import pyarrow.compute as pc

        a = table[c].combine_chunks()
        return np.asarray(pc.fill_null(pc.is_in(a, pa.array(values)), False)), \
            np.asarray(a.is_valid())

    return {
        "dev": has("system.roles", "developer"), "deployer": has("system.roles", "deployer"),
        "agent": has("system.roles", "employer_agent"),
        "fm": has("system.kinds", "foundation_model"),
        "status_ok": enum_in("system.training_status", ["in_progress", "completed"]),
        "status_ip": enum_in("system.training_status", ["in_progress"]),
        "compute": num("system.training_compute_ops"),
        "planned": num("system.planned_training_compute_ops"),
        "biz_ca": has("org.does_business_in", "us-ca"), "jur_ca": has("system.jurisdictions",
                                                                      "us-ca"),
        "revenue": num("org.annual_gross_revenue_usd"),
        "employment": has("system.decision_domains", "employment"),
        "influence": enum_in("system.decision_influence", ["sole", "dominant"]),
        "agency": has("org.entity_types", "employment_agency"),
        "jobs_nyc": has("system.job_locations", "us-ny-nyc"),
        "office_nyc": has("org.offices_in", "us-ny-nyc"),
    }


# ---------------------------------------------------------------- Kleene helpers (t, f)


def leaf(pair):
    v, k = pair
    return v & k, ~v & k


def gt(pair, x):
    v, k = pair
    c = v > x
    return c & k, ~c & k


def AND(*xs):
    t, f = xs[0]
    for a, b in xs[1:]:
        t, f = t & a, f | b
    return t, f


def OR(*xs):
    t, f = xs[0]
    for a, b in xs[1:]:
        t, f = t | a, f & b
    return t, f


def rules_from(F, revenue_threshold=5e8):
    fm = leaf(F["fm"])
    frontier = AND(leaf(F["dev"]),
                   OR(AND(leaf(F["status_ok"]), AND(fm, gt(F["compute"], 1e26))),
                      AND(fm, leaf(F["status_ip"]), gt(F["planned"], 1e26))),
                   OR(leaf(F["biz_ca"]), leaf(F["jur_ca"])))
    sb53 = AND(frontier, gt(F["revenue"], revenue_threshold))
    agency = leaf(F["agency"])
    ll144 = AND(AND(leaf(F["employment"]), leaf(F["influence"])),
                OR(leaf(F["deployer"]), AND(agency, leaf(F["agent"]))),
                OR(leaf(F["jobs_nyc"]), AND(agency, leaf(F["office_nyc"]))))
    return sb53, ll144


def as_codes(pairs) -> np.ndarray:
    """(t, f) pairs -> int8 codes per rule: 1 true, 0 false, -1 unknown."""
    return np.stack([np.where(t, 1, np.where(f, 0, -1)).astype(np.int8) for t, f in pairs])


# ---------------------------------------------------------------- engines


def run_numpy(F):
    return as_codes(rules_from(F))


DUCK_SQL = """
SELECT
  ((dev AND ((status_ok AND (fm AND compute > 1e26)) OR (fm AND status_ip AND planned > 1e26))
    AND (biz_ca OR jur_ca)) AND revenue > 5e8) AS sb53,
  ((employment AND influence) AND (deployer OR (agency AND agent))
    AND (jobs_nyc OR (agency AND office_nyc))) AS ll144
FROM t
"""


def duck_table(F) -> pa.Table:
    return pa.table({k: pa.array(v, mask=~ok) for k, (v, ok) in F.items()})


def run_duckdb(con):
    out = con.sql(DUCK_SQL).fetchnumpy()
    res = []
    for c in ("sb53", "ll144"):
        a = out[c]
        mask = np.ma.getmaskarray(a)
        vals = np.ma.getdata(a).astype(bool)
        res.append(np.where(mask, -1, vals.astype(np.int8)).astype(np.int8))
    return np.stack(res)


def openfisca_system(F):
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    System = build_entity(key="system", plural="systems", label="AI system", is_person=True)
    variables = []
    for name in F:
        for part, dtype in (("v", float if name in ("compute", "planned", "revenue") else bool),
                            ("k", bool)):
            variables.append(type(f"{name}_{part}", (Variable,), {
                "value_type": dtype, "entity": System, "definition_period": DateUnit.YEAR,
                "label": name}))

    def pair(s, p, name):
        return s(f"{name}_v", p), s(f"{name}_k", p)

    def rule(which, t_or_f):
        def formula(system, period, parameters):
            G = {name: pair(system, period, name) for name in F}
            t, f = rules_from(G, revenue_threshold=0.0)[which]
            return t if t_or_f == "t" else f
        return formula

    for i, key in enumerate(("sb53", "ll144")):
        for tf in ("t", "f"):
            variables.append(type(f"{key}_{tf}", (Variable,), {
                "value_type": bool, "entity": System, "definition_period": DateUnit.YEAR,
                "label": key, "formula": rule(i, tf)}))
    tbs = TaxBenefitSystem([System])
    for v in variables:
        tbs.add_variable(v)
    return tbs


def run_openfisca(tbs, F, n):
    from openfisca_core.simulations import SimulationBuilder

    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for name, (v, k) in F.items():
        if name == "revenue":  # OpenFisca floats are float32: $500,000,001 would round down
            v = v - 5e8
        sim.set_input(f"{name}_v", "2026", v)
        sim.set_input(f"{name}_k", "2026", k)
    pairs = [(sim.calculate(f"{r}_t", "2026"), sim.calculate(f"{r}_f", "2026"))
             for r in ("sb53", "ll144")]
    return as_codes(pairs)


CEDAR = """
permit(principal, action == Action::"sb53", resource) when {
  context.dev && context.revenue_known && context.revenue_gt &&
  ((context.status_ok && context.fm && context.compute_gt) ||
   (context.fm && context.status_ip && context.planned_gt)) &&
  (context.biz_ca || context.jur_ca)
};
permit(principal, action == Action::"ll144", resource) when {
  context.employment && context.influence &&
  (context.deployer || (context.agency && context.agent)) &&
  (context.jobs_nyc || (context.agency && context.office_nyc))
};
"""

REGO = """
package pa
import rego.v1
default sb53 := false
sb53 if {
  input.dev; input.revenue_gt
  frontier_model
  ca
}
frontier_model if { input.status_ok; input.fm; input.compute_gt }
frontier_model if { input.fm; input.status_ip; input.planned_gt }
ca if input.biz_ca
ca if input.jur_ca
default ll144 := false
ll144 if {
  input.employment; input.influence
  employer
  city
}
employer if input.deployer
employer if { input.agency; input.agent }
city if input.jobs_nyc
city if { input.agency; input.office_nyc }
"""


def _true_context(F, i: int) -> dict[str, bool]:
    """Facts as 'certainly true' booleans (engines without unknowns see unknown as false)."""
    ctx = {}
    for name, (v, k) in F.items():
        if name in ("compute", "planned", "revenue"):
            x = 1e26 if name != "revenue" else 5e8
            ctx[f"{name}_gt"] = bool(k[i] and v[i] > x)
        else:
            ctx[name] = bool(k[i] and v[i])
    ctx["revenue_known"] = bool(F["revenue"][1][i])
    return ctx


def run_cedar(contexts):
    import cedarpy

    requests = [{"principal": 'User::"s"', "action": f'Action::"{a}"', "resource": 'R::"r"',
                 "context": ctx} for ctx in contexts for a in ("sb53", "ll144")]
    res = cedarpy.is_authorized_batch(requests, CEDAR, [])
    allowed = np.array([r.decision == cedarpy.Decision.Allow for r in res])
    return allowed.reshape(-1, 2).T


def run_rego(contexts):
    import regopy

    rego = regopy.Interpreter()
    rego.add_module("pa", REGO)
    out = np.zeros((2, len(contexts)), bool)
    for i, ctx in enumerate(contexts):
        rego.set_input_term(json.dumps(ctx))
        text = str(rego.query("x := [data.pa.sb53, data.pa.ll144]"))
        vals = json.loads(text)
        b = vals["bindings"]["x"] if "bindings" in vals else vals[0]["bindings"]["x"]
        out[:, i] = b
    return out


def run_policyatlas(plan, enc):
    from policyatlas.engine.batch import vector

    t = vector.counts_table(plan, enc)
    return t


def pa_codes(plan, t: pa.Table) -> np.ndarray:
    rows = []
    for key in RULES:
        col = t[key].combine_chunks()
        v = np.asarray(col.fill_null(False), bool)
        rows.append(np.where(np.asarray(col.is_valid()), v.astype(np.int8), -1).astype(np.int8))
    return np.stack(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--n-per-request", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    import duckdb

    n = args.n
    plan, table, enc = profiles(n)
    F = flat(table)
    results: dict[str, tuple[float, int, str]] = {}

    s, want_t = _median(lambda: run_policyatlas(plan, enc), args.repeats)
    want = pa_codes(plan, want_t)
    results["policyatlas (compiled plan, numpy)"] = (s, n, "3-valued, + statuses & counts")

    s, got = _median(lambda: run_numpy(F), args.repeats)
    assert np.array_equal(got, want)
    results["numpy, hand-written (floor)"] = (s, n, "3-valued")

    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.register("t", duck_table(F))
    s, got = _median(lambda: run_duckdb(con), args.repeats)
    assert np.array_equal(got, want), "duckdb"
    results["DuckDB SQL, hand-written, 1 thread"] = (s, n, "3-valued (NULL)")

    try:
        tbs = openfisca_system(F)
        s, got = _median(lambda: run_openfisca(tbs, F, n), args.repeats)
        assert np.array_equal(got, want), "openfisca"
        results["OpenFisca-core"] = (s, n, "3-valued (value + known arrays)")
    except ImportError as exc:
        print(f"OpenFisca-core left out: {exc}")

    m = min(args.n_per_request, n)
    contexts = [_true_context(F, i) for i in range(m)]
    want_true = want[:, :m] == 1
    for name, fn in (("cedarpy", run_cedar), ("regopy", run_rego)):
        try:
            s, got = _median(lambda fn=fn: fn(contexts), 1)
        except ImportError as exc:
            print(f"{name} left out: {exc}")
            continue
        assert np.array_equal(got, want_true), name
        results[f"{name} (per request)"] = (s, m, "2-valued: applies or not")

    base = results["policyatlas (compiled plan, numpy)"]
    base_rate = 2 * base[1] / base[0]
    load = os.getloadavg()
    print(f"two rules ({SB53}, {LL144}); profiles: {n:,} (per-request engines: {m:,}); "
          f"median of {args.repeats}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'engine':<38} {'profiles':>10} {'seconds':>9} {'decisions/s':>14} "
          f"{'policyatlas / engine':>21}  logic")
    for name, (sec, rows, logic) in results.items():
        rate = 2 * rows / sec
        print(f"{name:<38} {rows:>10,} {sec:>9.4f} {rate:>14,.0f} {base_rate / rate:>20.2f}x"
              f"  {logic}")


if __name__ == "__main__":
    main()
