"""Where each fact is written in an inventory: ``system.uses`` is ``systems[<id>].uses``,
``org.personal_data_subjects_in`` is ``organization.personal_data_subjects_by_jurisdiction``.

Explanations and the "to decide" list name the field a user edits, not the fact's name."""

from __future__ import annotations

from policyatlas.facts.catalogue import FACTS


def model_field(fact: str) -> tuple[str, str] | None:
    """(``org`` or ``system``, the model's field name) for a fact read from one field, or None
    for a fact that no single field holds."""
    from policyatlas.facts.inventory import AISystem, Organization

    f = FACTS.get(fact)
    if f is None or "." not in fact:
        return None
    scope, name = fact.split(".", 1)
    if f.type == "map" and name.endswith("_in"):
        name = name[:-3] + "_by_jurisdiction"
    model = Organization if scope == "org" else AISystem
    return (scope, name) if name in model.model_fields else None


def field_of(fact: str, key: str | None = None, system_id: str | None = None) -> str | None:
    """The inventory path of a fact (``systems[atlas-2].training_compute_ops``; ``*`` for
    every system when no id is given)."""
    where = model_field(fact)
    if where is None:
        return None
    scope, name = where
    owner = "organization" if scope == "org" else f"systems[{system_id or '*'}]"
    return f"{owner}.{name}.{key}" if key else f"{owner}.{name}"
