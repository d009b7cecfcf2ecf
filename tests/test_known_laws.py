"""Known US AI laws that bind only individuals or only government (packs/_known/): the data
validates and is complete enough, the loader ignores it, `laws --binds`, `law show`, `stats`
show it, and a broken entry is reported with its file, line, field and fix."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from policyatlas.compliance.landscape import compute
from policyatlas.engine.laws import list_laws
from policyatlas.report.stats import coverage_markdown
from policyatlas.rules.known import (
    COVERAGE_FILE,
    KNOWN_DIR,
    KNOWN_FILE,
    check_coverage,
    check_known,
    known_laws,
)
from policyatlas.rules.loader import builtin_packs, discover
from policyatlas.rules.taxonomy import subjects
from tests.conftest import ROOT

DAY = dt.date(2026, 12, 1)


def test_the_data_validates_without_a_problem():
    laws, problems = check_known(KNOWN_FILE, set(builtin_packs().laws))
    assert problems == []
    _, problems = check_coverage(COVERAGE_FILE, set(subjects()))
    assert problems == []
    assert len(laws) >= 40


def test_at_least_forty_states():
    assert len({law.jurisdiction for law in known_laws()}) >= 40


def test_every_entry_has_citation_source_and_why():
    for law in known_laws():
        assert law.citation.strip(), law.id
        assert law.sources and all(s.url.startswith("http") for s in law.sources), law.id
        assert len(law.why_no_duty) >= 20, law.id
        assert law.verified_as_of == DAY, law.id
        if all(s.kind == "secondary" for s in law.sources):
            assert law.confidence != "high", law.id


def test_no_id_collides_with_a_pack_and_none_is_one_being_encoded():
    packs = set(builtin_packs().laws)
    ids = {law.id for law in known_laws()}
    assert not ids & packs
    # Encoded as packs elsewhere: CA SB 981 / AB 621, TX SB 441, MN HF 1606.
    for taken in ("us-ca/sb981", "us-ca/ab621", "us-tx/sb441", "us-mn/hf1606"):
        assert not any(i.startswith(taken) for i in ids)


def test_the_pack_loader_does_not_read_the_known_folder():
    files = discover([ROOT / "src" / "policyatlas" / "packs"])
    assert not any(KNOWN_DIR in f.parents for f in files)


BROKEN = """\
contract: policyatlas.known-laws/v1
verified_as_of: 2026-12-01
laws:
  - id: us-zz/thing-2025
    jurisdiction: us-zz
    title: A law
    citation: Sec. 1
    year: 2025
    kind: criminal_only
    subject: sexual_deepfakes
    why_no_duty: Creates a crime for a person who shares an image; it binds no organisation.
    confidence: high
    verified_as_of: 2026-12-01
    sources:
      - {url: "https://example.org/a", title: "A blog", kind: secondary}
  - id: us-ny/other-2024
    jurisdiction: us-ny
    title: Another law
    citation: Sec. 2
    bill: S 1
    year: 2024
    kind: criminal_onyl
    subject: ai_csam
    why_no_duty: Creates a crime for a person; no duty on platforms or developers follows.
    confidence: medium
    verified_as_of: 2026-12-01
    sources:
      - {url: "https://example.org/b", title: "Another blog", kind: secondary}
