"""The assessment as a JSON document (contract ``policyatlas.assessment/v2``), and back.

In memory an assessment is rich: every obligation carries its law's name, its text, its
penalty, its court orders and its trace (``results.py``), so views read it directly. On the
wire each thing is written once and referenced (docs/assessment-json.md):

* ``laws`` — each law with obligations: titles, status on the date, its open questions, its
  penalties, its court cases and its dated events;
* ``obligations`` — each obligation once: what it is on the date (text, citation, timing,
  deadline, window, penalty, court orders), whichever systems owe it;
* ``systems[].obligations`` — per system only what differs: the status, the recurrence (it
  anchors on the system's first use) and the missing facts;
* ``systems[].traces`` — each rule's trace once per system; the body of a named definition
  that appears more than once anywhere is kept once in ``subtrees`` and referenced by id.

Fields that are null or empty are left out. :func:`read` turns a document back into the rich
:class:`~policyatlas.engine.results.Assessment`; :func:`read_any` also reads v1 files.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from policyatlas.engine.wire import InstanceDoc

from pydantic import BaseModel

from policyatlas.engine import results as R

CONTRACT = R.CONTRACT


# ---------------------------------------------------------------- writing


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is at its default: null, empty, false (zeros and text stay)."""
    return {k: v for k, v in d.items()
            if v is not None and v is not False and (v or not isinstance(v, list | dict))}


def _param(p: Any) -> dict[str, Any]:
    return _clean({"law_id": p.law_id, "name": p.name, "value": _iso(p.value), "unit": p.unit,
                   "valid_from": _iso(p.valid_from), "read_on": _iso(p.read_on),
                   "citation": p.citation, "url": p.url})


def _frozen(v: Any) -> Any:
    return tuple(_frozen(x) for x in v) if isinstance(v, list) else v


# The static part of a trace node (everything but its result and the inventory's value) is the
# same at every evaluation of the same compiled node: computed once per compiled node.
_STATIC: dict[int, tuple[Any, dict[str, Any], tuple]] = {}


def _static(node: Any) -> tuple[dict[str, Any], tuple]:
    src = getattr(node, "src", None)
    if src is not None:
        hit = _STATIC.get(id(src))
        if hit is not None and hit[0] is src:
            return hit[1], hit[2]
    own = _clean({"kind": node.kind, "label": node.label, "cite": node.cite,
                  "name": node.name, "fact": node.fact, "key": node.key,
                  "operator": node.operator, "expected": _jsonable(node.expected),
                  "description": None if node.label else node.description,
                  "param": _param(node.param) if node.param else None, "note": node.note})
    key = tuple((k, _frozen(v) if not isinstance(v, dict) else tuple(sorted(v.items())))
                for k, v in own.items())
    if src is not None:
        if len(_STATIC) > 200_000:
            _STATIC.clear()
        _STATIC[id(src)] = (src, own, key)
    return own, key


def _jsonable(v: Any) -> Any:
    return [_iso(x) for x in v] if isinstance(v, list | tuple) else _iso(v)


def _fields(node: Any) -> dict[str, Any]:
    out = dict(_static(node)[0])
    if node.actual is not None:
        out["actual"] = _jsonable(node.actual)
    if node.result is not None:
        out["result"] = node.result
    if getattr(node, "stated", None):
        out["stated"] = node.stated
    return out


def node_json(node: Any) -> dict[str, Any]:
    """A trace node as JSON, whole (null fields left out)."""
    out = _fields(node)
    if node.children:
        out["children"] = [node_json(c) for c in node.children]
    return out


class _Shared:
    """Trace bodies of named definitions, by content: a body that occurs more than once in the
    document is written once in ``subtrees`` (ids in the order they are first written)."""

    def __init__(self, roots: list[Any]) -> None:
        self.ids: dict[tuple, int] = {}
        self.node_id: dict[int, int] = {}
        self.body: dict[int, tuple] = {}
        self.count: dict[tuple, int] = {}
        self.names: dict[tuple, str] = {}
        self.subtrees: dict[str, list[dict[str, Any]]] = {}
        for r in roots:
            self._measure(r)

    def _measure(self, node: Any) -> int:
        kids = tuple(self._measure(c) for c in node.children)
        key = (_static(node)[1], node.result, _frozen(node.actual),
               getattr(node, "stated", None), kids)
        ident = self.ids.setdefault(key, len(self.ids))
        self.node_id[id(node)] = ident
        if node.kind == "ref" and kids:
            self.body[id(node)] = kids
            self.count[kids] = self.count.get(kids, 0) + 1
        return ident

    def write(self, node: Any) -> dict[str, Any]:
        out = _fields(node)
        body = self.body.get(id(node))
        if body is not None and self.count[body] > 1:
            name = self.names.get(body)
            if name is None:
                name = self.names[body] = f"s{len(self.names) + 1}"
                self.subtrees[name] = [self.write(c) for c in node.children]
            out["body"] = name
        elif node.children:
            out["children"] = [self.write(c) for c in node.children]
        return out


