"""Normalising names for screening: one ``NameForm`` per spelling of a name, in every script.

A name goes through Unicode NFKC, case folding, Traditional -> Simplified Chinese (OpenCC's
conversion tables), punctuation removal and legal-form removal (English, Chinese, and the common
European, Latin American, Asian and post-Soviet forms). Then it is written in Latin letters:
Chinese characters by their Mandarin pinyin (pypinyin), every other script by ``anyascii``'s
transliteration tables. The matcher compares those Latin tokens, and the native forms where both
names share a script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

from policyatlas.screening.burmese import BURMESE, romanise
from policyatlas.screening.lexicon import Lexicon, translate
from policyatlas.screening.lexicon import load as load_lexicon


@lru_cache(maxsize=1)
def _t2s() -> object:
    """Traditional -> Simplified (OpenCC), loaded when a name has Chinese characters."""
    from opencc import OpenCC

    return OpenCC("t2s")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
HEBREW = re.compile(r"[\u05d0-\u05ea]")
ARABIC = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff]")
GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf]")
ABJADS = frozenset({"hebrew", "arabic"})  # scripts that leave most vowels unwritten
_NON_WORD = re.compile(r"[^\w]+")
_LABEL = re.compile(
    r"^\s*(?:shipper|consignee|beneficiary|ordering customer|applicant|buyer|seller|"
    r"notify party|end user|importer|exporter|messrs|attn|field\s*\d{2}[a-z]?)\b\.?\s*:?\s*"
    r"|^\s*:\d{2}[a-z]?:\s*", re.I)  # a SWIFT field tag, "Field 59:" or ":59:"

# Chinese legal-form and registration suffixes, longest first. 集团 (group) and 控股 (holding)
# stay as words: "X 集团" and "X" are often different companies.
ZH_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "总公司", "分公司",
            "公司", "股份", "株式会社", "有限会社", "合同会社", "주식회사", "유한회사",
            'בע"מ', "בע״מ", "בעמ", "ကုမ္ပဏီလီမိတက်", "ကုမ္ပဏီ", "လီမိတက်")
# (and the Japanese, Korean, Hebrew and Burmese forms)
# Chinese words a name carries weakly: present or absent, it is the same company.
ZH_WEAK = ("科技", "技术", "集团", "国际", "实业", "发展", "控股")

# Legal forms as sequences of Latin tokens (after transliteration and folding). A group name says
# which family a form belongs to: forms of one family are translations of each other ("OOO",
# "Sp. z o.o.", "GmbH" and "LLC" are all private limited companies), and the generic English
# forms (Ltd, LLC, Co., Inc.) translate any of them.
_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "generic": ("co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited",
                "llc", "plc", "lp", "llp", "pllc", "the", "and co", "co ltd", "company limited",
                "limited company", "limited liability company", "public limited company",
                "joint stock company", "jsc", "pjsc", "ojsc", "cjsc", "private limited",
                "pvt ltd", "pvt", "private", "pty ltd", "pty", "proprietary limited", "group",
                "holdings limited"),
    "de": ("gmbh", "ag", "kg", "gmbh co kg", "ug", "ohg", "e k", "mbh"),
    "fr": ("sa", "sas", "sarl", "sasu", "eurl", "sca", "snc", "et cie", "cie", "ets", "sci"),
    "it": ("spa", "s p a", "srl", "s r l", "sas", "snc", "s n c", "sapa", "societa cooperativa",
           "scarl", "di"),
    "es": ("sa", "sl", "s l", "sa de cv", "s a de c v", "sab de cv", "s de rl de cv", "sac",
           "s a c", "saa", "ltda", "srl", "cia", "cia ltda"),
    "pt": ("lda", "ltda", "sa", "me", "eireli"),
    "nl": ("bv", "b v", "nv", "n v", "vof", "cv", "commanditaire vennootschap",
           "besloten vennootschap", "naamloze vennootschap"),
    "nordic": ("ab", "as", "asa", "oy", "oyj", "aps", "a s", "hf", "ehf"),
    "baltic": ("ou", "uab", "ab", "sia", "as", "mtu", "tuu"),
    "pl": ("sp z o o", "sp z oo", "spolka z ograniczona odpowiedzialnoscia", "sp k", "ska",
           "s k a", "spolka komandytowa", "spolka komandytowo akcyjna", "spolka jawna",
           "s a", "sa", "spolka akcyjna", "sp j"),
    "cz": ("s r o", "sro", "a s", "spol s r o", "v o s"),
    "si": ("d o o", "doo", "d d", "dd", "s p", "d n o"),
    "ru": ("ooo", "oao", "zao", "pao", "ao", "ip", "tov", "prat", "pat", "chao", "tdv", "ooo tk",
           "fgup", "gup", "mup", "nao"),
    "hu": ("kft", "korlatolt felelossegu tarsasag", "zrt", "nyrt", "bt", "kkt", "rt"),
    "tr": ("ltd sti", "a s", "as", "sti", "anonim sirketi", "limited sirketi", "tic", "san"),
    "asia": ("sdn bhd", "bhd", "sendirian berhad", "berhad", "pte ltd", "pte", "pt",
             "perseroan terbatas", "tbk", "terbuka", "persero", "kk", "k k", "co ltd",
             "kabushiki kaisha", "yugen kaisha", "godo kaisha", "jusikhoesa", "jusighoesa",
             "yuhanhoesa", "cv", "pvt ltd", "private limited", "fze", "fzco", "fz llc", "wll",
             "w l l", "est", "llc fz", "bv", "spc", "opc", "inc"),
    "am": ("spy", "spe", "pbe", "bbe", "shps", "sps"),
    "il": ("bm", "b m", "bam"),
}
LEGAL_FORMS: dict[tuple[str, ...], frozenset[str]] = {}
for _family, _forms in _LEGAL_FORMS.items():
    for _form in _forms:
        LEGAL_FORMS.setdefault(tuple(_form.split()), frozenset())
        LEGAL_FORMS[tuple(_form.split())] = LEGAL_FORMS[tuple(_form.split())] | {_family}
_MAX_FORM = max(len(k) for k in LEGAL_FORMS)
GENERIC_FORMS = frozenset(k for k, fam in LEGAL_FORMS.items() if "generic" in fam)

# Vessel prefixes, dropped from the front of a name.
VESSEL_PREFIXES = frozenset({"mv", "m v", "mt", "m t", "ms", "m s", "mts", "ss", "fv", "nm",
                             "n m", "mys", "lng", "lpg", "coaster", "tb", "t b", "tug"})

# Chinese business words and their usual English renderings: a Chinese name is also compared
# with these words translated ("沧澜远洋航运" -> "cang lan ocean shipping").
ZH_TERMS = {
    "远洋": "ocean", "海洋": "ocean", "航运": "shipping", "船务": "shipping", "海运": "shipping",
    "精密": "precision", "机械": "machinery", "科技": "technology", "技术": "technologies",
    "电子": "electronics", "贸易": "trading", "物流": "logistics", "国际": "international",
    "集团": "group", "控股": "holdings", "工业": "industrial", "实业": "industrial",
    "研究所": "institute", "研究院": "research institute", "大学": "university",
    "航空": "aviation", "航天": "aerospace", "船舶": "shipbuilding", "造船": "shipbuilding",
    "重工": "heavy industries", "化工": "chemical", "能源": "energy", "石油": "petroleum",
    "银行": "bank", "投资": "investment", "通信": "communications", "半导体": "semiconductor",
    "软件": "software", "网络": "network", "信息": "information", "系统": "systems",
    "设备": "equipment", "仪器": "instruments", "材料": "materials", "医疗": "medical",
    "生物": "biotech", "汽车": "automotive", "动力": "power", "工程": "engineering",
    "建设": "construction", "制造": "manufacturing", "进出口": "import export",
    "中国": "china", "香港": "hong kong", "美国": "america", "服务": "services",
    "海事": "maritime", "防务": "defense", "国防": "defense", "光电": "optoelectronics",
    "无人机": "unmanned aerial", "智能": "intelligent", "发展": "development",
}
_ZH_TERM = re.compile("|".join(sorted(map(re.escape, ZH_TERMS), key=len, reverse=True)))

# Business words: a name's distinctive words outweigh them.
WEAK_WORDS = frozenset({
    "trading", "trade", "traders", "general", "international", "intl", "group", "industries",
    "industry", "industrial", "enterprise", "enterprises", "services", "service", "technology",
    "technologies", "tech", "co", "and", "of", "de", "del", "la", "le", "du", "des", "da", "do",
    "di", "e", "et", "y", "the", "al", "el", "import", "export", "global", "holding", "holdings",
    "company", "corporation", "kejì", "keji", "jishu", "jituan", "guoji", "shiye", "fazhan",
    "konggu", "branch", "development", "solutions", "products", "systems", "limited", "for", "in",
})

# Word abbreviations written out (common in trade documents).
ABBREVIATIONS = {"bros": "brothers", "mfg": "manufacturing", "engg": "engineering",
                 "eng": "engineering", "intl": "international", "ind": "industria",
                 "com": "comercio", "cia": "compania", "comm": "commendator", "flli": "fratelli",
                 "f lli": "fratelli", "dept": "department", "natl": "national", "assn":
                 "association", "univ": "university", "inst": "institute", "tech": "technology",
                 "svcs": "services", "svc": "services", "hldgs": "holdings", "mgmt": "management",
                 "st": "saint", "mt": "mount", "ft": "fort", "&": "and", "u": "u",
                 "assoc": "associates", "assocs": "associates", "mgt": "management",
                 "constr": "construction", "distr": "distribution",
                 "equip": "equipment", "indus": "industries", "inds": "industries",
                 "prods": "products", "trdg": "trading",
                 "transp": "transport", "whse": "warehouse", "agcy": "agency",
                 "mktg": "marketing", "pharm": "pharmaceutical", "pharma": "pharmaceutical",
                 "chem": "chemical", "chems": "chemicals", "metall": "metallurgical"}


@dataclass(frozen=True, slots=True)
class NameForm:
    """One spelling of a name, normalised."""

    original: str
    native: str  # folded, Simplified, punctuation and legal forms removed, in its own script
    tokens: tuple[str, ...]  # Latin tokens, legal forms removed
    forms: frozenset[str]  # legal-form families found
    script: str  # "latin", "han", "kana", "hangul", "hebrew", "arabic", "georgian",
    # "burmese" or "other"
    conversions: tuple[str, ...] = field(default=())  # what was done: "t2s", "pinyin", ...
    whole: str = ""  # every Latin letter, legal forms included, no spaces ("etsdiallo")
    consonants: tuple[str, ...] = ()  # Hebrew and Arabic names: each token's consonant key
    is_translated: bool = False  # business words turned into English (a reading, not the name)

    def __reduce__(self) -> tuple:
        # Rebuilt from its fields in order: loading the cached matcher's tens of thousands of
        # forms is then a plain constructor call each, not a dataclass __setstate__.
        return (NameForm, (self.original, self.native, self.tokens, self.forms, self.script,
                           self.conversions, self.whole, self.consonants, self.is_translated))

    @property
    def compact(self) -> str:
        return "".join(self.tokens)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _script(text: str) -> str:
    if HEBREW.search(text):
        return "hebrew"
    if ARABIC.search(text):
        return "arabic"
    if GEORGIAN.search(text):
        return "georgian"
    if BURMESE.search(text):
        return "burmese"
    if HANGUL.search(text):
        return "hangul"
    if KANA.search(text):
        return "kana"
    if HAN.search(text):
        return "han"
    if any(ord(ch) > 0x24F and ch.isalpha() for ch in text):
        return "other"
    return "latin"


# Consonant keys, for names written in Hebrew or Arabic, which leave most vowels unwritten: a
# word and its Latin spelling ("גורביץ'" and "Gurevich", "محمود" and "Mahmoud") reduce to the
# same consonants. Letters that sound alike share a class: H for ח, ح, خ, ه and Latin h/ch/kh;
# C for צ and ts/tz; "w" for ו and و, which are a vowel or a consonant.
_HEBREW_KEY = {"ב": "b", "ג": "g", "ד": "d", "ז": "z", "ח": "H", "ט": "t", "כ": "k", "ך": "k",
               "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "פ": "p", "ף": "p",
               "צ": "C", "ץ": "C", "ק": "k", "ר": "r", "ש": "s", "ת": "t"}
_ARABIC_KEY = {"ب": "b", "پ": "p", "ت": "t", "ث": "t", "ج": "g", "چ": "H", "ح": "H", "خ": "H",
               "د": "d", "ذ": "d", "ر": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "s", "ص": "s",
               "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "p", "ق": "k", "ك": "k", "ک": "k",
               "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "H", "ة": "", "و": "w"}
_GERESH = {"ג": "g", "ז": "z", "צ": "H", "ץ": "H"}  # ג' = j, ז' = zh, צ' = ch
_LATIN_KEY = [(re.compile(p), r) for p, r in (
    (r"(?<=[aeiou])h$", ""), (r"(?<=[aeiou])[wy](?![aeiou])", ""), (r"t[sz]", "C"),
    (r"sch|sh", "s"), (r"zh", "z"), (r"[ck]h", "H"), (r"ph|f", "p"), (r"th", "t"), (r"gh", "g"),
    (r"dh", "d"), (r"h", "H"), (r"[vw]", "b"), (r"ck|q|c", "k"), (r"x", "ks"), (r"j", "g"),
    (r"[aeiouy]", ""), (r"(.)\1+", r"\1"))]


@lru_cache(maxsize=200_000)
def latin_key(token: str) -> str:
    """A Latin token's consonant key ("gurevich" -> "grbH", "haddad" -> "Hd")."""
    for pattern, repl in _LATIN_KEY:
        token = pattern.sub(repl, token)
    return token


