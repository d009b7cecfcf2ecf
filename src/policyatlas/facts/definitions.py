"""What every fact and every value of an inventory means, in English, Simplified and Traditional
Chinese, and which statutory definitions it follows.

The data is ``definitions.yaml`` beside this module (its header documents the scheme): one entry
per fact of :data:`policyatlas.facts.catalogue.FACTS`, keyed by the fact name, with the inventory
field it is read from, a label, a definition and how the laws use it in each language, and one
entry per allowed value of an enum or set fact. Jurisdiction codes are not defined value by value
(``facts/jurisdictions.py`` defines them). Inventory fields that are not facts (names, ids) are
under ``fields``.

``docs/facts.md`` (``policyatlas schema facts --format md``) renders these definitions, and
:func:`annotate_inventory_schema` puts them into the inventory JSON Schema as descriptions and
``enumDescriptions``, which editors show while an inventory is being written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from policyatlas.facts.catalogue import FACTS, Fact
from policyatlas.facts.jurisdictions import JURISDICTIONS
from policyatlas.sourcefile import parse_text

DATA_FILE = "definitions.yaml"
FALLBACK = "en"  # the language used, as a last resort, when a text is missing in another

_FACT_KEYS = {"field", "cites", "values"}
_VALUE_KEYS = {"cites"}
_CITE_KEYS = {"law", "cite", "term"}
_TEXT_KEYS = {
    "fact": ({"label", "definition", "how_laws_use_it", "question"},
             ("label", "definition", "how_laws_use_it")),
    "value": ({"label", "definition", "examples"}, ("label", "definition")),
    "field": ({"label", "definition", "question"}, ("label", "definition")),
    "note": ({"text"}, ("text",)),
}  # kind -> (keys allowed, keys required, checked in this order)


@dataclass(frozen=True, slots=True)
class Cite:
    """A statutory definition a fact or value follows: the law (pack id), the section as that
    law's pack cites it, and the defined term, if the law defines one."""

    law: str
    cite: str
    term: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """One language's wording of a fact, value or field."""

    lang: str
    label: str
    definition: str
    how_laws_use_it: str | None = None  # facts
    examples: str | None = None  # values
    question: str | None = None  # facts and fields: what an interview asks to fill it


def _pick(texts: Mapping[str, Text], lang: str, what: str) -> Text:
    found = texts.get(lang) or texts.get(FALLBACK)
    if found is None:
        raise KeyError(f"{what} has no text in {lang} or {FALLBACK}")
    return found


@dataclass(frozen=True, slots=True)
class ValueDefinition:
    fact: str
    value: str
    texts: Mapping[str, Text]
    cites: tuple[Cite, ...] = ()

    def text(self, lang: str = FALLBACK) -> Text:
        return _pick(self.texts, lang, f"value '{self.value}' of '{self.fact}'")


@dataclass(frozen=True, slots=True)
class FactDefinition:
    name: str
    field: str  # the inventory field: organization.<name>, systems[].<name> or <name>
    texts: Mapping[str, Text]
    values: Mapping[str, ValueDefinition]
    cites: tuple[Cite, ...] = ()

    def text(self, lang: str = FALLBACK) -> Text:
        return _pick(self.texts, lang, f"fact '{self.name}'")


@dataclass(frozen=True, slots=True)
class FieldDefinition:
    """An inventory field that is not a fact (a name, an id, a container)."""

    field: str
    texts: Mapping[str, Text]

    def text(self, lang: str = FALLBACK) -> Text:
        return _pick(self.texts, lang, f"field '{self.field}'")


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: _by_field caches per object
class Definitions:
    facts: Mapping[str, FactDefinition]
    fields: Mapping[str, FieldDefinition]
    notes: Mapping[str, Mapping[str, str]]  # note id -> language -> text

    def note(self, name: str, lang: str = FALLBACK) -> str:
        texts = self.notes[name]
        return texts.get(lang) or texts[FALLBACK]

    def for_field(self, field: str) -> FactDefinition | FieldDefinition | None:
        """The definition of an inventory field (e.g. ``systems[].uses``), fact or not."""
        return _by_field(self).get(field)

    def languages(self) -> tuple[str, ...]:
        """Every language any text is written in, English first."""
        seen = dict.fromkeys([FALLBACK])
        for _, texts in self.iter_texts():
            seen.update(dict.fromkeys(texts))
        return tuple(seen)

    def iter_texts(self) -> Iterator[tuple[str, Mapping[str, Text]]]:
        """(where, texts by language) for every fact, value and field, in file order."""
        for f in self.facts.values():
            yield f"facts.{f.name}", f.texts
            for v in f.values.values():
                yield f"facts.{f.name}.values.{v.value}", v.texts
        for d in self.fields.values():
            yield f"fields.{d.field}", d.texts


