"""Fuzzy name matching of parties against list entries, across scripts, with reasons.

``NameMatcher(entries)`` indexes every spelling of every entry once (its name, aliases and
Chinese names); ``match(name)`` finds candidates through that index (character trigrams of the
Latin form, Chinese character bigrams, exact keys) and scores each with :func:`compare`:

* both names are normalised (:mod:`policyatlas.screening.normalise`): NFKC, case, Traditional ->
  Simplified, legal forms removed, written in Latin letters (pinyin, transliteration);
* their tokens are aligned one to one, a token to its most similar counterpart (equal, equal
  after spelling variants such as doubled letters or "kh"/"h", or close by edit distance, which
  counts for much less); adjacent tokens may join ("Hua Wei" = "Huawei");
* the score is the aligned share of both names' token weight, business words ("trading",
  "international") weighing less than distinctive ones, numbers having to agree exactly;
* two different non-English legal forms (GmbH vs Sdn. Bhd.) lower it: the same name registered
  in two jurisdictions is two companies; differing country or entity type lowers it too.

Every score comes with its reasons: the spelling that matched, the conversions applied, the
tokens aligned and those left over.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from policyatlas.screening.burmese import consonant_frame, sound_key
from policyatlas.screening.model import ListEntry
from policyatlas.screening.normalise import (
    ABJADS,
    GIVEN_NAMES,
    HAN,
    LEGAL_FORMS,
    WEAK_WORDS,
    NameForm,
    consonants_match,
    is_country,
    is_word,
    korean_person,
    latin_key,
    name_form,
    normalise,
    translated,
    without_case_ending,
)

__all__ = ["Match", "NameMatcher", "Scored", "compare", "normalise"]

DEFAULT_THRESHOLD = 0.88
_DIGITS = re.compile(r"\d")
_ZH_NUMERALS = re.compile("[\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341"
                          "\u767e\u5343\u96f6\\d]")
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})
_VARIANT_SPLIT = re.compile(r"\s+c/o\s+|\s+-\s+(?=[^-]*\bbranch\b)|,", re.I)
_PAREN = re.compile("\\s*[(\uff08]([^)\uff09]*)[)\uff09]\\s*")
_EX_NAME = re.compile(r"^(?:ex|formerly|f/k/a|fka|a/k/a|aka)[\s.:-]+(.+)$", re.I)


@dataclass(frozen=True, slots=True)
class Match:
    """One entry a name matched: the score (0..1), the spelling of the entry that matched best
    and why."""

    entry: ListEntry
    score: float
    matched_name: str
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    reasons: list[str]


# --- token similarity ----------------------------------------------------------------------

# In order; a plain string is replaced as it is (faster than a pattern), a compiled pattern
# where the context matters.
_SKELETON_RULES: list[tuple[re.Pattern[str] | str, str]] = [
    (p if p.isalpha() else re.compile(p), r) for p, r in (
        (r"^el$", "al"), (r"ow(?![aeiou])", "u"), ("x", "ks"), ("kh", "h"), ("ts", "c"),
        ("ph", "f"), (r"(?<=[aeiou])w", "v"), (r"^w", "v"), ("ck", "k"), ("q", "k"),
        (r"iy$|yi$|ii$|yy$", "y"), ("ee", "i"), ("ou", "u"), ("eo", "o"), ("eu", "u"),
        ("ong", "ung"),
        (r"(?:ow|ov|ev)(?:itz|icz|itch|ich|ic|ych)$", "ovich"), (r"(?<=[a-z])ch", "h"),
        ("zh", "j"), (r"(?<=[a-z])j(?=[aeou])", "y"), ("y", "i"), (r"([a-z])\1+", r"\1"))]


@lru_cache(maxsize=500_000)
def skeleton(token: str) -> str:
    """A token's spelling skeleton: romanisation variants collapse ("Levitskiy" = "Levitsky",
    "Shabbir" = "Shabir", "Kharitonov" = "Haritonov")."""
    for rule, repl in _SKELETON_RULES:
        token = token.replace(rule, repl) if isinstance(rule, str) else rule.sub(repl, token)
    return token


@lru_cache(maxsize=500_000)
def _is_number(token: str) -> bool:
    return bool(_DIGITS.search(token)) or token in _ROMAN


def _token_sim(a: str, b: str, sa: str, sb: str) -> float:
    if a == b:
        return 1.0
    if _is_number(a) or _is_number(b):
        return 0.0
    if sa == sb:
        return 0.96
    if len(a) == 1 or len(b) == 1:  # an initial: "R." for "Renzo"
        return 0.75 if a[0] == b[0] and max(len(a), len(b)) > 2 else 0.0
    if len(a) < 4 or len(b) < 4:
        return 0.0
    given = GIVEN_NAMES.get(a)
    if given is not None and given == GIVEN_NAMES.get(b):
        return 0.95  # one given name in two languages ("Uladzimir" / "Vladimir")
    if _same_consonants(a, b, sa, sb):
        return 0.85  # the same consonants, vowels spelt otherwise ("Abdalla" / "Abdulla")
    return _near(fuzz.ratio(sa, sb) / 100.0)


def _near(ratio: float) -> float:
    """An edit-distance ratio as a token similarity: below 0.8 nothing, then up to 0.6."""
    return 0.0 if ratio < 0.8 else (ratio - 0.8) / 0.2 * 0.6


def _same_consonants(a: str, b: str, sa: str, sb: str) -> bool:
    """Two proper names spelt with other vowels: the same consonants, first and last letters;
    never an ordinary business word ("exports" / "experts" differ)."""
    if sa[0] != sb[0] or sa[-1] != sb[-1] or is_word(a) or is_word(b):
        return False
    key = latin_key(sa)
    return len(key) >= 3 and key == latin_key(sb)


@lru_cache(maxsize=500_000)
def _weight(token: str) -> float:
    if token in WEAK_WORDS:
        return 0.35
    if (token,) in LEGAL_FORMS:  # a legal form kept as a word ("AS Mangalsalas Doki")
        return 0.3
    if _is_number(token):
        return 1.2
    return 1.0 if len(token) > 2 else 0.6


@dataclass(frozen=True, slots=True)
class _Prep:
    skeletons: frozenset[str]
    joined: frozenset[str]  # skeletons of 2 and 3 adjacent tokens joined
    weights: tuple[float, ...]
    total: float


@lru_cache(maxsize=300_000)
def _prep(tokens: tuple[str, ...]) -> _Prep:
    sk = [skeleton(t) for t in tokens]
    joined = {skeleton("".join(tokens[i:i + n])) for n in (2, 3)
              for i in range(len(tokens) - n + 1)}
    weights = tuple(_weight(t) for t in tokens)
    return _Prep(frozenset(sk), frozenset(joined), weights, sum(weights))


def _upper_bound(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """At most the score ``_align`` can give: tokens without an equal counterpart (even
    joined) count as near matches at best."""
    pa, pb = _prep(a), _prep(b)
    if not pa.total + pb.total:
        return 0.0
    gained = 0.0
    for toks, prep, other in ((a, pa, pb), (b, pb, pa)):
        for t, w in zip(toks, prep.weights, strict=True):
            k = skeleton(t)
            gained += w if (k in other.skeletons or k in other.joined) else w * 0.75
    if pa.joined & pb.skeletons or pb.joined & pa.skeletons:
        return 1.0
    return gained / (pa.total + pb.total)


def _join_to(tokens: list[str], other: set[str]) -> list[str]:
    """Join runs of adjacent ``tokens`` whose concatenation is a token of ``other``."""
    if len(tokens) < 2 or not other:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(5, len(tokens) - i), 1, -1):
            joined = "".join(tokens[i:i + size])
            if joined in other or skeleton(joined) in other:
                out.append(joined)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _align(ta: list[str], tb: list[str]) -> tuple[float, list[tuple[str, str, float]],
                                                   list[str]]:
    """Score of the best one-to-one alignment of two token lists, the pairs and the leftovers."""
    pa, pb = _prep(tuple(ta)), _prep(tuple(tb))
    if pa.joined & pb.skeletons:
        ta = _join_to(ta, set(pb.skeletons))
    if pb.joined & pa.skeletons:
        tb = _join_to(tb, set(pa.skeletons))
    ska = [skeleton(t) for t in ta]
    skb = [skeleton(t) for t in tb]
    wa = [_weight(t) for t in ta]
    wb = [_weight(t) for t in tb]
    cands = []
    for i, a in enumerate(ta):
        for j, b in enumerate(tb):
            s = _token_sim(a, b, ska[i], skb[j])
            if s > 0:
                cands.append((s, -abs(i - j), i, j))
    cands.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    gained = 0.0
    for s, _, i, j in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((ta[i], tb[j], s))
        gained += s * (wa[i] + wb[j])
    total = sum(wa) + sum(wb)
    left = [ta[i] for i in range(len(ta)) if i not in used_a] + \
        [tb[j] for j in range(len(tb)) if j not in used_b]
    return (gained / total if total else 0.0), pairs, left


def _align_consonants(a: NameForm, b: NameForm) -> tuple[float, list[tuple[str, str, float]],
                                                        list[str]]:
    """Align a Hebrew name with a name in another script by consonant keys: equal keys of two
    or more consonants count as matches, slightly below an equal spelling."""
    if a.script not in ABJADS:
        flipped = _align_consonants(b, a)
        return flipped[0], [(y, x, s) for x, y, s in flipped[1]], flipped[2]
    ka = list(a.consonants)
    kb = [latin_key(t) for t in b.tokens]
    wa = [_weight(t) for t in a.tokens]
    wb = [_weight(t) for t in b.tokens]
    used: set[int] = set()
    pairs = []
    gained = 0.0
    for i, x in enumerate(ka):
        for j, y in enumerate(kb):
            if j not in used and consonants_match(x, y, b.tokens[j]):
                used.add(j)
                pairs.append((a.tokens[i], b.tokens[j], 0.93))
                gained += 0.93 * (wa[i] + wb[j])
                break
    if len(used) < len(kb) and len(ka) + len(kb) > 2:
        # Words written apart in one script and together in the other ("عبد الله" / "Abdullah").
        joined_a = re.sub(r"(.)\1+", r"\1", "".join(ka))
        joined_b = re.sub(r"(.)\1+", r"\1", "".join(kb))
        if len(joined_b) >= 3 and consonants_match(joined_a, joined_b, "".join(b.tokens)):
            return 0.93, [(" ".join(a.tokens), " ".join(b.tokens), 0.93)], []
    matched_a = {x for x, _, _ in pairs}
    left = [t for t in a.tokens if t not in matched_a] + \
        [b.tokens[j] for j in range(len(kb)) if j not in used]
    total = sum(wa) + sum(wb)
    return (gained / total if total else 0.0), pairs, left


def _burmese_sim(run: str, token: str) -> float:
    """How alike a run of romanised Burmese syllables and a Latin token are."""
    if run == token:
        return 1.0
    if _is_number(run) or _is_number(token):
        return 0.0
    ka, kb = sound_key(run), sound_key(token)
    if ka == kb:
        return 0.96  # one reading in two romanisations ("ya ta na" / "Yadanar")
    if len(ka) < 3 or len(kb) < 3:
        return 0.0
    frame = consonant_frame(ka)
    if len(frame) >= 2 and ka[0] == kb[0] and frame == consonant_frame(kb):
        return 0.88  # the same consonants, a vowel reduced or spelt otherwise ("pu le" / "Pale")
    return _near(fuzz.ratio(ka, kb) / 100.0)


def _align_burmese(a: NameForm, b: NameForm) -> tuple[float, list[tuple[str, str, float]],
                                                     list[str]]:
    """Align a Burmese name, romanised one token per syllable, with a name in Latin letters:
    in order, each Latin token with a run of one to four syllables ("Yadanar" with "ya ta na"),
    syllables weighing half a word each."""
    if a.script != "burmese":
        flipped = _align_burmese(b, a)
        return flipped[0], [(y, x, s) for x, y, s in flipped[1]], flipped[2]
    sa, tb = a.tokens, b.tokens
    wa = [_weight(t) if is_word(t) else 0.5 for t in sa]
    wb = [_weight(t) for t in tb]
    n, m = len(sa), len(tb)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if i < n and here >= best[i + 1][j]:
                best[i + 1][j], back[i + 1][j] = here, (i, j, 0.0)
            if j < m and here >= best[i][j + 1]:
                best[i][j + 1], back[i][j + 1] = here, (i, j, 0.0)
            if j == m:
                continue
            for k in range(1, min(4, n - i) + 1):
                s = _burmese_sim("".join(sa[i:i + k]), tb[j])
                gain = here + s * (sum(wa[i:i + k]) + wb[j])
                if s > 0 and gain > best[i + k][j + 1]:
                    best[i + k][j + 1], back[i + k][j + 1] = gain, (i, j, s)
    pairs: list[tuple[str, str, float]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    i, j = n, m
    while back[i][j] is not None:
        pi, pj, s = back[i][j]  # type: ignore[misc]
        if s > 0:
            pairs.append((" ".join(sa[pi:i]), tb[pj], s))
            used_a.update(range(pi, i))
            used_b.add(pj)
        i, j = pi, pj
    pairs.reverse()
    left = [t for k, t in enumerate(sa) if k not in used_a] + \
        [t for k, t in enumerate(tb) if k not in used_b]
    total = sum(wa) + sum(wb)
    return (best[n][m] / total if total else 0.0), pairs, left


def _compare_forms(a: NameForm, b: NameForm) -> Scored:
    reasons: list[str] = []
    if not a.tokens or not b.tokens:
        return Scored(0.0, ["nothing left to compare after normalisation"])
    if a.native and a.native == b.native:
        score = 1.0
        reasons.append("equal after normalisation")
    elif a.compact == b.compact:
        score = 1.0 if a.script == b.script == "latin" else 0.98
        reasons.append(f"equal after normalisation: {' '.join(a.tokens)!r}")
    elif a.whole == b.whole and len(a.whole) >= 6:
        score = 0.97
        reasons.append(f"equal when spaces are ignored: {a.whole!r}")
    elif (a.script == "burmese") != (b.script == "burmese"):
        score, pairs, left = _align_burmese(a, b)
        reasons.append("Burmese syllables matched by sound: "
                       + ", ".join(f"{x}~{y}" for x, y, _ in pairs))
        if left:
            reasons.append(f"tokens unmatched: {', '.join(left)}")
    elif (a.script in ABJADS) != (b.script in ABJADS):
        score, pairs, left = _align_consonants(a, b)
        reasons.append("tokens matched by their consonants: "
                       + ", ".join(f"{x}~{y}" for x, y, _ in pairs))
        if left:
            reasons.append(f"tokens unmatched: {', '.join(left)}")
    else:
        score, pairs, left = _align(list(a.tokens), list(b.tokens))
        if a.script == "han" and b.script == "han" and a.native and b.native:
            # Both Chinese: compare the characters themselves.
            char_score = fuzz.ratio(a.native, b.native) / 100.0
            if _ZH_NUMERALS.findall(a.native) != _ZH_NUMERALS.findall(b.native):
                char_score = min(char_score, 0.5)
            if char_score > score:
                score = char_score
                pairs, left = [(a.native, b.native, char_score)], []
        matched = ", ".join(x if x == y else f"{x}~{y}" for x, y, _ in pairs)
        if matched:
            reasons.append(f"tokens matched: {matched}")
        if left:
            reasons.append(f"tokens unmatched: {', '.join(left)}")
    if a.is_translated or b.is_translated:
        score *= 0.97  # a translation is a reading, not the name as written
    conv = sorted(set(a.conversions) | set(b.conversions))
    if conv:
        reasons.append("conversions: " + ", ".join(conv))
    if (a.forms and b.forms and not (a.forms & b.forms) and "generic" not in a.forms
            and "generic" not in b.forms and "zh" not in a.forms | b.forms):
        score *= 0.85
        reasons.append("different legal forms: " + "/".join(sorted(a.forms)) + " vs "
                       + "/".join(sorted(b.forms)))
    return Scored(score, reasons)


def name_variants(name: str) -> list[tuple[str, str | None]]:
    """Spellings to try for one written name: itself, without a trailing annotation (address,
    branch, "c/o"), and a former name in brackets ("(ex-Grand Wheatland)")."""
    out: list[tuple[str, str | None]] = [(name, None)]
    bracket = _PAREN.search(name)
    if bracket:
        inner = bracket.group(1).strip()
        ex = _EX_NAME.match(inner)
        if ex:
            out.append((ex.group(1), "former name in brackets"))
            out.append((_PAREN.sub(" ", name).strip(), "without the former name"))
        elif re.search(r"\b(?:branch|flag|port|registry|office)\b", inner, re.I):
            out.append((_PAREN.sub(" ", name).strip(), "without the annotation in brackets"))
        elif (name_form(name[:bracket.start()]).tokens and len(inner.split()) <= 3
              and not name_form(name).forms and not is_country(inner)):
            # A vessel's name with its port: "M/V MZIURI (Batumi)" (a company's place in
            # brackets, "Huawei Technologies (Yangon) Co., Ltd.", is another company).
            out.append((_PAREN.sub(" ", name).strip(), "without the annotation in brackets"))
    parts = _VARIANT_SPLIT.split(name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        head = parts[0].strip()
        if name_form(head).tokens != name_form(name).tokens:
            out.append((head, "without the annotation after it"))
    return out


def _forms_of(name: str) -> list[tuple[NameForm, str | None]]:
    out: list[tuple[NameForm, str | None]] = []
    for variant, why in name_variants(name):
        form = name_form(variant)
        out.append((form, why))
        for other in (translated(form), without_case_ending(form), korean_person(form)):
            if other is not None:
                out.append((other, why))
    return out


def compare(a: str, b: str) -> Scored:
    """How alike two names are (0..1), with reasons. Symmetric."""
    best = Scored(0.0, [])
    for fa, why_a in _forms_of(a):
        for fb, why_b in _forms_of(b):
            if fa.is_translated and fb.is_translated:
                continue  # translations bridge two languages; two of them prove nothing
            s = _compare_forms(fa, fb)
            if why_a or why_b:
                s = Scored(s.score * 0.99, [*s.reasons, *(w for w in (why_a, why_b) if w)])
            if s.score > best.score:
                best = s
    return best


# --- the index -----------------------------------------------------------------------------

def _keys(form: NameForm, *, query: bool = False) -> set[str]:
    """Blocking keys: token skeletons, adjacent tokens joined, Chinese character bigrams, and
    Burmese sound keys (of a Latin name's distinctive tokens; of a Burmese name's runs of one
    to four syllables). A match at any useful threshold shares one (fuzzy token matches alone
    never reach it). Sound keys join only a Burmese name and a Latin one: a name is indexed
    under its own side's sound keys and, as a ``query``, looks up the other side's."""
    sk = [skeleton(t) for t in form.tokens]
    keys = set(sk)
    for size in (2, 3):
        keys.update(skeleton("".join(form.tokens[i:i + size]))
                    for i in range(len(sk) - size + 1))
    burmese = form.script == "burmese"
    side = "~L" if burmese == query else "~B"
    if burmese:  # runs of syllables by sound ("ya ta na" finds "Yadanar")
        keys.update(side + sound_key("".join(form.tokens[i:i + n])) for n in range(1, 5)
                    for i in range(len(form.tokens) - n + 1))
    else:
        keys.update(side + sound_key(t) for t in form.tokens if len(t) > 2 and not is_word(t))
    if HAN.search(form.native):
        chars = form.native
        keys.update("#" + chars[i:i + 2] for i in range(len(chars) - 1))
        if len(chars) == 1:
            keys.add("#" + chars)
    return keys


class NameMatcher:
    """Matches names against ``entries``' names, aliases and Chinese names.

    The index is compact so that the built matcher loads from the disk cache in a fraction of
    a second: postings in one array with offsets, each spelling's normalised form as columns of
    strings, each entry as its JSON. Forms and entries are rebuilt when a query reaches them.
    """

    def __init__(self, entries: Sequence[ListEntry], *, candidates: int = 25) -> None:
        self._entries: list[ListEntry | None] = list(entries)
        self._entry_json: list[str] = []
        self.candidates = candidates
        self._names: list[str] = []
        self._kinds: list[str] = []  # each spelling: "listed name", "alias" or "Chinese name"
        self._countries = [e.country for e in entries]
        self._types = [e.entity_type for e in entries]
        self._owner: list[int] = []
        self._forms: list[NameForm | None] = []
        self._columns: dict[str, list[str]] = {}
        self._exact: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[int]] = defaultdict(list)
        for idx, entry in enumerate(self._entries):
            assert entry is not None
            spellings = [entry.name, *(entry.aliases or []), *(entry.names_zh or [])]
            seen: set[str] = set()
            for spelling in spellings:
                if not spelling or not spelling.strip() or spelling in seen:
                    continue
                seen.add(spelling)
                kind = ("listed name" if spelling == entry.name else "Chinese name"
                        if spelling in (entry.names_zh or []) else "alias")
                for form, _ in _forms_of(spelling):
                    if not form.tokens:
                        continue
                    v = len(self._names)
                    self._names.append(spelling)
                    self._kinds.append(kind)
                    self._owner.append(idx)
                    self._forms.append(form)
                    self._exact[form.compact].append(v)
                    if form.native:
                        self._exact["=" + form.native].append(v)
                    for g in _keys(form):
                        postings[g].append(v)
        self._exact = dict(self._exact)
        self._n = len(self._names)
        keys = list(postings)
        self._key_index = {g: i for i, g in enumerate(keys)}
        sizes = np.fromiter((len(postings[g]) for g in keys), dtype=np.int64, count=len(keys))
        self._offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._post = (np.fromiter((v for g in keys for v in postings[g]), dtype=np.int32,
                                  count=int(self._offsets[-1])))
        self._idf = np.log(1 + max(self._n, 1) / np.maximum(sizes, 1)).astype(np.float64)

    # --- the compact state kept in the disk cache ------------------------------------------

    _FORM_FIELDS = ("original", "native", "tokens", "forms", "script", "conversions", "whole",
                    "consonants", "is_translated")
    _SEP = "\x1f"

    def __getstate__(self) -> dict:
        forms = [self._form(v) for v in range(self._n)]
        columns = {f: [self._SEP.join(sorted(x)) if f == "forms" else
                       self._SEP.join(x) if isinstance(x, tuple) else
                       ("1" if x else "") if isinstance(x, bool) else x
                       for x in (getattr(form, f) for form in forms)]
                   for f in self._FORM_FIELDS}
        entries = [self._entry(i).model_dump_json() for i in range(len(self._entries))]
        return {"candidates": self.candidates, "names": self._names, "kinds": self._kinds,
                "countries": self._countries, "types": self._types,
                "owner": np.asarray(self._owner, dtype=np.int32), "columns": columns,
                "entries": entries, "exact": self._exact, "keys": list(self._key_index),
                "offsets": self._offsets, "post": self._post, "idf": self._idf}

    def __setstate__(self, state: dict) -> None:
        self.candidates = state["candidates"]
        self._names = state["names"]
        self._kinds = state["kinds"]
        self._countries, self._types = state["countries"], state["types"]
        self._owner = state["owner"].tolist()
        self._n = len(self._names)
        self._columns = state["columns"]
        self._forms = [None] * self._n
        self._entry_json = state["entries"]
        self._entries = [None] * len(self._entry_json)
        self._exact = state["exact"]
        self._key_index = {g: i for i, g in enumerate(state["keys"])}
        self._offsets, self._post, self._idf = state["offsets"], state["post"], state["idf"]

    def _form(self, v: int) -> NameForm:
        form = self._forms[v]
        if form is None:
            c = self._columns
            split = self._SEP
            form = NameForm(
                original=c["original"][v], native=c["native"][v],
                tokens=tuple(c["tokens"][v].split(split)) if c["tokens"][v] else (),
                forms=frozenset(c["forms"][v].split(split)) if c["forms"][v] else frozenset(),
                script=c["script"][v],
                conversions=tuple(c["conversions"][v].split(split)) if c["conversions"][v]
                else (),
                whole=c["whole"][v],
                consonants=tuple(c["consonants"][v].split(split)) if c["consonants"][v]
                else (),
                is_translated=bool(c["is_translated"][v]))
            self._forms[v] = form
        return form

    def _entry(self, idx: int) -> ListEntry:
        entry = self._entries[idx]
        if entry is None:
            entry = ListEntry.model_validate_json(self._entry_json[idx])
            self._entries[idx] = entry
        return entry

    @property
    def entries(self) -> list[ListEntry]:
        return [self._entry(i) for i in range(len(self._entries))]

    def _candidates(self, form: NameForm) -> list[int]:
        found = list(self._exact.get(form.compact, ()))
        if form.native:
            found += self._exact.get("=" + form.native, ())
        idx = [self._key_index[g] for g in _keys(form, query=True) if g in self._key_index]
        if idx and self._n:
            sizes = [int(self._offsets[i + 1] - self._offsets[i]) for i in idx]
            # Very common keys ("trading", "technology") add nothing but time.
            common = max(500, self._n // 50)
            keep = sorted((size, i) for size, i in zip(sizes, idx, strict=True)
                          if size <= common)
            if not keep:
                return list(dict.fromkeys(found))
            if len(keep) == 1:
                i = keep[0][1]
                found += self._post[self._offsets[i]:self._offsets[i + 1]][
                    : self.candidates * 4].tolist()
                return list(dict.fromkeys(found))
            ids = np.concatenate([self._post[self._offsets[i]:self._offsets[i + 1]]
                                  for _, i in keep])
            weights = np.concatenate([np.full(size, self._idf[i]) for size, i in keep])
            uniq, inverse = np.unique(ids, return_inverse=True)
            acc = np.bincount(inverse, weights=weights)
            k = min(self.candidates, len(uniq))
            top = np.argpartition(-acc, k - 1)[:k] if k < len(uniq) else np.arange(len(uniq))
            found += uniq[top].tolist()
        return list(dict.fromkeys(found))

    def match(self, name: str, *, threshold: float = DEFAULT_THRESHOLD,
              country: str | None = None, entity_type: str | None = None,
              limit: int = 10) -> list[Match]:
        """The entries ``name`` matches at ``threshold`` or above, best first (at most
        ``limit``). ``country`` (ISO alpha-2) and ``entity_type`` are evidence: an entry whose
        known country or type differs scores lower."""
        return self._matches(self._match_raw(name, threshold, country, entity_type, limit))

    def match_many(self, queries: Sequence[tuple[str, str | None, str | None]], *,
                   threshold: float = DEFAULT_THRESHOLD, limit: int = 10,
                   progress: Callable[[int], None] | None = None) -> list[list[Match]]:
        """``match`` for many (name, country, entity type) queries, on every core when there
        are enough to be worth it; the answers are the same as one by one, in order."""
        import os

        workers = min(os.cpu_count() or 1, 8)
        if workers < 2 or len(queries) < 2_000 or "fork" not in _start_methods():
            out = []
            for name, country, kind in queries:
                out.append(self.match(name, threshold=threshold, country=country,
                                      entity_type=kind, limit=limit))
                if progress:
                    progress(1)
            return out
        import multiprocessing

        global _POOL_MATCHER
        size = max(50, len(queries) // (workers * 8))
        chunks = [list(queries[i:i + size]) for i in range(0, len(queries), size)]
        _POOL_MATCHER = self
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                out = []
                for raw in pool.imap(_match_chunk, [(c, threshold, limit) for c in chunks]):
                    out += [self._matches(r) for r in raw]
                    if progress:
                        progress(len(raw))
        finally:
            _POOL_MATCHER = None
        return out

    def _matches(self, raw: list[tuple[int, float, str, list[str]]]) -> list[Match]:
        return [Match(entry=self._entry(idx), score=score, matched_name=spelling,
                      reasons=reasons) for idx, score, spelling, reasons in raw]

    def _match_raw(self, name: str, threshold: float, country: str | None,
                   entity_type: str | None, limit: int
                   ) -> list[tuple[int, float, str, list[str]]]:
        best: dict[int, tuple[int, float, str, list[str]]] = {}
        for form, why in _forms_of(name):
            if not form.tokens:
                continue
            for v in self._candidates(form):
                other = self._form(v)
                if form.is_translated and other.is_translated:
                    continue
                # The token bounds assume tokens aligned one to one; a Burmese name's
                # syllables join to match a word, so they do not apply to it.
                by_sound = (form.script == "burmese") != (other.script == "burmese")
                if not by_sound and not _plausible(form, other, threshold):
                    continue
                if (not by_sound and not (form.native and form.native == other.native)
                        and form.compact != other.compact and form.script != "han"
                        and _upper_bound(form.tokens, other.tokens) < threshold):
                    continue
                s = _compare_forms(form, other)
                score, reasons = s.score, list(s.reasons)
                if why:
                    score *= 0.99
                    reasons.append(f"query {why}")
                idx = self._owner[v]
                score, reasons = _evidence(self._countries[idx], self._types[idx], score,
                                           reasons, country, entity_type)
                if score < threshold:
                    continue
                spelling = self._names[v]
                kind = self._kinds[v]
                reasons.insert(0, f"matched the {kind} {spelling!r}")
                prev = best.get(idx)
                if prev is None or score > prev[1]:
                    best[idx] = (idx, round(min(score, 1.0), 4), spelling, reasons)
        return sorted(best.values(), key=lambda m: (-m[1], m[2]))[:limit]


_POOL_MATCHER: NameMatcher | None = None


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _match_chunk(args: tuple) -> list[list[tuple[int, float, str, list[str]]]]:
    chunk, threshold, limit = args
    m = _POOL_MATCHER
    assert m is not None
    return [m._match_raw(name, threshold, country, kind, limit) for name, country, kind in chunk]


def _plausible(a: NameForm, b: NameForm, threshold: float) -> bool:
    """A quick bound: names this far apart in every spelling never reach ``threshold``."""
    if a.native and a.native == b.native:
        return True
    bound = max(0.0, 100 * threshold - 30)
    if fuzz.token_set_ratio(a.text, b.text, score_cutoff=bound) or \
            fuzz.ratio(a.compact, b.compact, score_cutoff=bound):
        return True
    return bool(a.native and b.native and fuzz.ratio(a.native, b.native, score_cutoff=bound))


def _evidence(entry_country: str | None, entry_type: str | None, score: float,
              reasons: list[str], country: str | None,
              entity_type: str | None) -> tuple[float, list[str]]:
    if country and entry_country:
        if country.upper() == entry_country.upper():
            score = min(1.0, score + 0.02)
            reasons.append(f"country agrees: {entry_country}")
        else:
            score *= 0.95
            reasons.append(f"country differs: {country.upper()} vs {entry_country}")
    if (entity_type and entry_type and "unknown" not in (entry_type, entity_type)
            and entity_type != entry_type):
        score *= 0.9
        reasons.append(f"entity type differs: {entity_type} vs {entry_type}")
    return score, reasons
