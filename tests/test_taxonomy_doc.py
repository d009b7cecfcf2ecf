"""docs/taxonomy.md lists every category of the shared taxonomy with its definition."""

from policyatlas.rules.taxonomy import categories
from tests.conftest import ROOT


def test_taxonomy_doc_is_current():
    doc = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    for cid, text in categories().items():
        assert f"| `{cid}` | {text} |" in doc
