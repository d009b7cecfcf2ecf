"""Load an inventory file (YAML or JSON) into the typed model, with file:line errors."""

from __future__ import annotations

from pathlib import Path

from policyatlas.facts.inventory import Inventory
from policyatlas.sourcefile import parse_text, read_document
from policyatlas.validation import validate_doc


def load_inventory(path: str | Path) -> Inventory:
    return validate_doc(Inventory, read_document(path), "inventory")


def parse_inventory(text: str, name: str = "<inventory>") -> Inventory:
    return validate_doc(Inventory, parse_text(text, name), "inventory")
