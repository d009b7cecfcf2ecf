"""The CAC filing lists: reading, normalisation, search (Chinese, English, pinyin, numbers),
why each row matched, and providers of an inventory's systems — on the 200-row sample, and on
the full 7,945-row set when it is beside the checkout."""

from __future__ import annotations

import gzip
import textwrap

import pytest

from policyatlas.cn import filings as F
from policyatlas.errors import UserError
from policyatlas.facts.load import parse_inventory
from tests.cn.conftest import FULL, SAMPLE


def _companies(result) -> set[str]:
    return {m.filing.company for m in result.matches}


# --- reader --------------------------------------------------------------------------------

def test_reads_the_sample():
    rows = F.read_filings(SAMPLE)
    assert len(rows) == 200
    assert {r.filing_type for r in rows} == {"algorithm", "deep_synthesis"}
    f = next(r for r in rows if r.company == "北京百度网讯科技有限公司")
    assert f.record_number.startswith("网信算备") and f.record_number.endswith("号")
    assert f.batch_month and f.batch_month[:4] in {"2022", "2023", "2024", "2025", "2026"}
    assert f.source_url.startswith("https://www.cac.gov.cn/")
    assert f.line >= 2
    deep = [r for r in rows if r.filing_type == "deep_synthesis"]
    assert {r.role for r in deep} <= {"深度合成-服务提供者", "深度合成-服务技术支持者"}
    assert all(r.role == "" for r in rows if r.filing_type == "algorithm")


def test_remarks_give_former_names_and_cancellations():
    rows = F.read_filings(SAMPLE)
    baichuan = next(r for r in rows if r.company == "百川智能科技有限公司")
    assert baichuan.former_names == ["北京百川智能科技有限公司"]
    assert sum(r.cancelled for r in rows) == 4


def test_gzipped_file_and_folder(tmp_path):
    gz = tmp_path / "lists" / "filings.csv.gz"
    gz.parent.mkdir()
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert len(F.read_filings(gz)) == 200
    assert len(F.read_filings(gz.parent)) == 200  # a folder holding one list


def test_bad_rows_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = SAMPLE.read_text("utf-8").splitlines()
    lines[3] = lines[3].replace("网信算备", "XX", 1)
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(UserError) as e:
        F.read_filings(bad)
    p = e.value.problems[0]
    assert (p.file, p.line, p.field) == (str(bad), 4, "recordNumber")
    missing = tmp_path / "other.csv"
    missing.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(UserError, match="not a CAC filing list"):
        F.read_filings(missing)


def test_no_data_says_how_to_point_at_it(tmp_path, monkeypatch):
    monkeypatch.setenv(F.ENV_DATA, str(tmp_path / "nowhere"))
    with pytest.raises(UserError) as e:
        F.default_path()
    assert F.ENV_DATA in e.value.render()


# --- normalisation -------------------------------------------------------------------------

def test_normalisation():
    full = "阿里巴巴达摩院\uff08杭州\uff09科技有限公司"  # full-width brackets
    assert F.zh_key(full) == F.zh_key("阿里巴巴达摩院(杭州)科技有限公司")
    assert F.zh_key("深圳ＴＣＬ新技术") == "深圳tcl新技术"
    assert F.number_key("网信算备110101135224302220011号") == "110101135224302220011"
    assert F.number_key(" 110101135224302220011 ") == "110101135224302220011"
    assert F.number_key("Beijing-WenXinYiYan-20230821") is None
    assert F.core_name("北京百度网讯科技有限公司") == "百度网讯科技"
    assert F.core_name("腾讯音乐娱乐\uff08深圳\uff09有限公司") == "腾讯音乐娱乐"
    assert F.core_name("深圳市腾讯计算机系统有限公司") == "腾讯计算机系统"
    # English names: the MOFCOM screening's normalisation (Co., Ltd. and the like dropped)
    assert F.latin_key("Beijing Baidu Netcom Science and Technology Co., Ltd.") == \
        "beijing baidu netcom science and technology"


def test_alias_table_is_well_formed():
    table = F.aliases()
    assert len(table) >= 20
    for a in table:
        assert a.basis and a.confidence in ("high", "medium")
        assert all(F.is_cjk(c) for c in a.companies)


