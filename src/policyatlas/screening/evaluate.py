"""Precision and recall of the name matcher on labelled name pairs, per set and split.

The sets (files of a name-matching data folder; ``tests/data/name_matching/`` holds samples):

* ``hard-pairs`` — ``watchman_cascade-name-pairs.csv``: authored hard pairs, matches and
  non-matches (spelling, legal form, script, translation; siblings, subsidiaries, near strings).
  Scored pair by pair: a pair is called a match when :func:`compare` reaches the threshold.
* ``cross-script`` — ``watchman_cross_script_pairs.csv``: names in Arabic, Cyrillic, Han,
  Hangul, Kana... against their Latin spelling. All matches; pair by pair.
* ``cn-lists`` — ``cn_lists_en_zh_name_pairs.csv``: the official English and Chinese names of
  the PRC lists' entries. Screening as the lists are used: a matcher over all of them (English
  name, Chinese name as ``names_zh``) is asked each Chinese name as written and in Traditional
  script, and each English name in capitals; a hit is right when it is the entry the name
  belongs to, and any other entry it hits is a false positive.
* ``cn-lists-no-zh`` — the same names, but the entries carry only their English name: can the
  Chinese name alone find them (by pinyin)? Shows what screening a Chinese name against a list
  without Chinese names can do.
* ``wikititles`` — ``wikititles_company_en_zh_pairs.csv``: English and Chinese names of listed
  companies, mostly translations; pair by pair, with non-matches made by pairing each English
  name with the next row's Chinese name.
* ``negatives`` — ``yente_synthetic_negatives_{global,us}.csv``: synthetic persons screened
  against a matcher over every name of the other sets; every hit is a false positive.

Each set is split by row: even rows (within each category, for ``hard-pairs``) form the
development split the matcher was tuned on, odd rows are held out.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from opencc import OpenCC

from policyatlas.errors import Problem, UserError
from policyatlas.screening.match import DEFAULT_THRESHOLD, NameMatcher, compare, normalise
from policyatlas.screening.model import ListEntry

SPLITS = ("all", "held-out", "development")
SETS = ("hard-pairs", "cross-script", "cn-lists", "cn-lists-no-zh", "wikititles", "negatives")
FILES = {
    "hard-pairs": ("watchman_cascade-name-pairs.csv",),
    "cross-script": ("watchman_cross_script_pairs.csv",),
    "cn-lists": ("cn_lists_en_zh_name_pairs.csv",),
    "cn-lists-no-zh": ("cn_lists_en_zh_name_pairs.csv",),
    "wikititles": ("wikititles_company_en_zh_pairs.csv",),
    "negatives": ("yente_synthetic_negatives_global.csv", "yente_synthetic_negatives_us.csv"),
}
_MAX_BYTES = 20_000_000
_S2T = OpenCC("s2t")


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one set on one split."""

    set: str
    split: str
    positives: int  # labelled matches (queries that should hit)
    negatives: int  # labelled non-matches (queries or pairs that should not hit)
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float | None:
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None

    def as_dict(self) -> dict:
        return {"set": self.set, "split": self.split, "positives": self.positives,
                "negatives": self.negatives, "true_positives": self.true_positives,
                "false_positives": self.false_positives, "precision": _round(self.precision),
                "recall": _round(self.recall)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- reading --------------------------------------------------------------------------------

def _read_csv(path: Path, required: Iterable[str], *, comments: bool = False,
              header: tuple[str, ...] | None = None) -> list[dict]:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise UserError(f"{path}: larger than {_MAX_BYTES:,} bytes",
                            [Problem("file too large", file=str(path), fix="use a smaller file")])
        text = path.read_text("utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {path}", [Problem(str(exc), file=str(path))]) from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8", [Problem(str(exc), file=str(path),
                                                       fix="save it as UTF-8")]) from None
    lines = [ln for ln in text.splitlines() if not (comments and ln.lstrip().startswith("#"))]
    if comments and lines and not lines[0].strip():
        lines = [ln for ln in lines if ln.strip()]
    # A file whose header is only in a comment gets ``header``.
    fieldnames = list(header) if header and lines and not lines[0].startswith(header[0]) \
        else None
    rows = list(csv.DictReader(lines, fieldnames=fieldnames))
    missing = [c for c in required if rows and c not in rows[0]] or \
        ([] if rows else ["(no rows)"])
    if missing:
        raise UserError(f"{path}: not the expected columns",
                        [Problem(f"missing column {c}", file=str(path), line=1,
                                 fix=f"a header with {', '.join(required)}") for c in missing])
    for n, row in enumerate(rows, start=2):
        for c in required:
            if not (row.get(c) or "").strip() and c not in {"is_match"}:
                raise UserError(f"{path}: empty field",
                                [Problem("empty value", file=str(path), line=n, field=c,
                                         fix="fill it in or drop the row")])
    return rows


