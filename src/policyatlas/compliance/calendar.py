"""The compliance calendar of an inventory: effective dates, sunsets, law events and recurring
duties ahead, as a list of dated events and as an iCalendar (RFC 5545) file.

Everything dated here comes from the resolved assessment: each obligation's window, each
recurring duty's first due date (``recurrence``, anchored by the engine on the later of the
duty's start, the system's first use and any first date the law states) and the law events
that concern each system. Only duties in force or upcoming fall due; safe harbours (optional)
and blocked duties never do. In the iCalendar file a recurring duty is one event with a
recurrence rule from its first due date, so calendar apps show every occurrence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from icalendar import Calendar, Event
from pydantic import BaseModel, ConfigDict

from policyatlas.dates import add_days
from policyatlas.engine.resolve import occurrences
from policyatlas.engine.results import Assessment, Counts, ObligationResult
from policyatlas.version import __version__

CALENDAR_CONTRACT = "policyatlas.calendar/v1"
RRULE = {"monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3),
         "semiannual": ("MONTHLY", 6), "annual": ("YEARLY", 1)}  # fmt: skip
FALLS_DUE = ("in_force", "upcoming")

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
    status: str | None = None
    systems: list[str]


class ComplianceCalendar(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contract: Literal["policyatlas.calendar/v1"] = CALENDAR_CONTRACT
    organization: str
    as_of: dt.date
    start: dt.date
    end: dt.date
    counts: Counts
    events: list[CalendarEvent]


def build_calendar(a: Assessment, start: dt.date, end: dt.date) -> ComplianceCalendar:
    """Events between ``start`` and ``end`` (inclusive) for the assessed inventory."""
    merged: dict[tuple, CalendarEvent] = {}

    def add(ev: CalendarEvent) -> None:
        key = (ev.date, ev.kind, ev.law_id, ev.obligation_id, ev.title)
        if key in merged:
            merged[key].systems += [s for s in ev.systems if s not in merged[key].systems]
        else:
            merged[key] = ev

    for sid, o in a.all_obligations():
        if o.status == "undetermined":
            continue
        systems = [sid] if sid is not None else list(getattr(o, "systems", []))
        base = dict(law_id=o.law_id, jurisdiction=o.jurisdiction, citation=o.citation,
                    obligation_id=o.obligation_id, category=o.category,
                    frequency=o.timing.frequency, status=o.status, systems=systems)
        if start <= o.effective_from <= end:
            add(CalendarEvent(date=o.effective_from, kind="starts",
                              title=f"Starts: {o.title}", **base))
        if o.effective_until and start <= o.effective_until <= end:
            add(CalendarEvent(date=o.effective_until, kind="ends",
                              title=f"No longer required: {o.title}", **base))
        for day in due_dates(o, start, end):
            add(CalendarEvent(date=day, kind="recurring",
                              title=f"Due ({o.timing.frequency}): {o.title}", **base))
    for s in a.systems:
        for e in s.events:
            if start <= e.date <= end:
                add(CalendarEvent(date=e.date, kind="law_event", law_id=e.law_id,
                                  jurisdiction=e.jurisdiction,
                                  title=f"{e.law_short_title}: {e.text}", citation=e.citation,
                                  systems=[s.id]))
    events = sorted(merged.values(), key=lambda e: (e.date, e.law_id, e.kind, e.title))
    return ComplianceCalendar(organization=a.organization, as_of=a.as_of, start=start, end=end,
                              counts=a.counts.overall, events=events)


def due_dates(o: ObligationResult, start: dt.date, end: dt.date) -> list[dt.date]:
    """When a duty in force or upcoming falls due between ``start`` and ``end``."""
    if o.recurrence is None or o.status not in FALLS_DUE:
        return []
    return occurrences(o.recurrence, start, end, o.effective_until)


def _uid(*parts: object) -> str:
    return "/".join(str(p) for p in parts if p is not None) + "@policyatlas"


def to_ics(cal: ComplianceCalendar, a: Assessment) -> bytes:
    """An iCalendar file: one all-day event per dated event; recurring duties as RRULEs."""
    ical = Calendar()
    ical.add("prodid", f"-//policyatlas//{__version__}//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", f"AI compliance — {cal.organization}")
    stamp = dt.datetime(cal.as_of.year, cal.as_of.month, cal.as_of.day, tzinfo=dt.UTC)
    for ev in cal.events:
        if ev.kind == "recurring":
            continue  # represented once below, with its recurrence rule
        if ev.obligation_id:
            uid = _uid(ev.law_id, ev.obligation_id, ev.kind, ev.date)
        else:
            digest = hashlib.sha1(ev.title.encode("utf-8")).hexdigest()[:12]
            uid = _uid(ev.law_id, ev.kind, ev.date, digest)
        ical.add_component(_event(ev.date, ev.title, ev, stamp, uid))
    series: dict[tuple[str, str, dt.date], tuple[CalendarEvent, dt.date | None]] = {}
    for sid, o in a.all_obligations():
        rec = o.recurrence
        if rec is None or o.status not in FALLS_DUE or rec.first_due > cal.end:
            continue
        systems = [sid] if sid is not None else list(getattr(o, "systems", []))
        key = (o.law_id, o.obligation_id, rec.first_due)
        if key in series:
            series[key][0].systems += [s for s in systems if s not in series[key][0].systems]
            continue
        series[key] = (CalendarEvent(
            date=rec.first_due, kind="recurring", law_id=o.law_id, jurisdiction=o.jurisdiction,
            citation=o.citation, obligation_id=o.obligation_id, category=o.category,
            frequency=rec.frequency, status=o.status, systems=systems,
            title=f"Due ({rec.frequency}): {o.title}"), o.effective_until)
    for (law_id, ob_id, first), (ev, until) in series.items():
        vevent = _event(first, ev.title, ev, stamp, _uid(law_id, ob_id, "rrule", first))
        freq, interval = RRULE[str(ev.frequency)]
        rule: dict[str, object] = {"freq": freq, "interval": interval}
        if until:
            rule["until"] = until
        vevent.add("rrule", rule)
        ical.add_component(vevent)
    return ical.to_ical()


def _event(day: dt.date, title: str, ev: CalendarEvent, stamp: dt.datetime, uid: str) -> Event:
    e = Event()
    e.add("uid", uid)
    e.add("dtstamp", stamp)
    e.add("dtstart", day)
    e.add("dtend", add_days(day, 1))
    e.add("summary", title)
    desc = [f"Law: {ev.law_id}"]
    if ev.citation:
        desc.append(f"Citation: {ev.citation}")
    if ev.systems:
        desc.append(f"Systems: {', '.join(ev.systems)}")
    e.add("description", "\n".join(desc))
    e.add("categories", [ev.category or ev.kind])
    return e
