"""Translations: interface and report strings, and the legal content (law titles, obligation
titles, taxonomy labels) in English, Simplified Chinese (zh-Hans) and Traditional Chinese
(zh-Hant). Legal terms follow glossary.yaml; law titles keep their official English name beside
the translation wherever they are shown.

Catalogues: en.yaml (interface strings and state names), zh-Hans.yaml and zh-Hant.yaml (the same
interface keys plus laws, obligations, categories, subjects and bill statuses).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

LANGS = ("en", "zh-Hans", "zh-Hant")


@cache
def catalog(lang: str) -> dict[str, Any]:
    if lang not in LANGS:
        raise KeyError(lang)
    text = resources.files("policyatlas.i18n").joinpath(f"{lang}.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text) or {}


@cache
def glossary() -> list[dict[str, str]]:
    text = resources.files("policyatlas.i18n").joinpath("glossary.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text) or []


def text(lang: str, key: str, **values: Any) -> str:
    """An interface string, falling back to English; ``{name}`` placeholders are filled."""
    template = catalog(lang).get("ui", {}).get(key) or catalog("en")["ui"].get(key, key)
    return template.format(**values) if values else template


def state_names(lang: str) -> dict[str, str]:
    return {**catalog("en")["states"], **(catalog(lang).get("states") or {})}


def law_title(lang: str, law_id: str, english: str) -> str:
    """The translated title, or the English one when there is no translation."""
    entry = (catalog(lang).get("laws") or {}).get(law_id) or {}
    return entry.get("title") or english


def law_short_title(lang: str, law_id: str, english: str) -> str:
    entry = (catalog(lang).get("laws") or {}).get(law_id) or {}
    return entry.get("short_title") or english


def obligation_title(lang: str, law_id: str, obligation_id: str, english: str) -> str:
    return (catalog(lang).get("obligations") or {}).get(f"{law_id}#{obligation_id}") or english


def category_label(lang: str, category: str) -> str:
    from policyatlas.rules.taxonomy import category_labels

    entry = (catalog(lang).get("categories") or {}).get(category) or {} if lang != "en" else {}
    return entry.get("label") or category_labels().get(category, category)


def bill_status(lang: str, status: str, english: str) -> str:
    return (catalog(lang).get("bill_statuses") or {}).get(status) or english


def category_ids() -> list[str]:
    from policyatlas.rules.taxonomy import categories

    return list(categories())


def catalog_for_ui(lang: str) -> dict[str, Any]:
    """What the browser needs to show a language: strings, state names, law and obligation
    titles, category labels."""
    cat = catalog(lang)
    return {"lang": lang, "ui": {**catalog("en")["ui"], **(cat.get("ui") or {})},
            "states": state_names(lang), "laws": cat.get("laws") or {},
            "obligations": cat.get("obligations") or {},
            "categories": {k: category_label(lang, k) for k in category_ids()}}


def check_lang(lang: str, field: str = "--lang") -> str:
    """A language code given by a user (CLI option or query parameter), or a clear error."""
    from policyatlas.errors import Problem, UserError

    if lang not in LANGS:
        raise UserError(f"unknown language {lang!r}",
                        [Problem(f"'{lang}' is not a language of policyatlas", field=field,
                                 fix=f"use one of {', '.join(LANGS)}")])
    return lang
