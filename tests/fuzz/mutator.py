"""A seeded mutator of real documents: what a careless user or an attacker sends.

From a seed document (the bundled examples, chip specs, shipments, bill files, scenarios) it
makes variants by changing the data — values replaced by hostile ones (huge or non-finite
numbers, impossible dates, NUL and surrogate characters, very long or deeply nested values,
wrong types), keys dropped or added, lists and mappings swapped — and by changing the text —
truncated, characters flipped, YAML constructs inserted (aliases, alias bombs, tags, complex
keys, deep brackets). The same seed gives the same variants, so a failure can be replayed.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import yaml

DEEP_LIST: Any = 0
for _ in range(90):
    DEEP_LIST = [DEEP_LIST]
DEEP_MAP: Any = "x"
for _ in range(90):
    DEEP_MAP = {"a": DEEP_MAP}

HOSTILE: list[Any] = [
    None, True, False, 0, -1, -10**6, 2**63, 10**40, 10**400, 1.5, -0.0, 1e308, -1e308, 5e-324,
    "", " ", "x" * 3000, "y" * 120_000, "\x00", "a\x00b", "\u202e", "🤖" * 50, "CA", "XX",
    "us-ca", "NYC", "nyc", "Narnia", "2024-02-30", "2026-13-01", "0001-01-01", "9999-12-31",
    "10000-01-01", "NaN", "Infinity", "-inf", "1e999", "<script>alert(1)</script>",
    "../../etc/passwd", "'; DROP TABLE bills; --", "%s%s%s", "{}", "[]", "true", "null",
    [], {}, [None], [1, "a", None], {"": ""}, {"unknown_field": 1}, DEEP_LIST, DEEP_MAP,
    list(range(2000)), {f"k{i}": i for i in range(500)},
]
FRAGMENTS = [
    "&a", "*a", "*undefined", "!!set", "!!omap", "!!bool maybe", "!!int many", "!!float",
    "!!python/object/apply:os.system ['true']", "!custom x", "? [1, 2]\n: v", "? {a: 1}\n: v",
    "<<: *a", "%YAML 1.1\n---", "---\n...", "\t", "{", "[", "]", "}", ": :", "- - -", "'", '"',
    "|", ">", "#", "@", "`", "\\", "\x00", "\ufeff", "\r", "key: value: other",
    "a: &r [*r]", "[" * 300 + "]" * 300,
]
EDGE_DATES = ["2028-02-29", "2024-02-29", "9999-12-31", "9999-12-30", "0001-01-01", "1970-01-01",
              "2026-12-31", "2027-01-01", "2100-02-28"]
PLAUSIBLE_NUMBERS = [0, 1, 2, 7, 100, 10**6, 10**9, 10**12, 0.001, 0.5, 99.99, 4800, 1e15]
BOMB = ("l0: &l0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n"
        + "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)))


def _dump(data: Any, rng: random.Random) -> str:
    if rng.random() < 0.5:
        try:
            return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        except Exception:
            pass
    try:
        return json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
    except (ValueError, RecursionError):
        return json.dumps(str(data)[:1000])


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if len(path) > 24:  # deeper values are not changed one by one
        return out
    if isinstance(node, dict):
        for k, v in list(node.items())[:40]:
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:20]):
            out += _paths(v, (*path, i))
    return out


def _get(node: Any, path: tuple) -> Any:
    for p in path:
        node = node[p]
    return node


def _set(node: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = _get(node, path[:-1])
    parent[path[-1]] = value
    return node


class Mutator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def hostile(self) -> Any:
        return copy.deepcopy(self.rng.choice(HOSTILE))  # a copy: later changes stay local

    def plausible(self, doc: Any) -> Any:
        """The document with changes a careless user makes and the models accept: another
        value of the same kind (a string from elsewhere in the document, an edge date, a
        large but finite number, a flipped flag), an item dropped, repeated or moved."""
        doc = json.loads(json.dumps(doc, default=str))
        strings = [v for p in _paths(doc) if isinstance(v := _get(doc, p), str)] or ["x"]
        for _ in range(self.rng.randint(0, 3)):
            path = self.rng.choice(_paths(doc))
            target = _get(doc, path)
            if isinstance(target, bool):
                doc = _set(doc, path, not target)
            elif isinstance(target, int | float):
                doc = _set(doc, path, self.rng.choice(PLAUSIBLE_NUMBERS))
            elif isinstance(target, str):
                if len(target) == 10 and target[4:5] == "-":
                    doc = _set(doc, path, self.rng.choice(EDGE_DATES))
                else:
                    doc = _set(doc, path, self.rng.choice(
                        [*strings, target * 3, target.upper(), "人工智能系统 " + target]))
            elif isinstance(target, list) and target:
                r = self.rng.random()
                if r < 0.4:
                    target.pop(self.rng.randrange(len(target)))
                elif r < 0.7:
                    target.append(copy.deepcopy(self.rng.choice(target)))
                else:
                    self.rng.shuffle(target)
            elif isinstance(target, dict) and len(target) > 1 and self.rng.random() < 0.3:
                target.pop(self.rng.choice(list(target)))
        return doc

    def data(self, doc: Any) -> Any:
        """The document with one to four changes to its data."""
        doc = json.loads(json.dumps(doc, default=str))  # a deep copy, dates as text
        for _ in range(self.rng.randint(1, 4)):
            paths = _paths(doc)
            path = self.rng.choice(paths)
            target = _get(doc, path)
            action = self.rng.random()
            if action < 0.45:
                doc = _set(doc, path, self.hostile())
            elif action < 0.6 and isinstance(target, dict) and target:
                target.pop(self.rng.choice(list(target)))
            elif action < 0.7 and isinstance(target, dict):
                target[self.rng.choice(["extra", "id", "name", "roles", "date", "as_of",
                                        "systems", "chips", "zz"])] = self.hostile()
            elif action < 0.8 and isinstance(target, list) and target:
                target.append(copy.deepcopy(self.rng.choice(target)))
            elif action < 0.9:
                doc = _set(doc, path, [target] if not isinstance(target, list) else
                           {str(i): v for i, v in enumerate(target)})
            else:
                doc = _set(doc, path, str(target) if not isinstance(target, str) else
                           self.rng.choice([1, 2.5, [target], {"v": target}]))
        return doc

    def text(self, text: str) -> str:
        """The text with a textual change (often none)."""
        r = self.rng.random()
        if r < 0.55 or not text:
            return text
        if r < 0.65:
            return text[: self.rng.randint(0, len(text))]
        if r < 0.75:
            chars = list(text)
            for _ in range(self.rng.randint(1, 5)):
                chars[self.rng.randrange(len(chars))] = self.rng.choice(
                    ["\x00", "\t", ":", "{", "'", "&", "*", "!", "\ufffd", "é", "\n"])
            return "".join(chars)
        if r < 0.9:
            lines = text.splitlines()
            at = self.rng.randrange(len(lines) + 1)
            lines.insert(at, self.rng.choice(FRAGMENTS))
            return "\n".join(lines) + "\n"
        return self.rng.choice([BOMB, "[" * 2000 + "]" * 2000, "{a: " * 300 + "1" + "}" * 300,
                                "a: &a [*a, *a]\n"]) + text

    def variant(self, doc: Any) -> str:
        """Two in five variants are plausible (mostly answered, reaching the engine, the
        calendar and the renderers); the rest are hostile (mostly refused)."""
        if self.rng.random() < 0.4:
            return _dump(self.plausible(doc), self.rng)
        return self.text(_dump(self.data(doc), self.rng))
