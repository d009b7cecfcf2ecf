"""Reading YAML/JSON documents while remembering where every value came from.

ruamel.yaml's round-trip loader keeps line numbers on every mapping and sequence; we keep the
loaded tree beside the plain data so validation errors can name ``file:line``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """1-based line of the deepest element of ``loc`` that exists in the document."""
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
    if isinstance(node, CommentedMap):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
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


def parse_text(text: str, path: str) -> SourceDoc:
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