def consonant_key(word: str) -> str:
    """A Hebrew or Arabic word's consonant key: the vowel letters (א י ע, ا ي ع ء) and a final
    ה or ه dropped; ו and و, a vowel or a v/w, written "w"."""
    out = []
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in _GERESH and nxt in "'׳’":
            out.append(_GERESH[ch])
        elif ch in "הه":  # a final ה or ه is a vowel
            out.append("H" if nxt else "")
        elif ch in "וو":  # a vowel or v: "w" matches either way (see consonants_match)
            out.append("" if nxt == ch else "w")
        else:
            out.append(_HEBREW_KEY.get(ch) or _ARABIC_KEY.get(ch, ""))
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def consonants_match(key: str, latin: str, token: str) -> bool:
    """Whether a Hebrew or Arabic word's consonant key and a Latin token's (``latin``, of
    ``token``) are the same consonants. One consonant is enough only for a short name
    ("Ali")."""
    if len(latin) < 2 and not (latin and len(token) <= 3):
        return False
    return key == latin if "w" not in key else latin in (key.replace("w", ""),
                                                          key.replace("w", "b"))


# The Revised Romanization's syllable-final consonants, by the final's index in a Hangul
# syllable (none, ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ).
_HANGUL_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p",
                  "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")


def _hangul_latin(text: str) -> str:
    """Hangul in the Revised Romanization's spelling: syllables joined within a word, each
    final consonant as the Romanization writes it at a syllable's end ("새벽별" ->
    "saebyeokbyeol", "한빛" -> "hanbit")."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            base = chr(0xAC00 + code - code % 28)
            out.append(anyascii(base).lower() + _HANGUL_FINALS[code % 28])
        else:
            out.append(anyascii(ch))
    return "".join(out)


def fold(name: str) -> str:
    """NFKC, case folding and Traditional -> Simplified Chinese."""
    text = unicodedata.normalize("NFKC", name).casefold()
    if HAN.search(text):
        text = _t2s().convert(text)
    return text


def _strip_zh_legal(text: str) -> tuple[str, bool]:
    changed = False
    text = re.sub("[(\uff08][^)\uff09]*[)\uff09]", "", text) if HAN.search(text) else text
    for _ in range(2):
        text = text.strip()
        for suffix in ZH_LEGAL:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
            if text.startswith(suffix) and len(text) > len(suffix):
                text, changed = text[len(suffix):], True
    return text, changed


def to_latin(text: str) -> str:
    """``text`` in Latin letters: pinyin for Chinese characters, anyascii for other scripts."""
    if text.isascii():
        return text
    if HAN.search(text) and not KANA.search(text) and not HANGUL.search(text):
        from pypinyin import Style, lazy_pinyin  # loaded when a name has Chinese characters

        parts = lazy_pinyin(text, style=Style.NORMAL, errors="default")
        return " ".join(anyascii(p) for p in parts)
    if HANGUL.search(text):
        return _hangul_latin(text)
    if BURMESE.search(text):
        return anyascii(romanise(text))
    return anyascii(text)


_DOTTED = [(re.compile(r"\bf\.?\s?lli\b"), "fratelli"),
           (re.compile(r"\b([a-z])/([a-z])\b"), r"\1\2"),
           (re.compile(r"\bv\.\s?\d+[a-z]?\b"), " "), (re.compile(r"\bno\.?\s*(?=\d)"), " ")]


def _latin_tokens(text: str) -> list[str]:
    for pattern, repl in _DOTTED:
        text = pattern.sub(repl, text)
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # s.a. -> sa
    return [t for t in _NON_WORD.sub(" ", text.casefold()).replace("_", " ").split() if t]


def strip_legal(tokens: list[str]) -> tuple[list[str], frozenset[str]]:
    """Remove legal forms at the end or start of ``tokens``; return them with the families."""
    families: set[str] = set()
    found = True
    while found and len(tokens) > 1:
        found = False
        for size in range(min(_MAX_FORM, len(tokens) - 1), 0, -1):
            key = tuple(tokens[-size:])
            if key in LEGAL_FORMS:
                families |= LEGAL_FORMS[key]
                tokens = tokens[:-size]
                found = True
                break
            key = tuple(tokens[:size])
            if key in LEGAL_FORMS and key not in {("the",), ("co",), ("as",), ("sa",)}:
                families |= LEGAL_FORMS[key]
                tokens = tokens[size:]
                found = True
                break
    return tokens, frozenset(families)


@lru_cache(maxsize=200_000)
def name_form(name: str) -> NameForm:
    """The normalised form of one spelling."""
    conversions: list[str] = []
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LABEL.sub("", text)
    if HAN.search(text):
        simplified = _t2s().convert(text)
        if simplified != text:
            conversions.append("traditional->simplified")
        text = simplified
    script = _script(text)
    native, zh_legal = _strip_zh_legal(text) if script != "latin" else (text, False)
    native_key = _NON_WORD.sub("", native).replace("_", "") if script != "latin" else ""
    if script == "han":
        conversions.append("pinyin")
    elif script != "latin":
        conversions.append("transliteration")
    latin = to_latin(native.replace("ў", "w") if script == "other" else native)
    tokens = _latin_tokens(latin)
    if len(tokens) > 1 and (tokens[0] in VESSEL_PREFIXES or " ".join(tokens[:2]) in
                            VESSEL_PREFIXES):
        tokens = tokens[2:] if " ".join(tokens[:2]) in VESSEL_PREFIXES else tokens[1:]
    whole = "".join(tokens)
    tokens = [ABBREVIATIONS.get(t, t) for t in tokens]
    stripped, families = strip_legal(tokens)
    if zh_legal:
        families = families | {"zh"}
    consonants: tuple[str, ...] = ()
    if script in ABJADS:
        consonants = _consonant_keys(native, tokens, stripped)
    return NameForm(original=name, native=native_key, tokens=tuple(stripped), forms=families,
                    script=script, conversions=tuple(conversions), whole=whole,
                    consonants=consonants)


def _consonant_keys(native: str, tokens: list[str], kept: list[str]) -> tuple[str, ...]:
    """The consonant key of each kept token of a Hebrew or Arabic name (Latin tokens in it by
    their Latin key)."""
    keys = []
    for word in re.split(r"[^\w'\u05f3\u2019\"]+", native):
        latin = _latin_tokens(to_latin(word)) if word else []
        key = consonant_key(word) if HEBREW.search(word) or ARABIC.search(word) else ""
        keys += [key or latin_key(t) for t in latin] if len(latin) != 1 else [key or
                                                                                latin_key(latin[0])]
    if len(keys) != len(tokens):
        return tuple(latin_key(t) for t in kept)
    for start in range(len(tokens) - len(kept) + 1):
        if tokens[start:start + len(kept)] == kept:
            return tuple(keys[start:start + len(kept)])
    return tuple(latin_key(t) for t in kept)


# One given name in its Russian, Ukrainian and Belarusian forms and their usual
# romanisations (a person listed as "Vladimir" signs as "Volodymyr" or "Uladzimir").
_EAST_SLAVIC_NAMES = (
    "vladimir volodymyr volodimir uladzimir uladzimer wladimir",
    "aleksandr alexander oleksandr olexandr aliaksandr aleksandar alyaksandr",
    "sergei sergey serhiy serhii sergii siarhei siarhey sergiy",
    "nikolai nikolay mykola mikola mikalai mikalay",
    "vasily vasiliy vasilii vasilij vasyl vasil vasili wassili",
    "evgeny evgeniy yevgeny yevgeniy yevhen yevhenii ievgen yauhen jauhen eugene",
    "dmitry dmitriy dmitrii dmytro dzmitry dzmitryi",
    "oleg oleh aleh",
    "igor ihor ihar",
    "yuri yuriy yurii yury iurii jurij",
    "pyotr petr petro piotr pyatro",
    "pavel pavlo paval pavlo",
    "mikhail mykhailo mykhaylo mikhas mikhal",
    "grigory grigoriy hryhoriy hryhorii ryhor",
    "anatoly anatoliy anatolii anatol",
    "valentin valentyn valiancin",
    "konstantin kostiantyn kostyantyn kanstantsin",
    "andrei andrey andriy andrii andrej",
    "aleksei alexei alexey oleksiy oleksii aliaksei",
    "fyodor fedor fedir fiodar",
    "stepan stsiapan",
    "tatiana tatyana tetiana tetyana tatsiana",
    "elena yelena olena alena alyona",
    "natalia natalya nataliya natallia",
    "irina iryna iryna",
    "lyudmila liudmila liudmyla ludmila",
    "galina halyna halina",
    "maria mariya maryia",
    "yulia yuliya yuliia julia",
    "svetlana svitlana sviatlana",
    "viktoria viktoriya viktoryia",
    "olga olha volha",
    "ekaterina yekaterina kateryna katsiaryna",
)
GIVEN_NAMES = {name: group.split()[0] for group in _EAST_SLAVIC_NAMES for name in group.split()}


def without_case_ending(form: NameForm) -> NameForm | None:
    """A Georgian name with the nominative ending -i of borrowed words dropped ("სპირიტი",
    sp'irit'i -> "spirit"), or None."""
    if form.script != "georgian":
        return None
    tokens = tuple(t[:-1] if len(t) > 4 and t.endswith("i") else t for t in form.tokens)
    if tokens == form.tokens:
        return None
    return NameForm(original=form.original, native="", tokens=tokens, forms=form.forms,
                    script=form.script, whole=form.whole,
                    conversions=(*form.conversions, "Georgian nominative -i dropped"))


# Korean surnames in the spelling their bearers and registries use (not the Revised
# Romanization's: 김 is Kim, not Gim; 이 is Lee, not I).
KOREAN_SURNAMES = {
    "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
    "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin",
    "권": "kwon", "황": "hwang", "안": "ahn", "송": "song", "전": "jeon", "홍": "hong", "유": "yoo",
    "고": "ko", "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo",
    "남": "nam", "노": "noh", "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo",
    "우": "woo", "구": "koo", "민": "min", "류": "ryu", "나": "na", "진": "jin", "지": "ji",
    "엄": "eom", "채": "chae", "원": "won", "천": "cheon", "방": "bang", "공": "kong", "현": "hyun",
    "함": "ham", "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "도": "do", "석": "seok",
    "선": "sun", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "표": "pyo", "명": "myung",
    "기": "ki", "반": "ban", "왕": "wang", "옥": "ok", "육": "yook", "탁": "tak", "국": "kook"}


def korean_person(form: NameForm) -> NameForm | None:
    """A Hangul name of two to four syllables read as a person's name: the surname as its
    bearers spell it, then each syllable of the given name ("김정은" -> "kim jeong eun"), or
    None."""
    if form.script != "hangul" or form.forms:
        return None
    chars = [ch for ch in form.original if not ch.isspace()]
    if not 2 <= len(chars) <= 4 or not all("\uac00" <= ch <= "\ud7a3" for ch in chars) or \
            chars[0] not in KOREAN_SURNAMES:
        return None
    tokens = (KOREAN_SURNAMES[chars[0]], *(_hangul_latin(ch) for ch in chars[1:]))
    return NameForm(original=form.original, native="", tokens=tokens, forms=form.forms,
                    script=form.script, whole=form.whole,
                    conversions=(*form.conversions, "read as a Korean person's name"))


def latin_words(text: str) -> list[str]:
    """A word or phrase as the Latin tokens a name holding it would have."""
    return _latin_tokens(to_latin(fold(text)))


def translated(form: NameForm) -> NameForm | None:
    """A name with its business words in English, or None when it has none: Chinese by the
    terms above, every other language by the business vocabulary (:mod:`.lexicon`)."""
    if form.script != "han":
        done = translate(form.tokens, business_words(),
                         compounds=form.script in ("hangul", "kana"),
                         hebrew=form.script == "hebrew",
                         min_size=2 if form.script == "burmese" else 1)
        if done is None:
            return None
        tokens, origin, turned = done
        consonants: tuple[str, ...] = ()
        if form.consonants:
            consonants = tuple(form.consonants[k] if k >= 0 else latin_key(t)
                               for t, k in zip(tokens, origin, strict=True))
        return NameForm(original=form.original, native="", tokens=tokens, forms=form.forms,
                        script=form.script, whole=form.whole, consonants=consonants,
                        conversions=(*form.conversions, "business words translated: "
                                     + "; ".join(turned)), is_translated=True)
    if not _ZH_TERM.search(form.native):
        return None
    text = _ZH_TERM.sub(lambda m: f" {ZH_TERMS[m.group(0)]} ", form.native)
    tokens, _ = strip_legal(_latin_tokens(to_latin(text)))
    return NameForm(original=form.original, native="", tokens=tuple(tokens), forms=form.forms,
                    script="han", conversions=(*form.conversions, "business words translated"),
                    is_translated=True)


def normalise(name: str) -> str:
    """The comparison key of ``name``: Latin tokens without legal forms, space-separated
    ("Huawei Technologies Co., Ltd." -> "huawei technologies"; "华为技术有限公司" ->
    "hua wei ji shu")."""
    return " ".join(name_form(name).tokens)


def is_country(text: str) -> bool:
    """Whether ``text`` is a country's name, code or usual short form ("Thailand", "UK"), by the
    lists' own country table."""
    from policyatlas.screening.lists import country_code

    return country_code(text) is not None


def is_word(token: str) -> bool:
    """Whether a Latin token is an ordinary business word (in any of its English forms)."""
    words = english_words()
    return token in WEAK_WORDS or token in words or \
        (token.endswith("s") and (token[:-1] in words or token[:-1] in WEAK_WORDS))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English words of the business vocabulary (``data/business-words.yaml``)."""
    return frozenset(t for renderings in business_words().english.values() for w in renderings
                     for t in latin_words(w))


@lru_cache(maxsize=1)
def business_words() -> Lexicon:
    """The packaged business vocabulary (:mod:`policyatlas.screening.lexicon`), from the disk
    cache while the file and the code that reads it are unchanged."""
    from pathlib import Path

    from policyatlas.rules import cache

    here = Path(__file__).resolve().parent
    files = [here / "lexicon.py", here / "normalise.py", here / "burmese.py",
             here / "data" / "business-words.yaml"]
    return cache.cached_value("lexicon", cache.code_digest(files),
                              lambda: load_lexicon(latin_words))
