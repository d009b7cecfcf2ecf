"""The law catalogue: list and describe the laws in the packs (the `laws` / `law show` commands).

JSON contract ``policyatlas.laws/v1`` (docs/laws-program-calendar-json.md). With ``binds`` other
than ``organizations`` the catalogue also lists the known laws that bind only individuals or only
government (``packs/_known/individuals-only.yaml``, :mod:`policyatlas.rules.known`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from policyatlas.facts.jurisdictions import ancestors, name_of, normalize
from policyatlas.rules.known import BINDS_OPTIONS, KNOWN_LABEL, KnownLaw, known_laws
from policyatlas.rules.loader import Law, PackSet

LAWS_CONTRACT = "policyatlas.laws/v1"

StatusOn = Literal["not_yet_enacted", "enacted_not_in_force", "in_force", "blocked", "repealed",
                   "expired", "struck_down", "information", "enacted"]
STATUSES_ON: tuple[str, ...] = StatusOn.__args__  # type: ignore[attr-defined]


def status_on(law: Law, day: dt.date) -> StatusOn:
    """The law's status on ``day``, derived from its dates and court orders (a law is blocked
    when an active order stops enforcing all of it against everyone; an order that protects
    only its parties, or reaches only some duties, shows on those duties instead)."""
    m = law.meta
    d = m.dates
    if m.effect == "restricts_regulation" and not law.rules:
        return "information"
    if d.signed and day < d.signed:
        return "not_yet_enacted"
    if d.repealed and day >= d.repealed:
        return "repealed"
    if d.sunset and day >= d.sunset:
        return "expired"
    if day < d.effective:
        return "enacted_not_in_force"
    if any(c.blocks_enforcement and c.active_on(day) and c.scope == "everyone"
           and not c.concerns for c in m.litigation):
        return "struck_down" if m.status == "struck_down" else "blocked"
    return "in_force"


class LawSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    law_id: str
    jurisdiction: str
    jurisdiction_name: str
    title: str
    short_title: str
    citation: str
    original_title: str | None = Field(
        default=None, description="The official title in the law's own language, where it is "
        "not English (e.g. a Chinese regulation's Chinese title); authoritative.")
    family: str | None
    effect: str
    status: str = Field(description="Recorded status as of verified_as_of.")
    status_on_as_of: StatusOn = Field(description="Status on the as-of date, from the dates.")
    signed: dt.date | None
    effective: dt.date | None = Field(description="Null only for a known law whose effective date "
                                      "no source confirmed.")
    enforcement_from: dt.date | None
    repealed: dt.date | None
    sunset: dt.date | None
    verified_as_of: dt.date
    confidence: str
    categories: list[str]
    obligations: int
    uncertainties: list[str]
    litigation: list[str]
    sources: list[str]
    related_bills: list[str]
    binds: Literal["organizations", "individuals", "government"] = Field(
        default="organizations", description="organizations: a pack with duties for "
        "organisations; individuals or government: a known law that binds only them.")
    known_kind: Literal["criminal_only", "individual_liability", "government_only"] | None = Field(
        default=None, description="For a known law: criminal_only, individual_liability or "
        "government_only.")
    known_subject: str | None = Field(
        default=None, description="For a known law: sexual_deepfakes, ai_csam, "
        "election_deepfakes, government_use or other.")
    why_no_duty: str | None = Field(default=None, description="For a known law: why it places no "
                                    "duty on organisations.")


class LawList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contract: Literal["policyatlas.laws/v1"] = LAWS_CONTRACT
    as_of: dt.date
    binds: Literal["organizations", "individuals", "government", "all"] = Field(
        default="organizations", description="Which laws were asked for (--binds).")
    laws: list[LawSummary]


def categories_of(law: Law) -> list[str]:
    seen = dict.fromkeys(ob.category for r in law.rules for ob in r.rule.obligations)
    return list(seen)


def summarize(law: Law, as_of: dt.date) -> LawSummary:
    m = law.meta
    return LawSummary(
        law_id=law.id, jurisdiction=m.jurisdiction, jurisdiction_name=name_of(m.jurisdiction),
        title=m.title, short_title=m.short_title, citation=m.citation,
        original_title=m.original.title if m.original else None, family=m.family,
        effect=m.effect, status=m.status, status_on_as_of=status_on(law, as_of),
        signed=m.dates.signed, effective=m.dates.effective,
        enforcement_from=m.dates.enforcement_from, repealed=m.dates.repealed,
        sunset=m.dates.sunset, verified_as_of=m.verified_as_of, confidence=m.confidence,
        categories=categories_of(law),
        obligations=sum(len(r.rule.obligations) for r in law.rules),
        uncertainties=[f"{u.about}: {u.note}" for u in m.uncertainties],
        litigation=[f"{c.case} ({c.court}): {c.status}" for c in m.litigation],
        sources=[str(s.url) for s in m.sources], related_bills=list(m.related_bills),
    )


def known_status_on(law: KnownLaw, day: dt.date) -> StatusOn:
    """A known law's status on ``day`` from the dates its sources give (``enacted`` when only the
    year is known to have passed)."""
    if law.signed and day < law.signed:
        return "not_yet_enacted"
    if law.effective:
        return "enacted_not_in_force" if day < law.effective else "in_force"
    if law.signed or day.year > law.year:
        return "enacted"
    return "not_yet_enacted"


def summarize_known(law: KnownLaw, as_of: dt.date) -> LawSummary:
    recorded = known_status_on(law, law.verified_as_of)
    return LawSummary(
        law_id=law.id, jurisdiction=law.jurisdiction, jurisdiction_name=name_of(law.jurisdiction),
        title=law.title, short_title=law.short_title, citation=law.citation, family=None,
        effect="none", status=recorded, status_on_as_of=known_status_on(law, as_of),
        signed=law.signed, effective=law.effective, enforcement_from=None, repealed=None,
        sunset=None, verified_as_of=law.verified_as_of, confidence=law.confidence, categories=[],
        obligations=0, uncertainties=[f"sources: {law.note}"] if law.note else [],
        litigation=[], sources=[s.url for s in law.sources],
        related_bills=[law.bill] if law.bill else [], binds=law.binds, known_kind=law.kind,
        known_subject=law.subject, why_no_duty=law.why_no_duty)


def list_laws(
    packs: PackSet,
    as_of: dt.date,
    jurisdiction: str | None = None,
    category: str | None = None,
    status: str | None = None,
    binds: str = "organizations",
    known: tuple[KnownLaw, ...] | list[KnownLaw] | None = None,
) -> LawList:
    """Laws matching the filters; ``jurisdiction`` also matches laws of places inside it.
    ``binds`` picks packs (``organizations``), known laws binding only ``individuals`` or only
    ``government``, or ``all``; ``known`` defaults to the built-in list. An unknown jurisdiction,
    category, status or binds value is a :class:`UserError` naming the filter."""
    from policyatlas.errors import Problem, UserError
    from policyatlas.facts.jurisdictions import UnknownJurisdiction
    from policyatlas.rules.model import Status
    from policyatlas.rules.taxonomy import categories
    from policyatlas.validation import suggest

    try:
        code = normalize(jurisdiction) if jurisdiction else None
    except UnknownJurisdiction as exc:
        raise UserError(str(exc), [Problem(str(exc), field="jurisdiction",
                                           fix=exc.fix)]) from None
    if category and category not in categories():
        guess = suggest(category, list(categories()))
        raise UserError(f"unknown category '{category}'", [Problem(
            "not in the taxonomy", field="category",
            fix=f"did you mean '{guess}'?" if guess else "run `policyatlas taxonomy`")])
    statuses = [*STATUSES_ON, *(s.value for s in Status)]
    if status and status not in statuses:
        guess = suggest(status, statuses)
        raise UserError(f"unknown status '{status}'", [Problem(
            "not a law status", field="status",
            fix=f"did you mean '{guess}'?" if guess else f"one of {', '.join(statuses)}")])
    if binds not in BINDS_OPTIONS:
        guess = suggest(binds, list(BINDS_OPTIONS))
        raise UserError(f"unknown binds value '{binds}'", [Problem(
            "not a choice of --binds", field="binds",
            fix=f"did you mean '{guess}'?" if guess else f"one of {', '.join(BINDS_OPTIONS)}")])
    rows: list[LawSummary] = []
    if binds in ("organizations", "all"):
        rows += [summarize(law, as_of) for law in packs
                 if not (category and category not in categories_of(law))]
    if binds != "organizations" and not category:
        if known is None:
            known = known_laws()
        rows += [summarize_known(k, as_of) for k in known
                 if binds == "all" or k.binds == binds]
    out = []
    for summary in sorted(rows, key=lambda x: (x.jurisdiction, x.law_id)):
        if code and code not in ancestors(summary.jurisdiction):
            continue
        if status and status not in (summary.status_on_as_of, summary.status):
            continue
        out.append(summary)
    return LawList(as_of=as_of, binds=binds, laws=out)  # type: ignore[arg-type]


def law_detail(law: Law) -> dict[str, Any]:
    """Everything known about one law, as plain data (for `law show --format json`)."""
    pack = law.pack
    return {
        "law": pack.law.model_dump(mode="json"),
        "template": pack.template,
        "parameters": {k: v.model_dump(mode="json", by_alias=True)
                       for k, v in pack.parameters.items()},
        "penalties": {k: v.model_dump(mode="json") for k, v in pack.penalties.items()},
        "definitions": {k: {"title": d.title, "citation": d.citation, "when": d.when}
                        for k, d in law.definition_meta.items()},
        "rules": [{**r.rule.model_dump(mode="json"), "starts": r.start.isoformat(),
                   "ends": r.end.isoformat() if r.end else None} for r in law.rules],
    }


def known_detail(law: KnownLaw) -> dict[str, Any]:
    """A known law as plain data, shaped like :func:`law_detail` (no rules) plus ``known``."""
    return {
        "law": {"id": law.id, "jurisdiction": law.jurisdiction, "title": law.title,
                "short_title": law.short_title, "citation": law.citation,
                "status": known_status_on(law, law.verified_as_of),
                "dates": {"signed": law.signed.isoformat() if law.signed else None,
                          "effective": law.effective.isoformat() if law.effective else None},
                "verified_as_of": law.verified_as_of.isoformat(), "confidence": law.confidence,
                "bills": [law.bill] if law.bill else [],
                "sources": [s.model_dump(mode="json") for s in law.sources],
                "uncertainties": [{"about": "sources", "note": law.note}] if law.note else []},
        "template": None, "parameters": {}, "penalties": {}, "definitions": {}, "rules": [],
        "known": {"label": KNOWN_LABEL, "binds": law.binds, "kind": law.kind,
                  "subject": law.subject, "year": law.year, "why_no_duty": law.why_no_duty},
    }
