"""The shape of a law pack file (``law.yaml``), as Pydantic models.

A pack holds one law: its metadata and provenance, dated parameters (OpenFisca-style: every
value has a start date and a reference), reusable named definitions, and rules whose declarative
``applies_when`` condition, when true for a system, creates the listed obligations.
Conditions are validated separately (``rules/conditions.py``) for precise messages.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from policyatlas.facts.jurisdictions import normalize

PACK_SCHEMA_VERSION = 1
LAW_ID_PATTERN = r"^us(-[a-z]{2}(-[a-z]+)?)?/[a-z0-9][a-z0-9.-]*$|^[a-z]{2}/[a-z0-9][a-z0-9.-]*$"
SLUG = r"^[a-z0-9][a-z0-9-]*$"


class PackModel(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True,
                              allow_inf_nan=False, str_max_length=20_000)


class Status(StrEnum):
    """Status of the law as of its ``verified_as_of`` date."""

    enacted = "enacted"  # signed/adopted, not yet in force
    in_force = "in_force"
    partially_in_force = "partially_in_force"
    repealed = "repealed"
    superseded = "superseded"
    expired = "expired"
    enjoined = "enjoined"  # blocked by a court, may return
    struck_down = "struck_down"
    proposed = "proposed"  # a bill, draft or recommendation; only in scenarios' `adds`


class Confidence(StrEnum):
    high = "high"  # official or multiple consistent sources for every encoded fact
    medium = "medium"  # some facts rest on secondary sources; flagged in `uncertainties`
    low = "low"  # important facts unverified; treat answers as provisional


class Frequency(StrEnum):
    once = "once"
    per_event = "per_event"
    before_each_use = "before_each_use"
    before_each_deployment = "before_each_deployment"
    continuous = "continuous"
    annual = "annual"
    semiannual = "semiannual"
    quarterly = "quarterly"
    monthly = "monthly"
    on_request = "on_request"


class Source(PackModel):
    url: HttpUrl
    title: str
    kind: str = Field(default="secondary", pattern=r"^(official|statute_copy|secondary)$",
                      description="official text, an unofficial copy of it, or a summary")


class Reference(PackModel):
    citation: str = Field(min_length=1, description="Section, e.g. 'Bus. & Prof. Code §22757.11'.")
    url: HttpUrl | None = None


class HistoryEvent(PackModel):
    date: dt.date
    event: str
    citation: str | None = None
    concerns: list[str] = Field(
        default_factory=list,
        description="Rule or obligation ids of this law the event is about (e.g. 'duties of "
        "capture-device makers begin'); empty when it concerns the whole law. A system sees the "
        "event only when it owes one of them.")


class Uncertainty(PackModel):
    about: str
    note: str
    source: HttpUrl | None = None


class Litigation(PackModel):
    """A court case about the law, and the order (if any) that affects its enforcement.

    An order has a *scope* (everyone, or only the named parties it protects), a *term* (from
    ``effect_from`` until ``effect_until``, or until an event such as a ruling on a motion, or
    open) and reaches the whole law or only the rules and obligations in ``concerns``.
    """

    id: str | None = Field(
        default=None, pattern=SLUG,
        description="A short id for the case (e.g. 'xai-v-weiser'); an inventory names it in "
        "organization.litigant_in when the organisation is a party the order protects.")
    case: str = Field(description="Case name and number, e.g. 'X.AI LLC v. Weiser'.")
    court: str
    filed: dt.date | None = None
    status: str = Field(
        pattern=r"^(pending|stayed|enjoined|struck_down|preempted|dismissed|resolved)$")
    blocks_enforcement: bool = Field(
        description="True when a court order stops enforcement (stay, injunction, judgment)."
    )
    order: str | None = Field(
        default=None,
        pattern=r"^(stay|temporary_restraining_order|preliminary_injunction|"
                r"permanent_injunction|judgment|non_enforcement_agreement)$",
        description="What kind of order stops enforcement (with blocks_enforcement).")
    scope: str = Field(
        default="everyone", pattern=r"^(everyone|parties)$",
        description="Whom the order protects: everyone, or only the parties named in "
        "`protects` (enforcement against others continues).")
    protects: list[str] = Field(
        default_factory=list, description="The parties the order protects (scope: parties).")
    effect_from: dt.date | None = Field(default=None, description="When the order took effect.")
    effect_until: dt.date | None = Field(default=None, description="When it ended, if it has.")
    until_event: str | None = Field(
        default=None, description="The event that ends the order when it has no end date, e.g. "
        "'14 days after the court rules on the motion for a preliminary injunction'.")
    concerns: list[str] = Field(
        default_factory=list, description="Rule or obligation ids the order reaches; empty when "
        "it reaches the whole law.")
    uncertain: str | None = Field(
        default=None, description="What about the order (scope, term, reach) the sources leave "
        "unsettled.")
    note: str
    source: HttpUrl | None = None

    def active_on(self, day: dt.date) -> bool:
        """A case is active from its order (or filing) until the order ends."""
        start = self.effect_from or self.filed
        started = start is None or start <= day
        return started and (self.effect_until is None or day < self.effect_until)

    @model_validator(mode="after")
    def _scoped(self) -> Litigation:
        if self.scope == "parties" and not (self.id and self.protects):
            raise ValueError("an order that protects only named parties needs an `id` (for "
                             "organization.litigant_in) and the `protects` list")
        if self.until_event and self.effect_until:
            raise ValueError("give the order's end as effect_until (a date) or until_event "
                             "(an event), not both")
        return self


class Dates(PackModel):
    introduced: dt.date | None = None
    passed: dt.date | None = None
    signed: dt.date | None = Field(default=None, description="Signed or enacted.")
    effective: dt.date = Field(description="First day any of its duties applies.")
    enforcement_from: dt.date | None = None
    repealed: dt.date | None = Field(default=None, description="First day it no longer applies.")
    sunset: dt.date | None = None


class Enforcement(PackModel):
    enforcer: str
    private_right_of_action: bool = False
    cure_period_days: int | None = Field(default=None, ge=0)
    citation: str


class Penalty(PackModel):
    text: str
    citation: str
    max_usd: float | None = Field(default=None, ge=0)
    min_usd: float | None = Field(default=None, ge=0)
    per: str | None = Field(default=None, description="violation, day, ...")
    subsequent_max_usd: float | None = Field(default=None, ge=0)
    enforcer: str | None = None


ScalarValue = bool | float | int | dt.date | str


class ParamValue(PackModel):
    start: dt.date = Field(alias="from", description="First day this value applies.")
    value: ScalarValue
    reference: Reference

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Parameter(PackModel):
    description: str
    unit: str | None = None
    values: list[ParamValue] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _ordered(cls, v: list[ParamValue]) -> list[ParamValue]:
        starts = [x.start for x in v]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("values must be in increasing order of their 'from' dates, each "
                             "date once")
        kinds = {_vtype(x.value) for x in v}
        if len(kinds) != 1:
            raise ValueError(f"all values of a parameter must have one type, found {sorted(kinds)}")
        return v

    @property
    def value_type(self) -> str:
        return _vtype(self.values[0].value)

    def value_on(self, day: dt.date) -> ParamValue:
        """The value in force on ``day`` (validation guarantees one exists on rule dates)."""
        current = self.values[0]
        for v in self.values:
            if v.start <= day:
                current = v
        return current


def _vtype(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, dt.date):
        return "date"
    if isinstance(v, int | float):
        return "number"
    return "string"


# Conditions are parsed by rules/conditions.py; here they are opaque, with a published schema.
CONDITION_MARKER = "x-policyatlas-condition"
CONDITION_SCHEMA: dict[str, Any] = {CONDITION_MARKER: True}  # replaced by a $ref in schemas.py
Condition = Annotated[Any, WithJsonSchema(CONDITION_SCHEMA)]


RECURRING = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}  # months per period


class Timing(PackModel):
    frequency: Frequency
    deadline_days: int | None = Field(default=None, ge=0)
    business_days: bool = False
    deadline_hours: int | None = Field(default=None, ge=0)
    relative_to: str | None = Field(default=None, description="Event the deadline runs from.")
    first_due: dt.date | Literal["at_start"] | None = Field(
        default=None,
        description="Recurring duties: when the first occurrence is due. A date the law states "
        "(e.g. 2028-04-01, then every period after it); 'at_start' when the first is due as the "
        "duty starts or before first use (e.g. an audit before use); omitted: one period after "
        "the duty starts, or after the system's first use if that is later.")
    text: str = Field(description="The timing in plain language, as the law states it.")

    @model_validator(mode="after")
    def _first_due(self) -> Timing:
        if self.first_due is not None and self.frequency not in RECURRING:
            raise ValueError(f"first_due applies to recurring duties ({', '.join(RECURRING)}), "
                             f"not to '{self.frequency}'")
        if self.deadline_hours is not None and self.deadline_days is not None:
            raise ValueError("give a deadline in days or in hours, not both")
        if self.business_days and self.deadline_days is None:
            raise ValueError("business_days needs deadline_days")
        return self


class Layer(StrEnum):
    """Where a duty attaches: building the model, or putting a system to use."""

    development = "development"  # design, training, testing or release of a model by its developer
    use = "use"  # deployment or use of a system (deployer, operator, platform, advertiser)
    both = "both"  # the law has duties of both kinds (obligations say which, or rules imply it)


Contestable = bool | Literal["contested"]


class LawProfile(PackModel):
    """What a law is, as federal preemption texts draw their lines: its subject and attributes.

    Each attribute is true, false or ``contested`` (reasonable readings differ — e.g. whether a
    tech-neutral likeness law is "generally applicable"); scenarios treat contested as unknown.
    """

    subject: str = Field(description="A law subject of the shared taxonomy.")
    layer: Layer = Field(description="development, use or both.")
    ai_specific: Contestable = Field(description="Singles out AI or automated systems.")
    criminal_penalty: Contestable = Field(description="A violation carries a criminal penalty.")
    child_safety: Contestable = Field(description="Its primary purpose is protecting minors.")
    state_own_use: Contestable = Field(
        default=False,
        description="Governs the state's or a locality's own procurement or use of AI.")
    generally_applicable: Contestable = Field(
        description="Applies equally to comparable non-AI systems or conduct (UDAP, civil rights, "
        "privacy, fraud).")
    facilitative: Contestable = Field(
        default=False, description="Its primary purpose and effect is to remove impediments to, or "
        "streamline, AI deployment.")
    consumer_protection: Contestable = Field(
        description="A law on unfair or deceptive acts or practices, or enforced as one.")
    right_of_publicity: Contestable = Field(
        default=False, description="Protects a person's name, image, voice or likeness.")
    insurance_business: Contestable = Field(
        default=False, description="Regulates the business of insurance (McCarran-Ferguson).")
    data_center_siting: Contestable = Field(
        default=False, description="Zoning, siting or utility rules for compute infrastructure.")
    notes: str | None = Field(default=None, description="Why a contested or surprising value.")

    @field_validator("subject")
    @classmethod
    def _known_subject(cls, v: str) -> str:
        from policyatlas.rules.taxonomy import subjects

        if v not in subjects():
            from policyatlas.validation import suggest

            guess = suggest(v, list(subjects()))
            raise ValueError(f"'{v}' is not a law subject"
                             + (f"; did you mean '{guess}'?" if guess else
                                "; see `policyatlas taxonomy`"))
        return v


class Original(PackModel):
    """A law's own words, where they are not English: the authoritative text beside the English
    translation the rest of the pack gives (e.g. a Chinese regulation's official title)."""

    language: Literal["zh-Hans", "ko", "ja"] = Field(
        description="The language of the official text: zh-Hans (PRC), ko (Korea), ja (Japan).")
    title: str = Field(min_length=1,
                       description="The official title, e.g. 生成式人工智能服务管理暂行办法.")
    short_title: str | None = None
    citation: str | None = Field(default=None, description="The official citation, e.g. the "
                                 "issuing order: 国家互联网信息办公室等七部门令第15号.")
    translation: str | None = Field(default=None, description="Whose English translation the "
                                    "pack follows (an organisation or URL).")


class Obligation(PackModel):
    id: str = Field(pattern=SLUG)
    category: str = Field(description="A category of the shared taxonomy.")
    title: str
    text: str = Field(description="What must be done, in plain language.")
    citation: str = Field(min_length=1)
    original_citation: str | None = Field(
        default=None, description="The article in the law's own language, e.g. 第十七条第一款 "
        "or 제31조제1항.")
    source: HttpUrl | None = None
    timing: Timing
    penalty: str | None = Field(default=None, description="Key into the law's `penalties`.")
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    uncertain: str | None = Field(default=None, description="What about it is not settled.")
    optional: bool = Field(
        default=False,
        description="A safe harbour, defence or voluntary step rather than a duty; shown as such.",
    )
    layer: Layer | None = Field(
        default=None, description="development or use, where the law's profile says both and "
        "the rule's roles do not settle it.")
    scope: str = Field(
        default="system", pattern=r"^(system|organization)$",
        description="'system' when owed for each system the rule reaches; 'organization' when "
        "owed once by the organisation however many of its systems trigger it (e.g. one "
        "published statement or one annual audit).")


class Definition(PackModel):
    title: str
    citation: str
    when: Condition


class Rule(PackModel):
    id: str = Field(pattern=SLUG)
    title: str
    citation: str
    applies_when: Condition
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    obligations: list[Obligation] = Field(min_length=1)


Jurisdiction = Annotated[str, AfterValidator(normalize)]


class BillRef(PackModel):
    """A bill the law was enacted as, named as Open States names it (state, session, number)."""

    session: str = Field(description="The legislature's session id as Open States names it, "
                         "e.g. '2024', '2023-2024', '20232024', '103rd', '2024A'.")
    identifier: str = Field(description="The bill number, e.g. 'SB 149', 'HB 24-1147'.")
    jurisdiction: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$",
        description="Two-letter state code (or US); default: the law's own state.")


