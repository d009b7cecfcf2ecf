from __future__ import annotations

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "cn_filings" / "sample.csv"
FULL = ROOT.parent / "shared" / "data" / "ai_rules_texts" / "cn_cac" / "filings"


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    """Indexes are built into a throw-away cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def index():
    from policyatlas.cn.filings import open_index

    return open_index(SAMPLE)


@pytest.fixture
def full_index():
    if not FULL.exists():
        pytest.skip(f"the full CAC filing lists are not beside the checkout ({FULL}); "
                    "the sample tests cover the code")
    from policyatlas.cn.filings import open_index

    return open_index(FULL)
