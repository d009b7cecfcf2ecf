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

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True,
                              allow_inf_nan=False, str_max_length=20_000)


class Role(StrEnum):
    developer = "developer"  # builds, trains or substantially modifies the system/model
    deployer = "deployer"  # uses the system in its own operations or decisions
    distributor = "distributor"  # makes a third party's system available, unmodified
    licensee = "licensee"  # licenses a third party's system/model
    operator = "operator"  # makes a chatbot/companion available to users (SB 243 "operator")
    licensor = "licensor"  # licenses its own system, model or weights to third parties
    # runs the system, or processes personal information with it, on behalf of a client business
    # under a contract that limits its use (a CCPA "service provider" or "contractor"); it does
    # not decide the purposes of the processing
    service_provider = "service_provider"
    # acts for an employer (its client), directly or indirectly, in recruiting, screening, hiring,
    # promotion, pay, benefits or leave, with the system: an employer's "agent" (Cal. FEHA
    # regulations), who is itself treated as an employer
    employer_agent = "employer_agent"


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
    voice_assistant = "voice_assistant"  # stand-alone device voice assistant / speaker interface
    digital_replica = "digital_replica"  # reproduces a specific real person's voice or likeness
    social_media_platform = "social_media_platform"
    file_sharing_platform = "file_sharing_platform"
    messaging_platform = "messaging_platform"
    search_engine = "search_engine"
    model_hosting_platform = "model_hosting_platform"  # offers model weights/code for download
    capture_device = "capture_device"  # a camera, phone or recorder the organisation makes
    # analyses facial features to recognise or persistently track individuals in still or video
    # images (a "facial recognition service", Md. Code, Lab. & Empl. §3-717(a)); implies biometric
    facial_recognition = "facial_recognition"
    nudification_tool = "nudification_tool"  # made and marketed to produce sexual deepfakes
    # an internet application distribution platform (互联网应用程序分发平台: app stores and
    # other platforms that list apps), which checks AI apps at listing
    # (人工智能生成合成内容标识办法 第七条; 互联网信息服务深度合成管理规定 第十三条)
    app_distribution_platform = "app_distribution_platform"


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
    incidental = "incidental"  # used only in incidental, trivial or clerical ways
    supporting = "supporting"  # one criterion, not weighted above others, never overrules
    dominant = "dominant"  # weighted above every other criterion, or used to overrule others
    sole = "sole"  # the sole criterion; replaces the human decision


class BodyType(StrEnum):
    private = "private"
    public = "public"  # a government body
    nonprofit = "nonprofit"  # a private non-profit organisation


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
    business_only = "business_only"  # available only to business customers under contract
    deployed = "deployed"  # available to the public


class EntityType(StrEnum):
    """Licences, charters or registrations the organisation holds (factual status)."""

    health_care_provider = "health_care_provider"
    behavioral_health_provider = "behavioral_health_provider"
    health_insurer = "health_insurer"
    life_insurer = "life_insurer"
    auto_insurer = "auto_insurer"
    other_insurer = "other_insurer"
    financial_institution = "financial_institution"
    licensed_profession = "licensed_profession"
    political_committee = "political_committee"
    broadcaster = "broadcaster"
    higher_education_institution = "higher_education_institution"
    employment_agency = "employment_agency"
    # a HIPAA "covered entity" (45 CFR 160.103): a health plan, a health care clearinghouse, or a
    # health care provider that transmits health information electronically in a HIPAA standard
    # transaction; a health insurer is a health plan, so health_insurer implies it
    hipaa_covered_entity = "hipaa_covered_entity"
    # owns, is a beneficial owner of, or manages residential rental dwelling units (landlord,
    # lessor, owner or operator, property manager): N.Y. Gen. Bus. Law §340-b(1)(d); the city
    # rent-algorithm bans (S.F. Admin. Code §37.10C(b); Phila. Code §9-802; SDMC §98.1102)
    residential_landlord = "residential_landlord"
    # a licensed real estate broker or salesperson (Cal. Bus. & Prof. Code §10140.8)
    real_estate_licensee = "real_estate_licensee"


