"""The shape of the export-control pack files (``packs/us/ear/*.yaml``, ``packs/cn/mofcom/*.yaml``).

Pack files are data: thresholds are dated parameters, applicability is the same declarative
condition language the state-law packs use (over the shipment facts of ``export/facts.py``), and
every rule carries its citation and dates. Conditions are validated with file:line errors by
``export/packs.py``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from itertools import pairwise

from pydantic import Field, model_validator

from policyatlas.rules.model import (
    SLUG,
    Condition,
    Confidence,
    PackModel,
    Parameter,
    Source,
    Uncertainty,
)


class Text(PackModel):
    """Text in English and Chinese (simplified)."""

    en: str
    zh: str | None = None


class Dated(PackModel):
    """Something that applies from a first day up to and including a last day (open if none)."""

    start: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Dated:
        if self.to is not None and self.to < self.start:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.start})")
        return self

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.to is None or day <= self.to)


# --- US EAR ---------------------------------------------------------------------------------


class RegimeMeta(PackModel):
    id: str = Field(pattern=r"^[a-z]{2}/[a-z0-9-]+$")
    title: Text
    authority: Text
    citation: str
    verified_as_of: dt.date
    confidence: Confidence
    sources: list[Source] = Field(min_length=1)
    summary: Text
    uncertainties: list[Uncertainty] = Field(default_factory=list)


class BitLength(PackModel):
    bits: int = Field(gt=0, le=64)
    note: str | None = None
    uncertain: str | None = Field(default=None,
                                  description="Shown whenever this format decides TPP.")


class Conventions(PackModel):
    citation: str
    url: str | None = None
    text: str
    bit_lengths: dict[str, BitLength]


class RuleVersion(Dated):
    id: str = Field(pattern=SLUG)
    title: str
    citation: str = Field(description="Federal Register citation, e.g. '88 FR 73458'.")
    url: str
    summary: str


class ExportDefinition(PackModel):
    title: str
    citation: str
    when: Condition


class Tier(StrEnum):
    a = "a"
    b = "b"
    c = "c"
    excluded = "excluded"  # a note takes the item out of the ECCN


class ClassificationRule(Dated):
    id: str = Field(pattern=SLUG)
    version: str = Field(description="The rule version (a `versions:` id) of this paragraph.")
    paragraph: str = Field(description="e.g. 'a.1' (3A090.a.1); for excluded items the note.")
    tier: Tier
    forms: list[str] = Field(min_length=1,
                             description="Item forms it classifies: ic board computer hbm")
    citation: str
    url: str | None = None
    label: str
    when: Condition
    uncertain: str | None = None


class EnforcementState(StrEnum):
    enforced = "enforced"
    compliance_deferred = "compliance_deferred"
    not_enforced = "not_enforced"


class Enforcement(Dated):
    state: EnforcementState
    basis: str
    url: str | None = None


class Authorisation(Dated):
    """An activity the US Government authorised despite a letter's requirement, until a day."""

    activity: str
    source: str


class LetterSource(PackModel):
    title: str
    url: str


class IsInformedLetter(Dated):
    """A licence requirement the US Government imposed on one exporter for named products."""

    id: str = Field(pattern=SLUG)
    exporter: str = Field(description="The addressee, as its products' vendor is written.")
    exporter_names: list[str] = Field(min_length=1, description=(
        "Names of the addressee an exporter may be given as (compared without legal forms)."))
    title: str
    products: list[str] = Field(min_length=1, description=(
        "Model names; an item matches when its name contains one as whole words."))
    systems: bool = Field(default=False, description=(
        "Boards and computers incorporating a named product are covered too."))
    destinations: list[str] = Field(default_factory=list, description="ISO 3166-1 codes.")
    destination_groups: list[str] = Field(default_factory=list, description=(
        "EAR country groups; a destination in any of them is covered."))
    definitions: list[str] = Field(default_factory=list, description=(
        "Definitions of regime.yaml that also count as covered (e.g. hq_d5_or_macau)."))
    reason: str
    citation: str
    url: str
    terms: str = Field(description="The letter's terms, as its addressee disclosed them.")
    sources: list[LetterSource] = Field(min_length=1)
    authorisations: list[Authorisation] = Field(default_factory=list)
    uncertain: str | None = None

    @model_validator(mode="after")
    def _reach(self) -> IsInformedLetter:
        if not (self.destinations or self.destination_groups or self.definitions):
            raise ValueError("give the destinations the letter covers (destinations, "
                             "destination_groups or definitions)")
        return self


class IsInformedFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    letters: list[IsInformedLetter] = Field(min_length=1)


class CatalogueSource(PackModel):
    title: str
    url: str


