"""Burmese names: syllables romanised as Myanmar names are written, and matched by sound."""

from __future__ import annotations

import pytest

from policyatlas.screening.burmese import romanise, sound_key
from policyatlas.screening.match import DEFAULT_THRESHOLD, compare
from policyatlas.screening.normalise import name_form


@pytest.mark.parametrize(("burmese", "latin"), [
    ("ဦးကျော်ဇော်ထွန်း", "u kyaw zaw htun"),  # medial ya-pin, -aw with asat, -un with wa-hswe
    ("မင်းအောင်လှိုင်", "min aung hlaing"),  # -in, -aung, ha-htoe + -aing
    ("ရွှေ", "shwe"),  # ရ + wa-hswe + ha-htoe = shw
    ("သိန်းစိန်", "thein sein"),  # -ein
    ("မင်္ဂလာ", "min ga la"),  # kinzi: the stacked င closes the syllable before
    ("ကုမ္ပဏီ", "kon pa ni"),  # a stacked consonant is the previous syllable's final
    ("နေပြည်တော်", "ne pyi taw"),  # ya-yit, final ည
    ("ဆိပ်ကမ်း", "hseik kan"),  # -eik, -an
    ("မြန်မာ ၂၀၂၅", "myan ma 2 0 2 5"),  # Burmese digits
])
def test_romanisation(burmese: str, latin: str) -> None:
    assert romanise(burmese) == latin


def test_sound_keys_fold_the_usual_variants() -> None:
    assert sound_key("yatana") == sound_key("Yadanar")
    assert sound_key("kye") == sound_key("Kyal")
    assert sound_key("hsan") == sound_key("San")
    assert sound_key("htun") == sound_key("Tun")
    assert sound_key("myin") == sound_key("Myint")
    assert sound_key("aung") != sound_key("ong")


def test_burmese_script_is_recognised() -> None:
    form = name_form("ရွှေပုလဲ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်")
    assert form.script == "burmese"
    assert form.tokens == ("shwe", "pu", "le", "kon", "thwe", "ye")  # Company Limited removed


@pytest.mark.parametrize(("burmese", "latin"), [
    ("ဦးကျော်ဇော်ထွန်း ကုန်သွယ်ရေး", "U Kyaw Zaw Htun Trading"),
    ("ရွှေပုလဲ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်", "Shwe Pale Trading Co., Ltd."),
    ("အောင်ကြယ် ဆန်စက် ကုမ္ပဏီလီမိတက်", "Aung Kyal Rice Mill Co., Ltd."),
    ("မင်းအောင်လှိုင်", "MIN AUNG HLAING"),
    ("သိန်းစိန်", "Thein Sein"),
])
def test_a_burmese_name_matches_its_romanisation(burmese: str, latin: str) -> None:
    scored = compare(burmese, latin)
    assert scored.score >= DEFAULT_THRESHOLD, scored.reasons
    assert compare(latin, burmese).score == pytest.approx(scored.score)  # symmetric
    assert any("Burmese" in r or "equal" in r for r in scored.reasons)


@pytest.mark.parametrize(("burmese", "latin"), [
    ("ဦးကျော်ဇော်ထွန်း ကုန်သွယ်ရေး", "U Kyaw Zaw Win Trading"),  # one name differs
    ("ရွှေပုလဲ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်", "Shwe Pyi Trading Co., Ltd."),
    ("အောင်ကြယ် ဆန်စက် ကုမ္ပဏီလီမိတက်", "Aung Myint Rice Mill Co., Ltd."),
    ("မင်းအောင်လှိုင်", "Min Aung"),  # a name cut short
    ("သိန်းစိန်", "Thein Win"),
])
def test_a_different_name_stays_below_the_threshold(burmese: str, latin: str) -> None:
    assert compare(burmese, latin).score < DEFAULT_THRESHOLD


def test_a_single_syllable_is_a_name_not_a_business_word() -> None:
    # ကြယ် is "star", but in "Aung Kyal" it is a name: it stays a syllable, not "star".
    reasons = " ".join(compare("အောင်ကြယ် ဆန်စက်", "Aung Kyal Rice Mill").reasons)
    assert "-> star" not in reasons and "rice mill (my)" in reasons


def test_the_matcher_finds_a_latin_listing_for_a_burmese_name() -> None:
    # The index must find "Yadanar Mingalar" for ရတနာမင်္ဂလာ although no syllable is spelt
    # like a word of the listing ("ya ta na" / "Yadanar"), and must not cut it by token bounds.
    from policyatlas.screening.match import NameMatcher
    from policyatlas.screening.model import ListEntry

    names = ["Yadanar Mingalar", "Shwe Taung Development", "Myanma Economic Holdings Limited"]
    matcher = NameMatcher([ListEntry(list_id="t", entry_id=str(i), name=n)
                           for i, n in enumerate(names)])
    hits = matcher.match("ရတနာမင်္ဂလာ")
    assert [h.entry.name for h in hits] == ["Yadanar Mingalar"]
    assert hits[0].score == pytest.approx(compare("ရတနာမင်္ဂလာ", "Yadanar Mingalar").score)
    assert matcher.match("ရွှေပုလဲ") == []