def _is_dev(index: int) -> bool:
    return index % 2 == 0


def _in_split(dev: bool, split: str) -> bool:
    return split == "all" or dev == (split == "development")


def _truth(value: str, path: Path, line: int) -> bool:
    v = value.strip().lower()
    if v not in {"true", "false"}:
        raise UserError(f"{path}: bad is_match", [Problem(f"{value!r} is not true or false",
                                                          file=str(path), line=line,
                                                          field="is_match", fix="true or false")])
    return v == "true"


# --- the sets -------------------------------------------------------------------------------

Pair = tuple[str, str, bool, bool]  # name, name, is a match, in the development split


def hard_pairs(folder: Path) -> list[Pair]:
    path = folder / FILES["hard-pairs"][0]
    rows = _read_csv(path, ("name1", "name2", "is_match", "category"))
    seen: dict[str, int] = defaultdict(int)
    out = []
    for n, row in enumerate(rows, start=2):
        k = seen[row["category"]]
        seen[row["category"]] += 1
        out.append((row["name1"], row["name2"], _truth(row["is_match"], path, n), _is_dev(k)))
    return out


def cross_script(folder: Path) -> list[Pair]:
    path = folder / FILES["cross-script"][0]
    rows = _read_csv(path, ("Query", "Expected Match"), comments=True,
                     header=("Query", "Expected Match", "Min Score", "Description"))
    return [(r["Query"], r["Expected Match"], True, _is_dev(i)) for i, r in enumerate(rows)]


def wikititles(folder: Path) -> list[Pair]:
    path = folder / FILES["wikititles"][0]
    rows = _read_csv(path, ("name_en", "name_zh"))
    out: list[Pair] = []
    for i, r in enumerate(rows):
        out.append((r["name_en"], r["name_zh"], True, _is_dev(i)))
        other = rows[(i + 1) % len(rows)]
        if other["name_en"] != r["name_en"]:
            out.append((r["name_en"], other["name_zh"], False, _is_dev(i)))
    return out


def cn_list_rows(folder: Path) -> list[dict]:
    return _read_csv(folder / FILES["cn-lists"][0], ("name_en", "name_zh"))


def _entry(i: int, name: str, names_zh: list[str], entity_type: str = "unknown") -> ListEntry:
    kind = {"individual": "individual", "organization": "entity", "entity": "entity"}
    return ListEntry(list_id="evaluation", entry_id=str(i), name=name, names_zh=names_zh,
                     entity_type=kind.get(entity_type, "unknown"))  # type: ignore[arg-type]


def _score_pairs(name: str, pairs: list[Pair], threshold: float, split: str) -> Score:
    pos = neg = tp = fp = 0
    for a, b, truth, dev in pairs:
        if not _in_split(dev, split):
            continue
        hit = compare(a, b).score >= threshold
        pos += truth
        neg += not truth
        tp += truth and hit
        fp += hit and not truth
    return Score(name, split, pos, neg, tp, fp)


