"""Status derivation on real action sequences (the detailed_progress of bills in the Open States
AI-bill data set, copied verbatim; newest first, as the export lists them)."""

from __future__ import annotations

import datetime as dt

import pytest

from policyatlas.bills.model import BillRecord
from policyatlas.bills.readers import parse_progress
from policyatlas.bills.sessions import session_end, session_years
from policyatlas.bills.status import derive_status
from tests.bills.conftest import FULL

SNAPSHOT = dt.date(2024, 3, 22)  # the data set's newest date


def bill(state, session, ident, progress, kind=("bill",)):
    return BillRecord(uid=f"ocd-bill/{state}-{ident}", source="openstates", jurisdiction=state,
                      session=session, identifier=ident, title="t", classification=kind,
                      actions=parse_progress(progress))


# WA SB 5152 (2023): synthetic media in campaigns — signed by the governor (note the
# committee's mixed favorable / unfavorable reports on one day).
WA_SB_5152 = """2023-05-09: [Office of the Governor] #became-law
2023-05-09: [Office of the Governor] #executive-signature
2023-05-09: [Office of the Governor] #became-law
2023-04-19: [Office of the Governor] #executive-receipt
2023-04-18: [House] #passage
2023-04-18: [Senate] #passage
2023-04-14: [Senate] #passage
2023-04-06: [House] #reading-3
2023-04-06: [House] #reading-3
2023-04-03: [House] #reading-2
2023-03-29: [House] #committee-passage-unfavorable
2023-03-29: [House] #committee-passage-favorable
2023-03-29: [House] #committee-passage-unfavorable
2023-03-29: [House] #referral-committee
2023-02-17: [House] #reading-1
2023-02-15: [Senate] #substitution
2023-02-15: [Senate] #reading-3
2023-02-15: [Senate] #reading-3
2023-02-08: [Senate] #reading-2
2023-01-31: [Senate] #committee-passage-unfavorable
2023-01-31: [Senate] #substitution
2023-01-09: [Senate] #reading-1
2023-01-04: [Senate] #filing"""

# NV SB 419 (2023): passed both houses, vetoed ("Vetoed by the Governor").
NV_SB_419 = """2023-06-16: [Office of the Governor] #executive-veto
2023-06-08: [Office of the Governor] #enrolled #executive-receipt
2023-06-06: [Senate] #passage
2023-06-05: [Senate] #committee-passage #passage #reading-3
2023-06-04: [Senate] #committee-passage
2023-04-24: [Senate] #committee-passage #reading-2
2023-03-27: [Senate] #reading-1 #referral-committee"""

# NY A 4969 (2023): the veto is recorded against the Assembly, as New York's feed does.
NY_A_4969 = """2023-11-17: [Assembly] #executive-veto
2023-11-17: [Assembly] #amendment-deferral
2023-11-13: [Assembly] #executive-receipt
2023-06-08: [Senate] #passage
2023-05-30: [Assembly] #referral-committee
2023-05-30: [Assembly] #passage
2023-05-30: [Senate] #referral-committee
2023-05-23: [Assembly] #referral-committee
2023-02-27: [Assembly] #referral-committee"""

# VA HB 747 (2024): the Artificial Intelligence Developer Act — referred, never reported.
VA_HB_747 = """2024-01-26: [House] #referral-committee
2024-01-09: [House] #filing #introduction
2024-01-09: [House] #referral-committee"""

# MN SF 2909 (2023): omnibus with a Senate "#reject" (of the House's amendments), later signed.
MN_SF_2909 = """2023-05-19: [Governor of Minnesota] #executive-signature
2023-05-19: [Governor of Minnesota] #executive-signature
2023-05-18: [Governor of Minnesota] #executive-receipt
2023-05-15: [House] #reading-3
2023-05-12: [Senate] #reading-3
2023-05-12: [Senate] #reject
2023-04-26: [House] #amendment-introduction
2023-04-26: [House] #amendment-introduction
2023-04-26: [House] #passage
2023-04-26: [House] #reading-3
2023-04-25: [House] #amendment-passage
2023-04-25: [House] #amendment-passage
2023-04-21: [House] #committee-passage
2023-04-21: [House] #reading-2
2023-04-17: [House] #introduction
2023-04-14: [Senate] #passage
2023-04-13: [Senate] #reading-2
2023-04-13: [Senate] #committee-passage
2023-04-04: [Senate] #committee-passage #referral-committee
2023-03-15: [Senate] #introduction
2023-03-15: [Senate] #referral-committee"""

# AL SJR 94 (2023): a joint resolution passed and approved ("Enacted as 2023-540") — adopted,
# which policyatlas never counts as a law.
AL_SJR_94 = """2023-06-14: [Office of the Governor] #became-law
2023-06-06: [House] #committee-passage
2023-06-01: [House] #referral-committee
2023-06-01: [Senate] #reading-1
2023-05-31: [Senate] #passage
2023-05-31: [Senate] #introduction"""

# RI HB 7158 (2024): "Committee recommended measure be held for further study".
RI_HB_7158 = """2024-01-25: [Rhode Island General Assembly] #committee-failure
2024-01-11: [House] #introduction #referral-committee"""