# --- search --------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "company"), [
    ("北京百度网讯科技有限公司", "北京百度网讯科技有限公司"),
    ("百度", "北京百度网讯科技有限公司"),
    ("Baidu", "北京百度网讯科技有限公司"),
    ("Beijing Baidu Netcom Science and Technology Co., Ltd.", "北京百度网讯科技有限公司"),
    ("Tencent", "深圳市腾讯计算机系统有限公司"),
    ("Tencent Holdings Ltd", "深圳市腾讯计算机系统有限公司"),
    ("ByteDance", "北京抖音信息服务有限公司"),
    ("字节跳动", "北京抖音信息服务有限公司"),
    ("iFlytek", "科大讯飞股份有限公司"),
    ("Moonshot AI", "北京月之暗面科技有限公司"),
    ("Zhipu", "北京智谱华章科技有限公司"),
    ("MiniMax", "上海稀宇科技有限公司"),
    ("DeepSeek", "杭州深度求索人工智能基础技术研究有限公司"),
    ("Meituan", "北京三快科技有限公司"),
])
def test_finds_companies_by_chinese_and_english_names(index, query, company):
    r = index.search(query, limit=None)
    assert company in _companies(r)
    best = r.matches[0]
    assert best.reasons and all(x.why for x in best.reasons)


def test_says_why_each_row_matched(index):
    m = index.search("Baidu", limit=1).matches[0]
    why = m.reasons[0]
    assert why.kind == "alias" and why.field == "company"
    assert "北京百度网讯科技有限公司" in why.why and "alias table" in why.why
    assert why.source and why.source["entry"] == "Baidu" and why.source["basis"]
    d = m.as_dict()
    assert d["match"]["reasons"][0]["why"] == why.why and d["company"] == m.filing.company


def test_group_names_reach_member_companies(index):
    r = index.search("Alibaba", limit=None)
    members = {"杭州阿里巴巴广告有限公司", "阿里云计算有限公司", "浙江淘宝网络有限公司"}
    assert members <= _companies(r)
    cloud = next(m for m in r.matches if m.filing.company == "阿里云计算有限公司")
    assert cloud.reasons[0].kind in ("group", "alias_partial")
    # a place name alone names no company
    assert not {m for m in index.search("Beijing", limit=None).matches
                if m.reasons[0].kind.startswith("alias")}


def test_full_and_half_width_brackets_are_one_company(index):
    r = index.search("阿里巴巴达摩院(杭州)科技有限公司", limit=None)
    exact = {m.filing.company for m in r.matches if m.reasons[0].kind == "company"}
    assert exact == {"阿里巴巴达摩院\uff08杭州\uff09科技有限公司",
                     "阿里巴巴达摩院(杭州)科技有限公司"}


def test_former_names(index):
    r = index.search("北京百川智能科技有限公司")
    assert r.matches and r.matches[0].reasons[0].kind == "former_name"
    assert "百川智能科技有限公司" in r.matches[0].reasons[0].why


def test_pinyin_is_a_labelled_transliteration(index):
    r = index.search("Zhipu Linghang", limit=None)  # no alias: pinyin of 智谱领航
    m = next(m for m in r.matches if m.filing.company == "北京智谱领航科技有限公司")
    why = m.reasons[0]
    assert why.kind == "pinyin" and "not an official English name" in why.why


def test_filing_numbers_and_duplicates(index):
    number = next(f for f in F.read_filings(SAMPLE)
                  if f.company == "北京快手科技有限公司").record_number
    r = index.search(number, limit=None)
    assert r.matches[0].reasons[0].kind == "filing_number"
    twice = index.search("网信算备110108224236601220025号", limit=None)
    assert twice.total == 2  # filed under both provisions with one number
    assert {m.filing.filing_type for m in twice.matches} == {"algorithm", "deep_synthesis"}


def test_algorithm_and_product_names(index):
    r = index.search("Moonshot", limit=None)
    kinds = {x.kind for m in r.matches for x in m.reasons}
    assert "algorithm" in kinds  # 月之暗面Moonshot语言模型算法
    assert index.search("没有这个名字的公司xyz").total == 0


def test_ranking_and_limit(index):
    r = index.search("百度", limit=3)
    assert len(r.matches) == 3 and r.total >= 6
    scores = [m.score for m in index.search("百度", limit=None).matches]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201, "a\x00b"])
def test_bad_queries_are_refused(index, bad):
    with pytest.raises(UserError):
        index.search(bad)


def test_stats(index):
    s = index.stats()
    assert s["filings"] == 200
    assert s["by_type"]["deep_synthesis"]["filings"] == 142
    assert s["by_type"]["algorithm"]["filings"] == 58
    assert sum(b["total"] for b in s["by_batch"]) == 200
    assert sum(s["by_province"].values()) == 200
    assert set(s["by_role"]) == {"深度合成-服务提供者", "深度合成-服务技术支持者"}


def test_cached_index_is_reused(index):
    again = F.FilingIndex(index.file)  # opens the cached database, no rebuild
    assert len(again) == 200 and again.meta()["digest"] == index.meta()["digest"]


# --- providers -----------------------------------------------------------------------------

