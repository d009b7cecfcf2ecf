"""The business vocabulary: a name's business words in its own language are also compared in
English; the packaged file is well formed; a broken file is refused with its field named."""

from __future__ import annotations

import pytest

from policyatlas.errors import UserError
from policyatlas.screening.lexicon import build, translate
from policyatlas.screening.match import compare
from policyatlas.screening.normalise import business_words, latin_words

SMALL = {"concepts": {
    "transport": {"en": ["transport", "haulage"],
                  "he": {"native": ["הובלות"], "latin": ["hovalot"]},
                  "de": {"latin": ["transporte", "spedition"]}},
    "logistics": {"en": ["logistics"], "ko": {"native": ["물류"], "latin": ["mullyu"]}},
    "metal": {"en": ["metal"], "nl": {"latin": ["metaal", "metal"]}},
}}


def test_words_are_found_in_every_spelling_and_turned_into_english() -> None:
    lex = build(SMALL, latin_words)
    tokens, origin, turned = translate(("dagan", "hovalot"), lex)
    assert tokens == ("dagan", "transport") and origin == (0, -1)
    assert turned == ["hovalot -> transport (he)"]
    assert translate(("dagan", "spedition"), lex)[0] == ("dagan", "transport")
    assert translate(("dagan", "trucks"), lex) is None


def test_a_word_run_into_a_korean_name_is_found() -> None:
    lex = build(SMALL, latin_words)
    tokens, _, _ = translate(("hanbitmullyu",), lex, compounds=True)
    assert tokens == ("hanbit", "logistics")
    assert translate(("hanbitmullyu",), lex) is None  # only where names run words together


def test_a_romanisation_that_is_an_english_word_is_left_alone() -> None:
    lex = build(SMALL, latin_words)
    assert ("metal",) not in lex.words and ("metaal",) in lex.words


@pytest.mark.parametrize(("data", "field"), [
    ({}, "concepts"),
    ({"concepts": {"x": {"he": {"native": ["א"]}}}}, "x.en"),
    ({"concepts": {"x": {"en": ["x"], "he": ["א"]}}}, "x.he"),
    ({"concepts": {"x": {"en": ["x"], "he": {"native": [""]}}}}, "x.he.native"),
    ({"concepts": {"x": {"en": ["x"], "he": {"spoken": ["a"]}}}}, "x.he"),
])
def test_a_broken_vocabulary_is_refused_with_the_field(data, field) -> None:
    with pytest.raises(UserError) as err:
        build(data, latin_words)
    assert err.value.problems[0].field == field


def test_the_packaged_vocabulary_loads_and_is_broad() -> None:
    lex = business_words()
    assert len(lex.english) >= 100
    languages = {lang for _, lang, _ in lex.words.values()}
    assert {"he", "ar", "ru", "ko", "ja", "de", "fr", "es", "zh"} <= languages


@pytest.mark.parametrize(("a", "b"), [
    ("אורן הובלות בע\"מ", "Oren Transport Ltd"),
    ("Müller Spedition GmbH", "Muller Transport GmbH"),
    ("한빛물류 주식회사", "Hanbit Logistics Co., Ltd."),
    ("אורן חלקים בע\"מ", "Oren Parts Ltd"),  # a plural found by its stem
])
def test_translated_names_match_their_english_listing(a, b) -> None:
    s = compare(a, b)
    assert s.score >= 0.88, s
    assert any("business words translated" in r for r in s.reasons)