def _trace(t: R.RuleTrace, shared: _Shared) -> dict[str, Any]:
    out = _clean({"rule_title": t.rule_title, "rule_citation": t.rule_citation,
                  "evaluated_on": _iso(t.evaluated_on),
                  "parameters": [_param(p) for p in t.parameters],
                  "condition": shared.write(t.condition)})
    if t.result is not None:
        out["result"] = t.result
    return out


def _model(m: BaseModel | None) -> dict[str, Any] | None:
    """A flat result model (timing, deadline, recurrence, penalty) as JSON data."""
    return None if m is None else _clean({k: _iso(v) for k, v in m.__dict__.items()})


def to_doc(a: R.Assessment) -> dict[str, Any]:
    """The v2 document of an assessment, as plain JSON-ready data."""
    laws: dict[str, dict[str, Any]] = {}
    case_index: dict[str, dict[tuple[str, str], int]] = {}
    event_index: dict[str, dict[tuple, int]] = {}
    for law_id, info in a.laws.items():
        laws[law_id] = _clean({
            "title": info.title, "short_title": info.short_title,
            "jurisdiction": info.jurisdiction, "jurisdiction_name": info.jurisdiction_name,
            "citation": info.citation, "status_on_as_of": info.status_on_as_of,
            "confidence": info.confidence, "verified_as_of": _iso(info.verified_as_of),
            "source_url": info.source_url, "uncertainties": list(info.uncertainties)})
        case_index[law_id] = {}
        event_index[law_id] = {}

    def case_ref(law_id: str, c: R.CourtOrder) -> dict[str, Any]:
        idx = case_index[law_id]
        k = (c.case, str(c.effect_from))
        if k not in idx:
            idx[k] = len(idx)
            laws[law_id].setdefault("cases", []).append(_clean({
                "case_id": c.case_id, "case": c.case, "court": c.court, "status": c.status,
                "order": c.order, "blocks_enforcement": c.blocks_enforcement or None,
                "scope": c.scope, "protects": c.protects, "effect_from": _iso(c.effect_from),
                "effect_until": _iso(c.effect_until), "until_event": c.until_event,
                "note": c.note, "uncertain": c.uncertain, "source": c.source}))
        return _clean({"case": idx[k], "blocks_this": c.blocks_this or None})

    obligations: dict[str, dict[str, Any]] = {}

    def penalty_ref(o: R.ObligationResult) -> str | None:
        if o.penalty is None:
            return None
        laws[o.law_id].setdefault("penalties", {})[o.penalty.id] = _model(o.penalty)
        return o.penalty.id

    def catalogue(o: R.ObligationResult) -> None:
        if o.key in obligations:
            return
        hit = _ENTRIES.get(id(o.timing))  # the timing object is shared by one static entry
        if hit is not None and hit[0] is o.timing:
            entry = dict(hit[1])
        else:
            entry = _entry(o, laws[o.law_id]["source_url"])
            if len(_ENTRIES) > 50_000:
                _ENTRIES.clear()
            _ENTRIES[id(o.timing)] = (o.timing, entry)
            entry = dict(entry)
        if o.penalty is not None:
            entry["penalty"] = penalty_ref(o)
        if o.court_orders:
            entry["court_orders"] = [case_ref(o.law_id, c) for c in o.court_orders]
        obligations[o.key] = entry

    def instance(o: R.ObligationResult) -> dict[str, Any]:
        catalogue(o)
        return _clean({"key": o.key, "status": o.status, "recurrence": _model(o.recurrence),
                       "missing_facts": list(o.missing_facts)})

    shared = _Shared([t.condition for s in a.systems for t in s.traces.values()])
    systems = []
    for s in a.systems:
        events = []
        for e in s.events:
            idx = event_index.setdefault(e.law_id, {})
            k = (e.date, e.kind, e.text, e.citation)
            if k not in idx:
                idx[k] = len(idx)
                laws.setdefault(e.law_id, {}).setdefault("events", []).append(_clean({
                    "date": _iso(e.date), "kind": e.kind, "text": e.text,
                    "citation": e.citation}))
            events.append(f"{e.law_id}:{idx[k]}")
        instances = [instance(o) for o in s.obligations]
        systems.append(_clean({
            "id": s.id, "name": s.name, "in_use_since": _iso(s.in_use_since),
            "applicable_laws": list(s.applicable_laws), "upcoming_laws": list(s.upcoming_laws),
            "undetermined": [_clean({"law_id": u.law_id, "rule_id": u.rule_id,
                                     "rule_title": u.rule_title,
                                     "missing_facts": list(u.missing_facts),
                                     "obligations": list(u.obligations)})
                             for u in s.undetermined],
            "events": events,
            "traces": {k: _trace(t, shared) for k, t in s.traces.items()}}) | {
                "counts": s.counts.model_dump(), "obligations": instances})
    org = [instance(o) | {"systems": list(o.systems)} for o in a.organization_obligations]
    return {  # every top-level field is always there, empty or not
        "contract": CONTRACT, "generator": a.generator, "as_of": _iso(a.as_of),
        "organization": a.organization, "counts": a.counts.model_dump(mode="json"),
        "laws_evaluated": [_clean({"law_id": r.law_id, "status": r.status,
                                   "effective": _iso(r.effective),
                                   "repealed": _iso(r.repealed),
                                   "verified_as_of": _iso(r.verified_as_of),
                                   "confidence": r.confidence}) for r in a.laws_evaluated],
        "laws": laws, "obligations": obligations, "systems": systems,
        "organization_obligations": org, "subtrees": shared.subtrees,
        "to_decide": [_clean(t.model_dump()) for t in a.to_decide]}


