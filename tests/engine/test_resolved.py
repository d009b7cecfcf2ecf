"""The resolved result: first due dates of recurring duties, deadlines in the law's own units,
safe harbours and blocked duties kept out of the programme's bars and the calendar's due dates,
law events that concern the system, and the category labels of the taxonomy."""

from __future__ import annotations

import datetime as dt

import pytest

from policyatlas.compliance.calendar import build_calendar, to_ics
from policyatlas.compliance.program import build_program
from policyatlas.engine.assess import assess
from policyatlas.engine.resolve import deadline, occurrences, recurrence
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.load import load_inventory
from policyatlas.rules.loader import builtin_packs
from policyatlas.rules.model import RECURRING
from policyatlas.rules.taxonomy import category_labels
from tests.conftest import EXAMPLE, ROOT

SECOND = ROOT / "examples" / "frontier-companion.yaml"
D = dt.date

# Every recurring duty of every pack: (day the duty starts, its first due date, why), read from
# the obligation's text. A new recurring duty must be added here, with its text checked.
FIRST_DUE = {
    # "first by 2028-04-01 (covering 2026-2027), then annually by April 1" (11 CCR §7157)
    "us-ca/cppa-admt-regs#risk-assessment-submission": (D(2026, 1, 1), D(2028, 4, 1), "stated"),
    # "first certification 2028-04-01 / 2029-04-01 / 2030-04-01" (11 CCR §7121(a))
    "us-ca/cppa-admt-regs#cybersecurity-audit-2028": (D(2027, 1, 1), D(2028, 4, 1), "stated"),
    "us-ca/cppa-admt-regs#cybersecurity-audit-2029": (D(2028, 1, 1), D(2029, 4, 1), "stated"),
    "us-ca/cppa-admt-regs#cybersecurity-audit-2030": (D(2029, 1, 1), D(2030, 4, 1), "stated"),
    # "by December 31 each year, for the 12 months ending November 30", from 2022 (820 ILCS 42/20)
    "us-il/aivia-2020#demographic-report": (D(2022, 1, 1), D(2022, 12, 31), "stated"),
    # "quarterly, with the adverse-decision report ... due 2026-01-30" (Md. Ins. §15-10A-06)
    "us-md/hb820-2025#report-ai-use-adverse-decisions": (D(2025, 10, 1), D(2026, 1, 30),
                                                         "stated"),
    # "before use, then regularly (at least annually)" (DFS Circular Letter No. 7)
    "us-ny/dfs-cl7-2024#fairness-testing": (D(2024, 7, 11), D(2024, 7, 11), "at_start"),
    # "annually, beginning 2027-07-01" (Bus. & Prof. Code §22603)
    "us-ca/sb243-2025#suicide-prevention-report": (D(2027, 7, 1), D(2027, 7, 1), "stated"),
    # "at least once a year" / "once per year" / "every three months" / "monthly" / "each
    # quarter": no first date stated, so one period after the duty starts.
    "us-ca/sb53-2025#whistleblower-notice": (D(2026, 1, 1), D(2027, 1, 1), "one_period"),
    "us-ca/sb53-2025#framework-annual-review": (D(2026, 1, 1), D(2027, 1, 1), "one_period"),
    "us-ca/sb53-2025#internal-use-risk-summaries": (D(2026, 1, 1), D(2026, 4, 1), "one_period"),
    "us-ca/sb53-2025#anonymous-internal-reporting": (D(2026, 1, 1), D(2026, 2, 1), "one_period"),
    "us-ca/sb53-2025#whistleblower-board-reporting": (D(2026, 1, 1), D(2026, 4, 1), "one_period"),
    # "annually from 2027-07-01" (C.R.S. §6-1-1708(6))
    "us-co/hb26-1263#annual-report-ag": (D(2027, 7, 1), D(2027, 7, 1), "stated"),
    "us-co/hb26-1263#evidence-based-measurement": (D(2027, 7, 1), D(2027, 7, 1), "stated"),
    # "comprehensive review at least annually" (Reg. 10-1-1 §5)
    "us-co/sb21-169#life-risk-management": (D(2024, 12, 1), D(2025, 12, 1), "one_period"),
    # "by 2024-12-01 and every December 1 after"
    "us-co/sb21-169#life-compliance-report": (D(2024, 12, 1), D(2024, 12, 1), "stated"),
    "us-co/sb21-169#ah-risk-management": (D(2026, 7, 1), D(2027, 7, 1), "one_period"),
    # "by 2026-07-01 and annually thereafter"
    "us-co/sb21-169#ah-compliance-report": (D(2026, 7, 1), D(2026, 7, 1), "stated"),
    # "before deployment, then annually" (C.R.S. §6-1-1703(3))
    "us-co/sb24-205#impact-assessment": (D(2026, 6, 30), D(2026, 6, 30), "at_start"),
    # "at least quarterly"
    "us-ct/sb5-2026#board-quarterly-sharing": (D(2026, 10, 1), D(2027, 1, 1), "one_period"),
    "us-ny/raise-act#framework-annual-review": (D(2027, 1, 1), D(2028, 1, 1), "one_period"),
    "us-ny/raise-act#internal-use-risk-summaries": (D(2027, 1, 1), D(2027, 4, 1), "one_period"),
    # "audit no more than one year before each use" (Admin. Code §20-871(a)(1))
    "us-ny-nyc/ll144-2021#bias-audit": (D(2023, 1, 1), D(2023, 1, 1), "at_start"),
    # "每年度" (网络数据安全管理条例 第三十三条) and "定期" (数据安全法 第三十条, read as annual)
    "cn/network-data-security-regulations-2024#annual-risk-assessment-report": (
        D(2025, 1, 1), D(2026, 1, 1), "one_period"),
    "cn/data-security-law-2021#important-data-risk-assessment": (
        D(2021, 9, 1), D(2022, 9, 1), "one_period"),
    # "every year" (Ala. SB 63 (2026)) and "at least quarterly" (Md. Ins. §15-10B-05.1)
    "us-al/sb63-2026#annual-certification": (D(2026, 10, 1), D(2027, 10, 1), "one_period"),
    "us-md/hb820-2025#quarterly-review": (D(2025, 10, 1), D(2026, 1, 1), "one_period"),
    # "each year, by December 31" (first after the 2027-01-01 start; uncertain, see the pack)
    "us-or/sb1546-2026#annual-referral-report": (D(2027, 1, 1), D(2027, 12, 31), "stated"),
    # "quarterly while in the programme" (a safe harbour: never due, see below)
    "us-tx/hb149-2025#sandbox-participation": (D(2026, 1, 1), D(2026, 4, 1), "one_period"),
    "us-wa/hb2225-2026#referral-count-report": (D(2027, 1, 1), D(2028, 1, 1), "one_period"),
}


