from __future__ import annotations

from functools import cache

import pytest

from policyatlas.bills.readers import read_path
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "bills"
SAMPLE = DATA / "sample.json.gz"
REPLIES = DATA / "replies"
FULL = ROOT.parent / "shared" / "data" / "bills" / "openstates_ai_bills_2019_2024.json.gz"


@cache
def sample_records():
    return tuple(r for _, batch in read_path(SAMPLE) for r in batch)


@pytest.fixture
def records():
    return list(sample_records())
