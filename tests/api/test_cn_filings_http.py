"""``GET /api/v1/cn/filings`` over HTTP, on the sample."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "cn_filings" / "sample.csv"


@pytest.fixture(autouse=True)
def _data(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("POLICYATLAS_CN_FILINGS", str(SAMPLE))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def test_search_by_english_and_chinese_names(http):
    r = http.get("/api/v1/cn/filings", params={"q": "DeepSeek", "limit": 5})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert {f["company"] for f in doc["filings"]} >= {"杭州深度求索人工智能基础技术研究有限公司"}
    assert doc["filings"][0]["match"]["reasons"][0]["why"]
    r = http.get("/api/v1/cn/filings", params={"q": "科大讯飞股份有限公司"})
    assert r.json()["filings"][0]["match"]["reasons"][0]["kind"] == "company"


def test_stats(http):
    r = http.get("/api/v1/cn/filings/stats")
    assert r.status_code == 200 and r.json()["filings"] == 200


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x" * 201}, {"q": "a\x01b"},
                                    {"q": "Baidu", "limit": 0}, {"q": "Baidu", "limit": 201},
                                    {}])
def test_bad_input_is_422(http, params):
    r = http.get("/api/v1/cn/filings", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_no_data_is_503(http, monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYATLAS_CN_FILINGS", str(tmp_path / "absent"))
    r = http.get("/api/v1/cn/filings", params={"q": "Baidu"})
    assert r.status_code == 503
    assert r.json()["type"] == "urn:policyatlas:problem:no-cn-filings"