"""


def test_a_broken_entry_gives_a_located_error(tmp_path):
    path = tmp_path / "known.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    _, problems = check_known(path)
    assert len(problems) == 1  # the model fails first: the misspelt kind on line 22
    p = problems[0]
    assert p.file == str(path) and p.line == 22 and p.field == "laws[1].kind"
    assert "criminal_only" in (p.fix or "")


def test_cross_entry_rules_are_located(tmp_path):
    path = tmp_path / "known.yaml"
    path.write_text(BROKEN.replace("criminal_onyl", "criminal_only"), encoding="utf-8")
    _, problems = check_known(path, {"us-ny/other-2024"})
    found = {(p.field, p.line) for p in problems}
    assert ("laws[0].jurisdiction", 5) in found  # no such state
    assert ("laws[0].confidence", 12) in found  # high on secondary sources only
    assert ("laws[1].id", 16) in found  # already a pack
    assert all(p.fix for p in problems)


def test_missing_bill_needs_a_note(tmp_path):
    path = tmp_path / "known.yaml"
    path.write_text(BROKEN.replace("criminal_onyl", "criminal_only"), encoding="utf-8")
    _, problems = check_known(path)
    assert any(p.field == "laws[0].bill" and "note" in p.fix for p in problems)


def test_list_laws_binds():
    packs = builtin_packs()
    orgs = list_laws(packs, DAY)
    assert orgs.binds == "organizations" and all(x.binds == "organizations" for x in orgs.laws)
    assert len(orgs.laws) == len(packs)
    ind = list_laws(packs, DAY, binds="individuals")
    assert ind.laws and all(x.binds == "individuals" and x.why_no_duty for x in ind.laws)
    gov = list_laws(packs, DAY, binds="government")
    assert gov.laws and all(x.known_kind == "government_only" for x in gov.laws)
    both = list_laws(packs, DAY, binds="all")
    assert len(both.laws) == len(orgs.laws) + len(ind.laws) + len(gov.laws)
    # a category filter leaves only packs (known laws have no obligations)
    cat = next(c for x in orgs.laws for c in x.categories)
    assert all(x.binds == "organizations" for x in list_laws(packs, DAY, category=cat,
                                                             binds="all").laws)


def test_coverage_counts_and_document_is_current():
    stats = compute(DAY)
    assert stats.individuals_only.laws == len(known_laws())
    assert stats.individuals_only.states >= 40
    cov = {r.id: r for r in stats.coverage.categories}
    assert cov["election_deepfakes"].unit == "states" and cov["election_deepfakes"].encoded > 0
    assert "us-ut/hb452-2025" in cov["therapy_professional_titles"].encoded_laws
    assert "us-ut/hb452-2025" not in cov["companion_minors"].encoded_laws
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert text == coverage_markdown(stats), (
        "docs/coverage.md is stale: run `policyatlas stats --coverage -f md -o docs/coverage.md`")


# --------------------------------------------------------------- the real commands


def test_cli_laws_binds_json_and_csv(cli):
    r = cli("laws", "--binds", "individuals", "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["binds"] == "individuals" and len(doc["laws"]) >= 40
    assert all(x["binds"] == "individuals" and x["why_no_duty"] for x in doc["laws"])
    r = cli("laws", "-b", "all", "-f", "csv")
    assert r.returncode == 0, r.stderr
    head, *rows = r.stdout.splitlines()
    assert head.endswith("binds,why_no_duty")
    assert any(",organizations," in row or row.endswith(",organizations,") for row in rows)
    r = cli("laws")
    assert "Why no duty" not in r.stdout  # default: today's output


def test_cli_laws_table_and_unknown_binds(cli):
    r = cli("laws", "--binds", "government", "-j", "VT")
    assert r.returncode == 0, r.stderr
    assert "us-vt/act132-2022" in r.stdout and "Why no duty for organisations" in r.stdout
    r = cli("laws", "--binds", "people")
    assert r.returncode != 0


def test_cli_law_show_known(cli):
    r = cli("law", "show", "us-nj/a3540-2025")
    assert r.returncode == 0, r.stderr
    assert "known — no duties for organisations" in r.stdout and "P.L.2025, c.40" in r.stdout
    r = cli("law", "show", "us-nj/a3540-2025", "-f", "json")
    doc = json.loads(r.stdout)
    assert doc["known"]["binds"] == "individuals" and doc["rules"] == []
    r = cli("law", "show", "us-vt/act132-2022", "-f", "md")
    assert "government only" in r.stdout


def test_cli_stats_and_coverage(cli):
    r = cli("stats", "-f", "json", "--as-of", "2026-12-01")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["individuals_only"]["laws"] >= 40
    assert {c["key"] for c in doc["individuals_only"]["by_kind"]} <= {
        "criminal_only", "individual_liability", "government_only"}
    assert doc["coverage"]["categories"]
    r = cli("stats", "--coverage", "-f", "md")
    assert r.returncode == 0 and r.stdout.startswith("# Coverage of enacted US AI laws")
    r = cli("stats", "--coverage")
    assert "Coverage by category" in r.stdout


def test_cli_packs_validate_checks_the_known_file(cli):
    r = cli("packs", "validate")
    assert r.returncode == 0, r.stderr
    assert "known law(s) without duties for organisations" in r.stdout
    # the known file given by path is validated as a known-laws file, not as a pack
    r = cli("packs", "validate", str(KNOWN_FILE))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("kind", ["criminal_only", "individual_liability", "government_only"])
def test_each_kind_is_present(kind):
    assert any(law.kind == kind for law in known_laws())


def test_example_yaml_blocks_are_plain():
    # the file reads the same through the fast and the round-trip loaders (tests/test_sourcefile)
    assert textwrap.dedent(KNOWN_FILE.read_text(encoding="utf-8")).startswith("#")
