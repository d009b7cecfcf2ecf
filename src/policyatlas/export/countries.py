"""Country codes for export answers: ISO 3166-1 alpha-2, read from codes, names or common aliases.

pycountry supplies the ISO table, so every code and official name is accepted without a list of
our own; the aliases below are the everyday names trade documents use that ISO spells otherwise.
"""

from __future__ import annotations

from functools import cache

import pycountry

from policyatlas.validation import suggest

_ALIASES = {
    "prc": "CN", "china": "CN", "mainland china": "CN", "people's republic of china": "CN",
    "usa": "US", "united states": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "macau": "MO", "macao": "MO",
    "hong kong": "HK", "taiwan": "TW", "south korea": "KR", "korea": "KR",
    "republic of korea": "KR", "north korea": "KP", "russia": "RU", "iran": "IR",
    "vietnam": "VN", "viet nam": "VN", "uae": "AE", "turkey": "TR", "turkiye": "TR",
    "türkiye": "TR", "burma": "MM", "myanmar": "MM", "laos": "LA", "syria": "SY",
    "venezuela": "VE", "moldova": "MD", "czechia": "CZ", "czech republic": "CZ",
    "drc": "CD", "dr congo": "CD", "bolivia": "BO", "tanzania": "TZ",
}  # fmt: skip


class UnknownCountry(ValueError):
    def __init__(self, value: str, guess: str | None) -> None:
        self.value = value
        self.fix = (f"did you mean '{guess}'?" if guess
                    else "give an ISO 3166-1 code such as CN, US, MO, AE, or an English name")
        super().__init__(f"unknown country '{value}'")


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = dict(_ALIASES)
    for c in pycountry.countries:
        table[c.alpha_2.lower()] = c.alpha_2
        table[c.alpha_3.lower()] = c.alpha_2
        table[c.name.lower()] = c.alpha_2
        for attr in ("common_name", "official_name"):
            if hasattr(c, attr):
                table[getattr(c, attr).lower()] = c.alpha_2
    return table


def country_code(value: str) -> str:
    """The alpha-2 code for ``value``; raises :class:`UnknownCountry` with a suggestion."""
    key = str(value).strip().lower()
    code = _names().get(key)
    if code is None:
        raise UnknownCountry(str(value), suggest(key, list(_names())))
    return code


def all_codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))
