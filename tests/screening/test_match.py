"""The name matcher: normalisation, scripts, legal forms, near strings, reasons, evidence."""

from __future__ import annotations

import pytest

from policyatlas.screening.match import NameMatcher, compare, normalise
from policyatlas.screening.model import ListEntry


def _entry(i: int, name: str, **kw) -> ListEntry:
    return ListEntry(list_id="t", entry_id=str(i), name=name, **kw)


ENTRIES = [
    _entry(1, "Huawei Technologies Co., Ltd.", names_zh=["华为技术有限公司"], country="CN",
           entity_type="entity"),
    _entry(2, "Kisumu Lakeside Motors Limited", aliases=["KLM Kenya"]),
    _entry(3, "Ivan Petrov", entity_type="individual", country="RU"),
    _entry(4, "Guangzhou Lixin Cosmetics Co., Ltd."),
]
MATCHER = NameMatcher(ENTRIES)


def test_normalise_drops_case_punctuation_and_legal_forms() -> None:
    assert normalise("Huawei Technologies Co., Ltd.") == "huawei technologies"
    assert normalise("HUAWEI TECHNOLOGIES") == "huawei technologies"
    assert normalise("华为技术有限公司") == "hua wei ji shu"


@pytest.mark.parametrize("query", ["HUAWEI TECHNOLOGIES", "華為技術有限公司", "华为技术",
                                   "Huawei Technologies Company Limited"])
def test_spellings_and_scripts_find_the_entry(query: str) -> None:
    hits = MATCHER.match(query)
    assert hits and hits[0].entry.entry_id == "1"
    assert hits[0].score >= 0.88 and hits[0].reasons


def test_reasons_name_the_spelling_and_conversion() -> None:
    hit = MATCHER.match("華為技術有限公司")[0]
    assert hit.matched_name == "华为技术有限公司"
    text = " ".join(hit.reasons)
    assert "Chinese name" in text and "traditional->simplified" in text


def test_branch_annotation_and_alias() -> None:
    assert MATCHER.match("Kisumu Lakeside Motors Ltd (Kakamega Branch)")[0].entry.entry_id == "2"
    hit = MATCHER.match("KLM Kenya")[0]
    assert hit.entry.entry_id == "2" and "alias" in hit.reasons[0]


def test_cross_script_person() -> None:
    hit = MATCHER.match("Иван Петров")
    assert hit and hit[0].entry.entry_id == "3"


def test_near_strings_are_not_matches() -> None:
    assert not MATCHER.match("Guangzhou Lixing Cosmetics Co., Ltd.")
    assert compare("Mwangi & Sons Ltd", "Mwangi & Daughters Ltd").score < 0.88
    assert compare("Seraphine Navigation II S.A.", "Seraphine Navigation IX S.A.").score < 0.88


def test_spelling_variants_are_matches() -> None:
    assert compare("Levitsky Packaging Solutions Ltd",
                   "Levitskiy Packaging Solutions Ltd").score >= 0.88
    assert compare("Shabbir Cotton Waste Traders", "Shabir Cotton Waste Traders").score >= 0.88
    assert compare("Harrowfield Bearings Limited", "HARROWFIELD BEARINGS LTD.").score >= 0.88


def test_two_native_legal_forms_are_two_companies() -> None:
    s = compare("Korvessa Industrial GmbH", "Korvessa Industrial Sdn. Bhd.")
    assert s.score < 0.88 and any("legal forms" in r for r in s.reasons)


def test_country_and_type_are_evidence() -> None:
    same = MATCHER.match("Ivan Petrov", country="RU", entity_type="individual")[0]
    other = MATCHER.match("Ivan Petrov", country="US", entity_type="entity", threshold=0.5)[0]
    assert same.score > other.score
    assert any("country differs" in r for r in other.reasons)


def test_threshold_and_limit() -> None:
    assert MATCHER.match("Huawei", threshold=0.99) == []
    assert len(MATCHER.match("Huawei Technologies", threshold=0.0, limit=1)) == 1


def test_empty_and_symbol_names() -> None:
    assert MATCHER.match("") == []
    assert MATCHER.match("Co., Ltd.") == [] or all(m.score >= 0.88
                                                    for m in MATCHER.match("Co., Ltd."))
    assert NameMatcher([]).match("Huawei") == []


# --- spellings the matcher must see through (names made up for these tests) -------------------

@pytest.mark.parametrize(("a", "b"), [
    ("אברהם כהן", "Avraham Cohen"),            # Hebrew: consonants, vav and he as written
    ("משה לוי", "Moshe Levi"),
    ("צבי רבינוביץ'", "Tzvi Rabinovich"),       # tsadi with a geresh is "ch"
    ("HotelDelMar", "Hotel Del Mar"),            # words run together
    ("Field 59: Orsova Grain Traders", "ORSOVA GRAIN TRADERS"),  # a SWIFT field tag
    ("PT Gunung Emas Lestari", "PERSEROAN TERBATAS GUNUNG EMAS LESTARI"),
    ("Balaton Szerviz Kft.", "Balaton Szerviz Korlátolt Felelősségű Társaság"),
    ("M/T Sea Harmony", "SEA HARMONY"),          # a vessel prefix, not "Mount"
    ("Sultan Mahmoud Trading", "Sultan Mahmud Trading"),
    ("Tsvetkov Logistika", "Cvetkov Logistika"),  # ts / c
    ("Nakhla Shipping", "Nachla Shipping"),       # kh / ch
    ("Volodymyr Hrytsenko", "Vladimir Hrytsenko"),  # one given name, Ukrainian / Russian
    ("Аляксандр Лукашэвіч", "Aleksandr Lukashevich"),  # Belarusian
])
def test_spelling_variants_match(a: str, b: str) -> None:
    assert compare(a, b).score >= 0.88, compare(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Brightwater Exports Ltd", "Brightwater Experts Ltd"),  # ordinary words are not variants
    ("Kestrel Pumps Inc.", "Kestrel Pumps (Thailand) Co., Ltd."),  # a subsidiary by country
    ("אברהם כהן", "Avraham Katz"),
])
def test_near_names_that_are_other_parties_do_not_match(a: str, b: str) -> None:
    assert compare(a, b).score < 0.88, compare(a, b)


def test_hebrew_reasons_say_consonants_were_compared() -> None:
    s = compare("אברהם כהן", "Avraham Cohen")
    assert any("consonants" in r for r in s.reasons)


def test_korean_is_written_in_the_revised_romanization() -> None:
    assert normalise("한국반도체") == "hangukbandoche"


def test_the_cached_matcher_answers_as_the_built_one() -> None:
    import pickle

    loaded = pickle.loads(pickle.dumps(MATCHER))
    for query in ("华为技术有限公司", "HUAWEI TECHNOLOGIES", "Ivan Petrov", "KLM Kenya"):
        assert [(m.entry, m.score, m.reasons) for m in loaded.match(query)] == \
            [(m.entry, m.score, m.reasons) for m in MATCHER.match(query)]


def test_many_names_on_every_core_give_the_answers_one_by_one() -> None:
    queries = [(n, c, None) for n, c in (("Huawei Technologies", "CN"), ("Ivan Petrov", "RU"),
                                         ("Kisumu Lakeside Motors", None), ("Nobody Ltd", None))]
    queries = queries * 550  # enough to be spread over the cores
    many = MATCHER.match_many(queries)
    one = [MATCHER.match(n, country=c) for n, c, _ in queries]
    assert [[(m.entry.entry_id, m.score) for m in ms] for ms in many] == \
        [[(m.entry.entry_id, m.score) for m in ms] for ms in one]
