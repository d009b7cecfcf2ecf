"""Reading YAML/JSON documents while remembering where every value came from.

The happy path parses with libyaml (PyYAML's C-based safe loader, given YAML 1.2's scalar rules
and refusing duplicated keys, as ruamel.yaml does): fast, and no line numbers are needed when
nothing is wrong. The first time a
line is asked for — to report a problem — the text is parsed again with the round-trip loader,
which keeps line numbers on every mapping and sequence, so errors still name ``file:line``.
Text the fast loader cannot read is parsed by the round-trip loader at once, and its syntax
errors are reported with their line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from policyatlas.errors import Problem, UserError

MAX_BYTES = 20 * 1024 * 1024  # inventories and packs are small; refuse accidental huge files


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
            except YAMLError:
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


def _plain(node: Any) -> Any:
    if isinstance(node, dict):  # CommentedMap from the round-trip loader, dict from the fast one
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
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
    return node


def _fast(text: str) -> Any:
    return yaml.load(text, Loader=_FastLoader)


# The fast loader: libyaml through PyYAML's C-based safe loader, with the YAML 1.2 scalar rules
# ruamel.yaml applies (so both loaders give the same data: tested on every bundled file): bools
# are only true/false, 1e26 is a float, 017 is seventeen, and a duplicated key is refused
# (the text then goes to the round-trip loader, which reports it with its line).
class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    pass


_FastLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                 |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                 |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
                 |[-+]?\.(?:inf|Inf|INF)
                 |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("int", r"""^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+
                 |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                 |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                 (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                 (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", list("0123456789")),
]:
    _FastLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern, re.X),
                                      list(_first))


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


def parse_text(text: str, path: str, *, locate: bool = False) -> SourceDoc:
    """Parse YAML or JSON text; ``locate`` builds the line-number tree at once."""
    if not locate:
        try:
            data = _fast(text)
        except Exception:
            pass
        else:
            return SourceDoc(path=path, data=_plain(data), _tree=None, _text=text)
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "could not be parsed").strip()
        raise UserError(
            f"{path} is not valid YAML/JSON",
            [Problem(what, file=path, line=line,
                     fix="correct the syntax at that line (indentation, a missing ':' or quote, "
                         "a duplicated key)")],
        ) from None
    except YAMLError as exc:  # non-marked errors are rare; still no traceback for the user
        raise UserError(f"{path} is not valid YAML/JSON", [Problem(str(exc), file=path)]) from None
    return SourceDoc(path=path, data=_plain(tree), _tree=tree)


def read_document(path: str | Path) -> SourceDoc:
    """Read a YAML or JSON file, turning every I/O or syntax problem into a :class:`UserError`."""
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise UserError(f"{shown} does not exist",
                        [Problem("no such file", file=shown, fix="check the path")])
    if p.is_dir():
        raise UserError(f"{shown} is a directory",
                        [Problem("expected a YAML or JSON file", file=shown)])
    if p.stat().st_size > MAX_BYTES:
        raise UserError(f"{shown} is too large",
                        [Problem(f"files over {MAX_BYTES // 2**20} MiB are refused", file=shown)])
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{shown} is not UTF-8 text",
                        [Problem(str(exc), file=shown, fix="save the file as UTF-8")]) from None
    except OSError as exc:
        raise UserError(f"{shown} cannot be read",
                        [Problem(exc.strerror or str(exc), file=shown)]) from None
    return parse_text(text, shown)
