"""The business vocabulary of company names in many languages (``data/business-words.yaml``):
a name whose business words are in its own language ("שאלתיאל הובלות", "Tsiklauri Gvino") is
also compared with those words in English ("Shaltiel Transport", "Tsiklauri Wine").

Each concept has its English renderings and, per language, the words in that language's script
and in the romanisations registries use. Every word is turned into Latin tokens the way names
are (:func:`policyatlas.screening.normalise.to_latin`), so a word in a name is found whichever
way the name was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import yaml

from policyatlas.errors import Problem, UserError

FILE = "business-words.yaml"
_LANG_FIELDS = frozenset({"native", "latin"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    english: dict[str, tuple[str, ...]]  # concept -> English renderings, main first
    # Latin tokens of a foreign word -> (concept, language, English tokens of its main rendering)
    words: dict[tuple[str, ...], tuple[str, str, tuple[str, ...]]]
    longest: int
    # Hebrew words by their stem (article and plural or construct ending off, as transliterated)
    hebrew_stems: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)


_HEBREW_ENDINGS = ("ym", "vt", "y", "h", "t")  # -im, -ot, -i, -a, -et as anyascii writes them


def hebrew_stem(token: str) -> str:
    """A transliterated Hebrew word without one plural, construct or feminine ending
    ("mdvykym" -> "mdvyk", "hlky" -> "hlk"); short words are left alone."""
    for ending in _HEBREW_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            return token[: -len(ending)]
    return token


def _problem(concept: str, field: str, what: str) -> UserError:
    return UserError(f"{FILE}: {what}", [Problem(what, file=FILE, field=f"{concept}.{field}",
                                                 fix="give lists of non-empty strings")])


def build(data: dict, tokens: Callable[[str], list[str]]) -> Lexicon:
    """The lexicon of ``data`` (the parsed file); ``tokens(text)`` writes a word as Latin
    tokens."""
    concepts = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(concepts, dict) or not concepts:
        raise UserError(f"{FILE}: no concepts", [Problem("the file has no 'concepts' mapping",
                                                         file=FILE, field="concepts",
                                                         fix="restore the packaged file")])
    english: dict[str, tuple[str, ...]] = {}
    words: dict[tuple[str, ...], tuple[str, str, tuple[str, ...]]] = {}
    stems: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for concept, entry in concepts.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("en"), list) or \
                not entry["en"] or not all(isinstance(w, str) and w.strip() for w in entry["en"]):
            raise _problem(str(concept), "en", f"concept {concept!r} has no English renderings")
        english[concept] = tuple(w.strip().lower() for w in entry["en"])
        main = tuple(tokens(english[concept][0]))
        for lang, forms in entry.items():
            if lang == "en":
                continue
            if not isinstance(forms, dict) or not set(forms) <= _LANG_FIELDS:
                raise _problem(str(concept), str(lang), f"{concept}.{lang} is not a mapping "
                                                        "of 'native' and 'latin' lists")
            for part in sorted(forms):
                values = forms[part]
                if not isinstance(values, list) or not all(isinstance(v, str) and v.strip()
                                                           for v in values):
                    raise _problem(str(concept), f"{lang}.{part}",
                                   f"{concept}.{lang}.{part} is not a list of words")
                for value in values:
                    key = tuple(tokens(value))
                    if key and len("".join(key)) >= 3:
                        words.setdefault(key, (concept, lang, main))
                        if lang == "he" and part == "native" and len(key) == 1:
                            stems.setdefault(hebrew_stem(key[0]), (concept, lang, main))
    english_tokens = {t for renderings in english.values() for w in renderings
                      for t in tokens(w)}
    # A romanised word that is also an English word ("metal", "bank") is left as it is.
    words = {k: v for k, v in words.items()
             if not (len(k) == 1 and k[0] in english_tokens) and k != v[2]}
    return Lexicon(english, words, max((len(k) for k in words), default=0), stems)


def load(tokens: Callable[[str], list[str]]) -> Lexicon:
    """The packaged vocabulary, its words written by ``tokens``."""
    text = resources.files("policyatlas.screening").joinpath("data", FILE).read_text("utf-8")
    return build(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), tokens)


def translate(tokens: tuple[str, ...], lex: Lexicon, *, compounds: bool = False,
              hebrew: bool = False, min_size: int = 1
              ) -> tuple[tuple[str, ...], tuple[int, ...], list[str]] | None:
    """``tokens`` with the foreign business words in English: the new tokens, for each the
    index of the token it was kept from (-1 for a translation), and which words were turned
    (``["hovalot -> transport (he)"]``); None when there are none. ``compounds``: a word may
    also end a token (Korean and Japanese names run words together: "새벽별물류").
    ``hebrew``: a word is also found by its stem (plural and construct forms: "חלקים").
    ``min_size``: the fewest tokens a word may have (Burmese is romanised a token per
    syllable, and a single syllable in a name is nearly always a name element: ရွှေ "Shwe",
    gold; ကြယ် "Kyal", star)."""
    out: list[str] = []
    origin: list[int] = []
    turned: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), min_size - 1, -1):
            hit = lex.words.get(tuple(tokens[i:i + size]))
            if hit is not None:
                out += hit[2]
                origin += [-1] * len(hit[2])
                turned.append(f"{' '.join(tokens[i:i + size])} -> {' '.join(hit[2])} ({hit[1]})")
                i += size
                break
        else:
            token = tokens[i]
            split = _compound(token, lex) if compounds else None
            stemmed = _hebrew_word(token, lex) if hebrew else None
            if stemmed is not None:
                out += stemmed[2]
                origin += [-1] * len(stemmed[2])
                turned.append(f"{token} -> {' '.join(stemmed[2])} (he)")
            elif split:
                head, word, hit = split
                out += [head, *hit[2]]
                origin += [i] + [-1] * len(hit[2])
                turned.append(f"{word} -> {' '.join(hit[2])} ({hit[1]})")
            else:
                out.append(token)
                origin.append(i)
            i += 1
    return (tuple(out), tuple(origin), turned) if turned else None


def _hebrew_word(token: str, lex: Lexicon) -> tuple[str, str, tuple[str, ...]] | None:
    """A Hebrew word by its stem, with or without the article h- (ה, written like ח)."""
    hit = lex.hebrew_stems.get(hebrew_stem(token))
    if hit is None and token.startswith("h") and len(token) > 4:
        hit = lex.hebrew_stems.get(hebrew_stem(token[1:]))
    return hit


def _compound(token: str, lex: Lexicon) -> tuple[str, str, tuple[str, str, tuple[str, ...]]] | None:
    for cut in range(1, len(token) - 3):
        hit = lex.words.get((token[cut:],))
        if hit is not None and cut >= 2:
            return token[:cut], token[cut:], hit
    return None