class Use(StrEnum):
    """What a system is used for; drives sector triggers and exemptions."""

    customer_service = "customer_service"
    productivity_internal = "productivity_internal"
    financial_services = "financial_services"
    education_tool = "education_tool"
    video_game = "video_game"
    entertainment_content = "entertainment_content"
    health_care_delivery = "health_care_delivery"
    patient_communications = "patient_communications"
    personalized_advice = "personalized_advice"
    utilization_review = "utilization_review"
    # diagnosing patients, or recommending a diagnosis or course of treatment from a patient's
    # medical record (Tex. Health & Safety Code §183.005, SB 1188); implies health_care_delivery
    clinical_diagnosis = "clinical_diagnosis"
    # preparing, submitting, coding, reviewing, adjusting (downcoding), paying or denying
    # health-insurance claims: an insurer's claim edits, a provider's billing (Ind. HEA 1271 (2026))
    claims_processing = "claims_processing"
    advertising = "advertising"
    translation = "translation"
    security_integrity = "security_integrity"
    aircraft_operation = "aircraft_operation"
    national_defense = "national_defense"
    assistive_technology = "assistive_technology"
    critical_infrastructure_control = "critical_infrastructure_control"
    worker_or_student_monitoring = "worker_or_student_monitoring"
    academic_research = "academic_research"
    pricing = "pricing"  # sets or recommends prices (incl. compensation) for goods or services
    sales = "sales"  # persuades people to buy or sell goods or services (CA B&P §17941)
    # sets rents or income limits as an affordable-housing program or rent-regulation law
    # requires: excluded from the rent-algorithm bans (N.Y. Gen. Bus. Law §340-b(1)(c);
    # S.F. Admin. Code §37.10C(c)(1)(B); Phila. Code §9-802)
    affordable_housing_rent_limits = "affordable_housing_rent_limits"
    # analyses video interviews that job applicants record and submit (820 ILCS 42/5)
    video_interview_analysis = "video_interview_analysis"
    # used during job applicants' interviews, live or recorded (Md. Lab. & Empl. §3-717(b))
    applicant_interviews = "applicant_interviews"
    # insurance underwriting: deciding whether and on what terms to insure a risk (N.Y. DFS
    # Insurance Circular Letter No. 7 (2024) covers underwriting and pricing only)
    insurance_underwriting = "insurance_underwriting"
    # assigns orders, tasks or shifts to workers and sets their pay, working time or rewards and
    # penalties: platform dispatch (互联网信息服务算法推荐管理规定 第二十条, 工作调度服务)
    work_scheduling = "work_scheduling"


class DataCategory(StrEnum):
    personal_data = "personal_data"
    sensitive_personal_data = "sensitive_personal_data"
    external_consumer_data = "external_consumer_data"  # insurers' "ECDIS"
    competitor_data = "competitor_data"
    # competitors' data not available to the general public (actual rents, occupancy, lease
    # dates), anonymised or not: S.F. Admin. Code §37.10C(c)(2); Phila. Code §9-802; implies
    # competitor_data
    nonpublic_competitor_data = "nonpublic_competitor_data"
    # China's "important data" (重要数据): catalogued, notified or published as such; its
    # processors owe risk assessments (数据安全法 第三十条;
    # 网络数据安全管理条例 第三十三条, 第六十二条)
    important_data = "important_data"


class CompanionFeature(StrEnum):
    """Observable relationship features of a conversational system."""

    humanlike_persona = "humanlike_persona"  # human-like responses, anthropomorphic persona
    remembers_user = "remembers_user"  # retains prior interactions to personalise
    unprompted_emotional_questions = "unprompted_emotional_questions"
    personal_dialogue = "personal_dialogue"  # sustained dialogue on personal matters
    sustains_relationship = "sustains_relationship"  # meets social needs across sessions


class SynthesisFunction(StrEnum):
    """What a generation or "deep synthesis" service generates or edits: the kinds of service
    China's rules label differently (深度合成管理规定 第十七条; 标识办法 第四条)."""

    text_dialogue_or_writing = "text_dialogue_or_writing"  # 智能对话、智能写作 (as a person)
    voice_synthesis_or_cloning = "voice_synthesis_or_cloning"  # 合成人声、仿声
    face_or_body_editing = "face_or_body_editing"  # 人脸生成、人脸替换、人脸操控、姿态操控
    image_or_video_generation = "image_or_video_generation"  # other image and video generation
    music_or_sound_generation = "music_or_sound_generation"  # music and non-voice sound
    immersive_scenes = "immersive_scenes"  # 沉浸式拟真场景, virtual scenes, 3-D reconstruction


