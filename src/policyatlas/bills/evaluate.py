"""Precision and recall of the topic classifier against hand labels.

Labels file: a YAML list of {index, id, ai_relevant, topics} (tests/data/bills/labels.yaml);
records: the bills it labels (any format the readers take). Records with index < ``dev`` form the
development split the classifier's terms were tuned on; the rest are held out.

Two inputs are measured: ``full`` (title, abstract and text, as the bundled data has them) and
``summary`` (title and abstract only, as most third-party feeds have them: the classifier's
summary-only mode, with its own topic threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from policyatlas.bills.classify import classify, topic_ids
from policyatlas.bills.model import BillRecord
from policyatlas.errors import Problem, UserError

SPLITS = ("all", "held-out", "development")
MODES = ("full", "summary")


@dataclass(frozen=True, slots=True)
class Score:
    label: str
    support: int  # bills labelled with it
    predicted: int
    true_positives: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.support if self.support else None

    def as_dict(self) -> dict:
        return {"label": self.label, "support": self.support, "predicted": self.predicted,
                "true_positives": self.true_positives, "precision": _round(self.precision),
                "recall": _round(self.recall)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def load_labels(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        data = YAML(typ="safe").load(path.read_text("utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {path}", [Problem(str(exc), file=str(path))]) from None
    known = set(topic_ids())
    problems = []
    for n, rec in enumerate(data or []):
        for topic in rec.get("topics") or []:
            if topic not in known:
                problems.append(Problem(f"unknown topic {topic!r}", file=str(path),
                                        field=f"[{n}].topics", fix=f"one of {sorted(known)}"))
        if rec.get("topics") and not rec.get("ai_relevant"):
            problems.append(Problem("topics on a bill labelled not AI-relevant", file=str(path),
                                    field=f"[{n}]", fix="clear the topics or set ai_relevant"))
    if problems:
        raise UserError(f"{path}: invalid labels", problems)
    return list(data or [])


def evaluate(labels: list[dict], records: list[BillRecord], *, dev: int = 100,
             split: str = "all", mode: str = "full") -> list[Score]:
    """One Score for AI relevance, then one per topic, over the chosen split, on full-text
    (``full``) or summary-only (``summary``) input."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    by_id = {r.uid: r for r in records}
    missing = [lab["id"] for lab in labels if lab["id"] not in by_id]
    if missing:
        raise UserError("labelled bills missing from the records",
                        [Problem(f"no record for {m}") for m in missing[:5]])
    chosen = [lab for lab in labels
              if split == "all" or (lab["index"] < dev) == (split == "development")]
    counts = {name: [0, 0, 0] for name in ("ai_relevant", *topic_ids())}
    for lab in chosen:
        rec = by_id[lab["id"]]
        got = classify(rec.title, rec.abstract, rec.text if mode == "full" else "", mode=mode)
        pairs = [("ai_relevant", bool(lab["ai_relevant"]), got.ai_relevant)]
        pairs += [(t, t in (lab.get("topics") or []), t in got.topic_ids) for t in topic_ids()]
        for name, truth, pred in pairs:
            c = counts[name]
            c[0] += truth
            c[1] += pred
            c[2] += truth and pred
    return [Score(name, *c) for name, c in counts.items()]


def micro(scores: list[Score]) -> Score:
    """Pooled over topics (AI relevance excluded)."""
    topics = [s for s in scores if s.label != "ai_relevant"]
    return Score("all topics (micro)", sum(s.support for s in topics),
                 sum(s.predicted for s in topics), sum(s.true_positives for s in topics))


def agreement(first: list[dict], second: list[dict]) -> dict:
    """How far two labellers agree on the bills both labelled: AI relevance (share and Cohen's
    kappa) and topics (pooled F1 of one against the other)."""
    a = {lab["id"]: lab for lab in first}
    both = [(a[lab["id"]], lab) for lab in second if lab["id"] in a]
    n = len(both)
    x = [bool(p["ai_relevant"]) for p, _ in both]
    y = [bool(q["ai_relevant"]) for _, q in both]
    observed = sum(p == q for p, q in zip(x, y, strict=True)) / n
    pa, pb = sum(x) / n, sum(y) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    shared = sum(len(set(p["topics"] or []) & set(q["topics"] or [])) for p, q in both)
    total = sum(len(p["topics"] or []) + len(q["topics"] or []) for p, q in both)
    return {"bills": n, "relevance_agreement": round(observed, 3),
            "relevance_kappa": round((observed - expected) / (1 - expected), 3)
            if expected < 1 else 1.0,
            "topic_f1": round(2 * shared / total, 3) if total else None}
