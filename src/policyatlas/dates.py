"""Date arithmetic that is correct on 29 February and at the ends of the calendar.

Every view that moves a date (the calendar window, recurring duties, report horizons, scenario
sunsets) goes through these functions: months are added as calendar months (31 January + 1
month is 28 or 29 February), 29 February + 1 year is 28 February, and nothing overflows past
9999-12-31 — a result beyond it is clamped to ``dt.date.max``, which callers treat as "no later
date".
"""

from __future__ import annotations

import calendar
import datetime as dt

from policyatlas.errors import Problem, UserError

MAX = dt.date.max


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (negative allowed), clamped to the month's end
    and to the calendar's range."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > MAX.year:
        return MAX
    if year < 1:
        return dt.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def add_days(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return MAX if days > 0 else dt.date.min


def parse_date(value: str | None, option: str = "--as-of",
               default: dt.date | None = None) -> dt.date:
    """A YYYY-MM-DD date given by a user (CLI option or query parameter), or a clear error."""
    if value is None:
        return default or dt.date.today()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        sep = " " if option.startswith("-") else "="
        raise UserError(f"{option} '{value}' is not a date",
                        [Problem("dates are written YYYY-MM-DD, from 0001-01-01 to 9999-12-31",
                                 field=option, fix=f"e.g. {option}{sep}2026-01-01")]) from None


def window(start: str | None, end: str | None, *, start_name: str = "--from",
           end_name: str = "--to", years: int = 2) -> tuple[dt.date, dt.date]:
    """The calendar window: ``start`` (default today) to ``end`` (default ``years`` on)."""
    first = parse_date(start, start_name)
    last = parse_date(end, end_name) if end else add_years(first, years)
    if last < first:
        raise UserError(f"{end_name} is before {start_name}",
                        [Problem(f"{last} < {first}", field=end_name,
                                 fix=f"give a {end_name} on or after {first}")])
    return first, last
