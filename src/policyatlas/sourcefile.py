"""Reading YAML/JSON documents while remembering where every value came from — bounded, so that
no document can hang or exhaust the process, and every problem is a located error.

Every document (inventories, packs, scenarios, chip specs, shipments, request bodies) goes
through three steps:

1. **Checked** as a stream of parser events (libyaml, in C, no recursion): its size, nesting
   depth, number of aliases, the length of each text, the digits of each integer, tags (only the
   standard ones, on values they fit), dates that do not exist, numbers that are not finite,
   collections used as keys, and unpaired surrogates. A problem names its line and the fix.
2. **Loaded** by libyaml (PyYAML's C-based safe loader, given YAML 1.2's scalar rules and
   refusing duplicated keys, as ruamel.yaml does), then copied into plain data with a budget on
   the number of values after aliases are expanded ("billion laughs" stops at the budget).
3. **Located** on demand: the first time a line is asked for — to report a problem — the text is
   parsed again with ruamel.yaml's round-trip loader, which keeps line numbers on every node.

The limits, and why: docs/limits.md.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from policyatlas.errors import Problem, UserError


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024  # the largest bundled file is 84 KB
    max_depth: int = 64  # the deepest bundled document nests 12 levels
    max_aliases: int = 200  # the most in a bundled file: 33
    max_values: int = 200_000  # after aliases are expanded; the largest bundled file has 4,337
    max_text: int = 100_000  # characters in one value; the longest bundled one has 1,042
    max_digits: int = 40  # of an integer (10^26 operations has 27)


LIMITS = Limits()
MAX_BYTES = LIMITS.max_bytes

_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in
                  ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_INT = re.compile(r"^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                     |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                     |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
                     |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ].*)?$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUL = "\x00"


@dataclass(slots=True)
class SourceDoc:
    """Plain data (dicts, lists, scalars) plus the means to find the line of any path in it."""

    path: str
    data: Any
    _tree: Any
    _text: str | None = None
    _parent: SourceDoc | None = None
    _prefix: tuple[str | int, ...] = ()

    def sub(self, key: str | int) -> SourceDoc:
        """The document under ``key``, with lines still counted in this file."""
        return SourceDoc(self.path, self.data[key], None, None, self, (key,))

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """1-based line of the deepest element of ``loc`` that exists in the document."""
        if self._parent is not None:
            return self._parent.line_of((*self._prefix, *loc))
        if self._tree is None and self._text is not None:
            try:
                self._tree = YAML(typ="rt").load(self._text)
            except Exception:
                self._text = None
        node = self._tree
        line = _own_line(node)
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line


def _own_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


# ---------------------------------------------------------------- errors


def _refuse(path: str, line: int | None, message: str, fix: str,
            title: str = "is not a document policyatlas can read") -> UserError:
    return UserError(f"{path} {title}", [Problem(message, file=path, line=line, fix=fix)])


def _syntax(path: str, line: int | None, message: str) -> UserError:
    return UserError(f"{path} is not valid YAML/JSON", [Problem(
        message, file=path, line=line,
        fix="correct the syntax at that line (indentation, a missing ':' or quote, "
            "a duplicated key)")])


# ---------------------------------------------------------------- 1. the event check


def _shown(tag: str) -> str:
    """A tag as it is written in a file: ``!!set``, not ``tag:yaml.org,2002:set``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") \
        else tag


