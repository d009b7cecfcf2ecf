"""When a legislative session is over (rules and tables in sessions.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources

from ruamel.yaml import YAML


@cache
def _rules() -> dict:
    text = resources.files("policyatlas.bills").joinpath("sessions.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def session_years(jurisdiction: str, session: str) -> tuple[int, int] | None:
    """The first and last calendar year a session covers, or None if it cannot be placed."""
    rules = _rules()
    table = rules["numbered"].get(jurisdiction, {})
    if session in table:
        first, last = table[session]
        return int(first), int(last)
    if jurisdiction == "US" and session.isdigit():
        if not 1 <= int(session) <= 1000:  # Congresses: the 119th sat in 2025
            return None
        first = 1789 + 2 * (int(session) - 1)
        return first, first + 1
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", session)]
    short = re.fullmatch(r"((?:19|20)\d\d)_(\d\d)", session)
    if short:
        years.append(int(short[1][:2] + short[2]))
    if not years:
        return None
    first, last = min(years), max(years)
    if first == last:
        if jurisdiction in rules["biennium_named_by_first_year"]:
            last += 1
        parity = rules["carry_over"].get(jurisdiction)
        if parity == ("odd" if first % 2 else "even"):
            last += 1
    return first, last


def session_end(jurisdiction: str, session: str) -> dt.date | None:
    """The day after which a session's pending bills are dead (None: unknown)."""
    years = session_years(jurisdiction, session)
    if years is None or not 1 <= years[1] + 1 <= dt.MAXYEAR:
        return None
    return dt.date(years[1] + 1, 1, 16)