# SC H 4948 (2021-2022): passed the House, referred in the Senate, never moved again.
SC_H_4948 = """2022-04-07: [House] #passage #reading-3
2022-04-07: [Senate] #introduction #reading-1
2022-04-07: [Senate] #referral-committee
2022-04-06: [House] #amendment-passage
2022-04-06: [House] #reading-2
2022-04-05: [House] #committee-passage-favorable
2022-02-08: [House] #introduction #reading-1
2022-02-08: [House] #referral-committee"""

# NY S 9594 (2021-2022): referred to committee, nothing more.
NY_S_9594 = """2022-11-16: [Senate] #referral-committee"""

# NE LB 1203 (2024): Nebraska's one-house legislature.
NE_LB_1203 = """2024-01-17: [Nebraska Legislature] #referral-committee
2024-01-16: [Nebraska Legislature] #introduction"""


def test_enacted_by_the_governor():
    st = derive_status(bill("WA", "2023-2024", "SB 5152", WA_SB_5152), SNAPSHOT)
    assert (st.code, st.date) == ("enacted", "2023-05-09")
    assert "became-law" in st.reason


def test_vetoed_after_passing_both_chambers():
    st = derive_status(bill("NV", "82", "SB 419", NV_SB_419), SNAPSHOT)
    assert (st.code, st.date) == ("vetoed", "2023-06-16")
    assert derive_status(bill("NY", "2023-2024", "A 4969", NY_A_4969), SNAPSHOT).code == "vetoed"


def test_vetoed_bill_was_passed_both_before_the_veto():
    st = derive_status(bill("NV", "82", "SB 419", NV_SB_419), dt.date(2023, 6, 10))
    assert st.code == "passed_both"


def test_pending_in_committee_then_dead_at_session_end():
    va = bill("VA", "2024", "HB 747", VA_HB_747)
    assert derive_status(va, SNAPSHOT).code == "introduced"
    # Virginia's even-year bills can be continued to the next year: dead only after 2025.
    assert derive_status(va, dt.date(2025, 6, 1)).code == "introduced"
    dead = derive_status(va, dt.date(2026, 2, 1))
    assert dead.code == "dead"
    assert "died in committee" in dead.reason


def test_passed_one_chamber_then_died_in_the_other():
    sc = bill("SC", "2021-2022", "H 4948", SC_H_4948)
    assert derive_status(sc, dt.date(2022, 5, 1)).code == "passed_one_chamber"
    dead = derive_status(sc, SNAPSHOT)
    assert (dead.code, dead.date) == ("dead", "2022-12-31")
    assert "other" in dead.reason


def test_died_in_committee():
    dead = derive_status(bill("NY", "2021-2022", "S 9594", NY_S_9594), SNAPSHOT)
    assert dead.code == "dead" and "died in committee" in dead.reason


def test_a_rejected_motion_is_not_a_failed_bill():
    assert derive_status(bill("MN", "2023-2024", "SF 2909", MN_SF_2909), SNAPSHOT).code == \
        "enacted"


def test_resolution_adopted_is_not_a_law():
    st = derive_status(bill("AL", "2023rs", "SJR 94", AL_SJR_94, ("resolution",)), SNAPSHOT)
    assert st.code == "adopted"
    assert "resolution" in st.label.lower()


def test_failed_in_committee():
    st = derive_status(bill("RI", "2024", "HB 7158", RI_HB_7158), SNAPSHOT)
    assert (st.code, st.date) == ("failed", "2024-01-25")


def test_unicameral_legislature():
    ne = bill("NE", "108", "LB 1203", NE_LB_1203)
    assert derive_status(ne, SNAPSHOT).code == "introduced"
    passed = bill("NE", "108", "LB 1203", "2024-03-01: [Nebraska Legislature] #passage\n"
                  + NE_LB_1203)
    assert derive_status(passed, SNAPSHOT).code == "passed_both"


def test_no_actions():
    assert derive_status(bill("CA", "20232024", "AB 1", ""), SNAPSHOT).code == "unknown"


@pytest.mark.parametrize(("state", "session", "years"), [
    ("US", "117", (2021, 2022)), ("US", "118", (2023, 2024)), ("IL", "103rd", (2023, 2024)),
    ("CA", "20232024", (2023, 2024)), ("GA", "2023_24", (2023, 2024)), ("WI", "2023", (2023, 2024)),
    ("MT", "2023", (2023, 2023)), ("VA", "2024", (2024, 2025)), ("VA", "2023", (2023, 2023)),
    ("CO", "2024A", (2024, 2024)), ("TX", "884", (2023, 2023)),
])
def test_session_years(state, session, years):
    assert session_years(state, session) == years


def test_unknown_session_is_never_over():
    assert session_end("ZZ", "special-x") is None
    never = bill("ZZ", "special-x", "HB 1", VA_HB_747)
    assert derive_status(never, dt.date(2099, 1, 1)).code == "introduced"


@pytest.mark.skipif(not FULL.exists(), reason="the full Open States AI-bill data set "
                    "(../shared/data/bills) is not beside this checkout")
def test_the_sequences_above_are_verbatim_from_the_data_set():
    import gzip
    import json

    progress = set(json.loads(gzip.decompress(FULL.read_bytes()))["detailed_progress"].values())
    for name in ("WA_SB_5152", "NV_SB_419", "NY_A_4969", "VA_HB_747", "MN_SF_2909", "AL_SJR_94",
                 "RI_HB_7158", "SC_H_4948", "NY_S_9594", "NE_LB_1203"):
        assert globals()[name] in progress, name