def _check_scalar(ev: Any, path: str, limits: Limits) -> None:
    line = ev.start_mark.line + 1
    value: str = ev.value
    if len(value) > limits.max_text:
        raise _refuse(path, line, f"a text of {len(value):,} characters (at most "
                      f"{limits.max_text:,})", "shorten it")
    if _SURROGATE.search(value):
        raise _refuse(path, line, "a text with an unpaired surrogate character",
                      "save the file as UTF-8 and remove the broken character")
    if _NUL in value:
        raise _refuse(path, line, "a text with a NUL character", "remove the \\0 character")
    tag = ev.tag
    if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
        raise _refuse(path, line, f"the tag {_shown(tag)} is not allowed",
                      "remove the tag: only plain values, lists and mappings are read")
    plain = ev.implicit[0] and tag is None
    kind = tag.rsplit(":", 1)[-1] if tag else None
    if plain or kind == "int":
        if _INT.match(value):
            digits = sum(c.isdigit() for c in value)
            if digits > limits.max_digits:
                raise _refuse(path, line, f"an integer of {digits} digits (at most "
                              f"{limits.max_digits})", "write a smaller number, e.g. 3.1e+26")
        elif kind == "int":
            raise _refuse(path, line, f"{value!r} is tagged !!int but is not an integer",
                          "remove the tag or write an integer")
    if plain or kind == "float":
        if _FLOAT.match(value) or (kind == "float" and _INT.match(value)):
            try:
                number = float(value.replace("_", ""))
            except ValueError:  # .inf / .nan spellings
                number = float(value.replace("_", "").lower().lstrip("+").replace(
                    ".inf", "inf").replace(".nan", "nan"))
            if not math.isfinite(number):
                raise _refuse(path, line, f"{value!r} is not a finite number",
                              "write a finite number (no .inf, .nan or overflowing exponent)")
        elif kind == "float":
            raise _refuse(path, line, f"{value!r} is tagged !!float but is not a number",
                          "remove the tag or write a number")
    if kind == "bool" and not _BOOL.match(value):
        raise _refuse(path, line, f"{value!r} is tagged !!bool but is not true or false",
                      "write true or false")
    if kind == "null" and not _NULL.match(value):
        raise _refuse(path, line, f"{value!r} is tagged !!null but is not null",
                      "remove the tag or write null")
    if plain or kind == "timestamp":
        m = _DATE.match(value)
        if m:
            try:
                dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise _refuse(path, line, f"{value!r} is not a date (no such day)",
                              "write a date that exists, YYYY-MM-DD") from None
        elif kind == "timestamp":
            raise _refuse(path, line, f"{value!r} is tagged !!timestamp but is not a date",
                          "write YYYY-MM-DD")


def check(text: str, path: str, limits: Limits = LIMITS) -> None:
    """Refuse, with the line, anything a document must not contain (see the module text)."""
    depth = aliases = 0
    keys: list[list[Any]] = []  # per open collection: [is mapping, values seen]
    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            line = ev.start_mark.line + 1 if ev.start_mark else None
            is_node = isinstance(ev, yaml.NodeEvent) and not isinstance(ev, yaml.AliasEvent)
            if isinstance(ev, yaml.DocumentStartEvent) and ev.version not in (None, (1, 2)):
                raise _refuse(path, line, f"a %YAML {'.'.join(map(str, ev.version))} document "
                              "(read as YAML 1.2, its values could mean something else)",
                              "remove the %YAML line: policyatlas reads YAML 1.2")
            if isinstance(ev, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.max_aliases:
                    raise _refuse(path, line, f"more than {limits.max_aliases} aliases",
                                  "write the values out instead of repeating anchors")
            if isinstance(ev, yaml.NodeEvent) and keys and keys[-1][0]:
                in_key = keys[-1][1] % 2 == 0
                keys[-1][1] += 1
                if in_key and isinstance(ev, yaml.CollectionStartEvent):
                    raise _refuse(path, line, "a list or mapping used as a key",
                                  "use a plain text as the key")
            elif isinstance(ev, yaml.NodeEvent) and keys:
                keys[-1][1] += 1
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    raise _refuse(path, line, f"nested more than {limits.max_depth} levels deep",
                                  "flatten the document")
                tag = ev.tag
                want = "map" if isinstance(ev, yaml.MappingStartEvent) else "seq"
                if tag is not None and tag != f"tag:yaml.org,2002:{want}":
                    raise _refuse(path, line, f"the tag {_shown(tag)} is not allowed here",
                                  "remove the tag: only plain values, lists and mappings are "
                                  "read")
                keys.append([isinstance(ev, yaml.MappingStartEvent), 0])
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
                keys.pop()
            elif is_node and isinstance(ev, yaml.ScalarEvent):
                _check_scalar(ev, path, limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in str(exc.problem):  # libyaml's own bound, met while reading ahead
            raise _refuse(path, mark.line + 1 if mark is not None else None,
                          f"nested more than {limits.max_depth} levels deep",
                          "flatten the document") from None
        raise _syntax(path, mark.line + 1 if mark is not None else None,
                      (exc.problem or exc.context or "could not be parsed").strip()) from None
    except yaml.YAMLError as exc:
        raise _syntax(path, None, str(exc)) from None


# ---------------------------------------------------------------- 2. loading, with a budget


def _fast(text: str) -> Any:
    return yaml.load(text, Loader=_FastLoader)


class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    pass


_FastLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", _BOOL, "tTfF"), ("float", _FLOAT, "-+0123456789."),
    ("int", _INT, "-+0123456789"), ("merge", re.compile(r"^(?:<<)$"), "<"),
    ("null", _NULL, ["~", "n", "N", ""]),
    ("timestamp", re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                 |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                 (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                 (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X),
     list("0123456789")),
]:
    _FastLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, list(_first))


def _int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node).replace("_", "")
    sign = -1 if text[:1] == "-" else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _float(loader: Any, node: Any) -> float:
    text = loader.construct_scalar(node).replace("_", "").lower()
    sign = -1.0 if text[:1] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    return sign * float(text)


