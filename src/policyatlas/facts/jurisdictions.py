"""US jurisdictions and their codes.

Codes follow the law-id scheme: ``us`` (federal), ``us-<state>`` with the USPS abbreviation in
lower case, and ``us-<state>-<city>`` for cities with their own AI laws (New York City).
Users may write ``CA``, ``ca``, ``California``, ``NYC`` ...; :func:`normalize` maps them to codes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    code: str
    name: str
    kind: str  # federal | state | district | territory | city
    parent: str | None


_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
_TERRITORIES = {
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip


def _build() -> dict[str, Jurisdiction]:
    out = {"us": Jurisdiction("us", "United States (federal)", "federal", None)}
    for abbr, name in _STATES.items():
        out[f"us-{abbr.lower()}"] = Jurisdiction(f"us-{abbr.lower()}", name, "state", "us")
    out["us-dc"] = Jurisdiction("us-dc", "District of Columbia", "district", "us")
    for abbr, name in _TERRITORIES.items():
        out[f"us-{abbr.lower()}"] = Jurisdiction(f"us-{abbr.lower()}", name, "territory", "us")
    for code, name in _CITIES.items():
        out[code] = Jurisdiction(code, name, "city", code.rsplit("-", 1)[0])
    # Jurisdictions outside the United States whose AI rules are encoded. "cn" is mainland China
    # (the PRC's rules do not apply in Hong Kong, Macao or Taiwan).
    out["cn"] = Jurisdiction("cn", "China (mainland)", "country", None)
    # The European Union (its AI Act applies across the member states), the Republic of Korea
    # and Japan.
    out["eu"] = Jurisdiction("eu", "European Union", "union", None)
    out["kr"] = Jurisdiction("kr", "Korea (Republic of)", "country", None)
    out["jp"] = Jurisdiction("jp", "Japan", "country", None)
    return out


# Cities with AI laws of their own: us-<state>-<city>, inside their state.
_CITIES = {
    "us-ny-nyc": "New York City", "us-ca-sf": "San Francisco", "us-ca-sd": "San Diego",
    "us-ca-berkeley": "Berkeley", "us-pa-phl": "Philadelphia", "us-mn-mpls": "Minneapolis",
}  # fmt: skip


JURISDICTIONS: dict[str, Jurisdiction] = _build()

_ALIASES: dict[str, str] = {}
for _code, _j in JURISDICTIONS.items():
    _ALIASES[_code] = _code
    _ALIASES[_j.name.lower()] = _code
    if _j.kind in {"state", "district", "territory"}:
        _ALIASES[_code.removeprefix("us-")] = _code
_ALIASES.update({"nyc": "us-ny-nyc", "new york city": "us-ny-nyc", "washington dc": "us-dc",
                 "sf": "us-ca-sf", "city of san francisco": "us-ca-sf",
                 "china": "cn", "prc": "cn", "mainland china": "cn", "中国": "cn",
                 "中国大陆": "cn", "中國大陸": "cn",
                 "european union": "eu", "欧盟": "eu", "歐盟": "eu",
                 "korea": "kr", "south korea": "kr", "republic of korea": "kr", "rok": "kr",
                 "대한민국": "kr", "한국": "kr", "韩国": "kr", "韓國": "kr", "japan": "jp",
                 "日本": "jp",
                 "city and county of san francisco": "us-ca-sf", "philly": "us-pa-phl",
                 "washington, d.c.": "us-dc", "federal": "us", "usa": "us"})  # fmt: skip


class UnknownJurisdiction(ValueError):
    """Raised with a message and a ``fix`` that suggests the closest known code."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def normalize(value: str) -> str:
    """Return the canonical code for ``value`` or raise :class:`UnknownJurisdiction`."""
    key = str(value).strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    close = difflib.get_close_matches(key, list(_ALIASES), n=1, cutoff=0.75)
    hint = f"did you mean '{_ALIASES[close[0]]}'? " if close else ""
    raise UnknownJurisdiction(
        f"'{value}' is not a known US jurisdiction",
        f"{hint}use a state code such as 'CA' or 'us-ca', 'DC', or 'NYC' for New York City",
    )


def _chain(code: str) -> tuple[str, ...]:
    chain = []
    cur: str | None = code
    while cur is not None:
        chain.append(cur)
        cur = JURISDICTIONS[cur].parent
    return tuple(chain)


_ANCESTORS = {code: _chain(code) for code in JURISDICTIONS}


def ancestors(code: str) -> list[str]:
    """The code itself and every jurisdiction that contains it (NYC -> New York -> US)."""
    return list(_ANCESTORS[code])


def expand(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Codes plus their containing jurisdictions, sorted: activity in NYC is activity in NY."""
    if len(codes) == 1:
        return sorted(_ANCESTORS[codes[0]])
    return sorted({a for code in codes for a in _ANCESTORS[code]})


def name_of(code: str) -> str:
    return JURISDICTIONS[code].name if code in JURISDICTIONS else code


def state_of(code: str) -> str:
    """The state a jurisdiction belongs to (New York City counts for New York)."""
    j = JURISDICTIONS.get(code)
    return j.parent if j is not None and j.kind == "city" and j.parent else code


def state_abbr(code: str) -> str:
    """``us-ca`` and ``us-ny-nyc`` -> ``CA`` / ``NY``; federal ``us`` -> ``US``; another
    country or union (``cn``, ``eu``) -> its code in capitals."""
    parts = state_of(code).split("-")
    if parts[0] == "us":
        return parts[1].upper() if len(parts) == 2 else "US"
    return code.upper()
