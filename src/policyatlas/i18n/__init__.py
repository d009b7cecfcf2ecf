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
    entry = (catalog(lang).get("categories") or {}).get(category) or {}
    return entry.get("label") or category.replace("_", " ").capitalize()


def bill_status(lang: str, status: str, english: str) -> str:
    return (catalog(lang).get("bill_statuses") or {}).get(status) or english


def catalog_for_ui(lang: str) -> dict[str, Any]:
    """What the browser needs to show a language: strings, state names, law and obligation
    titles, category labels."""
    cat = catalog(lang)
    return {"lang": lang, "ui": {**catalog("en")["ui"], **(cat.get("ui") or {})},
            "states": state_names(lang), "laws": cat.get("laws") or {},
            "obligations": cat.get("obligations") or {},
            "categories": {k: v.get("label") for k, v in (cat.get("categories") or {}).items()}}
