"""The normalised bill record: one shape whatever the source (Open States bulk or API, LegiScan).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields

#: Chamber roles an action's organization can have.
CHAMBERS = ("upper", "lower", "legislature", "executive", "other")

#: Bill classifications that are not bills: adopting one never makes law.
RESOLUTION_KINDS = frozenset({
    "resolution", "concurrent resolution", "joint resolution", "memorial", "joint memorial",
    "constitutional amendment", "proclamation", "nomination",
})


@dataclass(frozen=True, slots=True)
class Action:
    date: str  # ISO date
    organization: str
    chamber: str  # one of CHAMBERS
    classification: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class BillRecord:
    uid: str  # the source's id: ocd-bill/... or legiscan:<bill_id>
    source: str  # openstates | legiscan
    jurisdiction: str  # two-letter state code, DC, PR, or US for Congress
    session: str
    identifier: str
    title: str
    classification: tuple[str, ...] = ("bill",)
    jurisdiction_name: str = ""
    abstract: str = ""
    subjects: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    first_action_date: str | None = None
    latest_action_date: str | None = None
    latest_action_description: str = ""
    updated_at: str | None = None
    url: str = ""
    source_urls: tuple[str, ...] = ()
    text: str = ""
    session_ended: bool | None = None  # when the source says so (LegiScan's sine_die)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Human key: state, session and identifier, e.g. ``VA 2024 HB 747``."""
        return f"{self.jurisdiction} {self.session} {self.identifier}"

    @property
    def is_resolution(self) -> bool:
        return any(c in RESOLUTION_KINDS for c in self.classification) and \
            "bill" not in self.classification

    def as_dict(self) -> dict:
        """The record as plain data (what ``dataclasses.asdict`` gives, without deep copies:
        the record is immutable)."""
        out = {f: getattr(self, f) for f in _RECORD_FIELDS}
        out["actions"] = [{f: getattr(a, f) for f in _ACTION_FIELDS} for a in self.actions]
        out["extra"] = dict(self.extra)
        return out

    def canonical_json(self) -> str:
        """The record as JSON with sorted keys: what is stored, and what is hashed."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, default=list)

    def content_hash(self, blob: str | None = None) -> str:
        """Hash of the content, so re-ingesting identical data is recognised as unchanged."""
        blob = blob if blob is not None else self.canonical_json()
        return hashlib.sha256(blob.encode()).hexdigest()

    @classmethod
    def from_dict(cls, data: dict) -> BillRecord:
        data = dict(data)
        data["actions"] = tuple(
            Action(**{**a, "classification": tuple(a.get("classification") or ())})
            for a in data.get("actions") or ())
        for name in ("classification", "subjects", "sponsors", "source_urls"):
            data[name] = tuple(data.get(name) or ())
        return cls(**data)


_RECORD_FIELDS = tuple(f.name for f in fields(BillRecord))
_ACTION_FIELDS = tuple(f.name for f in fields(Action))
_IDENT = re.compile(r"^([A-Z ]+?)\s*(\d[\w-]*)$")


def normalise_identifier(value: str) -> str:
    """``HB747`` / ``H.B. 747`` / ``hb 747`` -> ``HB 747``; ``HB24-1147`` -> ``HB 24-1147``."""
    text = re.sub(r"[.\s]+", " ", value).strip().upper()
    match = _IDENT.match(text)
    if match:
        return f"{match.group(1).replace(' ', '')} {match.group(2)}"
    return text


def identifier_key(value: str) -> str:
    """Comparison key for identifiers: letters and digits only (``HB 24-1147`` == ``HB24-1147``)."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())
