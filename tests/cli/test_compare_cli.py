"""`policyatlas compare` through the real command: table, Markdown and JSON, in three
languages; the JSON is the published contract; bad input is exit 2 with a clear message."""

from __future__ import annotations

import json

import jsonschema
import pytest

from policyatlas import assess, load_inventory
from policyatlas.cli.schemas import SCHEMAS
from tests.conftest import ROOT

SECOND = ROOT / "examples" / "frontier-companion.yaml"
DAY = "2026-11-23"


def test_json_is_the_contract_and_the_engines_counts(cli):
    r = cli("compare", str(SECOND), "--jurisdictions", "us-ca,us-ny,cn", "--as-of", DAY,
            "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMAS["comparison"]())
    assert doc["contract"] == "policyatlas.comparison/v1"
    a = assess(load_inventory(SECOND), __import__("datetime").date(2026, 11, 23))
    ny = next(c for c in doc["jurisdictions"] if c["code"] == "us-ny")
    assert ny["includes"] == ["us-ny", "us-ny-nyc"]
    want = a.counts.by_jurisdiction["us-ny"].model_dump()
    nyc = a.counts.by_jurisdiction.get("us-ny-nyc")
    if nyc:
        want = {k: v + getattr(nyc, k) for k, v in want.items()}
    assert ny["counts"] == want
    kindred = next(b for b in doc["systems"] if b["id"] == "kindred")
    engine = {o.key: o.status for s in a.systems if s.id == "kindred" for o in s.obligations}
    for row in kindred["categories"]:
        for duties in row["cells"].values():
            for d in duties:
                assert d["status"] == engine[d["key"]]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["duties side by side", "Crisis protocol", "What one satisfies of the other",
            "partly", "New York includes the laws of New York City"]),
    ("zh-Hans", ["义务并列对比", "履行一项可满足另一项的程度", "部分满足", "纽约州"]),
    ("zh-Hant", ["義務並列對照", "履行一項可滿足另一項之程度", "部分滿足"]),
])
def test_table_and_markdown_in_three_languages(cli, tmp_path, lang, words):
    r = cli("compare", str(SECOND), "-j", "us-ca,us-ny", "--as-of", DAY, "--lang", lang,
            "--system", "kindred")
    assert r.returncode == 0, r.stderr
    flat = " ".join(r.stdout.split())
    out = tmp_path / f"compare-{lang}.md"
    r = cli("compare", str(SECOND), "-j", "us-ca,us-ny", "--as-of", DAY, "--lang", lang,
            "-f", "md", "-o", str(out))
    assert r.returncode == 0, r.stderr
    md = out.read_text("utf-8")
    assert md.startswith("# ") and "| " in md
    for w in words:
        assert w in md, (lang, w)
    assert "(kindred)" in flat and words[2] in flat


def test_bad_input_is_exit_2_without_output(cli, tmp_path):
    out = tmp_path / "x.json"
    r = cli("compare", str(SECOND), "-j", "us-ca,atlantis", "-f", "json", "-o", str(out))
    assert r.returncode == 2 and "'atlantis' is not a known jurisdiction" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
    r = cli("compare", str(SECOND), "-j", "us-ny,nyc")
    assert r.returncode == 2 and "us-ny-nyc is already part of us-ny" in r.stderr
    r = cli("compare", str(SECOND), "-j", "us-ca", "--system", "kindred2")
    assert r.returncode == 2 and "did you mean 'kindred'?" in r.stderr
    r = cli("compare", str(SECOND), "-j", "us-ca", "--as-of", "2026-02-30")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = cli("compare", str(tmp_path / "missing.yaml"), "-j", "us-ca")
    assert r.returncode == 2 and "Traceback" not in r.stderr


CN_EXAMPLE = ROOT / "examples" / "frontier-companion-cn.yaml"


def test_china_example_side_by_side_with_official_titles(cli):
    if not (ROOT / "src/policyatlas/packs/cn/ai-content-labeling-2025").exists():
        pytest.skip("China's labelling pack is not present")
    r = cli("compare", str(CN_EXAMPLE), "-j", "us-ca,cn", "--as-of", DAY, "--system", "kindred",
            "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["to_decide"] == [] and doc["jurisdictions"][1]["counts"]["undetermined"] == 0
    rows = {row["category"]: row for row in doc["systems"][0]["categories"]}
    cn = [d for d in rows["content_provenance"]["cells"]["cn"]]
    assert any(d["law_original_title"] == "人工智能生成合成内容标识办法" for d in cn)
    assert {e["id"] for e in rows["content_provenance"]["equivalences"]} >= {
        "ca-sb942-latent-vs-cn-implicit-label"}


def test_report_gains_the_side_by_side_section(cli, tmp_path):
    out = tmp_path / "r.html"
    r = cli("report", str(CN_EXAMPLE), "--as-of", DAY, "--lang", "zh-Hans", "-o", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text("utf-8")
    assert 'id="compare"' in html and "并列对比" in html
    r = cli("report", str(ROOT / "examples" / "acme-ai.yaml"), "--as-of", DAY, "-o", str(out))
    assert 'id="compare"' not in out.read_text("utf-8")
    r = cli("report", str(ROOT / "examples" / "acme-ai.yaml"), "--as-of", DAY,
            "--compare", "us-ca,us-ny", "-o", str(out))
    assert r.returncode == 0 and "New York" in out.read_text("utf-8").split('id="compare"')[1]
    r = cli("report", str(ROOT / "examples" / "acme-ai.yaml"), "--compare", "atlantis",
            "-o", str(tmp_path / "no.html"))
    assert r.returncode == 2 and "--compare" in r.stderr and not (tmp_path / "no.html").exists()