class CnFilingStatus(StrEnum):
    """Where the system stands in China's algorithm / generative-AI filing (备案)."""

    not_filed = "not_filed"
    pending = "pending"  # submitted, no filing number yet
    filed = "filed"  # filed, with a filing number (备案编号)


class EuRole(StrEnum):
    """The organisation's role for a system under the EU AI Act (Regulation (EU) 2024/1689,
    Art. 3(3)-(8))."""

    provider = "provider"  # develops it and places it on the market under its name
    deployer = "deployer"  # uses it under its authority (not personal use)
    importer = "importer"  # EU-based; places a third-country system on the market
    distributor = "distributor"  # makes it available on the Union market
    authorised_representative = "authorised_representative"  # mandated by a third-country provider
    product_manufacturer = "product_manufacturer"  # with its product, under its own name


class EuMarket(StrEnum):
    """How the system reaches the Union (AI Act Art. 2(1), Art. 3(9)-(11))."""

    placed_on_market = "placed_on_market"  # first made available on the Union market
    put_into_service = "put_into_service"  # first use in the Union
    output_used_in_union = "output_used_in_union"  # its output is used in the Union


class AnnexIIIArea(StrEnum):
    """The high-risk areas of AI Act Annex III (points 1-8)."""

    biometrics = "biometrics"
    critical_infrastructure = "critical_infrastructure"
    education = "education"
    employment = "employment"
    essential_services = "essential_services"
    law_enforcement = "law_enforcement"
    migration_border = "migration_border"
    justice_democracy = "justice_democracy"


class Depiction(StrEnum):
    real_people = "real_people"  # realistic image/audio/video of identifiable real people
    synthetic_people = "synthetic_people"  # realistic humans who are not real people


class TrainingStatus(StrEnum):
    """Where the training of the model the compute figures describe stands."""

    planned = "planned"  # decided or budgeted, but no training run has started
    in_progress = "in_progress"  # a run (or further fine-tuning, RL, modification) has started
    completed = "completed"  # trained; no further training under way


class MentalHealth(StrEnum):
    """What a system offers for mental or behavioural health (the laws' dividing line)."""

    none = "none"  # offers no mental-health support and is not presented as doing so
    general_wellness = "general_wellness"  # wellness, emotional or peer-style support, self-help
    therapy_or_professional_care = "therapy_or_professional_care"  # diagnoses, treats or improves


class HumanReview(StrEnum):
    none = "none"
    partial = "partial"  # some outputs, or nominal review only
    every_output = "every_output"  # a person who can change it reviews every output first
    every_output_licensed = "every_output_licensed"  # ... by a licensed professional


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Code = Annotated[str, AfterValidator(normalize)]
JurisdictionList = Annotated[
    list[Code],
    Field(description="US jurisdiction codes: 'CA' or 'us-ca', 'DC', 'NYC' (New York City)."),
]


