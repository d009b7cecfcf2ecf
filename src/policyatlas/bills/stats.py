"""NCSL-style bill counts from the store: by state, status, topic and year.

Counts are of AI-relevant bills (as the classifier labels them) unless ``everything`` is asked
for; resolutions are counted apart from bills, as trackers do, since adopting one makes no law.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from policyatlas.bills.classify import rules, topic_ids
from policyatlas.bills.status import STATUSES
from policyatlas.bills.store import BillStore

CONTRACT = "policyatlas.bill-stats/v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StateCount(_Model):
    state: str
    bills: int
    enacted: int
    resolutions: int


class StatusCount(_Model):
    status: str
    label: str
    bills: int


class TopicCount(_Model):
    topic: str
    label: str
    bills: int
    enacted: int


class YearCount(_Model):
    year: int
    introduced: int
    enacted: int


class BillStats(_Model):
    contract: Literal["policyatlas.bill-stats/v1"] = CONTRACT
    scope: Literal["ai_relevant", "all"]
    bills: int
    resolutions: int
    enacted: int
    stored: int
    data_as_of: str | None
    by_state: list[StateCount]
    by_status: list[StatusCount]
    by_topic: list[TopicCount]
    by_year: list[YearCount]


def compute(store: BillStore, *, everything: bool = False) -> BillStats:
    rows = store.rows("1" if everything else "ai_relevant = 1")
    bills = [r for r in rows if r["kind"] == "bill"]
    resolutions = [r for r in rows if r["kind"] != "bill"]
    states = sorted({r["jurisdiction"] for r in rows})
    by_state = [StateCount(
        state=s, bills=sum(r["jurisdiction"] == s for r in bills),
        enacted=sum(r["jurisdiction"] == s and r["status"] == "enacted" for r in bills),
        resolutions=sum(r["jurisdiction"] == s for r in resolutions)) for s in states]
    by_state.sort(key=lambda c: (-c.bills, c.state))
    statuses = Counter(r["status"] for r in rows)
    by_status = [StatusCount(status=code, label=label, bills=statuses[code])
                 for code, label in STATUSES.items() if statuses[code]]
    topics: Counter[str] = Counter()
    topics_enacted: Counter[str] = Counter()
    for r in bills:
        for t in json.loads(r["topics"]):
            topics[t] += 1
            topics_enacted[t] += r["status"] == "enacted"
    by_topic = [TopicCount(topic=t, label=rules().topic_label(t), bills=topics[t],
                           enacted=topics_enacted[t]) for t in topic_ids() if topics[t]]
    by_topic.sort(key=lambda c: -c.bills)
    introduced = Counter(int(r["first_action_date"][:4]) for r in bills
                         if r["first_action_date"])
    enacted = Counter(int(r["status_date"][:4]) for r in bills
                      if r["status"] == "enacted" and r["status_date"])
    years = sorted(set(introduced) | set(enacted))
    as_of = max((r["data_as_of"] for r in rows if r["data_as_of"]), default=None)
    return BillStats(
        scope="all" if everything else "ai_relevant", bills=len(bills),
        resolutions=len(resolutions), enacted=sum(r["status"] == "enacted" for r in bills),
        stored=store.count(), data_as_of=as_of, by_state=by_state, by_status=by_status,
        by_topic=by_topic,
        by_year=[YearCount(year=y, introduced=introduced[y], enacted=enacted[y]) for y in years])


def csv_rows(stats: BillStats) -> list[dict[str, str]]:
    """One long table: dimension, key, label and the counts."""
    rows = []
    for c in stats.by_state:
        rows.append({"dimension": "state", "key": c.state, "label": c.state,
                     "bills": str(c.bills), "enacted": str(c.enacted)})
    for s in stats.by_status:
        rows.append({"dimension": "status", "key": s.status, "label": s.label,
                     "bills": str(s.bills), "enacted": ""})
    for t in stats.by_topic:
        rows.append({"dimension": "topic", "key": t.topic, "label": t.label,
                     "bills": str(t.bills), "enacted": str(t.enacted)})
    for y in stats.by_year:
        rows.append({"dimension": "year", "key": str(y.year), "label": str(y.year),
                     "bills": str(y.introduced), "enacted": str(y.enacted)})
    return rows
