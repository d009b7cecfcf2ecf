"""The name-matching evaluation: on the committed samples, and the README table on the full
data (../shared/data/name_matching) when it is beside the checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyatlas.cli import app
from policyatlas.errors import UserError
from policyatlas.screening.evaluate import SETS, as_markdown, evaluate

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "data" / "name_matching"
FULL = ROOT.parent / "shared" / "data" / "name_matching"


def test_samples_evaluate_every_set() -> None:
    scores = evaluate(SAMPLES)
    assert set(scores) == {"all", "held-out", "development"}
    assert {s.set for s in scores["all"]} == set(SETS)
    by = {s.set: s for s in scores["all"]}
    assert by["cn-lists"].recall is not None and by["cn-lists"].recall >= 0.95
    assert by["hard-pairs"].positives + by["hard-pairs"].negatives == 80
    assert by["negatives"].negatives == 100
    for s in scores["all"]:  # the splits add up
        parts = [x for split in ("held-out", "development") for x in scores[split]
                 if x.set == s.set]
        assert sum(p.positives for p in parts) == s.positives
    table = as_markdown(scores)
    assert table.startswith("| Set |") and "hard-pairs" in table


def test_cli_json_and_bad_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["screen", "evaluate", "--data", str(SAMPLES), "-f", "json"])
    assert ok.exit_code == 0, ok.output
    assert '"held-out"' in ok.output
    bad = runner.invoke(app, ["screen", "evaluate", "--data", str(tmp_path / "none")])
    assert isinstance(bad.exception, UserError) and bad.exception.exit_code == 2
    (tmp_path / "watchman_cascade-name-pairs.csv").write_text("a,b\n1,2\n", "utf-8")
    bad = runner.invoke(app, ["screen", "evaluate", "--data", str(tmp_path)])
    assert isinstance(bad.exception, UserError)
    assert "missing column" in bad.exception.render()
    assert "watchman_cascade-name-pairs.csv:1" in bad.exception.render()


@pytest.mark.skipif(not FULL.is_dir(), reason="the full name-matching data "
                    "(../shared/data/name_matching) is not beside this checkout")
def test_readme_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.search(r"<!-- screening-evaluate:start -->\n(.*?)<!-- screening-evaluate:end -->",
                      readme, re.S)
    assert found, "README has no screening-evaluate markers"
    result = CliRunner().invoke(app, ["screen", "evaluate", "--data", str(FULL), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert found.group(1) == result.stdout, (
        "README 'Screening accuracy' table is stale: paste `policyatlas screen evaluate -f md`")


@pytest.mark.skipif(not FULL.is_dir(), reason="the full name-matching data "
                    "(../shared/data/name_matching) is not beside this checkout")
def test_targets_on_the_full_sets() -> None:
    """Recall at least 0.95 at precision at least 0.90 on the hard pairs, and at least 0.98 on
    the PRC lists' official Chinese and English names, at the default threshold."""
    by = {s.set: s for s in evaluate(FULL)["all"]}
    hard = by["hard-pairs"]
    assert hard.recall is not None and hard.recall >= 0.95, hard.as_dict()
    assert hard.precision is not None and hard.precision >= 0.90, hard.as_dict()
    cn = by["cn-lists"]
    assert cn.recall is not None and cn.recall >= 0.98, cn.as_dict()
