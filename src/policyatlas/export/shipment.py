"""A shipment as users describe it (YAML or JSON): item, destination, parties, end use, date."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from policyatlas.export.chips import ChipSpec
from policyatlas.export.countries import UnknownCountry, country_code
from policyatlas.export.facts import (
    END_USER_KINDS,
    END_USES,
    EPI_MATERIALS,
    ETCH_MODES,
    EXPORTER_ROLES,
    FOOTNOTES,
    FUNCTIONS,
    IC_PRODUCTS,
)


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


class Equipment(Strict):
    """Semiconductor manufacturing equipment (or its software / technology), named by ECCN or
    described by the parameters the ECCN paragraphs test (packs/us/ear/equipment.yaml)."""

    description: str | None = None
    vendor: str | None = None
    eccn: str | None = Field(default=None, pattern=r"^[0-9][A-E][0-9]{3}(\.[a-z0-9.]+)?$",
                             description="e.g. '3B090', '3B001.f.1' (if known).")
    kind: Annotated[str, AfterValidator(lambda v: _member(v, ("equipment", "software",
                                                              "technology"), "item kind"))] = \
        "equipment"
    for_eccn: str | None = Field(default=None, description=(
        "For software (3D) or technology (3E): the equipment ECCN it is for, e.g. '3B090'."))
    function: Annotated[str, AfterValidator(lambda v: _member(v, FUNCTIONS, "function"))] | \
        None = Field(default=None, description=", ".join(FUNCTIONS))
    euv: bool | None = Field(default=None, description="Extreme-ultraviolet lithography.")
    light_source_nm: float | None = Field(default=None, gt=0)
    epi_material: Annotated[str, AfterValidator(
        lambda v: _member(v, EPI_MATERIALS, "epitaxial material"))] | None = None
    preclean_chamber: bool | None = None
    epi_temperature_c: float | None = None
    etch_mode: Annotated[str, AfterValidator(lambda v: _member(v, ETCH_MODES, "etch mode"))] | \
        None = None
    sige_si_selectivity: float | None = Field(default=None, gt=0)
    aspect_ratio: float | None = Field(default=None, gt=0)
    top_lateral_nm: float | None = Field(default=None, gt=0)


class Facility(Strict):
    """The IC fabrication facility the item is for (§744.23(a)(2), §744.6(c)(2))."""

    name: str | None = None
    country: Country | None = Field(default=None, description=(
        "Where the facility is (default: the destination)."))
    products: list[Annotated[str, AfterValidator(
        lambda v: _member(v, IC_PRODUCTS, "IC product"))]] | None = Field(
        default=None, description="What it fabricates: " + ", ".join(IC_PRODUCTS))
    non_planar: bool | None = Field(default=None, description=(
        "Logic with non-planar transistors (FinFET / GAAFET)."))
    logic_node_nm: float | None = Field(default=None, gt=0, description="e.g. 14, 28.")
    nand_layers: int | None = Field(default=None, gt=0)
    dram_half_pitch_nm: float | None = Field(default=None, gt=0)
    dram_cell_area_um2: float | None = Field(default=None, gt=0)
    dram_density_gb_mm2: float | None = Field(default=None, gt=0)
    dram_tsv_per_die: int | None = Field(default=None, ge=0)
    node_known: bool | None = Field(default=None, description=(
        "false: you do not know whether advanced-node ICs are produced there."))


class InvalidValue(ValueError):
    """A value error with the fix the error message shows (``validation._problem``)."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


MAX_OWNER_DEPTH = 4


class Owner(Strict):
    """Someone who owns part of a party (for the BIS affiliates rule, 90 FR 47201): screened
    against the lists like a party."""

    name: str = Field(min_length=1, description=(
        "Legal name of the owner, in any script; screened against the restricted-party lists."))
    aliases: list[str] = Field(default_factory=list, max_length=20)
    country: Country | None = None
    share: float = Field(gt=0, le=1, description=(
        "The share of the party this owner holds, directly or through entities not listed "
        "under `owners:`, as a fraction from 0 to 1 (0.6 = 60 %)."))
    owners: list[Owner] | None = Field(default=None, max_length=50, description=(
        "The owner's own owners (an owner 50 % or more owned by listed parties counts as "
        "restricted too)."))

    @field_validator("share", mode="before")
    @classmethod
    def _share(cls, v: object) -> object:
        fix = "write the share as a fraction from 0 to 1: 0.6 for 60 %, 0.25 for 25 %"
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise InvalidValue(f"share {v!r} is not a number", fix)
        if v != v or v in (float("inf"), float("-inf")):
            raise InvalidValue(f"share {v!r} is not a number", fix)
        if v > 1:
            raise InvalidValue(f"share {v!r} is more than the whole party (1 = 100 %)",
                               fix + (f" (write {v / 100:g}, not {v})" if v <= 100 else ""))
        if v <= 0:
            raise InvalidValue(f"share {v!r}: an owner holds more than nothing",
                               "give a share above 0, or leave the owner out")
        return v

    @model_validator(mode="after")
    def _owners(self) -> Owner:
        check_owners(self.owners)
        return self