class CatalogueEntry(PackModel):
    """Product facts a spec sheet may leave out, with the public source of each."""

    id: str = Field(pattern=SLUG)
    vendor: str
    product: str = Field(description="The product's name as its vendor writes it.")
    names: list[str] = Field(min_length=1, description=(
        "Model names; a chip matches when its name contains one as whole words."))
    exclude: list[str] = Field(default_factory=list, description=(
        "Words that, in a chip's name, mean another product (e.g. 'Active' for a workstation "
        "card sharing a datacenter part's number)."))
    datacenter: bool | None = Field(default=None, description=(
        "Designed or marketed for use in datacenters."))
    market: str | None = Field(default=None, description="e.g. 'datacenter', 'consumer'.")
    variant_of: str | None = Field(default=None, description=(
        "The product this one is a variant of (e.g. the A800 of the A100)."))
    announced: dt.date | None = None
    announced_note: str | None = None
    note: str | None = None
    sources: list[CatalogueSource] = Field(min_length=1)
    confidence: Confidence
    uncertain: str | None = None


class CatalogueFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    attribution: str
    products: list[CatalogueEntry] = Field(min_length=1)


class Requirement(Dated):
    id: str = Field(pattern=SLUG)
    title: str
    reason: str = Field(description="Reason for control, e.g. 'RS', 'end use', 'is-informed'.")
    citation: str
    url: str | None = None
    when: Condition
    exceptions_allowed: bool = True
    enforcement: list[Enforcement] = Field(default_factory=list, description=(
        "Enforcement history; empty means enforced throughout."))
    note: str | None = None
    uncertain: str | None = None
    version: str | None = Field(default=None, description=(
        "The rule version (a `versions:` id) this requirement's text comes from."))
    paragraphs: dict[str, str] = Field(default_factory=dict, description=(
        "For a US-person restriction: the sub-paragraph for each activity kind."))


class ExceptionRule(Dated):
    id: str = Field(pattern=SLUG)
    code: str = Field(description="e.g. 'NAC', 'ACA'.")
    name: str
    citation: str
    url: str | None = None
    when: Condition
    covers: list[str] = Field(min_length=1, description="Requirement ids it can authorise.")
    notice_days: int | None = Field(default=None, ge=0)
    conditions: list[str] = Field(default_factory=list, description="What the exporter must do.")
    uncertain: str | None = None


class ReviewPolicyKind(StrEnum):
    presumption_of_denial = "presumption_of_denial"
    case_by_case = "case_by_case"
    presumption_of_approval = "presumption_of_approval"


class ReviewPolicy(Dated):
    id: str = Field(pattern=SLUG)
    policy: ReviewPolicyKind
    title: str
    citation: str
    url: str | None = None
    applies_to: list[str] = Field(min_length=1, description="Requirement ids it reviews.")
    when: Condition
    requires: list[str] = Field(default_factory=list)
    uncertain: str | None = None
    version: str | None = None


class EarFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    regime: RegimeMeta
    conventions: Conventions
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    definitions: dict[str, ExportDefinition] = Field(default_factory=dict)
    versions: list[RuleVersion] = Field(min_length=1)
    classification: list[ClassificationRule] = Field(min_length=1)
    requirements: list[Requirement] = Field(min_length=1)
    exceptions: list[ExceptionRule] = Field(default_factory=list)
    review_policies: list[ReviewPolicy] = Field(default_factory=list)


class Group(PackModel):
    id: str = Field(pattern=r"^[A-E]:\d$")
    name: str
    citation: str


class Alias(Dated):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    treated_as: str = Field(pattern=r"^[A-Z]{2}$")
    citation: str
    url: str | None = None
    confidence: Confidence
    note: str | None = None


class Membership(PackModel):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    group: str = Field(pattern=r"^[A-E]:\d$")
    start: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    confidence: Confidence
    source: str
    note: str | None = None

    def on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.to is None or day <= self.to)


class CountryGroupsFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    citation: str
    sources: list[Source] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    countries: dict[str, str]
    aliases: list[Alias] = Field(default_factory=list)
    memberships: list[Membership] = Field(min_length=1)


class StatusState(StrEnum):
    in_force = "in_force"
    suspended = "suspended"
    suspended_pending_confirmation = "suspended_pending_confirmation"
    lifted = "lifted"
    repealed = "repealed"


# --- US EAR: equipment, end uses, US persons, FDP rules, guidance ------------------------


class ItemKind(StrEnum):
    equipment = "equipment"
    software = "software"
    technology = "technology"


