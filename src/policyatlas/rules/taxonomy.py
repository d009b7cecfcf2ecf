"""The shared taxonomies (``taxonomy.yaml``): obligation categories and law subjects."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


@cache
def _data() -> dict[str, Any]:
    text = resources.files("policyatlas.rules").joinpath("taxonomy.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


@cache
def categories() -> dict[str, str]:
    """Obligation category id -> one-line definition, in the order of the file."""
    return dict(_data()["categories"])


@cache
def subjects() -> dict[str, str]:
    """Law subject id -> one-line definition (what preemption proposals draw lines by)."""
    return dict(_data()["subjects"])


@cache
def category_labels() -> dict[str, str]:
    """Obligation category id -> its English label (e.g. 'AI interaction disclosure')."""
    return dict(_data()["category_labels"])
