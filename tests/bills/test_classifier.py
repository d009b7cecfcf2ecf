"""The topic classifier: explainable labels, and precision / recall against the hand-labelled
sample (the README table is the command's output, kept current by a test)."""

from __future__ import annotations

import pytest

from policyatlas.bills.classify import classify, load_rules, topic_ids
from policyatlas.bills.evaluate import agreement, evaluate, load_labels, micro
from policyatlas.errors import UserError
from tests.bills.conftest import DATA, sample_records
from tests.conftest import ROOT

LABELS = DATA / "labels.yaml"


@pytest.fixture(scope="module")
def labels():
    return load_labels(LABELS)


def test_the_labelled_sample_is_complete(labels):
    assert len(labels) >= 200
    ids = {r.uid for r in sample_records()}
    assert {lab["id"] for lab in labels} == ids
    assert all(set(lab["topics"]) <= set(topic_ids()) for lab in labels)


def test_every_label_says_why():
    for rec in sample_records()[:60]:
        got = classify(rec.title, rec.abstract, rec.text)
        if got.ai_relevant:
            assert got.ai_evidence
        for topic in got.topics:
            assert topic.evidence, topic.topic
            assert all(e.term and e.snippet for e in topic.evidence)


def test_a_clear_election_deepfake_bill():
    got = classify("Elections; synthetic media in political advertisements",
                   "Requires a disclosure on political advertisements that contain synthetic "
                   "media or deepfakes of a candidate for elective office.")
    assert got.ai_relevant
    assert "elections" in got.topic_ids
    why = next(t for t in got.topics if t.topic == "elections").evidence
    assert {e.field for e in why} >= {"title"}


def test_technology_lists_do_not_make_a_bill_about_ai():
    text = ("The Secretary shall support industries of the future, including quantum computing, "
            "artificial intelligence, biotechnology and advanced manufacturing. ") * 3
    assert not classify("Industries of the future", "", text).ai_relevant


@pytest.mark.parametrize("split", ["held-out", "all"])
def test_precision_and_recall_floors(labels, split):
    scores = evaluate(labels, list(sample_records()), split=split)
    relevance = scores[0]
    assert relevance.precision >= 0.75 and relevance.recall >= 0.80
    pooled = micro(scores)
    assert pooled.precision >= 0.60 and pooled.recall >= 0.50


def test_readme_reports_the_measured_figures(cli):
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- bills-evaluate:start -->")
    end = readme.index("<!-- bills-evaluate:end -->")
    table = readme[start:end].split("\n", 1)[1]
    result = cli("bills", "evaluate", "--format", "md", "--labels", str(LABELS),
                 "--records", str(DATA / "sample.json.gz"))
    assert result.returncode == 0, result.stderr
    assert table.strip() == result.stdout.strip(), \
        "update README with `policyatlas bills evaluate --format md`"


def test_invalid_term_is_reported():
    bad = """version: 1
window: 10
threshold: 1
max_passages: 1
fields: {title: 1, abstract: 1, passage: 1, unrelated_heading: 1}
relevance: {text_hits: 1}
ai_terms: ["artificial (intelligence"]
topics: []
"""
    with pytest.raises(UserError) as exc:
        load_rules(bad)
    assert exc.value.problems[0].field == "ai_terms[0]"


def test_labels_file_errors(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text("- {index: 0, id: x, ai_relevant: false, topics: [electons]}\n")
    with pytest.raises(UserError) as exc:
        load_labels(path)
    messages = [p.message for p in exc.value.problems]
    assert "unknown topic 'electons'" in messages
    assert "topics on a bill labelled not AI-relevant" in messages


def test_inter_labeller_agreement_matches_the_readme(labels):
    second = load_labels(DATA / "labels-second.yaml")
    got = agreement(labels, second)
    assert got == {"bills": 60, "relevance_agreement": 0.983, "relevance_kappa": 0.96,
                   "topic_f1": 0.94}
    readme = (ROOT / "README.md").read_text()
    assert "kappa 0.96" in readme and "pooled F1 of\n0.94" in readme


def test_summary_only_figures(labels):
    """Title and abstract only (third-party feeds). The target is recall >= 0.90 at precision
    >= 0.80 on the held-out split; the measured recall is far below (0.63): 22 of the 34
    held-out AI-relevant bills it misses have no abstract, and their titles ("National Defense
    Authorization Act for Fiscal Year 2022", "Budget Acts of 2021 and 2022") carry no sign of
    their AI provisions. These floors keep the measured figures from slipping."""
    held = evaluate(labels, list(sample_records()), split="held-out", mode="summary")
    assert held[0].precision >= 0.95 and held[0].recall >= 0.60
    assert micro(held).precision >= 0.75
    full = evaluate(labels, list(sample_records()), split="held-out", mode="full")
    assert full[0].precision >= 0.80 and full[0].recall >= 0.91  # as before summary mode
