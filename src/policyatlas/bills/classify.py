"""The explainable topic classifier: AI relevance and topics from the terms in topics.yaml.

Offline and deterministic: regular expressions over the title, abstract and the passages of the
text around AI terms. Every label carries the evidence (field, term, snippet) that produced it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from policyatlas.errors import Problem, UserError


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str  # title | abstract | text
    term: str  # the text that matched
    snippet: str  # the matched words in context
    weak: bool = False  # a summary-only clue (topics.yaml summary.relevance.terms), not an AI term


@dataclass(frozen=True, slots=True)
class TopicLabel:
    topic: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    ai_relevant: bool
    ai_hits: int  # AI-term matches in title, abstract and text
    ai_evidence: tuple[Evidence, ...]
    topics: tuple[TopicLabel, ...] = ()
    # AI-adjacent (only for bills that are not AI-relevant): the kinds of algorithmic system
    # named (pricing_algorithms, social_media_algorithms, robots, ...) with the evidence.
    adjacent: tuple[TopicLabel, ...] = ()
    mode: str = "full"  # full (a text was given) | summary (title and abstract only)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(t.topic for t in self.topics)

    @property
    def adjacent_ids(self) -> tuple[str, ...]:
        return tuple(t.topic for t in self.adjacent)

    @property
    def relevance(self) -> str:
        """``ai``, ``adjacent`` (algorithmic but not AI by the labelling guide) or ``none``."""
        return "ai" if self.ai_relevant else "adjacent" if self.adjacent else "none"


@dataclass(frozen=True)
class _Term:
    pattern: re.Pattern[str]
    weight: float
    # The same expression for text whose ASCII capitals were lowered (offsets unchanged):
    # case-sensitive matching is several times faster than IGNORECASE. None when the term has
    # case-sensitive parts or escapes whose meaning lowering would change.
    lowered: re.Pattern[str] | None = None
    summary_only: bool = False  # counted only on summary-only input (title and abstract)


@dataclass(frozen=True)
class _Topic:
    id: str
    label: str
    terms: tuple[_Term, ...]
    # All the topic's terms in one expression: where it finds nothing, no term can match
    # (each term is one of its alternatives), so the terms are searched one by one only in
    # the fields where it does — the same labels and evidence, a fraction of the searches.
    any_term: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Adjacent:
    id: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _SummaryRelevance:
    threshold: float
    ai_term: float  # a heading (title or abstract) with an AI-term match
    terms: tuple[_Term, ...]  # weaker clues: each term scores its weight once per bill


@dataclass(frozen=True)
class Rules:
    ai_terms: tuple[re.Pattern[str], ...]
    ai_pattern: re.Pattern[str]  # all of ai_terms in one expression: one pass over a text
    topics: tuple[_Topic, ...]
    window: int
    threshold: float
    max_passages: int
    fields: dict[str, float] = field(default_factory=dict)
    text_hits: int = 2
    technology_lists: re.Pattern[str] | None = None
    list_window: int = 120
    list_terms: int = 2
    duty_words: re.Pattern[str] | None = None
    skip_sentences: re.Pattern[str] | None = None
    technology_lists_lowered: re.Pattern[str] | None = None
    adjacent: tuple[_Adjacent, ...] = ()
    # Summary-only input (no text): its own threshold and field weights.
    summary_threshold: float | None = None
    summary_fields: dict[str, float] = field(default_factory=dict)
    # Headings (title or abstract) of a bill that does nothing about what they name: an
    # honorary resolution, a shell bill's technical change. Their AI terms are no evidence.
    incidental_headings: re.Pattern[str] | None = None
    # Summary-only AI relevance: a score over the title and abstract (None: any AI term).
    summary_relevance: _SummaryRelevance | None = None

    def topic_label(self, topic_id: str) -> str:
        return next((t.label for t in (*self.topics, *self.adjacent) if t.id == topic_id),
                    topic_id)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Case-sensitive parts, escapes with capitals (\W, \B, \S ...), Unicode classes, and
# character classes with capitals would change meaning if lowered: such terms keep IGNORECASE.
_UNSAFE = re.compile(r"\(\?[a-zA-Z]*-|\\[A-Z]|\\[pPN]|\[[^\]]*[A-Z]")


def lower_ascii(text: str) -> str:
    """Capitals to small letters with offsets unchanged: ``str.lower`` (fast) unless it would
    change the length (a few non-ASCII capitals, such as 'İ'), then ASCII capitals only. The
    lowered terms are ASCII, so both find what a case-insensitive match finds."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _lowered(term: str) -> re.Pattern[str] | None:
    """``term`` for ASCII-lowered text, case-sensitive; None when that would change meaning."""
    if _UNSAFE.search(term):
        return None
    out, i = [], 0
    while i < len(term):  # lower the letters, never an escape sequence
        if term[i] == "\\" and i + 1 < len(term):
            out.append(term[i:i + 2])
            i += 2
            continue
        out.append(term[i].translate(_ASCII_LOWER))
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def _compile(term: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(term, re.IGNORECASE)
    except re.error as exc:
        raise UserError("invalid topic term", [Problem(f"{exc}: {term!r}", file="topics.yaml",
                                                       field=where,
                                                       fix="write a valid regular expression")]) \
            from None


def load_rules(text: str | None = None) -> Rules:
    """Parse the classifier's terms (the packaged topics.yaml unless ``text`` is given)."""
    data = YAML(typ="safe").load(text) if text is not None else _packaged()
    topics = []
    for t in data["topics"]:
        terms = tuple(
            _Term(_compile(term["term"], f"topics.{t['id']}.terms[{i}]"), float(term["weight"]),
                  _lowered(term["term"]), term.get("in") == "summary")
            for i, term in enumerate(t["terms"]))
        lowerable = terms and all(x.lowered is not None for x in terms)
        union = re.compile("|".join(f"(?:{x.lowered.pattern})" for x in terms)) \
            if lowerable else None  # type: ignore[union-attr]
        topics.append(_Topic(t["id"], t["label"], terms, union))
    relevance = data["relevance"]
    lists = "".join(str(relevance.get("technology_lists") or "").split())
    ai_terms = tuple(_compile(t, f"ai_terms[{i}]") for i, t in enumerate(data["ai_terms"]))
    adjacent = tuple(
        _Adjacent(a["id"], a["label"], _compile("|".join(f"(?:{t})" for t in a["terms"]),
                                                f"adjacent.{a['id']}.terms"))
        for a in data.get("adjacent") or ())
    summary = data.get("summary") or {}
    scored = summary.get("relevance") or {}
    summary_relevance = _SummaryRelevance(
        float(scored["threshold"]), float(scored["ai_term"]),
        tuple(_Term(_compile(t["term"], f"summary.relevance.terms[{i}]"), float(t["weight"]))
              for i, t in enumerate(scored.get("terms") or ()))) if scored else None
    incidental = relevance.get("incidental_headings")
    return Rules(
        ai_terms=ai_terms,
        ai_pattern=_compile("|".join(f"(?:{p.pattern})" for p in ai_terms), "ai_terms"),
        topics=tuple(topics), window=int(data["window"]), threshold=float(data["threshold"]),
        max_passages=int(data["max_passages"]), fields=dict(data["fields"]),
        text_hits=int(relevance["text_hits"]),
        technology_lists=_compile(lists, "relevance.technology_lists") if lists else None,
        list_window=int(relevance.get("list_window", 120)),
        list_terms=int(relevance.get("list_terms", 2)),
        duty_words=_compile(relevance["duty_words"], "relevance.duty_words")
        if relevance.get("duty_words") else None,
        skip_sentences=_compile(data["skip_sentences"], "skip_sentences")
        if data.get("skip_sentences") else None,
        technology_lists_lowered=_lowered(lists) if lists else None,
        adjacent=adjacent,
        summary_threshold=float(summary["threshold"]) if "threshold" in summary else None,
        summary_fields={**dict(data["fields"]), **dict(summary.get("fields") or {})},
        incidental_headings=_compile("".join(str(incidental).split()),
                                     "relevance.incidental_headings") if incidental else None,
        summary_relevance=summary_relevance)


@cache
def _packaged() -> dict:
    text = resources.files("policyatlas.bills").joinpath("topics.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


@cache
def rules() -> Rules:
    return load_rules()


def topic_ids() -> tuple[str, ...]:
    return tuple(t.id for t in rules().topics)


def adjacent_ids() -> tuple[str, ...]:
    return tuple(a.id for a in rules().adjacent)


def _snippet(text: str, start: int, end: int, pad: int = 60) -> str:
    left, right = max(0, start - pad), min(len(text), end + pad)
    body = " ".join(text[left:right].split())
    return ("…" if left else "") + body + ("…" if right < len(text) else "")


def _ai_matches(text: str, rules: Rules) -> list[re.Match[str]]:
    return list(rules.ai_pattern.finditer(text))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _flat(value: str | None) -> str:
    return " ".join((value or "").split())


def _in_list(text: str, match: re.Match[str], rules: Rules, low: str | None = None) -> bool:
    """Whether an AI term sits in a list of technologies (``low``: the text ASCII-lowered)."""
    if rules.technology_lists is None:
        return False
    lo, hi = max(0, match.start() - rules.list_window), match.end() + rules.list_window
    if rules.technology_lists_lowered is not None and low is not None:
        found = {m.group(0) for m in rules.technology_lists_lowered.finditer(low, lo, hi)}
        found = {x.lower() for x in found}
    else:
        found = {m.group(0).lower() for m in rules.technology_lists.finditer(text, lo, hi)}
    return len(found) >= rules.list_terms


_SENTENCE_END = re.compile(r"[.;]\s|\(\d+\)|\([a-z]\)\s")


def _in_duty(text: str, match: re.Match[str], rules: Rules) -> bool:
    """Whether an AI term sits in a sentence that imposes a duty or prohibition."""
    if rules.duty_words is None:
        return False
    lo = max(0, match.start() - 300)
    before = list(_SENTENCE_END.finditer(text, lo, match.start()))
    start = before[-1].end() if before else lo
    after = _SENTENCE_END.search(text, match.end(), match.end() + 300)
    end = after.start() if after else min(len(text), match.end() + 300)
    return rules.duty_words.search(text, start, end) is not None


def _passages(text: str, hits: list[re.Match[str]], window: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in hits:
        lo, hi = max(0, m.start() - window), min(len(text), m.end() + window)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _adjacent(heads: dict[str, str], text: str, rules: Rules) -> tuple[TopicLabel, ...]:
    """The AI-adjacent kinds a bill that is not about AI names (title, abstract or text)."""
    out = []
    for adj in rules.adjacent:
        proof = []
        for name, value in (*heads.items(), ("text", text)):
            m = adj.pattern.search(value)
            if m:
                proof.append(Evidence(name, m.group(0), _snippet(value, m.start(), m.end())))
        # In the text alone a single passing mention is not enough: twice, as for AI terms.
        in_text = sum(1 for _ in adj.pattern.finditer(text)) if text else 0
        if any(e.field != "text" for e in proof) or in_text >= rules.text_hits:
            out.append(TopicLabel(adj.id, float(len(proof)), tuple(proof)))
    return tuple(out)


def _incidental(heads: dict[str, str], rules: Rules) -> bool:
    """Whether a heading shows that the bill does nothing about what its headings name."""
    pattern = rules.incidental_headings
    return pattern is not None and any(pattern.search(v) for v in heads.values() if v)


def _summary_score(heads: dict[str, str], head_hits: dict[str, list[re.Match[str]]],
                   scoring: _SummaryRelevance) -> tuple[float, list[Evidence]]:
    """Summary-only AI relevance: ``ai_term`` for each heading that names AI, plus the weight
    of each weaker clue found in the title or abstract (once per bill, wherever it is)."""
    score = scoring.ai_term * sum(1 for hits in head_hits.values() if hits)
    clues = []
    for term in scoring.terms:
        for name, value in heads.items():
            m = term.pattern.search(value)
            if m:
                score += term.weight
                clues.append(Evidence(name, m.group(0), _snippet(value, m.start(), m.end()),
                                      weak=True))
                break
    return score, clues


def classify(title: str, abstract: str = "", text: str = "", *,
             rules: Rules | None = None, mode: str | None = None) -> Classification:
    """AI relevance and topics of one bill, with the evidence for each.

    ``mode``: ``full`` or ``summary``; by default ``summary`` when there is no text, which
    scores topics with the summary threshold and field weights (topics.yaml ``summary``): a
    title or abstract is all the evidence there is, so one clear hit must be able to suffice.
    """
    rules = rules or globals()["rules"]()
    text = "" if mode == "summary" else text
    mode = mode or ("full" if text.strip() else "summary")
    summary = mode == "summary" and rules.summary_threshold is not None
    fields = rules.summary_fields if summary else rules.fields
    threshold = rules.summary_threshold if summary else rules.threshold
    heads = {"title": _flat(title), "abstract": _flat(abstract)}
    head_hits = {name: _ai_matches(value, rules) for name, value in heads.items()}
    if _incidental(heads, rules):  # an honorary resolution, a shell bill: no evidence
        head_hits = {name: [] for name in heads}
    text = _flat(text)
    text_hits = _ai_matches(text, rules)
    text_low = lower_ascii(text)
    operative = [m for m in text_hits if not _in_list(text, m, rules, text_low)]
    weight = sum(2 if _in_duty(text, m, rules) else 1 for m in operative)
    evidence = [Evidence(name, m.group(0), _snippet(heads[name], m.start(), m.end()))
                for name, hits in head_hits.items() for m in hits[:2]]
    if mode == "summary" and rules.summary_relevance is not None:
        score, clues = _summary_score(heads, head_hits, rules.summary_relevance)
        relevant = score >= rules.summary_relevance.threshold
        evidence += clues if relevant else []  # clues that fall short are no evidence
    else:
        relevant = any(head_hits.values()) or weight >= rules.text_hits
    evidence += [Evidence("text", m.group(0), _snippet(text, m.start(), m.end()))
                 for m in (operative or text_hits)[:3]]
    total = sum(len(h) for h in head_hits.values()) + len(text_hits)
    if not relevant:
        return Classification(False, total, tuple(evidence),
                              adjacent=_adjacent(heads, text, rules), mode=mode)

    passages = _passages(text, text_hits, rules.window)
    # The passages joined into one string (a line break apart, so no term spans two), each
    # topic term then runs once over it.
    joined = "\n".join(text[lo:hi] for lo, hi in passages)
    if rules.skip_sentences is not None:  # blanked out, keeping offsets
        heads = {k: rules.skip_sentences.sub(_blank, v) for k, v in heads.items()}
        joined = rules.skip_sentences.sub(_blank, joined)
    starts, offset = [], 0
    for lo, hi in passages:
        starts.append(offset)
        offset += hi - lo + 1
    low = {k: lower_ascii(v) for k, v in heads.items()}
    joined_low = lower_ascii(joined)
    labels = []
    for topic in rules.topics:
        score, proof = 0.0, []
        for name, value in heads.items():
            if topic.any_term is not None and not topic.any_term.search(low[name]):
                continue
            weight = fields[name] if head_hits[name] else fields["unrelated_heading"]
            for term in topic.terms:
                if term.summary_only and not summary:
                    continue
                m = (term.lowered.search(low[name]) if term.lowered is not None
                     else term.pattern.search(value))
                if m:
                    score += weight * term.weight
                    proof.append(Evidence(name, value[m.start():m.end()],
                                          _snippet(value, m.start(), m.end())))
        best: dict[int, tuple[float, int, int]] = {}  # passage -> (weight, start, end)
        skip = topic.any_term is not None and not topic.any_term.search(joined_low)
        for term in () if skip else topic.terms:
            if term.summary_only:
                continue
            found = (term.lowered.finditer(joined_low) if term.lowered is not None
                     else term.pattern.finditer(joined))
            for m in found:
                n = bisect.bisect_right(starts, m.start()) - 1
                if n not in best or term.weight > best[n][0]:
                    best[n] = (term.weight, m.start(), m.end())
        for n in sorted(best)[:rules.max_passages]:
            weight, lo, hi = best[n]
            score += rules.fields["passage"] * weight
            proof.append(Evidence("text", joined[lo:hi], _snippet(joined, lo, hi)))
        if score >= threshold:
            labels.append(TopicLabel(topic.id, score, tuple(proof)))
    return Classification(True, total, tuple(evidence), tuple(labels), mode=mode)


def _classify_fields(fields: tuple[str, str, str]) -> Classification:
    return classify(*fields)


def classify_many(items: list[tuple[str, str, str]]) -> list[Classification]:
    """``classify`` for many bills (title, abstract, text), on every core when there are
    enough to be worth it: each bill's labels are computed alone, so the answers are the same
    as one by one, in the same order."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(items) < 64:
        return [classify(*x) for x in items]
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        return list(pool.map(_classify_fields, items,
                             chunksize=max(1, len(items) // (workers * 8))))
