"""A shipment as users describe it (YAML or JSON): item, destination, parties, end use, date."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from policyatlas.export.chips import ChipSpec
from policyatlas.export.countries import UnknownCountry, country_code
from policyatlas.export.facts import END_USER_KINDS, END_USES, EXPORTER_ROLES


def _country(v: str) -> str:
    try:
        return country_code(v)
    except UnknownCountry as exc:
        raise ValueError(f"{exc}; {exc.fix}") from None


Country = Annotated[str, AfterValidator(_country)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False,
                              str_max_length=2_000)


class Material(Strict):
    """A material or chemical, identified by its customs code and/or control number."""

    hs_code: str | None = Field(default=None, pattern=r"^\d{4,10}$",
                                description="Customs (HS / China tariff) code, 4 to 10 digits.")
    control_number: str | None = Field(default=None, description="e.g. '1C902.a'.")
    description: str | None = None
    meets_technical_criteria: bool | None = Field(default=None, description=(
        "Whether the goods meet the technical description of the listed entry (purity, size...)."))

    @model_validator(mode="after")
    def _something(self) -> Material:
        if self.hs_code is None and self.control_number is None:
            raise ValueError("give hs_code or control_number")
        return self


class Content(Strict):
    """PRC-origin content inside a foreign-made item (for China's extraterritorial rules)."""

    material: str = Field(description="A material id, e.g. 'dysprosium' (see `export materials`).")
    value_share: float | None = Field(default=None, ge=0, le=1,
                                      description="Share of the item's value, 0 to 1.")
    prc_origin: bool = True


class TransactionKind(StrEnum):
    export = "export"
    reexport = "reexport"
    transfer = "transfer"


EndUse = Annotated[str, AfterValidator(lambda v: _member(v, END_USES, "end use"))]


def _member(v: str, allowed: tuple[str, ...], what: str) -> str:
    if v not in allowed:
        raise ValueError(f"unknown {what} '{v}'; use one of: {', '.join(allowed)}")
    return v


EndUserKind = Annotated[str, AfterValidator(lambda v: _member(v, END_USER_KINDS,
                                                                "end-user kind"))]
ExporterRole = Annotated[str, AfterValidator(lambda v: _member(v, EXPORTER_ROLES,
                                                                "exporter role"))]


class Party(Strict):
    name: str | None = Field(default=None, description=(
        "Legal name, in any script (e.g. 华为技术有限公司 or Huawei Technologies Co., Ltd.); "
        "screened against the restricted-party lists."))
    aliases: list[str] = Field(default_factory=list, max_length=20, description=(
        "Other names the party uses (screened too)."))
    country: Country | None = None
    hq_country: Country | None = Field(default=None, description="Headquarters country.")
    parent_hq_country: Country | None = Field(
        default=None, description="Headquarters country of the ultimate parent.")
    kind: EndUserKind | None = Field(default=None, description=", ".join(END_USER_KINDS))


class Exporter(Strict):
    name: str | None = None
    country: Country | None = None
    role: ExporterRole | None = Field(default=None, description=", ".join(EXPORTER_ROLES))


class Item(Strict):
    chip: ChipSpec | None = None
    material: Material | None = None
    origin: Country | None = Field(default=None, description="Country of origin of the item.")
    subject_to_ear: bool | None = Field(default=None, description=(
        "Whether the item is subject to the EAR; by default true for US-origin items and "
        "unknown otherwise (foreign-made items can be caught by de minimis or the FDP rules)."))
    prc_content: list[Content] = Field(default_factory=list, description=(
        "PRC-origin materials the item contains (e.g. gallium, dysprosium magnets)."))

    @model_validator(mode="after")
    def _one(self) -> Item:
        if (self.chip is None) == (self.material is None):
            raise ValueError("give exactly one of `chip` or `material`")
        return self


class Shipment(Strict):
    date: dt.date = Field(description="Date of the export (the rules in force that day apply).")
    item: Item
    ship_from: Country = Field(description="Country the item is shipped from.")
    destination: Country
    transaction: TransactionKind = TransactionKind.export
    exporter: Exporter = Field(default_factory=Exporter)
    consignee: Party | None = Field(default=None, description=(
        "The ultimate consignee, where it is not the end user (screened against the lists)."))
    intermediate_consignees: list[Party] = Field(default_factory=list, max_length=50, description=(
        "Intermediate consignees, forwarders and other parties the item passes through "
        "(each screened against the lists)."))
    end_user: Party = Field(default_factory=Party)
    end_use: list[EndUse] = Field(default_factory=list, description=", ".join(END_USES))
    certifications_2026: bool | None = Field(default=None, description=(
        "The exporter makes the certifications of the January 2026 China review policy."))

    model_config = ConfigDict(extra="forbid", strict=False, allow_inf_nan=False,
                              str_max_length=2_000)
