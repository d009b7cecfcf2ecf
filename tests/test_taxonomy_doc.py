"""docs/taxonomy.md lists every category of the shared taxonomy with its definition."""

from policyatlas.rules.taxonomy import categories, subjects
from tests.conftest import ROOT


def test_taxonomy_doc_is_current():
    doc = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    for cid, text in categories().items():
        assert f"| `{cid}` | {text} |" in doc


def test_subjects_are_documented():
    doc = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    for sid, text in subjects().items():
        assert f"| `{sid}` | {text} |" in doc
