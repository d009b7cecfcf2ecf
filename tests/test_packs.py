"""Every built-in law validates and passes its worked examples (one test per example)."""

from __future__ import annotations

import re

import pytest

from policyatlas.engine.cases import CASES_FILE, load_case_file, run_case
from policyatlas.rules.loader import BUILTIN_PACKS, builtin_packs, check_files, discover
from policyatlas.rules.taxonomy import categories

PACKS = builtin_packs()
# A section citation: "§ 22757.12", Illinois' "775 ILCS 5/2-102(L)", an article ("Art. 24(1)",
# "Arts. 55-56") or, in a law's own words, 第二十四条 (Chinese, Japanese) or 제31조 (Korean).
SECTION = re.compile(r"§|\b\d+\s+ILCS\s+\d+/|\bArts?\.\s*\d+|第[一二三四五六七八九十百零〇\d]+条"
                     r"|제\d+조")


def _cases():
    for law in PACKS:
        cf, _ = load_case_file(law.path.parent / CASES_FILE)
        for case in cf.cases:
            yield pytest.param(law.id, case, id=f"{law.id}: {case.name}")


def test_builtin_packs_validate_clean():
    laws, problems = check_files(discover([BUILTIN_PACKS]), root=BUILTIN_PACKS)
    assert problems == []
    assert {"us-ca/sb53-2025", "us-ny-nyc/ll144-2021"} <= set(laws.laws)


@pytest.mark.parametrize("law_id", sorted(PACKS.laws))
def test_every_law_has_provenance_and_examples(law_id):
    law = PACKS.get(law_id)
    m = law.meta
    assert m.sources and m.citation and m.verified_as_of and m.dates.effective
    cf, _ = load_case_file(law.path.parent / CASES_FILE)
    assert len(cf.cases) >= 3, "every law needs at least 3 worked examples"
    assert m.confidence and m.status
    for rule in law.rules:
        for ob in rule.rule.obligations:
            assert ob.category in categories()
            assert SECTION.search(ob.citation), f"{ob.id} must cite a section"
            if m.original is not None:  # the authoritative text's article too
                assert ob.original_citation and SECTION.search(ob.original_citation), ob.id


@pytest.mark.parametrize(("law_id", "case"), list(_cases()))
def test_worked_example(law_id, case):
    ok, detail = run_case(case, law_id, PACKS)
    assert ok, detail


def test_every_law_has_a_profile_for_preemption_scenarios():
    from policyatlas.rules.loader import builtin_packs

    for law in builtin_packs():
        p = law.meta.profile
        assert p is not None, f"{law.id}: add law.profile (docs/scenarios.md)"
        contested = [a for a, v in p.model_dump().items() if v == "contested"]
        assert not contested or p.notes, f"{law.id}: say why {contested} are contested"
        if p.layer == "both" and law.pack.template is None:
            for r in law.rules:
                for ob in r.rule.obligations:
                    assert ob.layer is not None, f"{law.id}#{ob.id}: give the obligation a layer"
        assert law.meta.status != "proposed", f"{law.id}: packs hold law, not proposals"


@pytest.mark.parametrize("law_id", sorted(PACKS.laws))
def test_law_show_renders_every_law(law_id):
    from tests.conftest import run_cli_here

    for fmt in ("table", "json", "md"):
        r = run_cli_here("law", "show", law_id, "-f", fmt)
        assert r.returncode == 0, (fmt, r.stderr)
        assert law_id in r.stdout or PACKS.get(law_id).meta.title in r.stdout
