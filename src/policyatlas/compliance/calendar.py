"""The compliance calendar of an inventory: effective dates, phase-ins, sunsets, law events and
recurring duties ahead, as a list of dated events and as an iCalendar (RFC 5545) file.

Recurring duties (annual, semiannual, quarterly, monthly) are anchored on the day the duty
starts; in the iCalendar file they are one event with a recurrence rule, so calendar apps show
every occurrence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, Event
from pydantic import BaseModel, ConfigDict

from policyatlas import __version__
from policyatlas.engine.results import Assessment, ObligationResult
from policyatlas.rules.loader import PackSet

CALENDAR_CONTRACT = "policyatlas.calendar/v1"
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
RRULE = {"monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3),
         "semiannual": ("MONTHLY", 6), "annual": ("YEARLY", 1)}  # fmt: skip

Kind = Literal["starts", "ends", "recurring", "law_event"]


class CalendarEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date
    kind: Kind
    law_id: str
    jurisdiction: str
    title: str
    citation: str | None
    obligation_id: str | None = None
    category: str | None = None
    frequency: str | None = None
    systems: list[str]


class ComplianceCalendar(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contract: Literal["policyatlas.calendar/v1"] = CALENDAR_CONTRACT
    organization: str
    start: dt.date
    end: dt.date
    events: list[CalendarEvent]


def _occurrences(anchor: dt.date, months: int, start: dt.date, end: dt.date,
                 until: dt.date | None) -> list[dt.date]:
    out, k = [], 1
    while True:
        day = anchor + relativedelta(months=months * k)
        if day > end or (until is not None and day >= until):
            return out
        if day >= start:
            out.append(day)
        k += 1


def build_calendar(a: Assessment, packs: PackSet, start: dt.date, end: dt.date,
                   in_use_since: dict[str, dt.date] | None = None) -> ComplianceCalendar:
    """Events between ``start`` and ``end`` (inclusive) for the assessed inventory.

    Recurring duties are anchored on the later of the day the duty starts and the day the
    system went into use (``in_use_since``, by system id), when known.
    """
    in_use_since = in_use_since or {}
    merged: dict[tuple, CalendarEvent] = {}

    def add(ev: CalendarEvent) -> None:
        key = (ev.date, ev.kind, ev.law_id, ev.obligation_id, ev.title)
        if key in merged:
            for sid in ev.systems:
                if sid not in merged[key].systems:
                    merged[key].systems.append(sid)
        else:
            merged[key] = ev

    laws_by_system: dict[str, set[str]] = defaultdict(set)
    for s in a.systems:
        obs: list[ObligationResult] = [*s.obligations, *s.upcoming, *s.blocked]
        for o in obs:
            laws_by_system[o.law_id].add(s.id)
            base = dict(law_id=o.law_id, jurisdiction=o.jurisdiction, citation=o.citation,
                        obligation_id=o.obligation_id, category=o.category,
                        frequency=o.timing.frequency, systems=[s.id])
            if start <= o.effective_from <= end:
                add(CalendarEvent(date=o.effective_from, kind="starts",
                                  title=f"Starts: {o.title}", **base))
            if o.effective_until and start <= o.effective_until <= end:
                add(CalendarEvent(date=o.effective_until, kind="ends",
                                  title=f"No longer required: {o.title}", **base))
            months = STEP_MONTHS.get(o.timing.frequency)
            if months and o.status != "blocked":
                anchor = max(o.effective_from, in_use_since.get(s.id, o.effective_from))
                for day in _occurrences(anchor, months, start, end, o.effective_until):
                    add(CalendarEvent(date=day, kind="recurring",
                                      title=f"Due ({o.timing.frequency}): {o.title}", **base))
    for law_id, systems in laws_by_system.items():
        law = packs.get(law_id)
        m = law.meta
        dated = [(e.date, e.event, e.citation) for e in m.history]
        if m.dates.enforcement_from:
            dated.append((m.dates.enforcement_from, "Enforcement begins", None))
        for c in m.litigation:
            if c.effect_from:
                dated.append((c.effect_from, f"{c.case}: {c.status} — {c.note}", None))
            if c.effect_until:
                dated.append((c.effect_until, f"{c.case}: order ends", None))
        for day, text, cite in dated:
            if start <= day <= end:
                add(CalendarEvent(date=day, kind="law_event", law_id=law_id,
                                  jurisdiction=m.jurisdiction, title=f"{m.short_title}: {text}",
                                  citation=cite, systems=sorted(systems)))
    events = sorted(merged.values(), key=lambda e: (e.date, e.law_id, e.kind, e.title))
    return ComplianceCalendar(organization=a.organization, start=start, end=end, events=events)


def to_ics(cal: ComplianceCalendar, a: Assessment) -> bytes:
    """An iCalendar file: one all-day event per dated event; recurring duties as RRULEs."""
    ical = Calendar()
    ical.add("prodid", f"-//policyatlas//{__version__}//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", f"AI compliance — {cal.organization}")
    stamp = dt.datetime(cal.start.year, cal.start.month, cal.start.day, tzinfo=dt.UTC)
    for ev in cal.events:
        if ev.kind == "recurring":
            continue  # represented once below, with its recurrence rule
        ical.add_component(_event(ev.date, ev.title, ev, stamp,
                                  uid=f"{ev.law_id}/{ev.obligation_id}/{ev.kind}/{ev.date}"))
    seen = set()
    for s in a.systems:
        for o in [*s.obligations, *s.upcoming]:
            if o.timing.frequency not in RRULE or (o.law_id, o.obligation_id) in seen:
                continue
            seen.add((o.law_id, o.obligation_id))
            freq, interval = RRULE[o.timing.frequency]
            first = o.effective_from + relativedelta(months=STEP_MONTHS[o.timing.frequency])
            ev = CalendarEvent(date=first, kind="recurring", law_id=o.law_id,
                               jurisdiction=o.jurisdiction, citation=o.citation,
                               obligation_id=o.obligation_id, category=o.category,
                               frequency=o.timing.frequency, systems=[s.id],
                               title=f"Due ({o.timing.frequency}): {o.title}")
            vevent = _event(first, ev.title, ev, stamp, uid=f"{o.law_id}/{o.obligation_id}/rrule")
            rule = {"freq": freq, "interval": interval}
            if o.effective_until:
                rule["until"] = o.effective_until
            vevent.add("rrule", rule)
            ical.add_component(vevent)
    return ical.to_ical()


def _event(day: dt.date, title: str, ev: CalendarEvent, stamp: dt.datetime, uid: str) -> Event:
    e = Event()
    e.add("uid", f"{uid}@policyatlas")
    e.add("dtstamp", stamp)
    e.add("dtstart", day)
    e.add("dtend", day + dt.timedelta(days=1))
    e.add("summary", title)
    desc = [f"Law: {ev.law_id}"]
    if ev.citation:
        desc.append(f"Citation: {ev.citation}")
    if ev.systems:
        desc.append(f"Systems: {', '.join(ev.systems)}")
    e.add("description", "\n".join(desc))
    e.add("categories", [ev.category or ev.kind])
    return e
