"""`policyatlas packs validate` names file:line:field and the fix for broken packs."""

from __future__ import annotations

import shutil

import pytest

from policyatlas.rules.loader import BUILTIN_PACKS

SB53 = BUILTIN_PACKS / "us-ca" / "sb53-2025" / "law.yaml"


def _broken(tmp_path, old: str, new: str):
    text = SB53.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    folder = tmp_path / "us-ca" / "sb53-2025"
    folder.mkdir(parents=True)
    (folder / "law.yaml").write_text(text, encoding="utf-8")
    first = new.strip().splitlines()[0]
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if first in ln)
    return folder / "law.yaml", line


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("category: incident_report", "category: incident_reprot",
         "rules[0].obligations[1].category", "did you mean 'incident_report'?"),
        ("      fact: system.kinds", "      fact: system.kind",
         "definitions.foundation_model.when.fact", "did you mean 'system.kinds'?"),
        ("gt: {param: frontier_compute_threshold}", "gt: {param: frontier_compute}",
         "definitions.frontier_model.when.all[1].gt", "no parameter named 'frontier_compute'"),
        ("contains: foundation_model", "contains: foundation_modle",
         "definitions.foundation_model.when.contains", "did you mean 'foundation_model'?"),
        ("  verified_as_of: 2026-12-01", "  verified_as_of: soon", "law.verified_as_of",
         "wrong type"),
        ("    penalty: ag_civil_large\n      - id: critical",
         "    penalty: ag_civil\n      - id: critical",
         "rules[0].obligations[0].penalty", "no penalty named 'ag_civil'"),
        ("  confidence: high", "  confidance: high", "law.confidance",
         "did you mean 'confidence'?"),
        ("      contains: foundation_model", "      gt: foundation_model",
         "definitions.foundation_model.when.gt", "operator 'gt' does not apply"),
    ],
)
def test_broken_pack_names_file_line_field(cli, tmp_path, old, new, field, message):
    path, line = _broken(tmp_path, old, new)
    r = cli("packs", "validate", str(tmp_path))
    assert r.returncode == 1
    assert f"{path}:{line}: {field}:" in r.stderr, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_valid_copy_validates(cli, tmp_path):
    shutil.copytree(BUILTIN_PACKS, tmp_path / "packs")
    r = cli("packs", "validate", str(tmp_path / "packs"))
    assert r.returncode == 0 and "ok" in r.stdout


def test_packs_test_command_runs_worked_examples(cli):
    r = cli("packs", "test")
    assert r.returncode == 0 and " passed, 0 failed" in r.stdout