def _recurring():
    for law in builtin_packs():
        for r in law.rules:
            for ob in r.rule.obligations:
                if str(ob.timing.frequency) in RECURRING:
                    yield f"{law.id}#{ob.id}", r, ob


def test_every_recurring_duty_is_listed_here():
    assert {key for key, _, _ in _recurring()} == set(FIRST_DUE)


@pytest.mark.parametrize("key", sorted(FIRST_DUE))
def test_first_due_date_matches_the_obligation_text(key):
    rule, ob = next((r, o) for k, r, o in _recurring() if k == key)
    start, end = rule.window(ob)
    want_start, want_first, basis = FIRST_DUE[key]
    assert start == want_start
    rec = recurrence(ob.timing, start, end, start, in_use_since=None)
    assert (rec.first_due, rec.basis) == (want_first, basis)
    # A system first used later is anchored on its first use.
    late = dt.date(start.year + 3, 6, 15)
    rec = recurrence(ob.timing, start, end, start, in_use_since=late)
    assert rec.anchor == late and rec.first_due >= late
    if basis == "stated":  # the law's own series: the next date of it after the first use
        months = RECURRING[str(ob.timing.frequency)]
        assert rec.first_due.day == want_first.day
        assert (rec.first_due.month - want_first.month) % months == 0


def test_cppa_submission_falls_due_on_april_first_from_2028():
    rule, ob = next((r, o) for k, r, o in _recurring()
                    if k == "us-ca/cppa-admt-regs#risk-assessment-submission")
    start, end = rule.window(ob)
    rec = recurrence(ob.timing, start, end, dt.date(2026, 11, 23), None)
    assert rec.next_due == dt.date(2028, 4, 1)
    assert occurrences(rec, dt.date(2026, 11, 23), dt.date(2030, 12, 31), end) == [
        dt.date(2028, 4, 1), dt.date(2029, 4, 1), dt.date(2030, 4, 1)]


def test_monthly_series_from_the_31st_does_not_drift():
    from policyatlas.rules.model import Timing

    t = Timing(frequency="monthly", text="monthly")
    rec = recurrence(t, dt.date(2027, 12, 31), None, dt.date(2027, 12, 31), None)
    got = occurrences(rec, dt.date(2028, 1, 1), dt.date(2028, 5, 31), None)
    assert got == [dt.date(2028, 1, 31), dt.date(2028, 2, 29), dt.date(2028, 3, 31),
                   dt.date(2028, 4, 30), dt.date(2028, 5, 31)]


def test_deadlines_keep_the_laws_units():
    from policyatlas.rules.model import Timing

    days = deadline(Timing(frequency="on_request", deadline_days=45, relative_to="a request",
                           text="within 45 days"))
    assert (days.value, days.unit, days.text) == (45, "days", "45 days of a request")
    business = deadline(Timing(frequency="on_request", deadline_days=15, business_days=True,
                               text="15 business days"))
    assert (business.value, business.unit, business.comparable_hours) == (
        15, "business_days", 504.0)  # only for comparing, never shown
    assert business.text == "15 business days"


