"""The shared obligation taxonomy (``taxonomy.yaml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ruamel.yaml import YAML


@cache
def categories() -> dict[str, str]:
    """Category id -> one-line definition, in the order of the file."""
    text = resources.files("policyatlas.rules").joinpath("taxonomy.yaml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return dict(data["categories"])
