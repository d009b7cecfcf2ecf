"""Search that finds what users mean: a query's words and phrases widened to the other wordings
legislatures use for the same thing (``search_synonyms`` in topics.yaml), and counts that say
how many bills match, not only how many are shown.

The query keeps SQLite FTS5's syntax (words, "phrases", AND / OR / NOT, parentheses, prefix*);
a word or phrase found in a synonym group becomes ``("a" OR "b" OR …)``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

_TOKEN = re.compile(r'"[^"]*"|\(|\)|\bNEAR\([^)]*\)|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("policyatlas.bills").joinpath("topics.yaml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return tuple(tuple(str(t) for t in group) for group in data.get("search_synonyms") or ())


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", text.lower()).split())


@cache
def _index() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for group in synonym_groups():
        for term in group:
            out.setdefault(_norm(term), group)
    return out


def expand(query: str) -> tuple[str, list[str]]:
    """The FTS5 query with synonyms added, and the groups used (for the "also searched" note)."""
    index = _index()
    out, used = [], []
    tokens = _TOKEN.findall(query)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _OPERATORS or tok in "()" or tok.startswith("NEAR(") or tok.endswith("*"):
            out.append(tok)
            i += 1
            continue
        phrase = tok.strip('"') if tok.startswith('"') else None
        # two bare words that form a synonym ("synthetic media" typed without quotes)
        if phrase is None and i + 1 < len(tokens) and tokens[i + 1] not in _OPERATORS and \
                _norm(f"{tok} {tokens[i + 1]}") in index:
            phrase = f"{tok} {tokens[i + 1]}"
            i += 1
        key = _norm(phrase if phrase is not None else tok)
        group = index.get(key)
        if group:
            used.append(", ".join(group))
            out.append("(" + " OR ".join(f'"{t}"' for t in group) + ")")
        else:
            out.append(tok if phrase is None or tok.startswith('"') else f'"{phrase}"')
        i += 1
    return " ".join(out), used