def _calendar(path, day, end):
    a = assess(load_inventory(path), day)
    return a, build_calendar(a, day, end)


def test_calendar_dues_only_duties_in_force_or_upcoming():
    a, cal = _calendar(SECOND, dt.date(2026, 11, 23), dt.date(2030, 12, 31))
    status = {(sid, o.key): o.status for sid, o in a.all_obligations()}
    for e in cal.events:
        if e.kind == "recurring":
            key = f"{e.law_id}#{e.obligation_id}"
            assert all(status.get((s, key), status.get((None, key))) in ("in_force", "upcoming")
                       for s in e.systems), e


def test_optional_duties_never_fall_due():
    inv = Inventory.model_validate({
        "organization": {"name": "Texas shop", "does_business_in": ["TX"], "entity_types": []},
        "systems": [{"id": "bot", "name": "Bot", "roles": ["deployer"], "kinds": ["chatbot"],
                     "uses": ["customer_service"], "interacts_with_consumers": True,
                     "jurisdictions": ["TX"]}]})
    a = assess(inv, dt.date(2026, 3, 1))
    sandbox = next(o for o in a.systems[0].obligations
                   if o.obligation_id == "sandbox-participation")
    assert sandbox.status == "optional" and sandbox.recurrence is not None
    cal = build_calendar(a, dt.date(2026, 3, 1), dt.date(2028, 3, 1))
    assert not [e for e in cal.events if e.obligation_id == "sandbox-participation"
                and e.kind == "recurring"]
    # The programme: TRAIGA's defences are a category of optional steps, not a requirement.
    prog = build_program(a)
    for c in prog.categories:
        if c.only_optional:
            assert c.requirement.startswith("Nothing required")
            assert not (c.response_deadline or c.lead_time or c.cadence or c.exposure)


def test_law_events_concern_only_systems_owing_them():
    a = assess(load_inventory(EXAMPLE), dt.date(2026, 11, 23))
    bot = next(s for s in a.systems if s.id == "helpdesk-bot")
    assert not [e for e in bot.events if "capture-device" in e.text.lower()]
    cal = build_calendar(a, dt.date(2026, 11, 23), dt.date(2029, 12, 31))
    for e in cal.events:
        if e.kind == "law_event" and "capture-device" in e.title.lower():
            assert "helpdesk-bot" not in e.systems


def test_ics_uids_are_unique_and_never_none():
    from icalendar import Calendar

    a, cal = _calendar(SECOND, dt.date(2028, 2, 29), dt.date(2030, 2, 28))
    parsed = Calendar.from_ical(to_ics(cal, a))
    uids = [str(v["UID"]) for v in parsed.walk("VEVENT")]
    assert uids and len(uids) == len(set(uids))
    assert not any("None" in u for u in uids)


def test_no_bar_is_set_by_an_optional_or_blocked_duty():
    party = load_inventory(SECOND)
    party.organization.litigant_in = ["xai-v-weiser"]
    for inv in (load_inventory(EXAMPLE), load_inventory(SECOND), party):
        for day in (dt.date(2026, 7, 1), dt.date(2027, 1, 15), dt.date(2028, 6, 1)):
            a = assess(inv, day)
            status = {o.key: o.status for _, o in a.all_obligations()}
            for c in build_program(a).categories:
                for bar in (c.response_deadline, c.lead_time, c.cadence, c.exposure):
                    for d in (bar.drivers if bar else []):
                        assert status[f"{d.law_id}#{d.obligation_id}"] in (
                            "in_force", "upcoming"), (c.category, d)
                assert all(r.status in ("in_force", "upcoming") for r in c.requirements)
                assert all(r.status == "optional" for r in c.optional)
                assert all(r.status == "blocked" and r.court_orders for r in c.blocked)


def test_blocked_duties_are_shown_apart_with_their_order():
    party = load_inventory(SECOND)
    party.organization.litigant_in = ["xai-v-weiser"]
    prog = build_program(assess(party, dt.date(2027, 1, 15)))
    blocked = [r for c in prog.categories for r in c.blocked]
    assert blocked and all(r.law_id.startswith("us-co/") for r in blocked)
    assert all("X.AI LLC v. Weiser" in r.court_orders[0] for r in blocked)


def test_category_labels_read_as_in_the_taxonomy():
    labels = category_labels()
    assert labels["ai_interaction_disclosure"] == "AI interaction disclosure"
    assert labels["pre_use_notice"] == "Pre-use notice"
    a = assess(load_inventory(EXAMPLE), dt.date(2026, 11, 23))
    assert all(o.category_label == labels[o.category] for _, o in a.all_obligations())
    from policyatlas.i18n import category_label

    assert category_label("en", "ai_interaction_disclosure") == "AI interaction disclosure"
