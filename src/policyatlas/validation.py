"""Turn Pydantic validation errors into :class:`Problem`s that name file, line, field and fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from policyatlas.errors import Problem, UserError
from policyatlas.sourcefile import SourceDoc

M = TypeVar("M", bound=BaseModel)


def field_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated/list/dict wrappers."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in get_args(tp) for t in _unwrap(a)]
    return [tp]


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """Follow ``loc`` through the model's field annotations to the model found there."""
    current: list[Any] = [root]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            for t in _unwrap(tp):
                origin = get_origin(t)
                if isinstance(t, type) and issubclass(t, BaseModel) and isinstance(part, str):
                    if part in t.model_fields:
                        nxt.append(t.model_fields[part].annotation)
                elif origin is list and isinstance(part, int):
                    nxt.append(get_args(t)[0])
                elif origin is dict and isinstance(part, str):
                    nxt.append(get_args(t)[1])
        current = nxt
    for tp in current:
        for t in _unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                return t
    return None


_VALUE_ERROR = re.compile(r"^(Value error|Assertion failed), ")


def _problem(err: dict[str, Any], doc: SourceDoc, root: type[BaseModel]) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
    kind = err["type"]
    line = doc.line_of(loc)
    path = field_path(loc)
    msg = _VALUE_ERROR.sub("", err["msg"])
    fix: str | None = None
    if kind == "extra_forbidden":
        model = model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        guess = suggest(str(loc[-1]), allowed)
        msg = f"unknown field '{loc[-1]}'"
        fix = (f"did you mean '{guess}'? " if guess else "") + (
            f"allowed fields here: {', '.join(allowed)}" if allowed else "remove it"
        )
    elif kind == "missing":
        msg = f"required field '{loc[-1]}' is missing"
        fix = f"add '{loc[-1]}'"
    elif kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']+)'", str(err.get("ctx", {}).get("expected", "")))
        guess = suggest(str(err.get("input")), expected)
        msg = f"'{err.get('input')}' is not allowed here"
        fix = (f"did you mean '{guess}'? " if guess else "") + f"use one of: {', '.join(expected)}"
    elif kind in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        msg = f"{err.get('input')!r}: {msg.lower()}"
        fix = "give a value in the allowed range (amounts, counts and compute cannot be negative)"
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{err.get('input')!r} is the wrong type: {msg.lower()}"
        fix = "write a value of the expected type"
    elif kind == "value_error":
        fix = getattr(err.get("ctx", {}).get("error"), "fix", None) or "correct the value"
    elif kind == "string_pattern_mismatch":
        fix = "use lower-case letters, digits, '.', '_' or '-'"
    elif kind == "too_short":
        fix = "give at least one entry"
    return Problem(msg, file=doc.path, line=line, field=path, fix=fix)


def validate_doc(model: type[M], doc: SourceDoc, what: str) -> M:
    """Validate ``doc`` as ``model`` or raise a :class:`UserError` listing every problem."""
    if not isinstance(doc.data, dict):
        raise UserError(
            f"{doc.path} is not a valid {what}",
            [Problem("the document must be a mapping of fields", file=doc.path, line=1,
                     fix=f"see `policyatlas schema {what}` for the expected shape")],
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(e, doc, model) for e in exc.errors()]
        raise UserError(f"{doc.path} is not a valid {what} ({len(problems)} problem"
                        f"{'s' if len(problems) != 1 else ''})", problems) from None
