"""Burmese names in Latin letters, the way Myanmar's own registries and the sanctions lists
write them ("ဦးကျော်ဇော်ထွန်း" -> "u kyaw zaw htun", "ရွှေ" -> "shwe", "အောင်" -> "aung").

Burmese is written without spaces inside a word and with its vowels and finals marked around a
consonant, so a letter-by-letter transliteration ("rvhe" for ရွှေ) matches nothing. This module
splits a word into syllables (onset consonant, medials, vowel signs, final consonant with asat
or a stacked consonant, tone marks) and writes each in the conventional romanisation of Myanmar
personal and company names, which spells sounds rather than letters. That romanisation has no
single standard ("Yadanar" and "Yadana", "Kyal" and "Kye", "Hsan" and "San"), so
:func:`sound_key` folds its usual variants, and the matcher compares keys, not spellings.

Sources for the spelling conventions: the Myanmar Language Commission's transcription system
(MLCTS) as described in J. Okell, *A Guide to the Romanization of Burmese* (1971), and the
spellings on OFAC's Burma-related SDN entries ("Aung", "Kyaw", "Htun", "Hlaing", "Shwe").
"""

from __future__ import annotations

import re
from functools import lru_cache

BURMESE = re.compile("[\u1000-\u109f]")

_ONSET = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "hs", "ဇ": "z",
    "ဈ": "z", "ဉ": "ny", "ည": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n",
    "တ": "t", "ထ": "ht", "ဒ": "d", "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b",
    "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y", "လ": "l", "\u101d": "w", "သ": "th", "ဟ": "h",
    "ဠ": "l", "အ": "", "ဿ": "th",
}
_INDEPENDENT = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}
_VOWEL_SIGNS = frozenset("\u102b\u102c\u102d\u102e\u102f\u1030\u1031\u1032")
_MEDIALS = frozenset("\u103b\u103c\u103d\u103e")  # ya-pin, ya-yit, wa-hswe, ha-htoe
_ASAT, _VIRAMA, _ANUSVARA = "\u103a", "\u1039", "\u1036"
_TONES = frozenset("\u1037\u1038")  # dot below, visarga
# A vowel written with no final: by the vowel signs, in storage order.
_OPEN = {"": "a", "ာ": "a", "ါ": "a", "ိ": "i", "ီ": "i", "ု": "u", "ူ": "u", "ေ": "e",
         "ဲ": "e", "ော": "aw", "ေါ": "aw", "ို": "o"}
# Finals by their class: velar (က), palatal stop (စ), dental and labial stops (တ ပ), nasals
# (င; န မ and anusvara), ည and ယ (a vowel).
_FINAL_CLASS = {"က": "k", "ဂ": "k", "စ": "c", "တ": "t", "ဒ": "t", "ဋ": "t", "ပ": "t",
                "ဗ": "t", "င": "ng", "န": "n", "မ": "n", "ဏ": "n", "ံ": "n", "ည": "i",
                "ဉ": "in", "ယ": "e", "\u101d": "aw"}  # U+101D, the letter wa
_CLOSED = {
    ("k", ""): "et", ("k", "ို"): "aik", ("k", "ော"): "auk", ("k", "ေါ"): "auk",
    ("ng", ""): "in", ("ng", "ို"): "aing", ("ng", "ော"): "aung", ("ng", "ေါ"): "aung",
    ("c", ""): "it", ("i", ""): "i", ("in", ""): "in", ("e", ""): "e", ("aw", ""): "aw",
    ("t", ""): "at", ("t", "ိ"): "eik", ("t", "ု"): "ok",
    ("n", ""): "an", ("n", "ိ"): "ein", ("n", "ု"): "on",
}


def _rhyme(vowels: str, final: str | None, w: bool) -> tuple[str, bool]:
    """The rhyme's spelling and whether it took the medial w in ("ွန်" -> "un")."""
    if final is None:
        return _OPEN.get(vowels, "a"), False
    cls = _FINAL_CLASS.get(final, "t")
    if w and not vowels and cls in ("t", "n"):
        return ("ut" if cls == "t" else "un"), True
    return _CLOSED.get((cls, vowels), _CLOSED.get((cls, ""), "at")), False