@cache
def _by_field(defs: Definitions) -> dict[str, FactDefinition | FieldDefinition]:
    out: dict[str, FactDefinition | FieldDefinition] = {f.field: f for f in defs.facts.values()}
    out.update(defs.fields)
    return out


# ------------------------------------------------------------------------------------ loading


class DefinitionsError(ValueError):
    """definitions.yaml does not follow its scheme (a packaging error, not a user's)."""


def _fail(where: str, message: str) -> DefinitionsError:
    return DefinitionsError(f"{DATA_FILE}: {where}: {message}")


def _mapping(node: Any, where: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise _fail(where, f"expected a mapping, found {type(node).__name__}")
    return node


def _texts(node: dict[str, Any], where: str, kind: str, skip: set[str]) -> dict[str, Text]:
    allowed, required = _TEXT_KEYS[kind]
    out: dict[str, Text] = {}
    for lang, body in node.items():
        if lang in skip:
            continue
        body = _mapping(body, f"{where}.{lang}")
        unknown = set(body) - allowed
        if unknown:
            raise _fail(f"{where}.{lang}", f"unknown key(s) {', '.join(sorted(unknown))}; "
                        f"allowed: {', '.join(sorted(allowed))}")
        for key in required:
            if not isinstance(body.get(key), str) or not body[key].strip():
                raise _fail(f"{where}.{lang}", f"'{key}' must be non-empty text")
        for key, value in body.items():
            if not isinstance(value, str):
                raise _fail(f"{where}.{lang}.{key}", "must be text")
        out[str(lang)] = Text(lang=str(lang), label=body.get("label", ""),
                              definition=body.get("definition", body.get("text", "")).strip(),
                              how_laws_use_it=_strip(body.get("how_laws_use_it")),
                              examples=_strip(body.get("examples")),
                              question=_strip(body.get("question")))
    if FALLBACK not in out:
        raise _fail(where, f"no '{FALLBACK}' text")
    return out


def _strip(text: str | None) -> str | None:
    return None if text is None else text.strip()


def _cites(node: Any, where: str) -> tuple[Cite, ...]:
    if node is None:
        return ()
    if not isinstance(node, list):
        raise _fail(f"{where}.cites", "expected a list")
    out = []
    for i, item in enumerate(node):
        item = _mapping(item, f"{where}.cites[{i}]")
        if set(item) - _CITE_KEYS or not item.get("law") or not item.get("cite"):
            raise _fail(f"{where}.cites[{i}]", "write {law: <law id>, cite: <section>, "
                        "term: <defined term, optional>}")
        out.append(Cite(str(item["law"]), str(item["cite"]),
                        None if item.get("term") is None else str(item["term"])))
    return tuple(out)


def parse_definitions(text: str, path: str = DATA_FILE) -> Definitions:
    """Read definitions from YAML text (the bounded reader of every policyatlas document)."""
    data = _mapping(parse_text(text, path).data, "(document)")
    unknown = set(data) - {"facts", "fields", "notes"}
    if unknown:
        raise _fail("(document)", f"unknown section(s) {', '.join(sorted(unknown))}")
    facts: dict[str, FactDefinition] = {}
    for name, node in _mapping(data.get("facts") or {}, "facts").items():
        where = f"facts.{name}"
        node = _mapping(node, where)
        if not isinstance(node.get("field"), str):
            raise _fail(where, "needs 'field', the inventory field it is read from")
        values: dict[str, ValueDefinition] = {}
        for value, vnode in _mapping(node.get("values") or {}, f"{where}.values").items():
            vwhere = f"{where}.values.{value}"
            vnode = _mapping(vnode, vwhere)
            values[str(value)] = ValueDefinition(
                str(name), str(value), _texts(vnode, vwhere, "value", _VALUE_KEYS),
                _cites(vnode.get("cites"), vwhere))
        facts[str(name)] = FactDefinition(str(name), node["field"],
                                          _texts(node, where, "fact", _FACT_KEYS), values,
                                          _cites(node.get("cites"), where))
    fields: dict[str, FieldDefinition] = {}
    for name, node in _mapping(data.get("fields") or {}, "fields").items():
        where = f"fields.{name}"
        fields[str(name)] = FieldDefinition(str(name), _texts(_mapping(node, where), where,
                                                              "field", set()))
    notes: dict[str, dict[str, str]] = {}
    for name, node in _mapping(data.get("notes") or {}, "notes").items():
        where = f"notes.{name}"
        notes[str(name)] = {lang: t.definition for lang, t in
                            _texts(_mapping(node, where), where, "note", set()).items()}
    return Definitions(facts, fields, notes)


@cache
def all_definitions() -> Definitions:
    """Every definition, read once from the package data."""
    text = resources.files("policyatlas.facts").joinpath(DATA_FILE).read_text("utf-8")
    return parse_definitions(text)


def fact_definition(name: str, lang: str = FALLBACK) -> Text:
    """The label, definition and use in the laws of a fact, e.g. ``system.roles``."""
    found = all_definitions().facts.get(name)
    if found is None:
        raise KeyError(f"no definition of fact '{name}'")
    return found.text(lang)


def value_definition(fact_name: str, value: str, lang: str = FALLBACK) -> Text:
    """The label and definition of one value of a fact, e.g. (``system.roles``, ``deployer``)."""
    fact = all_definitions().facts.get(fact_name)
    found = None if fact is None else fact.values.get(value)
    if found is None:
        raise KeyError(f"no definition of value '{value}' of fact '{fact_name}'")
    return found.text(lang)


def field_definition(field: str, lang: str = FALLBACK) -> Text:
    """The label and definition of an inventory field, e.g. ``systems[].uses``."""
    found = all_definitions().for_field(field)
    if found is None:
        raise KeyError(f"no definition of inventory field '{field}'")
    return found.text(lang)


def is_jurisdiction_fact(fact: Fact) -> bool:
    """A fact whose values (or map keys) are jurisdiction codes, defined by jurisdictions.py."""
    return bool(fact.values) and all(v in JURISDICTIONS for v in fact.values)


def defined_values(fact: Fact) -> tuple[str, ...]:
    """The values of a fact that need a definition: those of enum and set facts, except
    jurisdiction codes."""
    if fact.type not in ("enum", "set") or is_jurisdiction_fact(fact):
        return ()
    return fact.values


SCOPES = {"org": "organization.", "system": "systems[]."}  # scope -> inventory field prefix


def inventory_field(scope: str, name: str) -> str:
    """The inventory field of a model field: (``system``, ``uses``) is ``systems[].uses``."""
    if scope not in SCOPES:
        raise KeyError(f"unknown scope {scope!r}: use org or system")
    return SCOPES[scope] + name


def _lookup(scope: str, name: str) -> FactDefinition | FieldDefinition | None:
    return all_definitions().for_field(inventory_field(scope, name))


def field_comment(scope: str, name: str) -> str | None:
    """One English paragraph for a commented inventory: the field's label and definition and,
    for an enum or set fact, its values as ``value (label)``. ``scope`` is ``org`` (a field of
    ``organization``) or ``system`` (a field of each of ``systems``); None for a field that has
    no definition."""
    found = _lookup(scope, name)
    if found is None:
        return None
    text = found.text(FALLBACK)
    parts = [f"{text.label}: {text.definition}"]
    fact = FACTS.get(found.name) if isinstance(found, FactDefinition) else None
    if fact is not None and is_jurisdiction_fact(fact):
        note = all_definitions().notes.get("jurisdiction_codes")
        if note:
            parts.append(note[FALLBACK])
    elif fact is not None and isinstance(found, FactDefinition):
        shown = [f"{v} ({found.values[v].text(FALLBACK).label})" if v in found.values else v
                 for v in defined_values(fact)]
        if shown:
            parts.append(f"Values: {', '.join(shown)}.")
    return " ".join(" ".join(p.split()) for p in parts)


def question(scope: str, name: str, lang: str = FALLBACK) -> str:
    """The short question an interview asks to fill a field, e.g. ("system", "roles"): "Which
    roles does the organisation play for this system?" (in English when ``lang`` has none)."""
    found = _lookup(scope, name)
    if found is None:
        raise KeyError(f"no definition of inventory field '{inventory_field(scope, name)}'")
    text = found.text(lang)
    asked = text.question or found.text(FALLBACK).question
    return " ".join(asked.split()) if asked else f"{text.label}?"


# ------------------------------------------------------------------------------ the document


def _cites_json(cites: tuple[Cite, ...]) -> list[dict[str, str]]:
    return [{"law": c.law, "cite": c.cite, **({"term": c.term} if c.term else {})}
            for c in cites]


def _text_json(text: Text, keys: tuple[str, ...]) -> dict[str, str]:
    return {k: getattr(text, k) for k in keys if getattr(text, k)}


def definitions_document(lang: str = FALLBACK) -> dict[str, Any]:
    """Every definition in one language, as JSON data (``policyatlas schema facts``, ``GET
    /api/v1/facts``): each fact with its inventory field, type, texts, cites and values, the
    fields that are not facts, and the shared notes. Jurisdiction facts carry
    ``jurisdiction_codes: true`` instead of values."""
    defs = all_definitions()
    facts: dict[str, Any] = {}
    for name, fact in FACTS.items():
        d = defs.facts.get(name)
        if d is None:  # reported by the definition tests
            continue
        entry: dict[str, Any] = {
            "field": d.field, "type": fact.type,
            **_text_json(d.text(lang), ("label", "definition", "how_laws_use_it", "question")),
            "cites": _cites_json(d.cites)}
        if is_jurisdiction_fact(fact):
            entry["jurisdiction_codes"] = True
        values = {v: {**_text_json(d.values[v].text(lang), ("label", "definition", "examples")),
                      "cites": _cites_json(d.values[v].cites)}
                  for v in defined_values(fact) if v in d.values}
        if values:
            entry["values"] = values
        facts[name] = entry
    fields = {f: _text_json(d.text(lang), ("label", "definition", "question"))
              for f, d in defs.fields.items()}
    return {"lang": lang, "languages": list(defs.languages()), "facts": facts,
            "fields": fields, "notes": {n: defs.note(n, lang) for n in defs.notes}}


# ------------------------------------------------------------------------------ JSON Schema

# Where each model's properties sit in the inventory schema, and the field prefix they carry.
_CONTAINERS = (((), ""), (("$defs", "Organization"), "organization."),
               (("$defs", "AISystem"), "systems[]."))


def _enum_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            yield ref.removeprefix("#/$defs/")
        for v in node.values():
            yield from _enum_refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _enum_refs(v)


def annotate_inventory_schema(schema: dict[str, Any], lang: str = FALLBACK) -> dict[str, Any]:
    """Put the definitions into the inventory JSON Schema (in place; also returned).

    Each property gets the label as ``title``, the definition as ``description`` and, with how
    the laws use it, as ``markdownDescription``; each enum gets ``enumDescriptions`` and
    ``markdownEnumDescriptions`` (one per value, in order) beside its ``enum``, which editors
    such as VS Code show in completions and on hover.
    """
    defs = all_definitions()
    jurisdictions = defs.notes.get("jurisdiction_codes")
    annotated: dict[str, str] = {}
    for path, prefix in _CONTAINERS:
        node: Any = schema
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        for prop, body in (node.get("properties") or {}).items():
            found = defs.for_field(prefix + prop)
            if found is None or not isinstance(body, dict):
                continue
            text = found.text(lang)
            description = text.definition
            if isinstance(found, FactDefinition) and jurisdictions and \
                    is_jurisdiction_fact(FACTS.get(found.name) or _NO_FACT):
                description = f"{description} {defs.note('jurisdiction_codes', lang)}"
            body["title"] = text.label
            body["description"] = description
            md = f"**{text.label}**\n\n{description}"
            if text.how_laws_use_it:
                md += f"\n\n{text.how_laws_use_it}"
            body["markdownDescription"] = md
            if isinstance(found, FactDefinition):
                for name in _enum_refs(body):
                    _annotate_enum(schema, name, found, lang, annotated)
    return schema


_NO_FACT = Fact("", "bool", "", lambda o, s: None)


def _annotate_enum(schema: dict[str, Any], name: str, fact: FactDefinition, lang: str,
                   annotated: dict[str, str]) -> None:
    enum_def = (schema.get("$defs") or {}).get(name)
    if not isinstance(enum_def, dict) or not isinstance(enum_def.get("enum"), list):
        return
    if name in annotated:
        if annotated[name] != fact.name:
            raise DefinitionsError(f"enum {name} is used by facts '{annotated[name]}' and "
                                   f"'{fact.name}'; the schema can describe its values once")
        return
    annotated[name] = fact.name
    plain, md = [], []
    for value in enum_def["enum"]:
        vdef = fact.values.get(str(value))
        if vdef is None:  # reported by the definition tests; keep the lists aligned
            plain.append("")
            md.append("")
            continue
        t = vdef.text(lang)
        plain.append(f"{t.label}: {t.definition}")
        md.append(f"**{t.label}**: {t.definition}")
    enum_def["enumDescriptions"] = plain
    enum_def["markdownEnumDescriptions"] = md