class LawMeta(PackModel):
    id: str = Field(pattern=LAW_ID_PATTERN, description="<jurisdiction>/<instrument>")
    jurisdiction: Jurisdiction
    title: str
    short_title: str
    original: Original | None = Field(
        default=None, description="The official title and citation in the law's own language, "
        "when it is not English (authoritative; `title` is the English translation).")
    citation: str
    family: str | None = None
    sources: list[Source] = Field(min_length=1)
    status: Status
    dates: Dates
    verified_as_of: dt.date
    confidence: Confidence
    summary: str
    applies_to: str = Field(description="Who is covered, in one sentence.")
    enforcement: Enforcement
    effect: str = Field(
        default="obligations", pattern=r"^(obligations|restricts_regulation)$",
        description="'restricts_regulation' for laws that limit AI regulation (information only).",
    )
    history: list[HistoryEvent] = Field(default_factory=list)
    uncertainties: list[Uncertainty] = Field(default_factory=list)
    litigation: list[Litigation] = Field(default_factory=list)
    related_bills: list[str] = Field(
        default_factory=list, description="Bills it was enacted as, e.g. 'CA SB 53 (2025)'."
    )
    bills: list[BillRef] = Field(
        default_factory=list, description="The bills it was enacted as, linked to the bill "
        "tracker's records ('policyatlas bills show', 'policyatlas law show').")
    profile: LawProfile | None = Field(
        default=None, description="Subject and attributes used by preemption scenarios; "
        "without it every attribute is unknown (outcomes come back contested).")

    @model_validator(mode="after")
    def _consistent(self) -> LawMeta:
        if not self.id.startswith(self.jurisdiction + "/"):
            raise ValueError(f"law id '{self.id}' must start with its jurisdiction "
                             f"'{self.jurisdiction}/'")
        d = self.dates
        if d.signed and d.signed > d.effective:
            raise ValueError("dates.signed is after dates.effective")
        repealed_early = d.repealed is not None and d.repealed < d.effective
        if repealed_early and self.status not in ("repealed", "superseded"):
            raise ValueError("a law repealed before taking effect must have status repealed")
        return self