class EccnEntry(Dated):
    """An ECCN paragraph in force between two days; matched by the ECCN a shipment names, or
    by the item's parameters when ``when`` is given."""

    id: str = Field(pattern=SLUG)
    eccn: str = Field(pattern=r"^[0-9][A-E][0-9]{3}(\.[a-z0-9.]+)?(-[0-9A-Z]+)?$", description=(
        "The paragraph, e.g. '3B001.c.1.a'; software / technology for an item as '3D001-3B090'."))
    kind: ItemKind
    version: str
    title: str
    citation: str
    url: str
    when: Condition | None = None
    note: str | None = None
    uncertain: str | None = None


class SubPackFile(PackModel):
    """equipment.yaml / end-uses.yaml: ECCN paragraphs, requirements and review policies merged
    into the EAR regime (same condition language, same facts)."""

    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    versions: list[RuleVersion] = Field(default_factory=list)
    definitions: dict[str, ExportDefinition] = Field(default_factory=dict)
    eccns: list[EccnEntry] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    review_policies: list[ReviewPolicy] = Field(default_factory=list)


class Exclusion(Dated):
    id: str = Field(pattern=SLUG)
    title: str
    citation: str
    url: str | None = None
    covers: list[str] = Field(min_length=1, description="Restriction ids it takes out.")
    when: Condition
    uncertain: str | None = None


class UsPersonFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    versions: list[RuleVersion] = Field(default_factory=list)
    definitions: dict[str, ExportDefinition] = Field(default_factory=dict)
    restrictions: list[Requirement] = Field(min_length=1)
    exclusions: list[Exclusion] = Field(default_factory=list)
    review_policies: list[ReviewPolicy] = Field(default_factory=list)


class FdpRule(Dated):
    """A rule that makes a foreign-made item subject to the EAR (§734.9 FDP, §734.4 de minimis)."""

    id: str = Field(pattern=SLUG)
    kind: str = Field(pattern=r"^(fdp|de_minimis)$")
    version: str
    title: str
    citation: str
    url: str
    when: Condition
    note: str | None = None
    uncertain: str | None = None


class FdpFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    versions: list[RuleVersion] = Field(default_factory=list)
    definitions: dict[str, ExportDefinition] = Field(default_factory=dict)
    rules: list[FdpRule] = Field(min_length=1)


class GuidanceSource(PackModel):
    title: str
    url: str


class Guidance(PackModel):
    """Agency guidance: shown with its source, never applied as a rule."""

    id: str = Field(pattern=SLUG)
    title: str
    issuer: str
    issued: dt.date
    products: list[str] = Field(min_length=1, description=(
        "Product names; an item matches when its name contains one as whole words."))
    vendor_names: list[str] = Field(default_factory=list)
    concerns: str = Field(description="The rule the guidance interprets, e.g. GP10.")
    citation: str
    text: str
    sources: list[GuidanceSource] = Field(min_length=1)
    uncertain: str | None = None


class AffiliatesState(StrEnum):
    in_force = "in_force"
    suspended = "suspended"
    uncertain = "uncertain"  # the sources disagree or are silent: both readings are shown


class AffiliatesReading(PackModel):
    """One reading of an uncertain period, with the sources that support it."""

    state: AffiliatesState
    until: dt.date | None = None
    basis: str
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _settled(self) -> AffiliatesReading:
        if self.state == AffiliatesState.uncertain:
            raise ValueError("a reading is in_force or suspended, not uncertain")
        return self


class AffiliatesInterval(Dated):
    state: AffiliatesState
    basis: str
    citation: str | None = Field(default=None, description=(
        "The instrument that sets this period (e.g. the suspension rule's FR citation)."))
    url: str | None = None
    note: str | None = None
    readings: list[AffiliatesReading] = Field(default_factory=list, description=(
        "For an uncertain period: every reading, each with its sources (at least two)."))

    @model_validator(mode="after")
    def _readings(self) -> AffiliatesInterval:
        if (self.state == AffiliatesState.uncertain) != (len(self.readings) >= 2):
            raise ValueError("an uncertain period gives at least two readings; a settled "
                             "period gives none")
        return self


class AffiliatesRule(PackModel):
    """The affiliates (50 %) rule: listed parties' restrictions reach entities they own."""

    id: str = Field(pattern=SLUG)
    title: str
    citation: str = Field(description="The rule as published, e.g. '90 FR 47201'.")
    paragraph: str = Field(description="Where the EAR carries the rule (sections, supplement).")
    url: str
    threshold: float = Field(gt=0, le=1)
    lists: list[str] = Field(min_length=1, description="Screening list ids it extends.")
    status: list[AffiliatesInterval] = Field(min_length=1)
    text: str
    sources: list[Source] = Field(min_length=1)
    uncertain: str | None = None

    @model_validator(mode="after")
    def _no_overlap(self) -> AffiliatesRule:
        spans = sorted(self.status, key=lambda s: s.start)
        for a, b in pairwise(spans):
            if a.to is None or a.to >= b.start:
                raise ValueError(f"status periods overlap: {a.start} and {b.start}")
        return self

    def state_on(self, day: dt.date) -> AffiliatesInterval | None:
        return next((s for s in self.status if s.on(day)), None)


class GuidanceFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    verified_as_of: dt.date
    guidance: list[Guidance] = Field(default_factory=list)
    affiliates: AffiliatesRule | None = None


# --- China (MOFCOM) -------------------------------------------------------------------------


class StatusInterval(Dated):
    state: StatusState
    basis: str | None = None
    url: str | None = None


class Article(PackModel):
    article: str
    en: str
    zh: str | None = None


class Instrument(PackModel):
    id: str = Field(pattern=SLUG)
    name: Text
    adopted: dt.date | None = None
    effective: dt.date | None = None
    url: str | None = None
    articles: list[Article] = Field(default_factory=list)


class LicenceType(PackModel):
    id: str = Field(pattern=r"^(single|general|registration)$")
    name: Text
    citation: str
    max_validity_months: int | None = Field(default=None, gt=0)
    description: Text


class Review(PackModel):
    working_days: int = Field(gt=0)
    citation: str
    not_counted: Text | None = None
    exceptions: Text | None = None


LIST_IDS = r"^(control_list|watch_list|unreliable_entity_list|countermeasure_list)$"


class ListMechanism(PackModel):
    id: str = Field(pattern=LIST_IDS)
    name: Text
    citation: str
    effect: Text
    general_licence_available: bool | None = None


class CitedText(PackModel):
    citation: str
    en: str
    zh: str | None = None


class Material(PackModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


class CnRegimeFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    regime: RegimeMeta
    instruments: list[Instrument] = Field(default_factory=list)
    licence_types: list[LicenceType] = Field(min_length=1)
    review: Review
    list_mechanisms: list[ListMechanism] = Field(default_factory=list)
    catch_all: CitedText
    penalties: list[CitedText] = Field(default_factory=list)
    materials: list[Material] = Field(min_length=1)


class Item(PackModel):
    id: str = Field(pattern=SLUG)
    material: str
    control_number: str | None = None
    name: Text
    hs_codes: list[str] = Field(default_factory=list)
    technical_criteria: Text | None = None
    technology: bool = False
    citation: str
    uncertain: str | None = None

    @model_validator(mode="after")
    def _codes(self) -> Item:
        bad = [c for c in self.hs_codes if not c.isdigit() or not 4 <= len(c) <= 10]
        if bad:
            raise ValueError(f"HS codes are 4 to 10 digits; got {bad}")
        return self


class MeasureEffect(StrEnum):
    prohibited = "prohibited"
    presumption_of_denial = "presumption_of_denial"
    enhanced_review = "enhanced_review"
    licence_required = "licence_required"
    case_by_case = "case_by_case"
    exempt = "exempt"


class Measure(PackModel):
    id: str = Field(pattern=SLUG)
    citation: str
    effect: MeasureEffect
    text: Text
    destinations: list[str] | None = None
    end_users: list[str] | None = None
    end_uses: list[str] | None = None
    materials: list[str] | None = None
    exporters: list[str] | None = None
    value_share_threshold: float | None = Field(default=None, gt=0, lt=1)
    status: list[StatusInterval] | None = None


class AnnouncementKind(StrEnum):
    item_control = "item_control"
    destination_measure = "destination_measure"
    extraterritorial = "extraterritorial"
    technology_control = "technology_control"
    suspension = "suspension"


class Announcement(PackModel):
    id: str = Field(pattern=SLUG)
    number: Text
    title: Text
    kind: AnnouncementKind
    issued: dt.date
    effective: dt.date
    legal_basis: list[str] = Field(default_factory=list)
    url: str
    sources: list[Source] = Field(default_factory=list)
    confidence: Confidence
    status: list[StatusInterval] = Field(default_factory=list)
    uncertainties: list[Uncertainty] = Field(default_factory=list)
    suspends: list[str] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)


class AnnouncementsFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    announcements: list[Announcement] = Field(min_length=1)


class Entity(PackModel):
    name: str
    name_zh: str | None = None
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Designation(PackModel):
    id: str = Field(pattern=SLUG)
    list_id: str = Field(alias="list", pattern=LIST_IDS)
    number: Text
    date: dt.date
    url: str | None = None
    sources: list[Source] = Field(default_factory=list)
    confidence: Confidence
    measures: Text
    status: list[StatusInterval] = Field(default_factory=list)
    entities: list[Entity] = Field(min_length=1)


class ListsFile(PackModel):
    schema_version: int = Field(ge=1, le=1)
    designations: list[Designation] = Field(default_factory=list)