class Organization(Strict):
    name: str = Field(min_length=1, max_length=500)
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
    offices_in: JurisdictionList = Field(
        default_factory=list,
        description="Jurisdictions where the organisation has an office or other physical "
        "location it operates from (for an employment agency: where it is located, the test of "
        "the NYC DCWP's AEDT guidance; for a health-care provider: 'operating from a location "
        "within Colorado', C.R.S. §6-1-1708(3)(b)). Empty if none is listed.",
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
    lists_complete: bool = Field(
        default=False,
        description="true: every list this inventory leaves out is empty — the organisation "
        "holds no entity type, and no use, data category, companion feature or depiction "
        "applies to a system — so laws whose exemptions or triggers are those lists can be "
        "decided. Each system follows this unless it sets its own lists_complete; every trace "
        "that relies on it says so.",
    )
    entity_types: list[EntityType] | None = Field(
        default=None, description="Licences or registrations held (unknown if omitted)."
    )
    personal_data_subjects_by_jurisdiction: dict[Code, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Consumers or households whose personal information it processed in the "
        "preceding calendar year, per jurisdiction.",
    )
    personal_data_sold_or_shared_by_jurisdiction: dict[Code, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Consumers or households whose personal information it bought, sold or "
        "shared in the preceding calendar year, per jurisdiction.",
    )
    sensitive_data_subjects_by_jurisdiction: dict[Code, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Consumers whose sensitive personal information it processed in the "
        "preceding calendar year, per jurisdiction.",
    )
    litigant_in: list[str] = Field(
        default_factory=list,
        description="Court cases in which the organisation is a party that a court order "
        "protects, by the case id the law packs give them (`policyatlas law show` lists them, "
        "e.g. 'xai-v-weiser'). An order that protects only its parties blocks enforcement "
        "against the organisation only when it is listed here.")
    revenue_share_from_personal_data_pct: float | None = Field(
        default=None, ge=0, le=100,
        description="Percent of annual revenue from selling or sharing personal information.",
    )
    provides_public_services: bool | None = Field(
        default=None,
        description="A body governed by public law, or a private entity providing public "
        "services (education, health care, social services, housing, administration of "
        "justice): the deployers that owe a fundamental-rights impact assessment under the EU "
        "AI Act (Regulation (EU) 2024/1689, Art. 27(1)).",
    )
    annual_revenue_krw: float | None = Field(
        default=None, ge=0,
        description="Total annual revenue (sales) in the preceding year, in Korean won, "
        "worldwide: a domestic-agent threshold of Korea's AI Framework Act (Art. 36(1) and its "
        "Enforcement Decree).",
    )
    kr_ai_service_revenue_krw: float | None = Field(
        default=None, ge=0,
        description="Revenue from AI services in the preceding year, in Korean won: a "
        "domestic-agent threshold of Korea's AI Framework Act (Art. 36(1) and its Enforcement "
        "Decree).",
    )
    kr_daily_users: int | None = Field(
        default=None, ge=0,
        description="Average daily users in Korea over the preceding three months: a "
        "domestic-agent threshold of Korea's AI Framework Act (Art. 36(1) and its Enforcement "
        "Decree).",
    )

    @field_validator("entity_types")
    @classmethod
    def _implied_entities(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and EntityType.behavioral_health_provider.value in v:
            v = _dedupe([*v, EntityType.health_care_provider.value])
        if v is not None and EntityType.health_insurer.value in v:
            # A health insurance issuer is a "health plan", hence a HIPAA covered entity.
            v = _dedupe([*v, EntityType.hipaa_covered_entity.value])
        return v

    @field_validator("does_business_in", "consumers_in", "employees_in", "offices_in")
    @classmethod
    def _norm(cls, v: list[str]) -> list[str]:
        return _dedupe(v)


class AISystem(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=100,
                    description="Stable slug, unique.")
    name: str = Field(min_length=1, max_length=500)
    description: str | None = Field(default=None, max_length=10_000)
    vendor: str | None = Field(default=None, description="Who supplies it, if a third party.")
    roles: list[Role] = Field(min_length=1, description="The organisation's role(s).")
    kinds: list[Kind] = Field(default_factory=list)
    deployment: Deployment = Deployment.deployed
    in_use_since: dt.date | None = None
    jurisdictions: JurisdictionList | None = Field(
        default=None,
        description="Where the system is offered or used, or where the people it affects are. "
        "Defaults to every jurisdiction listed for the organisation. For hiring and other "
        "employment tools also give job_locations and candidates_reside_in, which default to "
        "this list.",
    )
    job_locations: JurisdictionList | None = Field(
        default=None,
        description="For employment tools: where the positions the system screens or assesses "
        "people for are located — the jurisdictions of the offices where each job is performed "
        "at least part time and, for a fully remote job, of the office the job is associated "
        "with (NYC DCWP AEDT guidance on 'in the city'; an 'opportunity in Colorado', C.R.S. "
        "§6-1-1701(4)(b)). Defaults to `jurisdictions`.",
    )
    candidates_reside_in: JurisdictionList | None = Field(
        default=None,
        description="For employment tools: where the job candidates and employees the system "
        "screens or assesses reside (N.Y.C. Admin. Code §20-871(b): notice to each candidate or "
        "employee 'who resides in the city'; a job applicant 'who is a Colorado resident', "
        "C.R.S. §6-1-1701(4)(b); California-resident applicants and employees under the CCPA). "
        "Defaults to `jurisdictions`.",
    )
    training_compute_ops: float | None = Field(
        default=None,
        ge=0,
        description="Integer or floating-point operations used to train the model so far, "
        "including fine-tuning, reinforcement learning and other material modifications (for a "
        "completed model, the total).",
    )
    training_status: TrainingStatus = Field(
        default=TrainingStatus.completed,
        description="planned (no training run started yet), in_progress (a run, or further "
        "fine-tuning or modification, has started) or completed. Defaults to completed: the "
        "compute figure then describes a finished model. SB 53 reaches a person who 'has "
        "trained, or initiated the training of' a frontier model (Bus. & Prof. Code "
        "§22757.11(h)).",
    )
    planned_training_compute_ops: float | None = Field(
        default=None,
        ge=0,
        description="For a planned or in-progress run: the total operations the developer "
        "intends to use to train the model, counting the original run and planned fine-tuning, "
        "reinforcement learning and other material modifications (SB 53 §22757.11(h): 'has "
        "used, or intends to use'; Connecticut PA 26-15 §2: 'trains or intends to train'). Not "
        "less than training_compute_ops.",
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
    lists_complete: bool | None = Field(
        default=None,
        description="true: the lists this system leaves out (uses, data_categories, "
        "companion_features, depicts_people, synthesis_functions) are empty; false: they are "
        "unknown. Defaults to the organisation's lists_complete.",
    )
    uses: list[Use] | None = Field(default=None, description="What it is used for.")
    data_categories: list[DataCategory] | None = Field(
        default=None, description="Data it processes in training or operation."
    )
    companion_features: list[CompanionFeature] | None = Field(
        default=None, description="Relationship features of a conversational system."
    )
    depicts_people: list[Depiction] | None = Field(
        default=None, description="Realistic depictions of people it generates or alters."
    )
    human_review: HumanReview | None = Field(
        default=None, description="Whether a person reviews outputs before they are used."
    )
    developed_in: JurisdictionList | None = Field(
        default=None, description="Where the system or model is developed or trained."
    )
    first_released: dt.date | None = Field(
        default=None,
        description="First made publicly available (or current substantially modified version).",
    )
    interacts_with_consumers: bool | None = Field(
        default=None, description="Used by individuals for personal, family or household purposes."
    )
    interacts_with_minors: bool | None = Field(
        default=None, description="People under 18 use or interact with the system.")
    directed_to_minors: bool | None = Field(
        default=None, description="Designed for, marketed to or directed at people under 18."
    )
    knows_users_are_minors: bool | None = Field(
        default=None,
        description="The operator actually knows that one or more users are under 18 — from "
        "a stated birth date or age, age verification or estimation, a parent's notice or "
        "similar information it holds (SB 243: 'a user that the operator knows is a minor', "
        "Bus. & Prof. Code §22602(c)). Implies interacts_with_minors; false when "
        "interacts_with_minors is false.",
    )
    mental_health: MentalHealth | None = Field(
        default=None,
        description="none; general_wellness (wellness, emotional or peer-style support and "
        "self-help material that does not purport to diagnose or treat mental-health conditions "
        "or to offer therapy); or therapy_or_professional_care (therapy, psychotherapy or other "
        "services to diagnose, treat or improve an individual's mental or behavioural health, "
        "that would be professional mental or behavioural health care if a person provided "
        "them: 225 ILCS 155/10, Nev. AB 406 (2025) §7).",
    )
    represented_as_professional_care: bool | None = Field(
        default=None,
        description="The system is represented — in marketing, its name, interface or output — "
        "as a therapist, psychotherapist, counsellor, psychologist or other mental-health "
        "professional, or as able or qualified to provide therapy or professional mental or "
        "behavioural health care (Nev. AB 406 §7; 'advertise or otherwise offer' therapy, "
        "225 ILCS 155/20(a)).",
    )
    mental_health_support: bool | None = Field(
        default=None,
        description="Provides, or is presented as providing, mental or behavioural health "
        "support or therapy of any kind. Derived from mental_health and "
        "represented_as_professional_care when they are given; an inventory may give this "
        "alone (the laws that separate therapy from general wellness then stay undetermined).",
    )
    fda_regulated_device: bool | None = Field(
        default=None,
        description="The system is, or is part of, a medical device subject to oversight by "
        "the US Food and Drug Administration (cleared, approved, authorised or otherwise "
        "regulated as a device, including software as a medical device) (C.R.S. §6-1-1708(4)).",
    )
    offered_to_public_in_mainland_china: bool | None = Field(
        default=None,
        description="The service is provided to the public within mainland China "
        "(生成式人工智能服务管理暂行办法 第二条: 向中华人民共和国境内公众提供服务). false for "
        "research, development and internal use not offered to the public there (第二条第三款), "
        "and for services offered only outside mainland China. Left out, it is false for a "
        "system whose jurisdictions do not include cn, and unknown for one that does.",
    )
    public_opinion_attributes: bool | None = Field(
        default=None,
        description="The service has public-opinion attributes or social-mobilisation capacity "
        "(具有舆论属性或者社会动员能力): forums, blogs, microblogs, chat rooms, groups, public "
        "accounts, short video, live streaming, information sharing or mini programs that let "
        "the public express opinions, or that can mobilise the public "
        "(具有舆论属性或社会动员能力的互联网信息服务安全评估规定 第二条).",
    )
    synthesis_functions: list[SynthesisFunction] | None = Field(
        default=None,
        description="What the service generates or edits, for the labelling duties of China's "
        "deep-synthesis provisions (第十七条) and AI-content labelling measures. Empty if it "
        "generates nothing.",
    )
    cn_filing_status: CnFilingStatus | None = Field(
        default=None,
        description="Algorithm or generative-AI filing (备案) with the Cyberspace Administration "
        "of China: not_filed, pending or filed.",
    )
    cn_filing_number: str | None = Field(
        default=None, max_length=100,
        description="The filing number (备案编号) once filed, as displayed on the service.",
    )
    political_advertising: bool | None = Field(
        default=None, description="Creates or distributes election or political advertising."
    )
    hosts_user_content: bool | None = Field(
        default=None,
        description="Serves the public and primarily provides a forum for user-generated content "
        "(posts, messages, images, video, audio, games).",
    )
    federal_procurement: bool | None = Field(
        default=None,
        description="Provided to US federal executive agencies under a contract, order or "
        "agreement (or offered in a federal solicitation).",
    )
    replicates_contracted_performers: bool | None = Field(
        default=None,
        description="Creates or uses digital replicas of the voice or likeness of individuals "
        "the organisation engages under agreements for personal or professional services "
        "(performers, voice actors, models), in place of work they would otherwise perform in "
        "person: the test of Cal. Lab. Code §927(a)(1), N.Y. Gen. Oblig. Law §5-302(1)(a) and "
        "815 ILCS 550/10(a)(1).",
    )
    eu_roles: list[EuRole] | None = Field(
        default=None,
        description="The organisation's roles for the system under the EU AI Act: provider, "
        "deployer, importer, distributor, authorised_representative, product_manufacturer "
        "(Regulation (EU) 2024/1689, Art. 3(3)-(8)). Empty if it has none.",
    )
    eu_market: list[EuMarket] | None = Field(
        default=None,
        description="How the system or model reaches the European Union: placed_on_market, "
        "put_into_service, output_used_in_union (AI Act Art. 2(1)). Empty if none.",
    )
    annex_iii_areas: list[AnnexIIIArea] | None = Field(
        default=None,
        description="The AI Act Annex III high-risk areas whose listed use cases the system is "
        "intended for (Art. 6(2)). Empty if none.",
    )
    annex_i_safety_component: bool | None = Field(
        default=None,
        description="The system is a safety component of a product, or is itself a product, "
        "covered by the Union harmonisation legislation of AI Act Annex I that must undergo a "
        "third-party conformity assessment (Art. 6(1)).",
    )
    annex_iii_derogation: bool | None = Field(
        default=None,
        description="The provider has assessed and documented that the Annex III system poses "
        "no significant risk of harm because one of the conditions of AI Act Art. 6(3) is met "
        "(narrow procedural task, improving a completed human activity, detecting decision "
        "patterns, preparatory task).",
    )
    performs_profiling: bool | None = Field(
        default=None,
        description="The system profiles natural persons (GDPR Art. 4(4)); an Annex III system "
        "that does is always high-risk (AI Act Art. 6(3), last subparagraph).",
    )
    gpai_model: bool | None = Field(
        default=None,
        description="The entry is a general-purpose AI model: trained on large data, showing "
        "significant generality and able to perform a wide range of distinct tasks (AI Act Art. "
        "3(63)).",
    )
    gpai_systemic_risk_designated: bool | None = Field(
        default=None,
        description="The European Commission has designated the general-purpose AI model as "
        "having systemic risk (AI Act Arts. 51(1)(b), 52(4)).",
    )
    open_source_release: bool | None = Field(
        default=None,
        description="Released under a free and open-source licence allowing access, use, "
        "modification and distribution, with its weights, architecture and usage information "
        "public (AI Act Arts. 2(12), 53(2), 54(6)).",
    )
    eu_significant_change: bool | None = Field(
        default=None,
        description="A high-risk system placed on the EU market before the high-risk rules "
        "apply to it has since been subject to significant changes in its design (AI Act Art. "
        "111(2)).",
    )
    kr_high_impact: bool | None = Field(
        default=None,
        description="High-impact AI under Korea's AI Framework Act: likely to have a significant "
        "impact on, or pose a risk to, human life, physical safety or fundamental rights, and "
        "used in an area of Art. 2(4) (energy, drinking water, health care, medical devices, "
        "nuclear, biometric analysis for investigations, hiring and loan screening, transport, "
        "public decisions, student evaluation).",
    )

    @field_validator("developed_in")
    @classmethod
    def _norm_dev(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _dedupe(v)

    @field_validator("jurisdictions", "job_locations", "candidates_reside_in")
    @classmethod
    def _norm(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _dedupe(v)

    @field_validator("uses", "data_categories")
    @classmethod
    def _implied_values(cls, v: list[str] | None) -> list[str] | None:
        # Diagnosis is a part of health-care delivery; nonpublic competitor data is competitor
        # data.
        for narrow, broad in ((Use.clinical_diagnosis, Use.health_care_delivery),
                              (DataCategory.nonpublic_competitor_data,
                               DataCategory.competitor_data)):
            if v is not None and narrow.value in v:
                v = _dedupe([*v, broad.value])
        return v

    @model_validator(mode="after")
    def _consistent_facts(self) -> AISystem:
        """Facts that imply one another are filled in; contradictions are errors."""
        used, planned = self.training_compute_ops, self.planned_training_compute_ops
        if used is not None and planned is not None and planned < used:
            raise ValueError(
                f"planned_training_compute_ops ({planned:g}) is less than training_compute_ops "
                f"({used:g}); give the total the developer intends to use, at least what it has "
                "used")
        if self.knows_users_are_minors and self.interacts_with_minors is False:
            raise ValueError("knows_users_are_minors is true but interacts_with_minors is false; "
                             "an operator that knows a user is a minor has minor users")
        if self.knows_users_are_minors:
            self.interacts_with_minors = True
        elif self.interacts_with_minors is False and self.knows_users_are_minors is None:
            self.knows_users_are_minors = False
        self._mental_health_facts()
        return self

    def _mental_health_facts(self) -> None:
        level, shown = self.mental_health, self.represented_as_professional_care
        if level == MentalHealth.none.value:
            if shown:
                raise ValueError(
                    "mental_health is none but represented_as_professional_care is true; a "
                    "system presented as professional care is at least presented as mental-"
                    "health support (use general_wellness or therapy_or_professional_care)")
            shown = self.represented_as_professional_care = False
        derived = (True if (level not in (None, MentalHealth.none.value) or shown)
                   else False if level == MentalHealth.none.value else None)
        given = self.mental_health_support
        if given is False and derived is True:
            raise ValueError("mental_health_support is false but mental_health or "
                             "represented_as_professional_care says the system offers or is "
                             "presented as offering mental-health support")
        if given is True and level == MentalHealth.none.value:
            raise ValueError("mental_health_support is true but mental_health is none")
        if given is False:
            # The old single fact: no support of any kind, and not presented as offering it.
            if level is None:
                self.mental_health = MentalHealth.none.value
            if shown is None:
                self.represented_as_professional_care = False
        elif given is None:
            self.mental_health_support = derived

    @model_validator(mode="after")
    def _implied_kinds(self) -> AISystem:
        # A frontier model is a foundation model; a companion chatbot is a chatbot; facial
        # recognition is biometric identification.
        implied = {Kind.frontier_model.value: Kind.foundation_model.value,
                   Kind.companion_chatbot.value: Kind.chatbot.value,
                   Kind.facial_recognition.value: Kind.biometric.value}  # fmt: skip
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
