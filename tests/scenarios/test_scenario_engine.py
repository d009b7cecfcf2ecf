"""Preemption scenarios: the partition invariant, each carve-out, contested readings, windows,
funding conditions, added federal duties and user-written scenario errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from policyatlas.engine.assess import assess
from policyatlas.errors import UserError
from policyatlas.facts.load import load_inventory
from policyatlas.rules.loader import Law, PackSet, builtin_packs
from policyatlas.rules.model import LawProfile
from policyatlas.scenarios.diff import diff, inventory_items, landscape_items
from policyatlas.scenarios.loader import builtin_scenarios, check_scenario
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 23)
EXAMPLES = [ROOT / "examples" / "acme-ai.yaml", ROOT / "examples" / "frontier-companion.yaml"]
SCENARIOS = sorted(builtin_scenarios())


def _key(o) -> tuple:
    return (o.system_id, o.law_id, o.rule_id, o.obligation_id, o.status)


@pytest.mark.parametrize("contested_as", ["kept", "removed"])
@pytest.mark.parametrize("inventory", [*EXAMPLES, None], ids=["acme", "frontier", "landscape"])
@pytest.mark.parametrize("sid", SCENARIOS)
def test_removed_and_kept_partition_the_baseline(sid, inventory, contested_as) -> None:
    inv = load_inventory(inventory) if inventory else None
    d = diff(builtin_scenarios()[sid], DAY, inv, contested_as=contested_as)
    removed = [_key(o) for o in d.removed]
    kept = [_key(o) for o in d.kept]
    if inv is not None:  # the baseline straight from the assessment, not from the diff code
        a = assess(inv, DAY)
        baseline = [(sid, o.law_id, o.rule_id, o.obligation_id, o.status)
                    for sid, o in a.all_obligations() if o.status != "undetermined"]
    else:
        baseline = [(None, i.law.id, i.rule.rule.id, i.ob.id, i.status)
                    for i in landscape_items(DAY, builtin_packs())]
    assert len(set(baseline)) == len(baseline)
    assert set(removed) | set(kept) == set(baseline)
    assert not set(removed) & set(kept)
    assert len(removed) + len(kept) == len(baseline)
    for o in d.removed:
        assert o.effect in ("displaced", "federalized") or (
            o.effect == "contested" and contested_as == "removed")
    for o in d.kept:
        assert o.effect in ("preserved", "not_reached", "contested")
        assert o.reason and o.decided_by
        if o.effect == "contested":
            assert contested_as == "kept"
    for a in d.added:  # added obligations are cited
        assert a.citation and a.source_url.startswith("http")
    assert d.baseline.distinct_obligations >= d.after.distinct_obligations - len(
        {(a.law_id, a.obligation_id) for a in d.added})
    # One count everywhere: the per-jurisdiction, per-subject and per-category baselines add
    # up to the burden's duty instances (safe harbours apart, in every figure).
    for tallies in (d.by_jurisdiction, d.by_subject, d.by_category):
        assert sum(t.baseline for t in tallies) == d.baseline.duty_instances
        assert sum(t.removed + t.kept for t in tallies) == d.baseline.duty_instances
    assert sum(t.optional for t in d.by_jurisdiction) == sum(
        o.optional for o in [*d.removed, *d.kept])


def test_status_quo_removes_nothing() -> None:
    for inv in [*[load_inventory(p) for p in EXAMPLES], None]:
        d = diff(builtin_scenarios()["status-quo"], DAY, inv)
        assert not d.removed and d.baseline == d.after
        assert {o.effect for o in d.kept} <= {"preserved", "not_reached"}


# ------------------------------------------------------------------ every carve-out, one by one

VEHICLE = "us-ca/sb243-2025"  # an in-force state law used as the carrier of test profiles
NEUTRAL = dict(subject="chatbot_disclosure", layer="use", ai_specific=True,
               criminal_penalty=False, child_safety=False, state_own_use=False,
               generally_applicable=False, facilitative=False, consumer_protection=False,
               right_of_publicity=False, insurance_business=False, data_center_siting=False)

# (scenario, carve-out rule, profile changes that make the law one the carve-out protects)
CARVE_OUTS = [
    ("house-moratorium-2025", "facilitative", {"facilitative": True}),
    ("house-moratorium-2025", "criminal-penalty", {"criminal_penalty": True}),
    ("house-moratorium-2025", "generally-applicable", {"generally_applicable": True}),
    ("senate-bead-pause-2025", "facilitative", {"facilitative": True}),
    ("senate-bead-pause-2025", "criminal-penalty", {"criminal_penalty": True}),
    ("senate-bead-pause-2025", "generally-applicable", {"generally_applicable": True}),
    ("cruz-blackburn-2025", "facilitative", {"facilitative": True}),
    ("cruz-blackburn-2025", "criminal-penalty", {"criminal_penalty": True}),
    ("cruz-blackburn-2025", "generally-applicable", {"generally_applicable": True}),
    ("cruz-blackburn-2025", "child-sexual-abuse-material",
     {"subject": "deepfake_ncii_csam", "child_safety": True}),
    ("cruz-blackburn-2025", "child-online-safety", {"child_safety": True}),
    ("cruz-blackburn-2025", "rights-of-publicity", {"right_of_publicity": True}),
    ("cruz-blackburn-2025", "unfair-deceptive-practices", {"consumer_protection": True}),
    ("eo14365-recommendation", "child-safety", {"child_safety": True}),
    ("eo14365-recommendation", "data-centres", {"data_center_siting": True}),
    ("eo14365-recommendation", "state-own-use", {"state_own_use": True}),
    ("eo14365-recommendation", "generally-applicable", {"generally_applicable": True}),
    ("eo14365-recommendation", "sexual-deepfakes", {"subject": "deepfake_ncii_csam"}),
    ("wh-framework-2026", "child-sexual-abuse-material",
     {"subject": "deepfake_ncii_csam", "child_safety": True}),
    ("wh-framework-2026", "generally-applicable", {"generally_applicable": True}),
    ("wh-framework-2026", "data-centres", {"data_center_siting": True}),
    ("wh-framework-2026", "state-own-use", {"state_own_use": True}),
    ("hr5388-2025", "facilitative", {"facilitative": True}),
    ("hr5388-2025", "criminal-penalty", {"criminal_penalty": True}),
    ("hr5388-2025", "procurement", {"state_own_use": True}),
    ("gaaia-draft-2026", "generally-applicable",
     {"generally_applicable": True, "layer": "development"}),
    ("gaaia-draft-2026", "use-and-deployment", {"layer": "use"}),
]
# Rules that keep a law in a scenario whose default removes it would be caught here too.
TESTED = {(s, r) for s, r, _ in CARVE_OUTS}


def _with_profile(changes: dict) -> PackSet:
    law = builtin_packs().laws[VEHICLE]
    pack = law.pack.model_copy(deep=True)
    pack.law.profile = LawProfile(**(NEUTRAL | changes))
    return PackSet({VEHICLE: Law(pack, law.path, law.definitions, law.rules,
                                 law.definition_meta)})


def test_every_preserving_rule_has_a_carve_out_test() -> None:
    for sid, sc in builtin_scenarios().items():
        for rule in sc.file.preemption.rules:
            if rule.effect == "preserved":
                assert (sid, rule.id) in TESTED, f"no carve-out test for {sid} / {rule.id}"


@pytest.mark.parametrize(("sid", "rule_id", "changes"), CARVE_OUTS,
                         ids=[f"{s}:{r}" for s, r, _ in CARVE_OUTS])
def test_carve_out_is_honoured(sid, rule_id, changes) -> None:
    sc = builtin_scenarios()[sid]
    d = diff(sc, DAY, packs=_with_profile(changes), starts=dt.date(2026, 1, 1))
    assert d.kept and not d.removed
    assert {o.decided_by for o in d.kept} == {rule_id}
    rule = next(r for r in sc.file.preemption.rules if r.id == rule_id)
    for o in d.kept:
        assert o.effect == "preserved" and o.scenario_citation == rule.citation
        assert o.contested == (rule.proviso is not None)
    # Without the protected attribute the same law is not kept by this carve-out.
    if sc.file.preemption.default.effect != "preserved":
        plain = diff(sc, DAY, packs=_with_profile({"layer": changes.get("layer", "use")}),
                     starts=dt.date(2026, 1, 1))
        assert rule_id not in {o.decided_by for o in [*plain.removed, *plain.kept]}


def test_neutral_ai_law_is_displaced_by_the_house_moratorium() -> None:
    d = diff(builtin_scenarios()["house-moratorium-2025"], DAY, packs=_with_profile({}))
    assert d.removed and not d.kept
    assert {o.decided_by for o in d.removed} == {"default"}
    assert d.after.distinct_obligations == 0


def test_contested_attribute_gives_contested_outcome() -> None:
    sc = builtin_scenarios()["house-moratorium-2025"]
    packs = _with_profile({"generally_applicable": "contested"})
    kept = diff(sc, DAY, packs=packs)
    assert kept.kept and not kept.removed
    assert all(o.effect == "contested" and o.contested for o in kept.kept)
    assert all(o.depends_on == ["law.generally_applicable"] for o in kept.kept)
    assert all("preserved" in o.reason and "displaced" in o.reason for o in kept.kept)
    removed = diff(sc, DAY, packs=packs, contested_as="removed")
    assert removed.removed and not removed.kept


def test_contested_attribute_that_changes_nothing_is_not_contested() -> None:
    # Criminal penalty contested, but the law is generally applicable: kept either way.
    sc = builtin_scenarios()["house-moratorium-2025"]
    d = diff(sc, DAY, packs=_with_profile({"criminal_penalty": "contested",
                                           "generally_applicable": True}))
    assert all(o.effect == "preserved" and not o.contested for o in d.kept)


def test_proviso_keeps_but_flags() -> None:
    d = diff(builtin_scenarios()["cruz-blackburn-2025"], DAY,
             packs=_with_profile({"child_safety": True}), starts=dt.date(2026, 1, 1))
    assert all(o.contested and o.proviso and "undue" in o.proviso for o in d.kept)


# ------------------------------------------------------------------ windows and conditions


def test_window_and_sunset() -> None:
    sc = builtin_scenarios()["house-moratorium-2025"]
    packs = _with_profile({})
    assert diff(sc, dt.date(2035, 7, 3), packs=packs).removed
    for day in (dt.date(2025, 7, 3), dt.date(2035, 7, 4)):
        d = diff(sc, day, packs=packs)
        assert not d.removed and not d.in_force_on_as_of
        assert {o.decided_by for o in d.kept} <= {"not-in-force"}
    # A text never enacted is read as enacted on the as-of date unless --enacted says otherwise.
    gaaia = builtin_scenarios()["gaaia-draft-2026"]
    assert diff(gaaia, DAY, packs=packs).scenario.starts == DAY
    late = diff(gaaia, DAY, packs=_with_profile({"layer": "development",
                                                 "subject": "training_data_transparency"}),
                starts=dt.date(2027, 1, 1))
    assert not late.removed and any("not in force" in n for n in late.notes)


def test_funding_condition_binds_only_accepting_states() -> None:
    sc = builtin_scenarios()["senate-bead-pause-2025"]
    packs = _with_profile({})
    assert diff(sc, DAY, packs=packs).removed  # default: every state accepts
    none = diff(sc, DAY, packs=packs, accepting="none")
    assert not none.removed and {o.decided_by for o in none.kept} == {"declines-funds"}
    assert diff(sc, DAY, packs=packs, accepting=["us-ca"]).removed
    assert not diff(sc, DAY, packs=packs, accepting=["us-tx"]).removed


def test_federal_laws_are_never_preempted() -> None:
    federal = [law for law in builtin_packs() if law.meta.jurisdiction == "us"]
    assert {"us/take-it-down-act-2025", "us/omb-m-26-04"} <= {law.id for law in federal}
    d = diff(builtin_scenarios()["house-moratorium-2025"], DAY)
    ids = {law.id for law in federal}
    fed = [o for o in [*d.removed, *d.kept] if o.law_id in ids]
    assert fed and all(o.outcome == "kept" and o.decided_by == "federal-law" for o in fed)


def test_gaaia_federalizes_frontier_duties_and_adds_cited_replacements() -> None:
    sc = builtin_scenarios()["gaaia-draft-2026"]
    packs = _with_profile({"subject": "frontier_safety_incident", "layer": "development"})
    d = diff(sc, DAY, packs=packs)
    assert d.removed and {o.effect for o in d.removed} == {"federalized"}
    assert all(o.replaced_by for o in d.removed)
    added = {a.obligation_id for a in d.added}
    assert set(d.removed[0].replaced_by) <= added
    inv = load_inventory(EXAMPLES[1])
    with_inv = diff(sc, DAY, inv)
    for a in with_inv.added:
        assert a.system_id and a.citation and a.law_id == "us/gaaia-draft-2026"


def test_inventory_baseline_matches_assessment_counts() -> None:
    inv = load_inventory(EXAMPLES[0])
    items = inventory_items(inv, DAY, builtin_packs())
    a = assess(inv, DAY)
    assert len(items) == a.counts.overall.known


# ------------------------------------------------------------------ user-written scenarios

HEAD = """\
schema_version: 1
scenario:
  id: my-scenario
  title: Mine
  instrument: A bill I drafted
  legal_status: user
  status_note: Not introduced.
  mechanism: enforcement_bar
  summary: Preempts AI laws.
  sources: [{url: "https://example.org/bill", title: My bill}]
  verified_as_of: 2026-11-23
  confidence: low