def _onset(consonant: str, medials: str) -> tuple[str, bool]:
    """The onset's spelling and whether it has the medial w still to write."""
    base = _ONSET.get(consonant, "")
    if "\u103e" in medials:  # ha-htoe: aspirated nasals and laterals, ရှ and ယှ as "sh"
        base = "sh" if consonant in "ရယ" else ("h" + base if base else "h")
    if "\u103b" in medials or "\u103c" in medials:
        base = {"kh": "ch", "k": "ky", "g": "gy"}.get(base, base + "y")
    return base, "\u103d" in medials


def _syllables(word: str) -> list[str]:
    out: list[str] = []
    onset: str | None = None  # the current syllable's consonant ("" for an independent vowel)
    medials = vowels = ""
    final: str | None = None
    first_vowel = ""

    def close() -> None:
        nonlocal onset, medials, vowels, final, first_vowel
        if onset is not None:
            if first_vowel:
                out.append(first_vowel + ("n" if final else ""))
            else:
                head, w = _onset(onset, medials)
                rhyme, took_w = _rhyme(vowels, final, w)
                out.append(head + ("w" if w and not took_w else "") + rhyme)
        onset, medials, vowels, final, first_vowel = None, "", "", None, ""

    i = 0
    while i < len(word):
        ch = word[i]
        if ch in _ONSET:
            j = i + 1
            while j < len(word) and word[j] in _TONES:
                j += 1
            if onset is not None and final is None and j < len(word) and \
                    word[j] in (_ASAT, _VIRAMA):
                final = ch  # a final consonant (with asat) or the first of a stack
                i = j + 1
                continue
            close()
            onset = ch
        elif ch in _INDEPENDENT:
            close()
            onset, first_vowel = "", _INDEPENDENT[ch]
        elif ch in _MEDIALS and onset is not None:
            medials += ch
        elif ch in _VOWEL_SIGNS and onset is not None:
            vowels += ch
        elif ch == _ANUSVARA and onset is not None:
            final = ch
        elif "\u1040" <= ch <= "\u1049":
            close()
            out.append(str(ord(ch) - 0x1040))
        # asat after a vowel (ော်), virama after a kinzi's asat, tone marks: no sound of
        # their own in this romanisation
        i += 1
    close()
    return out


@lru_cache(maxsize=50_000)
def romanise(text: str) -> str:
    """Burmese text in Latin letters, one token per syllable, words and other characters kept
    apart by spaces ("ရတနာ မင်္ဂလာ" -> "ya ta na min ga la")."""
    parts: list[str] = []
    for chunk in re.split(r"([\u1000-\u109f]+)", text):
        if not chunk:
            continue
        if BURMESE.match(chunk):
            parts.extend(_syllables(chunk))
        else:
            parts.append(chunk)
    return " ".join(p for p in parts if p.strip())


_KEY_RULES = [(re.compile(p), r) for p, r in (
    (r"ar$", "a"), (r"al$", "e"), (r"ay", "e"), (r"ae", "e"), (r"ee", "i"), (r"oo", "u"),
    (r"oe$", "o"), (r"ou", "o"), (r"one$", "on"), (r"ote$", "ok"), (r"ate$", "eik"),
    (r"hs", "s"), (r"h(?=[tpk])", ""), (r"(?<=[tpk])h", ""), (r"r", "y"), (r"j", "gy"),
    (r"nt$", "n"), (r"d", "t"), (r"b", "p"), (r"(?<!n)g(?!y)", "k"), (r"gy", "ky"),
    (r"z", "s"), (r"v", "w"),
    (r"(.)\1+", r"\1"))]


@lru_cache(maxsize=200_000)
def sound_key(spelling: str) -> str:
    """A Burmese romanisation with its usual variants folded, for comparing: long and short
    vowels ("Yadanar" / "ya da na"), "ay" and "e", "hs" and "s", aspiration and voicing
    ("Htun" / "Tun", "Zaw" / "Saw"), "r" and "y"."""
    key = spelling.lower()
    for pattern, repl in _KEY_RULES:
        key = pattern.sub(repl, key)
    return key


def consonant_frame(key: str) -> str:
    """A sound key without its vowels: ပုလဲ read "pule" and written "Pale" share "pl"."""
    return re.sub(r"[aeiou]", "", key)
