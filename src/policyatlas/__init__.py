"""policyatlas: AI regulation as code.

Library entry points: :func:`load_inventory`, :func:`assess`, :func:`evaluate_batch`,
:func:`facts_table`, :func:`load_packs`. They are imported on first use, so that
``import policyatlas`` (and ``policyatlas --version``) does not load DuckDB or pyarrow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policyatlas.version import __version__

_EXPORTS = {
    "assess": "policyatlas.engine.assess",
    "evaluate_batch": "policyatlas.engine.batch",
    "facts_table": "policyatlas.engine.batch",
    "load_inventory": "policyatlas.facts.load",
    "load_packs": "policyatlas.rules.loader",
}

if TYPE_CHECKING:
    from policyatlas.engine.assess import assess
    from policyatlas.engine.batch import evaluate_batch, facts_table
    from policyatlas.facts.load import load_inventory
    from policyatlas.rules.loader import load_packs


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'policyatlas' has no attribute {name!r}")


__all__ = ["__version__", "assess", "evaluate_batch", "facts_table", "load_inventory",
           "load_packs"]