def _mapping(loader: Any, node: Any, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_FastLoader.add_constructor("tag:yaml.org,2002:int", _int)
_FastLoader.add_constructor("tag:yaml.org,2002:float", _float)
_FastLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


class _Budget:
    """Counts values while data is copied: aliases make a small text a huge tree."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.left, self.path, self.limits = limits.max_values, path, limits

    def spend(self, depth: int) -> None:
        self.left -= 1
        if self.left < 0:
            raise _refuse(self.path, None, f"more than {self.limits.max_values:,} values once "
                          "aliases are expanded", "write the values out, or fewer of them",
                          "is too large")
        if depth > self.limits.max_depth:
            raise _refuse(self.path, None, f"nested more than {self.limits.max_depth} levels "
                          "deep (through aliases)", "do not let an anchor contain itself")


def _plain(node: Any, budget: _Budget | None = None, depth: int = 0) -> Any:
    if budget is not None:
        budget.spend(depth)
    if isinstance(node, dict):  # CommentedMap from the round-trip loader, dict from the fast one
        return {str(k) if not isinstance(k, str) else k: _plain(v, budget, depth + 1)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, budget, depth + 1) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    if hasattr(node, "value"):  # a ruamel TaggedScalar (!!str on a plain value)
        return str(node.value)
    return node


def parse_text(text: str, path: str, *, locate: bool = False,
               limits: Limits = LIMITS) -> SourceDoc:
    """Parse YAML or JSON text, bounded; ``locate`` builds the line-number tree at once."""
    if len(text) > limits.max_bytes:
        raise _refuse(path, None, f"more than {limits.max_bytes // 2**20} MiB",
                      "split it or remove what is not needed", "is too large")
    check(text, path, limits)
    budget = _Budget(path, limits)
    if not locate:
        try:
            data = _fast(text)
        except UserError:
            raise
        except Exception:
            pass
        else:
            return SourceDoc(path=path, data=_plain(data, budget), _tree=None, _text=text)
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _syntax(path, mark.line + 1 if mark is not None else None,
                      (exc.problem or exc.context or "could not be parsed").strip()) from None
    except (YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise _syntax(path, None, f"{exc}".strip() or type(exc).__name__) from None
    return SourceDoc(path=path, data=_plain(tree, budget), _tree=tree)


# ---------------------------------------------------------------- JSON, as JSON


def _no_constant(value: str) -> float:
    raise ValueError(f"{value} is not a finite number")


def parse_json(text: str, path: str, limits: Limits = LIMITS) -> SourceDoc:
    """Parse a JSON document (a request body sent as JSON) with the same limits as YAML."""
    if len(text) > limits.max_bytes:
        raise _refuse(path, None, f"more than {limits.max_bytes // 2**20} MiB",
                      "split it or remove what is not needed", "is too large")
    def big_int(value: str) -> int:
        if sum(c.isdigit() for c in value) > limits.max_digits:
            raise ValueError(f"an integer of more than {limits.max_digits} digits")
        return int(value)

    def finite(value: str) -> float:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{value} is not a finite number")
        return number

    try:
        data = json.loads(text, parse_constant=_no_constant, parse_int=big_int,
                          parse_float=finite)
    except json.JSONDecodeError as exc:
        raise UserError("malformed JSON", [Problem(f"{exc.msg} (column {exc.colno})",
                                                   file=path, line=exc.lineno,
                                                   fix="correct the JSON at that line")]) from None
    except RecursionError:
        raise _refuse(path, None, f"nested more than {limits.max_depth} levels deep",
                      "flatten the document") from None
    except ValueError as exc:
        raise _refuse(path, None, str(exc), "write finite numbers of reasonable size") from None
    budget = _Budget(path, limits)
    _json_strings(data, path, limits)
    return SourceDoc(path=path, data=_plain(data, budget), _tree=None, _text=text)


def _json_strings(node: Any, path: str, limits: Limits) -> None:
    stack = [node]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str):
            if len(v) > limits.max_text:
                raise _refuse(path, None, f"a text of {len(v):,} characters (at most "
                              f"{limits.max_text:,})", "shorten it")
            if _SURROGATE.search(v):
                raise _refuse(path, None, "a text with an unpaired surrogate character",
                              "remove the broken character")
            if _NUL in v:
                raise _refuse(path, None, "a text with a NUL character",
                              "remove the \\u0000 character")


def read_document(path: str | Path) -> SourceDoc:
    """Read a YAML or JSON file, turning every I/O or syntax problem into a :class:`UserError`."""
    p = Path(path)
    shown = str(path)
    try:
        if not p.exists():
            raise UserError(f"{shown} does not exist",
                            [Problem("no such file", file=shown, fix="check the path")])
        if p.is_dir():
            raise UserError(f"{shown} is a directory",
                            [Problem("expected a YAML or JSON file", file=shown)])
        if p.stat().st_size > MAX_BYTES:
            raise UserError(f"{shown} is too large",
                            [Problem(f"files over {MAX_BYTES // 2**20} MiB are refused",
                                     file=shown)])
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{shown} is not UTF-8 text",
                        [Problem(str(exc), file=shown, fix="save the file as UTF-8")]) from None
    except OSError as exc:
        raise UserError(f"{shown} cannot be read",
                        [Problem(exc.strerror or str(exc), file=shown)]) from None
    return parse_text(text, shown)


def read_bounded(path: Path, limit: int, what: str, fix: str) -> bytes:
    """A data file's bytes, gunzipped if it is gzip, refused when it or its decompressed
    content exceeds ``limit`` bytes (decompression stops at the limit: no "gzip bomb" fills
    memory). ``what`` names the data in messages; ``fix`` says what to do instead."""
    import zlib

    from policyatlas.errors import Problem, UserError

    size = path.stat().st_size
    if size > limit:
        raise UserError(f"{path} is too large", [Problem(
            f"{size:,} bytes; {what} over {limit // 2**20} MiB are refused", file=str(path),
            fix=fix)])
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise UserError(f"cannot read {path}", [Problem(
            f"broken gzip data ({exc})", file=str(path), fix="download the file again")]) from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise UserError(f"{path} is too large once decompressed", [Problem(
            f"more than {limit // 2**20} MiB of {what}", file=str(path), fix=fix)])
    if not inflater.eof:
        raise UserError(f"cannot read {path}", [Problem(
            "the compressed data ends early", file=str(path), fix="download the file again")])
    return out