def _parties(rows: list[dict]) -> dict[str, int]:
    """English name -> party number. The lists name one party in several ways ("TCOM, Limited
    Partnership" and "TCOM,Limited Partnership"; one Chinese name for two English spellings):
    names sharing a Chinese name or an English key are one party."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for r in rows:
        en = "en:" + r["name_en"]
        for other in ("zh:" + r["name_zh"], "key:" + normalise(r["name_en"])):
            parent[find(en)] = find(other)
    roots: dict[str, int] = {}
    return {r["name_en"]: roots.setdefault(find("en:" + r["name_en"]), len(roots)) for r in rows}


def _score_cn_lists(rows: list[dict], threshold: float, split: str, *, with_zh: bool,
                    matcher_cache: dict) -> Score:
    key = ("cn", with_zh)
    party = _parties(rows)
    if key not in matcher_cache:
        # One entry per English name, carrying every Chinese name it is listed under.
        zh_of: dict[str, list[str]] = defaultdict(list)
        types: dict[str, str] = {}
        for r in rows:
            if r["name_zh"] not in zh_of[r["name_en"]]:
                zh_of[r["name_en"]].append(r["name_zh"])
            types.setdefault(r["name_en"], r.get("entity_type") or "unknown")
        entries = [_entry(i, en, zh if with_zh else [], types[en])
                   for i, (en, zh) in enumerate(zh_of.items())]
        matcher_cache[key] = NameMatcher(entries)
    matcher: NameMatcher = matcher_cache[key]
    pos = tp = fp = 0
    for i, r in enumerate(rows):
        if not _in_split(_is_dev(i), split):
            continue
        queries = [r["name_zh"], _S2T.convert(r["name_zh"])]
        if with_zh:
            queries.append(r["name_en"].upper())
        for q in dict.fromkeys(queries):
            pos += 1
            hits = matcher.match(q, threshold=threshold)
            right = [h for h in hits if party[h.entry.name] == party[r["name_en"]]]
            tp += bool(right)
            fp += len(hits) - len(right)
    return Score("cn-lists" if with_zh else "cn-lists-no-zh", split, pos, 0, tp, fp)


def _score_negatives(folder: Path, others: list[ListEntry], threshold: float,
                     split: str, matcher_cache: dict) -> Score:
    if "neg" not in matcher_cache:
        matcher_cache["neg"] = NameMatcher(others)
    matcher: NameMatcher = matcher_cache["neg"]
    neg = fp = 0
    for fname in FILES["negatives"]:
        rows = _read_csv(folder / fname, ("full_name",))
        for i, r in enumerate(rows):
            if not _in_split(_is_dev(i), split):
                continue
            neg += 1
            fp += bool(matcher.match(r["full_name"], threshold=threshold,
                                     entity_type="individual"))
    return Score("negatives", split, 0, neg, 0, fp)


def available(folder: Path) -> list[str]:
    """The sets whose files are in ``folder``."""
    return [s for s in SETS if all((folder / f).is_file() for f in FILES[s])]


def evaluate(folder: str | Path, *, threshold: float = DEFAULT_THRESHOLD,
             progress: Callable[[str], None] | None = None) -> dict[str, list[Score]]:
    """Scores per split (``SPLITS``), one per set present in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"no data folder {folder}",
                        [Problem("not a directory", file=str(folder),
                                 fix="pass --data with the name-matching folder")])
    present = available(folder)
    if not present:
        raise UserError(f"{folder}: no name-matching files",
                        [Problem("none of the expected files", file=str(folder),
                                 fix="one of " + ", ".join(sorted({f for fs in FILES.values()
                                                                   for f in fs})))])
    loaded: dict[str, list[Pair]] = {}
    if "hard-pairs" in present:
        loaded["hard-pairs"] = hard_pairs(folder)
    if "cross-script" in present:
        loaded["cross-script"] = cross_script(folder)
    if "wikititles" in present:
        loaded["wikititles"] = wikititles(folder)
    cn_rows = cn_list_rows(folder) if "cn-lists" in present else []
    # The negatives are screened against every name the other sets list.
    names: dict[str, list[str]] = {}
    for pairs in loaded.values():
        for _, b, truth, _dev in pairs:
            if truth:
                names.setdefault(b, [])
    for r in cn_rows:
        names.setdefault(r["name_en"], [])
        if r["name_zh"] not in names[r["name_en"]]:
            names[r["name_en"]].append(r["name_zh"])
    others = [_entry(i, n, zh) for i, (n, zh) in enumerate(names.items())]
    cache: dict = {}
    result: dict[str, list[Score]] = {}
    for split in SPLITS:
        scores = []
        for name in SETS:
            if name not in present:
                continue
            if progress:
                progress(f"{name} ({split})")
            if name in loaded:
                scores.append(_score_pairs(name, loaded[name], threshold, split))
            elif name in {"cn-lists", "cn-lists-no-zh"}:
                scores.append(_score_cn_lists(cn_rows, threshold, split,
                                              with_zh=name == "cn-lists", matcher_cache=cache))
            elif name == "negatives" and others:
                scores.append(_score_negatives(folder, others, threshold, split, cache))
        result[split] = scores
    return result


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def as_markdown(scores: dict[str, list[Score]]) -> str:
    """The table the README shows: per set, n (matches / non-matches), precision, recall and
    false positives per split."""
    head = "| Set |" + "".join(f" {s}: n | P | R | FP |" for s in SPLITS)
    rule = "|---|" + "---|---|---|---|" * len(SPLITS)
    lines = [head, rule]
    by_set: dict[str, dict[str, Score]] = defaultdict(dict)
    for split, row in scores.items():
        for s in row:
            by_set[s.set][split] = s
    for name in SETS:
        if name not in by_set:
            continue
        cells = []
        for split in SPLITS:
            s = by_set[name].get(split)
            if s is None:
                cells.append(" | | | |")
                continue
            cells.append(f" {s.positives}/{s.negatives} | {_fmt(s.precision)} | "
                         f"{_fmt(s.recall)} | {s.false_positives} |")
        lines.append(f"| {name} |" + "".join(cells))
    return "\n".join(lines) + "\n"
