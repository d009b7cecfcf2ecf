"""The side-by-side comparison renders the engine's result: statuses, dates and counts are the
assessment's; the equivalences file validates and names real obligations."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from policyatlas import assess, load_inventory
from policyatlas.compliance.compare import build_comparison, includes, parse_jurisdictions
from policyatlas.engine.results import STATUSES, Counts
from policyatlas.errors import UserError
from policyatlas.rules.equivalences import (
    EQUIVALENCES_FILE,
    check_equivalences,
    equivalences,
    pack_obligations,
)
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 23)
EXAMPLES = ["frontier-companion.yaml", "acme-ai.yaml", "frontier-companion-cn.yaml"]


def _assessment(name: str):
    path = ROOT / "examples" / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    return assess(load_inventory(path), DAY)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_duty_is_the_engines(name):
    a = _assessment(name)
    c = build_comparison(a, "us-ca,us-ny,us,cn")
    engine = {(s.id, o.key): o for s in a.systems for o in s.obligations}
    engine |= {("organization", o.key): o for o in a.organization_obligations}
    seen = 0
    for block in [*c.systems, *([c.organization_wide] if c.organization_wide else [])]:
        for row in block.categories:
            for code, duties in row.cells.items():
                for d in duties:
                    o = engine[(block.id, d.key)]
                    seen += 1
                    assert (d.status, d.effective_from, d.effective_until, d.optional) == (
                        o.status, o.effective_from, o.effective_until, o.optional)
                    assert d.deadline == (o.deadline.text if o.deadline else None)
                    assert d.first_due == (o.recurrence.first_due if o.recurrence else None)
                    assert d.citation == o.citation and o.category == row.category
                    assert o.jurisdiction in includes(code)
    chosen = {x for col in c.jurisdictions for x in col.includes}
    expected = sum(1 for (_, o) in engine.items() if o.jurisdiction in chosen)
    assert seen == expected


@pytest.mark.parametrize("name", EXAMPLES)
def test_counts_equal_the_assessments(name):
    a = _assessment(name)
    c = build_comparison(a, ["us-ca", "us-ny", "cn"])
    for col in c.jurisdictions:
        want = Counts()
        for code in col.includes:
            got = a.counts.by_jurisdiction.get(code, Counts())
            for s in STATUSES:
                want.add(s, getattr(got, s))
        assert col.counts == want
        # the blocks' cells add up to the engine's counts for the column
        summed = Counts()
        for block in [*c.systems, *([c.organization_wide] if c.organization_wide else [])]:
            for s in STATUSES:
                summed.add(s, getattr(block.counts[col.code], s))
            for row in block.categories:
                assert row.counts[col.code].total == len(row.cells[col.code])
        assert summed == want, col.code


def test_a_state_includes_its_cities_and_says_so():
    a = _assessment("acme-ai.yaml")
    c = build_comparison(a, "us-ny,us-ca")
    ny = c.jurisdictions[0]
    assert ny.includes == ["us-ny", "us-ny-nyc"] and "New York City" in ny.note
    assert "us-ny-nyc/ll144-2021" in ny.laws
    nyc = build_comparison(a, "nyc").jurisdictions[0]
    assert nyc.includes == ["us-ny-nyc"] and nyc.note is None


def test_bad_jurisdictions_are_one_clear_error():
    with pytest.raises(UserError) as e:
        parse_jurisdictions("us-ca,narnia,us-ny-nyc,us-ny")
    text = e.value.render()
    assert "'narnia' is not a known jurisdiction" in text
    assert "us-ny-nyc is already part of us-ny" in text
    with pytest.raises(UserError):
        parse_jurisdictions(" , ")
    assert parse_jurisdictions("CA,ny,China") == ["us-ca", "us-ny", "cn"]


def test_unknown_system_is_an_error():
    a = _assessment("frontier-companion.yaml")
    with pytest.raises(UserError, match="no system 'kindredd'"):
        build_comparison(a, "us-ca", "kindredd")
    c = build_comparison(a, "us-ca,us-ny", "kindred")
    assert [b.id for b in c.systems] == ["kindred"]


def test_equivalences_validate_and_name_real_obligations():
    found = equivalences()
    assert len(found) >= 3
    obligations = pack_obligations()
    for e in found:
        assert e.sources and e.note.strip()
        for side in (e.a, e.b):
            law, _, ob = side.partition("#")
            assert law in obligations
            assert (ob in obligations[law]) if ob else e.category in obligations[law].values()
        assert e.laws()[0].split("/")[0] != e.laws()[1].split("/")[0] or e.category


def test_equivalence_notes_sit_beside_both_sides():
    a = _assessment("frontier-companion.yaml")
    c = build_comparison(a, "us-ca,us-ny", "kindred")
    rows = {r.category: r for r in c.systems[0].categories}
    notes = {e.id: e for e in rows["ai_interaction_disclosure"].equivalences}
    e = notes["ca-sb243-vs-ny-art47-disclosure"]
    assert (e.a_jurisdiction, e.b_jurisdiction) == ("us-ca", "us-ny")
    assert (e.a_satisfies_b, e.b_satisfies_a) == ("partly", "fully")
    crisis = rows["crisis_protocol"].equivalences[0]
    assert crisis.uncertain  # an uncertain comparison says so
    # only one side chosen: no note
    solo = build_comparison(a, "us-ca", "kindred")
    assert not any(r.equivalences for r in solo.systems[0].categories)


def test_a_broken_equivalences_file_is_located(tmp_path):
    bad = tmp_path / "eq.yaml"
    bad.write_text(textwrap.dedent("""\
        schema_version: 1
        verified_as_of: 2026-11-23
        equivalences:
          - id: one
            a: us-ca/sb243-2025#ai-disclosure
            b: us-ny/gbl-art47#no-such-duty
            a_satisfies_b: partly
            b_satisfies_a: fully
            note: x
            sources: [{url: "https://example.org", title: t, kind: official}]
          - id: one
            a: us-ca/sb243-2025
            b: us-ny/gbl-art47
            a_satisfies_b: somewhat
            b_satisfies_a: fully
            note: x
            sources: [{url: "https://example.org", title: t, kind: official}]
        """))
    found, problems = check_equivalences(bad, pack_obligations())
    assert found == [] and problems
    assert problems[0].line == 14 and "a_satisfies_b" in problems[0].field
    bad.write_text(bad.read_text().replace("somewhat", "partly").replace(
        "  - id: one\n    a: us-ca/sb243-2025\n", "  - id: one\n    category: crisis_protocol\n"
        "    a: us-ca/sb243-2025\n"))
    found, problems = check_equivalences(bad, pack_obligations())
    text = "\n".join(p.render() for p in problems)
    assert f"{bad}:6: equivalences[0].b: 'us-ny/gbl-art47' has no obligation 'no-such-duty'" \
        in text
    assert "id 'one' is listed twice" in text
    assert check_equivalences(EQUIVALENCES_FILE, pack_obligations())[1] == []
