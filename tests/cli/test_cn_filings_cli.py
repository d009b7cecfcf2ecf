"""``policyatlas cn filings search|stats|check`` through the real command, on the sample."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "cn_filings" / "sample.csv"


@pytest.fixture(autouse=True)
def _env(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def test_search_json_by_english_name(cli):
    r = cli("cn", "filings", "search", "Tencent", "--data", str(SAMPLE), "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["query"] == "Tencent" and doc["total"] >= 6
    first = doc["filings"][0]
    assert first["company"] == "深圳市腾讯计算机系统有限公司"
    assert "alias table" in first["match"]["reasons"][0]["why"]


def test_search_table_and_csv_by_chinese_name(cli):
    r = cli("cn", "filings", "search", "月之暗面", "--data", str(SAMPLE))
    assert r.returncode == 0, r.stderr
    assert "北京月之暗面科技有限公司" in r.stdout and "Why it matched" in r.stdout
    r = cli("cn", "filings", "search", "百度", "--data", str(SAMPLE), "-f", "csv", "-n", "2")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 2 and rows[0]["company"] == "北京百度网讯科技有限公司"
    assert rows[0]["match_why"]


def test_stats(cli):
    r = cli("cn", "filings", "stats", "--data", str(SAMPLE), "-f", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["filings"] == 200
    r = cli("cn", "filings", "stats", "--data", str(SAMPLE))
    assert "By batch" in r.stdout and "By province" in r.stdout


def test_check_inventory(cli, tmp_path):
    inv = tmp_path / "inv.yaml"
    inv.write_text("organization: {name: Example Co}\n"
                   "systems:\n"
                   "  - {id: chat, name: Chat, vendor: MiniMax, roles: [deployer],\n"
                   "     cn_filing_status: not_filed}\n", "utf-8")
    r = cli("cn", "filings", "check", str(inv), "--data", str(SAMPLE), "-f", "json")
    assert r.returncode == 0, r.stderr
    system = json.loads(r.stdout)["systems"][0]
    assert system["outcome"] == "provider_listed"
    assert {f["company"] for f in system["filings"]} == {"上海稀宇科技有限公司"}
    r = cli("cn", "filings", "check", str(inv), "--data", str(SAMPLE))
    assert r.returncode == 0 and "provider_listed" in r.stdout


def test_missing_data_is_a_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYATLAS_CN_FILINGS", str(tmp_path / "absent"))
    r = cli("cn", "filings", "search", "Baidu")
    assert r.returncode == 2
    assert "POLICYATLAS_CN_FILINGS" in r.stderr and "Traceback" not in r.stderr
    r = cli("cn", "filings", "search", "Baidu", "--data", str(tmp_path / "absent.csv"))
    assert r.returncode == 2 and "--data" in r.stderr
