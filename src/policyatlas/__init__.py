"""policyatlas: AI regulation as code.

Library entry points: :func:`load_inventory`, :func:`assess`, :func:`evaluate_batch`,
:func:`load_packs`.
"""

__version__ = "0.1.0"

from policyatlas.engine.assess import assess
from policyatlas.engine.batch import evaluate_batch, facts_table
from policyatlas.facts.load import load_inventory
from policyatlas.rules.loader import load_packs

__all__ = ["__version__", "assess", "evaluate_batch", "facts_table", "load_inventory", "load_packs"]