INVENTORY = textwrap.dedent("""\
    organization: {name: Example Co}
    systems:
      - {id: ernie-api, name: ERNIE API, vendor: Baidu, roles: [deployer],
         cn_filing_status: filed, cn_filing_number: "%s"}
      - {id: kimi, name: Kimi, vendor: 北京月之暗面科技有限公司, roles: [deployer],
         cn_filing_status: not_filed}
      - {id: wrong, name: Wrong number, vendor: MiniMax, roles: [deployer],
         cn_filing_number: "%s"}
      - {id: genai, name: Gen-AI registration, vendor: DeepSeek, roles: [deployer],
         cn_filing_number: Beijing-XXX-20240101}
      - {id: own, name: Own model, roles: [developer]}
    """)


def _inventory():
    rows = F.read_filings(SAMPLE)
    baidu = next(f for f in rows if f.company == "北京百度网讯科技有限公司").record_number
    other = next(f for f in rows if f.company == "北京快手科技有限公司").record_number
    return parse_inventory(INVENTORY % (baidu, other)), baidu


def test_provider_filings(index):
    inv, _ = _inventory()
    by_id = {s.id: s for s in inv.systems}
    baidu = F.provider_filings(inv.organization.name, by_id["ernie-api"], index)
    assert {m.filing.company for m in baidu} == {"北京百度网讯科技有限公司"}
    assert all(r.kind in F.COMPANY_KINDS for m in baidu for r in m.reasons)
    assert F.provider_filings(inv.organization.name, by_id["own"], index) == []


def test_check_inventory(index):
    inv, baidu_number = _inventory()
    result = F.check_inventory(inv, index)
    assert result["contract"] == F.CHECK_CONTRACT
    out = {s["id"]: s for s in result["systems"]}
    assert out["ernie-api"]["outcome"] == "number_confirmed"
    assert out["ernie-api"]["listed_filing"]["record_number"] == baidu_number
    assert out["kimi"]["outcome"] == "provider_listed"
    assert any("not_filed" in n for n in out["kimi"]["notes"])
    assert out["wrong"]["outcome"] == "number_other_company"
    assert out["genai"]["outcome"] == "number_out_of_scope"
    assert out["own"]["outcome"] == "provider_not_listed"
    assert out["own"]["provider_from"] == "organization"


# --- the full data set ---------------------------------------------------------------------

def test_full_data_counts(full_index):
    s = full_index.stats()
    assert s["filings"] == 7945
    assert s["by_type"]["algorithm"]["filings"] == 887
    assert s["by_type"]["deep_synthesis"]["filings"] == 7058
    assert (s["first_batch"], s["last_batch"]) == ("2022-08", "2026-05")


def test_full_data_finds_a_known_filing_by_chinese_and_english_name(full_index):
    number = "网信算备110101135224302220011号"  # 网易传媒信息推送算法, the first list (2022-08)
    by_number = full_index.search(number).matches
    assert [m.filing.algorithm for m in by_number] == ["网易传媒信息推送算法"]
    for query in ("北京网易传媒有限公司", "NetEase"):
        found = {m.filing.record_number for m in full_index.search(query, limit=None).matches}
        assert number in found, query
    deepseek = full_index.search("DeepSeek", limit=None)
    assert {"杭州深度求索人工智能基础技术研究有限公司",
            "北京深度求索人工智能基础技术研究有限公司"} <= _companies(deepseek)


def test_every_alias_company_is_in_the_full_data(full_index):
    listed = {F.zh_key(f.company) for f in full_index.filings()}
    missing = [(a.en, c) for a in F.aliases() for c in a.companies if F.zh_key(c) not in listed]
    assert not missing


def test_default_path_finds_the_shared_data(monkeypatch):
    if not FULL.exists():
        pytest.skip(f"the full CAC filing lists are not beside the checkout ({FULL})")
    monkeypatch.delenv(F.ENV_DATA, raising=False)
    assert F.default_path().resolve() == FULL.resolve()


def test_a_compressed_file_too_large_once_decompressed_is_refused(tmp_path, monkeypatch):
    import gzip

    from policyatlas.cn import filings as F
    from policyatlas.errors import UserError

    monkeypatch.setattr(F, "MAX_FILINGS_BYTES", 1_000_000)
    bomb = tmp_path / "filings.csv.gz"
    bomb.write_bytes(gzip.compress(b"a," * 2_000_000))  # 4 MB of CSV in a few KB
    with pytest.raises(UserError) as err:
        F._text(bomb)
    assert "too large once decompressed" in str(err.value)
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(gzip.compress(b"a,b\n")[:-6])
    with pytest.raises(UserError):
        F._text(broken)