# What an obligation is on the wire (all but its penalty key and court-order references, which
# point into the document's own law entries), kept per static obligation of the engine.
_ENTRIES: dict[int, tuple[Any, dict[str, Any]]] = {}


def _entry(o: R.ObligationResult, law_source: str) -> dict[str, Any]:
    return _clean({
        "law_id": o.law_id, "rule_id": o.rule_id, "obligation_id": o.obligation_id,
        "category": o.category, "title": o.title, "text": o.text, "citation": o.citation,
        "source_url": None if o.source_url == law_source else o.source_url,
        "optional": o.optional or None, "scope": None if o.scope == "system" else o.scope,
        "effective_from": _iso(o.effective_from), "effective_until": _iso(o.effective_until),
        "timing": _model(o.timing), "deadline": _model(o.deadline),
        "confidence": o.confidence, "uncertain": list(o.uncertain)})


def dumps(a: R.Assessment, indent: int | None = None) -> str:
    """The v2 document as JSON text (compact unless ``indent`` is given)."""
    doc = to_doc(a)
    if indent is None:
        return orjson.dumps(doc).decode("utf-8")
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def dump_bytes(a: R.Assessment) -> bytes:
    """The v2 document as compact UTF-8 JSON (what the service sends)."""
    return orjson.dumps(to_doc(a))


# ---------------------------------------------------------------- reading


class Node:
    """A trace node read back from a document (the fields of the engine's TraceNode)."""

    __slots__ = ("actual", "children", "cite", "description", "expected", "fact", "key",
                 "kind", "label", "name", "note", "operator", "param", "result", "stated")

    def __init__(self, data: dict[str, Any], subtrees: dict[str, Any]) -> None:
        for f in self.__slots__:
            setattr(self, f, data.get(f))
        body = data.get("body")
        kids = subtrees[body] if body is not None else data.get("children") or []
        self.children = [Node(c, subtrees) for c in kids]
        if self.param is not None:
            self.param = R.ParamTrace.model_validate(self.param)


