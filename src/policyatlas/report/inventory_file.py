"""Writing an inventory as commented YAML (``policyatlas init``): every field with a comment
saying what it means and which values it takes, the facts left unknown listed where they go,
and the template with every field a law reads."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import yaml

from policyatlas.facts.inventory import AISystem, Organization

WIDTH = 96


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    text = yaml.safe_dump(value, allow_unicode=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def describe(model: type, name: str) -> str:
    """The field's meaning, and its values where it has a fixed list."""
    try:
        from policyatlas.facts.definitions import field_comment
    except ImportError:  # pragma: no cover - definitions ship with the package
        field_comment = None
    if field_comment is not None:
        text = field_comment("org" if model is Organization else "system", name)
        if text:
            return text
    f = model.model_fields[name]
    return f.description or name.replace("_", " ")


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]


def _choices(model: type, name: str) -> str:
    """The values a field takes, for the template's commented-out lines."""
    import typing
    from enum import Enum

    def enums(tp: Any) -> list[str]:
        if isinstance(tp, type) and issubclass(tp, Enum):
            return [m.value for m in tp]
        return [v for a in typing.get_args(tp) for v in enums(a)]

    values = enums(model.model_fields[name].annotation)
    return "[" + ", ".join(values) + "]" if values else ""


def _block(model: type, values: dict[str, Any], indent: str,
           open_: dict[str, str] | None = None, template: bool = False) -> list[str]:
    out: list[str] = []
    for name in model.model_fields:
        if name == "schema_version":
            continue
        if name in values:
            out += _comment(describe(model, name), indent)
            out.append(f"{indent}{name}: {_scalar(values[name])}")
        elif template:
            out += _comment(describe(model, name), indent)
            out.append(f"{indent}# {name}: {_choices(model, name)}".rstrip())
    for name, why in (open_ or {}).items():
        out += _comment(f"not stated: {describe(model, name)} {why}", indent)
        out.append(f"{indent}# {name}: {_choices(model, name)}".rstrip())
    return out


def inventory_yaml(data: dict[str, Any], *, written: dt.date,
                   left_open: list[Any] = (), template: bool = False) -> str:
    """The inventory as commented YAML. ``left_open``: questions left unanswered (listed as
    comments where their field goes, with what stating them would decide)."""
    open_org: dict[str, str] = {}
    open_sys: dict[int, dict[str, str]] = {}
    for q in left_open:
        why = f"(stating it would decide {q.decides} of {q.rules} undetermined rule(s): " \
              f"{', '.join(q.laws[:4])})"
        if q.scope == "org":
            open_org.setdefault(q.name, why)
        else:
            idx = next((i for i, s in enumerate(data["systems"])
                        if q.name not in s), 0)
            open_sys.setdefault(idx, {}).setdefault(q.name, why)
    head = ("A policyatlas inventory template: replace the example values, delete what does "
            "not apply, then run `policyatlas assess` on this file." if template else
            f"Inventory written by `policyatlas init` on {written.isoformat()}. Each value is a "
            "fact some law turns on; check them, then run `policyatlas assess` on this file "
            "(`policyatlas explain FILE SYSTEM LAW` says why a law does or does not apply).")
    lines = [*_comment(head, ""), "schema_version: 1", "organization:"]
    lines += _block(Organization, data["organization"], "  ", open_org, template)
    lines.append("systems:")
    for i, system in enumerate(data["systems"]):
        body = _block(AISystem, system, "    ", open_sys.get(i), template)
        # the first field line of a list item starts with "- "
        for j, line in enumerate(body):
            if not line.lstrip().startswith("#"):
                body[j] = "  - " + line[4:]
                break
        lines += body
    return "\n".join(lines) + "\n"


TEMPLATE: dict[str, Any] = {
    "organization": {"name": "Example Co.", "does_business_in": ["us-ca", "us-ny"],
                     "consumers_in": ["us-ca", "us-ny"], "employees_in": ["us-ca"],
                     "annual_gross_revenue_usd": 25_000_000, "employee_count": 120,
                     "body_type": "private", "sectors": ["technology"], "entity_types": []},
    "systems": [{"id": "support-bot", "name": "Customer-support chatbot",
                 "roles": ["deployer"], "kinds": ["chatbot", "generative"],
                 "deployment": "deployed", "content_modalities": ["text"],
                 "decision_domains": [], "uses": ["customer_service"],
                 "interacts_with_consumers": True, "interacts_with_minors": False,
                 "companion_features": [], "data_categories": ["personal_data"]}],
}
