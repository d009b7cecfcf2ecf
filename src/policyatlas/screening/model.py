"""Restricted-party lists as data: one ``ListInfo`` per list, one ``ListEntry`` per listed party.

Every entry carries its own dates — when it was listed, when it was removed, the periods its
measures were suspended — so a question is answered *as of* a day (``ListEntry.in_effect``), and
its citation (Federal Register notice, announcement number) and source URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Jurisdiction = Literal["us", "cn"]
EntityType = Literal["entity", "individual", "vessel", "aircraft", "unknown"]
Status = Literal["listed", "removed", "suspended", "not_yet"]

_TEXT = 20_000


class ListInfo(BaseModel):
    """One list: who keeps it, its date (the snapshot read), where it comes from and what a
    listing means (``effect``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    list_id: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1, max_length=300)
    authority: str = Field(min_length=1, max_length=300)
    jurisdiction: Jurisdiction
    list_date: dt.date
    source_url: str = Field(max_length=2_000)
    provenance: str = Field(max_length=_TEXT)
    effect: str = Field(max_length=_TEXT)


class ListEntry(BaseModel):
    """One listed party on one list, with its dates, measures and citation."""

    model_config = ConfigDict(extra="forbid")

    list_id: str = Field(min_length=1, max_length=80)
    entry_id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=2_000)
    aliases: list[str] = Field(default_factory=list)
    names_zh: list[str] = Field(default_factory=list)
    entity_type: EntityType = "unknown"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
    addresses: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    listed_on: dt.date | None = None
    removed_on: dt.date | None = None
    suspended: list[tuple[dt.date, dt.date | None]] = Field(default_factory=list)
    announcement: str | None = Field(default=None, max_length=2_000)
    citation: str | None = Field(default=None, max_length=_TEXT)
    url: str | None = Field(default=None, max_length=2_000)
    licence_requirement: str | None = Field(default=None, max_length=_TEXT)
    review_policy: str | None = Field(default=None, max_length=_TEXT)
    notes: str | None = Field(default=None, max_length=_TEXT)

    @field_validator("aliases", "names_zh", "addresses", "measures")
    @classmethod
    def _texts(cls, values: list[str]) -> list[str]:
        seen: list[str] = []
        for v in values:
            v = v.strip()
            if v and v not in seen:
                seen.append(v)
        return seen

    @model_validator(mode="after")
    def _dates(self) -> ListEntry:
        if self.listed_on and self.removed_on and self.removed_on < self.listed_on:
            raise ValueError(f"removed_on {self.removed_on} is before listed_on "
                             f"{self.listed_on}")
        for start, end in self.suspended:
            if end is not None and end < start:
                raise ValueError(f"a suspension ends ({end}) before it starts ({start})")
        return self

    def in_effect(self, on: dt.date) -> Status:
        """The entry's status on ``on``: not yet listed, listed, its measures suspended, or
        removed (removal, or the measures stopped, on or before ``on``)."""
        if self.listed_on is not None and on < self.listed_on:
            return "not_yet"
        if self.removed_on is not None and self.removed_on <= on:
            return "removed"
        for start, end in self.suspended:
            if start <= on and (end is None or on <= end):
                return "suspended"
        return "listed"

    def suspension_on(self, on: dt.date) -> tuple[dt.date, dt.date | None] | None:
        """The suspension period covering ``on``, if any."""
        for start, end in self.suspended:
            if start <= on and (end is None or on <= end):
                return (start, end)
        return None

    def all_names(self) -> list[str]:
        """The primary name, then aliases, then Chinese names (each once)."""
        out = [self.name]
        for n in (*self.aliases, *self.names_zh):
            if n not in out:
                out.append(n)
        return out