class PackFile(PackModel):
    schema_version: int = PACK_SCHEMA_VERSION
    law: LawMeta
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    penalties: dict[str, Penalty] = Field(default_factory=dict)
    definitions: dict[str, Definition] = Field(default_factory=dict)
    template: str | None = Field(
        default=None, description="A family template (packs/_families/<name>.yaml) whose "
        "definitions and rules this law uses with its own parameters and penalties.",
    )
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_rules(self) -> PackFile:
        if not self.rules and self.template is None and self.law.effect == "obligations":
            raise ValueError("a law with effect 'obligations' needs rules (or a template)")
        return self

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != PACK_SCHEMA_VERSION:
            raise ValueError(f"this version reads pack schema_version {PACK_SCHEMA_VERSION}")
        return v


class TemplateParameter(PackModel):
    type: str = Field(pattern=r"^(number|bool|string|date)$")
    description: str


class FamilyTemplate(PackModel):
    """Shared definitions and rules for a family of similar laws (e.g. election deepfake laws).

    Each member law names the template (``template:``) and supplies the listed parameters and
    penalties; obligation texts may use ``{parameter}`` placeholders.
    """

    schema_version: int = PACK_SCHEMA_VERSION
    family: str = Field(pattern=SLUG)
    title: str
    description: str
    parameters: dict[str, TemplateParameter] = Field(default_factory=dict)
    penalties: list[str] = Field(default_factory=list)
    definitions: dict[str, Definition] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)
