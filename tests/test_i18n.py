"""Translations: both Chinese catalogues cover every interface string and every law, obligation,
category, subject and bill status; placeholders survive; each script keeps to its own usage; and
the glossary's terms are used wherever the English title uses them."""

from __future__ import annotations

import re

import pytest

from policyatlas.bills.status import STATUSES
from policyatlas.i18n import catalog, glossary
from policyatlas.rules.loader import builtin_packs
from policyatlas.rules.taxonomy import categories, subjects

ZH = ["zh-Hans", "zh-Hant"]
PLACEHOLDER = re.compile(r"\{\w+\}")
FULLWIDTH_PAREN = "\uff08"  # a glossary note in brackets after the term


def english_titles():
    for law in builtin_packs():
        yield "laws", law.id, law.meta.title
        for rule in law.rules:
            for ob in rule.rule.obligations:
                yield "obligations", f"{law.id}#{ob.id}", ob.title


@pytest.mark.parametrize("lang", ZH)
def test_catalogue_covers_everything(lang):
    cat, en = catalog(lang), catalog("en")
    assert set(cat["ui"]) == set(en["ui"])
    assert set(cat["states"]) == set(en["states"])
    for section, key, _ in english_titles():
        entry = cat[section][key]
        assert (entry["title"] if section == "laws" else entry).strip(), (section, key)
    assert set(cat["categories"]) == set(dict(categories()))
    assert set(cat["subjects"]) == set(dict(subjects()))
    assert set(cat["bill_statuses"]) == set(STATUSES)


@pytest.mark.parametrize("lang", ZH)
def test_placeholders_survive(lang):
    en = catalog("en")["ui"]
    for key, value in catalog(lang)["ui"].items():
        assert sorted(PLACEHOLDER.findall(value)) == sorted(PLACEHOLDER.findall(en[key])), key


def _all_text(lang: str, official: bool = True) -> str:
    """Every translated text; without ``official``, leaving out mainland China's own laws, whose
    zh-Hans text is their official wording (e.g. 深度合成服务使用者 is the PRC's term)."""
    cat = catalog(lang)
    parts = list(cat["ui"].values()) + list(cat["states"].values())
    keep = (lambda k: True) if official else (lambda k: not k.startswith("cn/"))
    parts += [v["title"] + v["short_title"] for k, v in cat["laws"].items() if keep(k)]
    parts += [v for k, v in cat["obligations"].items() if keep(k)]
    return "\n".join(parts)


def test_each_script_keeps_to_its_usage():
    hans, hant = _all_text("zh-Hans", official=False), _all_text("zh-Hant")
    for mainland in ("人工智能", "信息", "数据", "软件", "视频", "用户", "芯片"):
        assert mainland not in hant, mainland
    for taiwan in ("人工智慧", "資料", "軟體", "使用者", "晶片", "法遵"):
        assert taiwan not in hans, taiwan


def test_glossary_terms_are_used_consistently():
    checked = 0
    problems = []
    for entry in glossary():
        assert entry["en"] and entry["zh-Hans"] and entry["zh-Hant"], entry
        term = re.sub(r"\s*\(.*?\)", "", entry["en"]).split(" / ")[0].strip().lower()
        if len(term.split()) < 2:  # single words take different forms in context
            continue
        pattern = re.compile(r"\b" + re.escape(term) + r"s?\b")
        for section, key, english in english_titles():
            if not pattern.search(english.lower()):
                continue
            for lang in ZH:
                checked += 1
                value = catalog(lang)[section][key]
                zh = value["title"] if section == "laws" else value
                if entry[lang].split(FULLWIDTH_PAREN)[0] not in zh:
                    problems.append((term, lang, key, zh))
    assert checked > 200
    assert problems == []
