"""The second example inventory assessed at four dates: laws switch on and off as they should
(Colorado's repeal-and-replace, the RAISE Act's rewrite, the 2027 companion laws)."""

from __future__ import annotations

import datetime as dt

import pytest

from policyatlas import assess, load_inventory
from tests.conftest import ROOT

INVENTORY = load_inventory(ROOT / "examples" / "frontier-companion.yaml")


def _laws(day: str, inventory=INVENTORY) -> dict[str, dict[str, set[str]]]:
    a = assess(inventory, dt.date.fromisoformat(day))
    return {s.id: {"in_force": set(s.applicable_laws), "upcoming": set(s.upcoming_laws),
                   "blocked": {o.law_id for o in s.having("blocked")},
                   "undetermined": {u.law_id for u in s.undetermined}} for s in a.systems}


@pytest.mark.parametrize("day", ["2025-06-01", "2026-01-01", "2026-07-01", "2027-01-01"])
def test_every_fact_needed_is_given(day):
    assert all(not v["undetermined"] for v in _laws(day).values())


def test_colorado_repeal_and_replace():
    before, jan, jul, next_jan = (_laws(d)["hireflow"] for d in
                                  ("2025-06-01", "2026-01-01", "2026-07-01", "2027-01-01"))
    # SB 24-205: upcoming, then in force in its 2026 window (the X.AI v. Weiser order
    # protects only xAI), then repealed.
    assert "us-co/sb24-205" in before["upcoming"] and "us-co/sb24-205" in jan["upcoming"]
    assert "us-co/sb24-205" in jul["in_force"] and "us-co/sb24-205" not in jul["blocked"]
    assert not any("us-co/sb24-205" in v for v in next_jan.values())
    # SB 26-189: did not exist before its signing (2026-05-14); upcoming mid-2026; in force
    # from 2027-01-01 for everyone the order does not protect.
    assert not any("us-co/sb26-189" in v for v in jan.values())
    assert "us-co/sb26-189" in jul["upcoming"]
    assert "us-co/sb26-189" in next_jan["in_force"]


def test_colorado_order_blocks_only_for_its_party():
    party = INVENTORY.model_copy(deep=True)
    party.organization.litigant_in = ["xai-v-weiser"]
    jul, next_jan = (_laws(d, party)["hireflow"] for d in ("2026-07-01", "2027-01-01"))
    assert "us-co/sb24-205" in jul["blocked"]
    assert "us-co/sb26-189" in next_jan["blocked"]


def test_raise_act_rewrite_and_sb53():
    jun25, jan, jul, next_jan = (_laws(d)["helix-4"] for d in
                                 ("2025-06-01", "2026-01-01", "2026-07-01", "2027-01-01"))
    assert not any("us-ny/raise-act" in v for v in jun25.values())  # not yet signed
    assert "us-ny/raise-act" in jan["upcoming"] and "us-ny/raise-act" in jul["upcoming"]
    assert "us-ny/raise-act" in next_jan["in_force"]
    assert "us-ca/sb53-2025" in jun25["upcoming"] or "us-ca/sb53-2025" not in jun25["in_force"]
    assert "us-ca/sb53-2025" in jan["in_force"] and "us-ca/sb53-2025" in next_jan["in_force"]


def test_companion_laws_switch_on():
    seq = [_laws(d)["kindred"] for d in ("2025-06-01", "2026-01-01", "2026-07-01", "2027-01-01")]
    assert "us-ny/gbl-art47" in seq[0]["upcoming"] and "us-ny/gbl-art47" in seq[1]["in_force"]
    assert "us-ca/sb243-2025" in seq[1]["in_force"]
    assert "us-wa/hb2225-2026" in seq[2]["upcoming"]
    assert {"us-wa/hb2225-2026", "us-or/sb1546-2026"} <= seq[3]["in_force"]


def test_employment_screener_laws():
    jan = _laws("2026-01-01")["hireflow"]
    assert "us-il/hb3773-2024" in jan["in_force"]