def check_owners(owners: list[Owner] | None, depth: int = 1) -> None:
    """Owners of one party: shares adding up to at most 1, each owner once, bounded depth."""
    if not owners:
        return
    total = sum(o.share for o in owners)
    if total > 1 + 1e-9:
        raise InvalidValue(
            f"the owners' shares add up to {total:g} ({total * 100:g} %), more than the whole "
            "party", "give each owner's share of this party once; an owner's own owners go "
            "under that owner's `owners:`, not beside it")
    names = [o.name.casefold() for o in owners]
    dup = next((o.name for o, n in zip(owners, names, strict=True) if names.count(n) > 1), None)
    if dup is not None:
        raise InvalidValue(f"owner '{dup}' is given twice",
                           "give each owner once, with its whole share")
    if depth > MAX_OWNER_DEPTH:
        raise InvalidValue(f"owners are nested more than {MAX_OWNER_DEPTH} levels deep",
                           "give the chain's ultimate owners with their indirect shares")
    for o in owners:
        check_owners(o.owners, depth + 1)


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
    majority_owned_d5_macau: bool | None = Field(default=None, description=(
        "Majority-owned by an entity headquartered in Macau or Country Group D:5."))
    entity_list_footnotes: list[Annotated[str, AfterValidator(
        lambda v: _member(v, FOOTNOTES, "Entity List footnote"))]] | None = Field(
        default=None, description="Footnotes of its Entity List entry: fn1, fn4, fn5.")
    owners: list[Owner] | None = Field(default=None, max_length=50, description=(
        "Who owns the party, each with its share (0 to 1); screened against the lists for the "
        "BIS affiliates rule (90 FR 47201). Leave out when not known; `[]` means no owner "
        "holds a share worth declaring."))

    @model_validator(mode="after")
    def _owners(self) -> Party:
        check_owners(self.owners)
        return self


class Exporter(Strict):
    name: str | None = None
    country: Country | None = None
    role: ExporterRole | None = Field(default=None, description=", ".join(EXPORTER_ROLES))


class Item(Strict):
    chip: ChipSpec | None = None
    material: Material | None = None
    equipment: Equipment | None = None
    origin: Country | None = Field(default=None, description="Country of origin of the item.")
    subject_to_ear: bool | None = Field(default=None, description=(
        "Whether the item is subject to the EAR; by default true for US-origin items and "
        "unknown otherwise (foreign-made items can be caught by de minimis or the FDP rules)."))
    prc_content: list[Content] = Field(default_factory=list, description=(
        "PRC-origin materials the item contains (e.g. gallium, dysprosium magnets)."))
    us_content_pct: float | None = Field(default=None, ge=0, le=100, description=(
        "US-origin controlled content, % of the foreign-made item's value (de minimis)."))
    us_direct_product: bool | None = Field(default=None, description=(
        "Foreign-made and the direct product of US-origin software or technology (FDP)."))
    us_plant_product: bool | None = Field(default=None, description=(
        "Foreign-made by a plant that is a direct product of US software or technology (FDP)."))
    foreign_equivalent_available: bool | None = None

    @model_validator(mode="after")
    def _one(self) -> Item:
        if sum(x is not None for x in (self.chip, self.material, self.equipment)) != 1:
            raise ValueError("give exactly one of `chip`, `material` or `equipment`")
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
    facility: Facility | None = Field(default=None, description=(
        "The IC fabrication facility the item is for, if any."))
    knows_violation: bool | None = Field(default=None, description=(
        "You know a violation of the EAR has occurred or is about to occur with the item."))
    certifications_2026: bool | None = Field(default=None, description=(
        "The exporter makes the certifications of the January 2026 China review policy."))

    model_config = ConfigDict(extra="forbid", strict=False, allow_inf_nan=False,
                              str_max_length=2_000)
