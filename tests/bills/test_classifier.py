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


def _bare_rules(ai_term: str) -> str:
    """topics.yaml with one AI term and nothing optional (no summary scoring, no topics)."""
    return f"""version: 1
window: 10
threshold: 1
max_passages: 1
fields: {{title: 1, abstract: 1, passage: 1, unrelated_heading: 1}}
relevance: {{text_hits: 1}}
ai_terms: ["{ai_term}"]
topics: []
"""


def test_invalid_term_is_reported():
    with pytest.raises(UserError) as exc:
        load_rules(_bare_rules("artificial (intelligence"))
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
    Authorization Act for Fiscal Year 2022", "For the People Act of 2021") carry no sign of
    their AI provisions. These floors keep the measured figures (and the full-text ones) from
    slipping."""
    records = list(sample_records())
    held = evaluate(labels, records, split="held-out", mode="summary")
    assert held[0].precision >= 0.95 and held[0].recall >= 0.63
    assert micro(held).precision >= 0.75
    dev = evaluate(labels, records, split="development", mode="summary")
    assert dev[0].precision >= 0.95 and dev[0].recall >= 0.69
    for split, floor in (("held-out", (0.81, 0.91)), ("all", (0.82, 0.88))):
        full = evaluate(labels, records, split=split, mode="full")[0]
        assert (round(full.precision, 2), round(full.recall, 2)) >= floor, split


@pytest.mark.parametrize("title", [
    "Schools; Ai-Supported security cameras",  # "AI" joined to a participle, feed casing
    "School safety; ai-enhanced video monitoring",
    "Consumer protection; AI-Written product reviews",
    "Disclosure of GenAI use in state agencies",
    "Use of LLMs by state agencies",
    "Prohibits the use of ChatGPT in state examinations",
    "Crimes; synthetically generated intimate images",
])
def test_ai_wordings_in_any_case(title):
    assert classify(title).ai_relevant, title


@pytest.mark.parametrize("title", [
    "Said the Mai Tai was good",  # neither "AI" as a word nor joined to one
    "Repair of air conditioners",
    "Aid to families; said aid",
])
def test_words_that_only_contain_ai_are_not_ai(title):
    assert not classify(title).ai_relevant, title


def test_summary_only_counts_weaker_clues_together():
    """A comprehensive consumer privacy act (controllers, processors, data protection
    assessments) gives rights over profiling even when its summary does not say so: two of its
    wordings make a summary-only bill AI-relevant, with the clues as evidence."""
    title = "Consumer Data Privacy Act"
    abstract = ("Requires controllers and processors of personal data to conduct data protection "
                "assessments; gives consumers a right to opt out of the sale of personal data.")
    got = classify(title, abstract)
    assert got.mode == "summary" and got.ai_relevant
    assert got.ai_hits == 0  # no AI term: the clues are the evidence, marked weak
    assert got.ai_evidence and all(e.weak for e in got.ai_evidence)
    assert {e.term.lower() for e in got.ai_evidence} >= {"controllers", "opt out"}
    assert "privacy" in got.topic_ids
    # One clue alone is not enough, and a text is read as before: it must name AI.
    alone = classify("Health Data Privacy Act", "Protects consumers' health data.")
    assert not alone.ai_relevant and not alone.ai_evidence
    text = "A controller shall protect personal data and honour opt-out requests. " * 3
    assert not classify(title, abstract, text).ai_relevant


def test_a_single_strong_heading_hit_suffices_in_summary_mode():
    got = classify("Relating to artificial intelligence")
    assert got.mode == "summary" and got.ai_relevant
    assert [e.weak for e in got.ai_evidence] == [False]


@pytest.mark.parametrize(("title", "abstract"), [
    ("Seckinger High School; inaugural year; innovative artificial intelligence education; honor",
     "A RESOLUTION honoring the inaugural year of Seckinger High School and its innovative "
     "artificial intelligence education; and for other purposes."),
    ("Commending a student for her machine learning project", ""),
    ("EMPLOYMENT-TECH", "Amends the Artificial Intelligence Video Interview Act. Makes a "
                        "technical change in a Section concerning the short title."),
])
def test_honorary_resolutions_and_shell_bills_are_not_evidence(title, abstract):
    """AI named in a commendation's recital or in the name of an act a shell bill touches only
    technically is not an AI provision (labelling guide)."""
    assert not classify(title, abstract).ai_relevant
    # The text still counts: an operative AI provision makes the bill AI-relevant.
    text = "The department shall not use artificial intelligence to screen applicants. " * 2
    assert classify(title, abstract, text).ai_relevant


def test_resolutions_about_ai_still_count():
    assert classify("Expressing support for Congress to focus on artificial intelligence.",
                    "").ai_relevant
    assert classify("A RESOLUTION urging Congress to regulate deepfakes",
                    "A RESOLUTION urging Congress to regulate deepfakes.").ai_relevant


def test_rules_without_summary_scoring_take_any_heading_hit():
    bare = _bare_rules("artificial intelligence")
    rules = load_rules(bare)
    assert rules.summary_relevance is None and rules.incidental_headings is None
    assert classify("Artificial intelligence; honor", rules=rules).ai_relevant
    assert not classify("Consumer Data Privacy Act", "controllers and personal data",
                        rules=rules).ai_relevant
    with pytest.raises(UserError) as exc:
        load_rules(bare + "summary: {relevance: {threshold: 1, ai_term: 1, "
                          "terms: [{term: 'a(', weight: 1}]}}\n")
    assert exc.value.problems[0].field == "summary.relevance.terms[0]"
