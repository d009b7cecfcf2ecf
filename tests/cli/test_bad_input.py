"""Bad inventories: one clear message naming file:line and the fix, exit 2, no traceback,
nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE

GOOD = EXAMPLE.read_text(encoding="utf-8")


def _variant(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


CASES = {
    "invalid yaml": (_variant("  name: Acme AI, Inc.", '  name: "Acme AI, Inc.'),
                     "not valid YAML", None),
    "unknown field": (_variant("  employee_count: 1200", "  employe_count: 1200"),
                      "unknown field 'employe_count'", "employe_count"),
    "negative revenue": (_variant("annual_gross_revenue_usd: 750000000",
                                  "annual_gross_revenue_usd: -5"), "greater than or equal to 0",
                         "annual_gross_revenue_usd"),
    "unknown state code": (_variant("does_business_in: [CA, NY, TX, WA, IL]",
                                    "does_business_in: [CA, NY, TX, WA, XX]"),
                           "'XX' is not a known US jurisdiction", "does_business_in"),
    "wrong type": (_variant("monthly_active_users: 240000", "monthly_active_users: lots"),
                   "wrong type", "monthly_active_users: lots"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_inventory(cli, tmp_path, name):
    text, message, line_needle = CASES[name]
    src = tmp_path / "inventory.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    r = cli("assess", str(src), "--format", "json", "--output", str(out))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert message in r.stderr
    assert "fix:" in r.stderr
    if line_needle:
        assert f"{src}:{_line(text, line_needle)}:" in r.stderr
    else:
        assert f"{src}:" in r.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_unknown_field_suggests_the_right_name(cli, tmp_path):
    src = tmp_path / "inv.yaml"
    src.write_text(_variant("    roles: [developer]", "    role: [developer]"), encoding="utf-8")
    r = cli("assess", str(src))
    assert r.returncode == 2
    assert "did you mean 'roles'?" in r.stderr


def test_unknown_enum_value_suggests(cli, tmp_path):
    src = tmp_path / "inv.yaml"
    src.write_text(_variant("decision_domains: [employment]", "decision_domains: [employmnt]"),
                   encoding="utf-8")
    r = cli("assess", str(src))
    assert r.returncode == 2 and "did you mean 'employment'?" in r.stderr


@pytest.mark.parametrize("args", [["--as-of", "2026-13-01"], []])
def test_bad_date_and_missing_file(cli, tmp_path, args):
    target = str(EXAMPLE) if args else str(tmp_path / "missing.yaml")
    r = cli("assess", target, *args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert ("YYYY-MM-DD" in r.stderr) if args else ("does not exist" in r.stderr)


def test_json_inventory_errors_name_the_line(cli, tmp_path):
    src = tmp_path / "inv.json"
    src.write_text('{"organization": {"name": "X"},\n "systems": [{"id": "a", "name": "A",\n'
                   ' "roles": ["developer"], "training_compute_ops": -1}]}', encoding="utf-8")
    r = cli("assess", str(src))
    assert r.returncode == 2 and f"{src}:3:" in r.stderr
