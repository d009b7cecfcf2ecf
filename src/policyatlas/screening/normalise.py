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
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

_T2S = OpenCC("t2s")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_NON_WORD = re.compile(r"[^\w]+")
_LABEL = re.compile(
    r"^\s*(?:shipper|consignee|beneficiary|ordering customer|applicant|buyer|seller|"
    r"notify party|end user|importer|exporter|messrs|attn)\b\.?\s*:?\s*", re.I)

# Chinese legal-form and registration suffixes, longest first. 集团 (group) and 控股 (holding)
# stay as words: "X 集团" and "X" are often different companies.
ZH_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "总公司", "分公司",
            "公司", "股份", "株式会社", "有限会社", "合同会社", "주식회사", "유한회사")
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
    "tr": ("ltd sti", "a s", "as", "sti", "anonim sirketi", "limited sirketi", "tic", "san"),
    "asia": ("sdn bhd", "bhd", "pte ltd", "pte", "pt", "tbk", "kk", "k k", "co ltd",
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
                 "st": "saint", "mt": "mount", "ft": "fort", "&": "and", "u": "u"}


@dataclass(frozen=True, slots=True)
class NameForm:
    """One spelling of a name, normalised."""

    original: str
    native: str  # folded, Simplified, punctuation and legal forms removed, in its own script
    tokens: tuple[str, ...]  # Latin tokens, legal forms removed
    forms: frozenset[str]  # legal-form families found
    script: str  # "latin", "han", "kana", "hangul" or "other"
    conversions: tuple[str, ...] = field(default=())  # what was done: "t2s", "pinyin", ...

    def __reduce__(self) -> tuple:
        # Rebuilt from its fields in order: loading the cached matcher's tens of thousands of
        # forms is then a plain constructor call each, not a dataclass __setstate__.
        return (NameForm, (self.original, self.native, self.tokens, self.forms, self.script,
                           self.conversions))

    @property
    def compact(self) -> str:
        return "".join(self.tokens)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _script(text: str) -> str:
    if HANGUL.search(text):
        return "hangul"
    if KANA.search(text):
        return "kana"
    if HAN.search(text):
        return "han"
    if any(ord(ch) > 0x24F and ch.isalpha() for ch in text):
        return "other"
    return "latin"


def fold(name: str) -> str:
    """NFKC, case folding and Traditional -> Simplified Chinese."""
    text = unicodedata.normalize("NFKC", name).casefold()
    if HAN.search(text):
        text = _T2S.convert(text)
    return text


def _strip_zh_legal(text: str) -> tuple[str, bool]:
    changed = False
    text = re.sub("[(\uff08][^)\uff09]*[)\uff09]", "", text) if HAN.search(text) else text
    for _ in range(2):
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
        parts = lazy_pinyin(text, style=Style.NORMAL, errors="default")
        return " ".join(anyascii(p) for p in parts)
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
        simplified = _T2S.convert(text)
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
    latin = to_latin(native)
    tokens = _latin_tokens(latin)
    tokens = [ABBREVIATIONS.get(t, t) for t in tokens]
    if len(tokens) > 1 and (tokens[0] in VESSEL_PREFIXES or " ".join(tokens[:2]) in
                            VESSEL_PREFIXES):
        tokens = tokens[2:] if " ".join(tokens[:2]) in VESSEL_PREFIXES else tokens[1:]
    tokens, families = strip_legal(tokens)
    if zh_legal:
        families = families | {"zh"}
    return NameForm(original=name, native=native_key, tokens=tuple(tokens), forms=families,
                    script=script, conversions=tuple(conversions))


def translated(form: NameForm) -> NameForm | None:
    """A Chinese name with its business words in English, or None when it has none."""
    if form.script != "han" or not _ZH_TERM.search(form.native):
        return None
    text = _ZH_TERM.sub(lambda m: f" {ZH_TERMS[m.group(0)]} ", form.native)
    tokens, _ = strip_legal(_latin_tokens(to_latin(text)))
    return NameForm(original=form.original, native="", tokens=tuple(tokens), forms=form.forms,
                    script="han", conversions=(*form.conversions, "business words translated"))


def normalise(name: str) -> str:
    """The comparison key of ``name``: Latin tokens without legal forms, space-separated
    ("Huawei Technologies Co., Ltd." -> "huawei technologies"; "华为技术有限公司" ->
    "hua wei ji shu")."""
    return " ".join(name_form(name).tokens)
