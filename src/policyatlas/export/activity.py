"""An activity as users describe it (YAML or JSON): what a person does with an item, for whom,
where, on which day — the input of the §744.6 US-person check (``export/usperson.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from policyatlas.export.facts import ACTIVITY_KINDS
from policyatlas.export.shipment import Country, EndUse, Facility, Item, Party, _member


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_max_length=2_000)
    name: str | None = None
    us_person: bool | None = Field(default=None, description=(
        "A 'U.S. person' (§772.1): US citizen, permanent resident, protected individual, US "
        "entity (and its foreign branches), or any person in the United States."))
    us_government_duty: bool | None = Field(default=None, description=(
        "A US Government employee or contractor support personnel in official duties."))


class Activity(BaseModel):
    """``activity:`` document: kind, person, item, facility, end use, date."""

    model_config = ConfigDict(extra="forbid", strict=False, allow_inf_nan=False,
                              str_max_length=2_000)
    date: dt.date
    kind: Annotated[str, AfterValidator(lambda v: _member(v, ACTIVITY_KINDS,
                                                           "activity kind"))] | None = Field(
        default=None, description=", ".join(ACTIVITY_KINDS))
    person: Person = Field(default_factory=Person)
    item: Item
    location: Country | None = Field(default=None, description=(
        "Where the activity takes place or the item is (default: the facility's country)."))
    facility: Facility | None = None
    end_user: Party = Field(default_factory=Party)
    end_use: list[EndUse] = Field(default_factory=list)
    knows_violation: bool | None = Field(default=None, description=(
        "You know a violation of the EAR has occurred or is about to occur with the item."))


class ActivityFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activity: Activity