def read(doc: dict[str, Any]) -> R.Assessment:
    """The rich assessment from a v2 document (validated against the published shape)."""
    from policyatlas.engine.wire import AssessmentDoc

    d = AssessmentDoc.model_validate(doc)
    laws = {law_id: R.LawInfo(
        law_id=law_id, title=ld.title, short_title=ld.short_title,
        jurisdiction=ld.jurisdiction, jurisdiction_name=ld.jurisdiction_name,
        citation=ld.citation, status_on_as_of=ld.status_on_as_of, confidence=ld.confidence,
        verified_as_of=ld.verified_as_of, source_url=ld.source_url,
        uncertainties=ld.uncertainties, penalties=ld.penalties) for law_id, ld in d.laws.items()}
    raw_subtrees = doc.get("subtrees") or {}

    from policyatlas.rules.taxonomy import category_labels

    labels = category_labels()

    def obligation(inst: InstanceDoc, system_id: str | None) -> dict[str, Any]:
        ob = d.obligations[inst.key]
        law = d.laws[ob.law_id]
        orders = [R.CourtOrder(**law.cases[r.case].model_dump(), blocks_this=r.blocks_this)
                  for r in ob.court_orders]
        return dict(
            key=inst.key, law_id=ob.law_id, law_title=law.title,
            jurisdiction=law.jurisdiction, jurisdiction_name=law.jurisdiction_name,
            rule_id=ob.rule_id, obligation_id=ob.obligation_id, category=ob.category,
            category_label=labels.get(ob.category, ob.category), title=ob.title, text=ob.text,
            citation=ob.citation, source_url=ob.source_url or law.source_url,
            status=inst.status, optional=ob.optional, scope=ob.scope,
            effective_from=ob.effective_from, effective_until=ob.effective_until,
            timing=ob.timing, deadline=ob.deadline, recurrence=inst.recurrence,
            penalty=law.penalties.get(ob.penalty) if ob.penalty else None,
            confidence=ob.confidence, uncertain=ob.uncertain, court_orders=orders,
            missing_facts=inst.missing_facts, trace=f"{ob.law_id}#{ob.rule_id}")

    systems = []
    raw_systems = {s["id"]: s for s in doc.get("systems", [])}
    for s in d.systems:
        raw_traces = raw_systems[s.id].get("traces") or {}
        traces = {}
        for k, t in s.traces.items():
            law_id, _, rule_id = k.partition("#")
            traces[k] = R.RuleTrace.model_construct(
                law_id=law_id, rule_id=rule_id, rule_title=t.rule_title,
                rule_citation=t.rule_citation, result=t.result, evaluated_on=t.evaluated_on,
                condition=Node(raw_traces[k]["condition"], raw_subtrees),
                parameters=t.parameters)
        events = []
        for ref in s.events:
            law_id, _, i = ref.rpartition(":")
            e = d.laws[law_id].events[int(i)]
            events.append(R.LawEvent(date=e.date, law_id=law_id,
                                     law_short_title=d.laws[law_id].short_title,
                                     jurisdiction=d.laws[law_id].jurisdiction, kind=e.kind,
                                     text=e.text, citation=e.citation))
        systems.append(R.SystemAssessment.model_construct(
            id=s.id, name=s.name, in_use_since=s.in_use_since,
            applicable_laws=s.applicable_laws, upcoming_laws=s.upcoming_laws,
            obligations=[R.ObligationResult(**obligation(i, s.id)) for i in s.obligations],
            undetermined=[R.Undetermined(**u.model_dump(), trace=f"{u.law_id}#{u.rule_id}")
                          for u in s.undetermined],
            events=events, counts=s.counts, traces=traces))
    org = [R.OrgObligation(**obligation(i, None), systems=i.systems)
           for i in d.organization_obligations]
    return R.Assessment.model_construct(
        contract=CONTRACT, generator=d.generator, as_of=d.as_of, organization=d.organization,
        laws_evaluated=[R.LawRef(
            law_id=r.law_id, title=d.laws[r.law_id].title if r.law_id in d.laws else None,
            jurisdiction=r.law_id.partition("/")[0],
            citation=d.laws[r.law_id].citation if r.law_id in d.laws else None,
            status=r.status, effective=r.effective, repealed=r.repealed,
            verified_as_of=r.verified_as_of, confidence=r.confidence)
            for r in d.laws_evaluated],
        laws=laws, systems=systems,
        organization_obligations=org, counts=d.counts, to_decide=d.to_decide)


def schema() -> dict[str, Any]:
    """The JSON Schema of the v2 document."""
    from policyatlas.engine.wire import AssessmentDoc

    return AssessmentDoc.model_json_schema()
