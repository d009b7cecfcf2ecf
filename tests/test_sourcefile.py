"""The fast loader (libyaml with YAML 1.2's scalar rules) reads every document exactly as the
round-trip loader does — the one that keeps line numbers for error messages."""

from __future__ import annotations

import math

import pytest
from ruamel.yaml import YAML

from policyatlas.errors import UserError
from policyatlas.sourcefile import _fast, _plain, parse_text
from tests.conftest import ROOT

# Every document a user could take as a model; not the fuzzing corpus, whose files are hostile
# on purpose (an alias bomb copied without a budget would fill the memory).
FILES = sorted(p for p in [*ROOT.joinpath("src", "policyatlas").rglob("*.yaml"),
                           *ROOT.joinpath("examples").glob("*.yaml"),
                           *ROOT.joinpath("tests").rglob("*.yaml")]
               if ROOT.joinpath("tests", "fuzz", "corpus") not in p.parents)
SCALARS = ["a: 1_000", "a: 0o17", "a: 017", "a: 00012", "a: 0x1F", "a: -0x1f", "a: 0b101",
           "a: 1e26", "a: 1.5e3", "a: 1e+3", "a: 1.", "a: .5", "a: -.5", "a: 0.", "a: 1__0",
           "a: yes", "a: on", "a: No", "a: True", "a: 12:30",
           "a: 1:2:3", "a: +12", "a: ~", "a: Null", "a:", "a: 2001-12-14", "a: '2001-12-14'",
           "a: 2024-01-01T10:00:00Z", "a: 2024-1-5 10:00:00", "<<: {b: 1}\na: 2",
           "x: [1, 2.0, '3', null, true]", "a: |\n  line\n  two\n"]
REFUSED = {"a: .inf": "finite", "a: -.Inf": "finite", "a: +.inf": "finite", "a: .NaN": "finite",
           "? [1, 2]\n: x": "key", "a: !!set x": "!!set", "a: 2023-02-29": "no such day"}


def _rt(text: str):
    return _plain(YAML(typ="rt").load(text))


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b or str(a) == str(b)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_document_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    assert _plain(_fast(text)) == _rt(text)


@pytest.mark.parametrize("text", SCALARS)
def test_scalars_read_the_same(text):
    assert _same(parse_text(text, "x.yaml").data, _rt(text))


@pytest.mark.parametrize("text", list(REFUSED))
def test_values_that_are_not_data_are_refused_with_their_line(text):
    with pytest.raises(UserError) as exc:
        parse_text("x: 1\n" + text, "x.yaml")
    problem = exc.value.problems[0]
    assert problem.line == 2 and problem.fix and REFUSED[text] in problem.message


def test_duplicate_keys_are_reported_with_their_line():
    with pytest.raises(UserError) as exc:
        parse_text("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert exc.value.problems[0].line == 3


def test_lines_are_found_after_a_fast_parse():
    doc = parse_text("organization:\n  name: X\nsystems:\n  - id: a\n    roles: [x]\n", "i.yaml")
    assert doc._tree is None  # nothing located yet
    assert doc.line_of(("systems", 0, "roles")) == 5
