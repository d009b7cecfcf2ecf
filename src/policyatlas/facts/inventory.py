"""The inventory: an organisation and the AI systems it builds or uses.

Every field here is a *fact* the law conditions on (see ``facts/catalogue.py`` for the names that
rule packs use). Unknown values stay ``None``: the engine then answers "undetermined" and says
which fact is missing, rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from policyatlas.facts.jurisdictions import normalize

SCHEMA_VERSION = 1


class Strict(BaseModel):
    """Unknown fields are errors (reported with a did-you-mean suggestion)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)


class Role(StrEnum):
    developer = "developer"  # builds, trains or substantially modifies the system/model
    deployer = "deployer"  # uses the system in its own operations or decisions
    distributor = "distributor"  # makes a third party's system available, unmodified
    licensee = "licensee"  # licenses a third party's system/model
    operator = "operator"  # makes a chatbot/companion available to users (SB 243 "operator")


class Kind(StrEnum):
    generative = "generative"
    chatbot = "chatbot"
    companion_chatbot = "companion_chatbot"
    foundation_model = "foundation_model"
    frontier_model = "frontier_model"  # the user's own label; legal status is derived from compute
    predictive = "predictive"
    decision_system = "decision_system"
    recommender = "recommender"
    biometric = "biometric"
    emotion_recognition = "emotion_recognition"
    pricing_algorithm = "pricing_algorithm"
    autonomous_agent = "autonomous_agent"


class Modality(StrEnum):
    text = "text"
    image = "image"
    audio = "audio"
    video = "video"
    code = "code"


class Domain(StrEnum):
    """Consequential-decision domains, as the comprehensive AI laws list them."""

    employment = "employment"
    education = "education"
    housing = "housing"
    credit_lending = "credit_lending"
    insurance = "insurance"
    health_care = "health_care"
    legal_services = "legal_services"
    essential_government_services = "essential_government_services"


class Influence(StrEnum):
    """How much the system's output weighs in a decision (the DCWP and Colorado tests)."""

    none = "none"  # output not used in decisions
    supporting = "supporting"  # one criterion, not weighted above others, never overrules
    dominant = "dominant"  # weighted above every other criterion, or used to overrule others
    sole = "sole"  # the sole criterion; replaces the human decision


class BodyType(StrEnum):
    private = "private"
    public = "public"  # a government body


class Sector(StrEnum):
    technology = "technology"
    health_care = "health_care"
    financial_services = "financial_services"
    insurance = "insurance"
    education = "education"
    employment_services = "employment_services"  # employment agencies, staffing
    retail = "retail"
    media_entertainment = "media_entertainment"
    telecommunications = "telecommunications"
    legal_services = "legal_services"
    real_estate = "real_estate"
    manufacturing = "manufacturing"
    transportation = "transportation"
    energy = "energy"
    government = "government"
    other = "other"


class Deployment(StrEnum):
    in_development = "in_development"
    internal_use = "internal_use"
    deployed = "deployed"  # made available to third parties or the public


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Code = Annotated[str, AfterValidator(normalize)]
JurisdictionList = Annotated[
    list[Code],
    Field(description="US jurisdiction codes: 'CA' or 'us-ca', 'DC', 'NYC' (New York City)."),
]


class Organization(Strict):
    name: str = Field(min_length=1)
    does_business_in: JurisdictionList = Field(
        default_factory=list, description="Jurisdictions where the organisation does business."
    )
    consumers_in: JurisdictionList = Field(
        default_factory=list, description="Jurisdictions where it has consumers or users."
    )
    employees_in: JurisdictionList = Field(
        default_factory=list,
        description="Jurisdictions where it has employees or job applicants (candidates).",
    )
    annual_gross_revenue_usd: float | None = Field(
        default=None,
        ge=0,
        description="Annual gross revenue in USD for the preceding calendar year, together with "
        "affiliates (the measure SB 53 and the RAISE Act use). Unknown if omitted.",
    )
    employee_count: int | None = Field(default=None, ge=0, description="Total headcount.")
    body_type: BodyType = Field(default=BodyType.private, description="private or public body.")
    sectors: list[Sector] = Field(default_factory=list)

    @field_validator("does_business_in", "consumers_in", "employees_in")
    @classmethod
    def _norm(cls, v: list[str]) -> list[str]:
        return _dedupe(v)


class AISystem(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Stable slug, unique.")
    name: str = Field(min_length=1)
    description: str | None = None
    vendor: str | None = Field(default=None, description="Who supplies it, if a third party.")
    roles: list[Role] = Field(min_length=1, description="The organisation's role(s).")
    kinds: list[Kind] = Field(default_factory=list)
    deployment: Deployment = Deployment.deployed
    in_use_since: dt.date | None = None
    jurisdictions: JurisdictionList | None = Field(
        default=None,
        description="Where the system is offered or used, or where the people it affects are "
        "(for hiring tools: where candidates reside). Defaults to every jurisdiction listed "
        "for the organisation.",
    )
    training_compute_ops: float | None = Field(
        default=None,
        ge=0,
        description="Integer or floating-point operations used to train the model, including "
        "fine-tuning, reinforcement learning and other material modifications.",
    )
    monthly_active_users: int | None = Field(default=None, ge=0)
    monthly_active_users_by_jurisdiction: dict[Code, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Monthly active users per jurisdiction, when known."
    )
    content_modalities: list[Modality] = Field(
        default_factory=list, description="Modalities of content the system generates."
    )
    decision_domains: list[Domain] = Field(
        default_factory=list, description="Consequential decisions the system is used in."
    )
    decision_influence: Influence | None = Field(
        default=None, description="How much its output weighs in those decisions."
    )
    interacts_with_consumers: bool | None = None
    interacts_with_minors: bool | None = None
    mental_health_support: bool | None = None
    political_advertising: bool | None = None

    @field_validator("jurisdictions")
    @classmethod
    def _norm(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _dedupe(v)

    @model_validator(mode="after")
    def _implied_kinds(self) -> AISystem:
        # A frontier model is a foundation model; a companion chatbot is a chatbot.
        implied = {Kind.frontier_model.value: Kind.foundation_model.value,
                   Kind.companion_chatbot.value: Kind.chatbot.value}  # fmt: skip
        for k, parent in implied.items():
            if k in self.kinds and parent not in self.kinds:
                self.kinds.append(parent)
        return self


class Inventory(Strict):
    schema_version: int = Field(default=SCHEMA_VERSION, description="Inventory format version.")
    organization: Organization
    systems: list[AISystem] = Field(min_length=1)

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(f"this version of policyatlas reads inventory schema_version "
                             f"{SCHEMA_VERSION}, not {v}")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> Inventory:
        seen: set[str] = set()
        for s in self.systems:
            if s.id in seen:
                raise ValueError(f"system id '{s.id}' is used twice; ids must be unique")
            seen.add(s.id)
        return self