"""


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "mine.yaml"
    p.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return p


def test_user_scenario_new_laws_only(tmp_path: Path) -> None:
    p = _write(tmp_path, """\
        preemption:
          starts: 2026-01-01
          reaches: new_only
          default: {effect: displaced, citation: "My bill §2", reason: Preempted.}
        """)
    sc = check_scenario(p)
    d = diff(sc, DAY, packs=_with_profile({}))  # SB 243 was signed in 2025
    assert not d.removed and {o.decided_by for o in d.kept} == {"new-laws-only"}


@pytest.mark.parametrize(("body", "line", "needle"), [
    ("""\
        preemption:
          rules:
            - id: kids
              title: Kids
              when: {fact: law.child_safty, eq: true}
              effect: preserved
              citation: "§3"
          default: {effect: displaced, citation: "§2", reason: Preempted.}
        """, 17, "did you mean 'law.child_safety'"),
    ("""\
        preemption:
          default: {effect: removed, citation: "§2", reason: Preempted.}
        """, 14, "use one of"),
    ("""\
        preemption:
          rules:
            - id: frontier
              title: Frontier
              when: {fact: law.subject, eq: frontier_safety_incident}
              effect: federalized
              citation: "§3"
          default: {effect: displaced, citation: "§2", reason: Preempted.}
        """, 15, "replaced_by"),
    ("""\
        preemption:
          rules:
            - id: subj
              title: Subject
              when: {fact: law.subject, eq: frontier_safety}
              effect: displaced
              citation: "§3"
          default: {effect: preserved, citation: "§2", reason: Kept.}
        """, 17, "frontier_safety_incident"),
    ("""\
        preemption:
          default: {effect: displaced, citation: "§2", reason: Preempted.}
        adds:
          schema_version: 1
          law: {id: us/mine, jurisdiction: us}
        """, 17, "adds.law"),
])
def test_user_scenario_errors_name_file_line_and_fix(tmp_path: Path, body, line,
                                                     needle) -> None:
    p = _write(tmp_path, body)
    with pytest.raises(UserError) as exc:
        check_scenario(p)
    rendered = exc.value.render()
    assert f"{p}:" in rendered and needle in rendered
    assert any(pr.line == line for pr in exc.value.problems), rendered
    assert all(pr.fix for pr in exc.value.problems), rendered


def test_documented_template_is_a_valid_scenario(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    block = doc.split("## Writing a scenario", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    p = tmp_path / "template.yaml"
    p.write_text(block, encoding="utf-8")
    sc = check_scenario(p)
    assert sc.adds is not None and sc.file.preemption.rules[1].effect == "federalized"
    d = diff(sc, dt.date(2027, 6, 1), packs=_with_profile({"child_safety": True}))
    assert {o.decided_by for o in d.kept} == {"kids"} and all(o.contested for o in d.kept)
