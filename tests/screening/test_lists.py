# ruff: noqa: RUF001, RUF003  (Chinese announcement numbers and full-width punctuation)
"""The list readers: every format read from the committed samples, the dates and statuses they
give, China's corrections, bounded reading and located errors; the full snapshots when present."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from policyatlas.errors import UserError
from policyatlas.screening.lists import (
    MAX_LIST_BYTES,
    detect,
    earliest_fr_date,
    read_path,
)
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "screening"
SHARED = ROOT.parent / "shared" / "data"
D = dt.date


def one(path: Path, **kw):
    (data,) = read_path(path, **kw)
    return data


def by_name(data, name: str):
    return next(e for e in data.entries if e.name == name)


def test_entity_list_dates_citations_and_licence_requirement():
    d = one(DATA / "nsfreg" / "bis_entity_list.json")
    assert d.info.list_id == "us-entity-list" and d.info.jurisdiction == "us"
    assert d.info.list_date == D(2026, 7, 9) and d.redistributable
    e = by_name(d, "Huawei Technologies Co., Ltd.")
    assert e.country == "CN" and e.listed_on == D(2019, 5, 21)  # the first FR citation's date
    assert "84 FR 22963" in e.citation and e.licence_requirement.startswith("For all items")
    assert e.in_effect(D(2019, 5, 20)) == "not_yet" and e.in_effect(D(2026, 1, 1)) == "listed"


def test_fr_dates():
    assert earliest_fr_date("76 FR 71869, 11/21/11. 78 FR 3319, 1/16/13") == D(2011, 11, 21)
    assert earliest_fr_date("87 FR 52834") is None


def test_dpl_date_from_its_file_name_and_isn_expiry():
    assert one(DATA / "nsfreg" / "bis_dpl.json").info.list_date == D(2026, 4, 14)
    isn = one(DATA / "nsfreg" / "state_nonproliferation.json")
    li = by_name(isn, "Li Fangwei")
    assert li.removed_on == D(2018, 6, 29)  # every sanction "Expired on 06/28/18"
    assert li.in_effect(D(2018, 6, 28)) == "listed" and li.in_effect(D(2018, 6, 29)) == "removed"
    assert by_name(isn, "Government of the Russian Federation").removed_on is None  # Active


def test_uflpa_dates_written_in_words():
    e = one(DATA / "nsfreg" / "dhs_uflpa.json").entries[0]
    assert e.listed_on == D(2022, 6, 21)


def test_sdn_json_and_csv_agree():
    j = one(DATA / "ofac_sdn" / "ofac-sdn.json")
    c = one(DATA / "ofac_sdn" / "ofac-sdn.csv", list_date=D(2026, 8, 20))
    assert j.info.list_date == D(2026, 8, 20)  # the JSON's `published`
    assert [(e.entry_id, e.name, e.aliases, e.measures) for e in j.entries] == \
        [(e.entry_id, e.name, e.aliases, e.measures) for e in c.entries]
    cuba = by_name(j, "BANCO NACIONAL DE CUBA")
    assert cuba.entry_id == "306" and "NATIONAL BANK OF CUBA" in cuba.aliases
    assert cuba.url.endswith("id=306") and cuba.measures == ["CUBA"]


def test_sdn_csv_needs_a_list_date():
    with pytest.raises(UserError) as exc:
        read_path(DATA / "ofac_sdn" / "ofac-sdn.csv")
    assert "--list-date" in exc.value.render()


def test_ofac_legacy_csv_with_alt_and_add_files():
    d = one(DATA / "ofac_legacy", list_date=D(2025, 5, 1))
    assert d.info.list_id == "us-sdn" and d.fmt == "ofac-legacy"
    iran = next(e for e in d.entries if e.entry_id == "11195")
    assert iran.measures == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    assert "HESA TRADE CENTER" in iran.aliases and "HESA" in iran.aliases  # ALT.CSV + a.k.a.
    assert iran.country == "IR" and any("Esfahan" in a for a in iran.addresses)
    assert iran.entity_type == "entity"
    assert next(e for e in d.entries if e.entry_id == "10278").entity_type == "individual"


def test_csl_splits_by_source_with_licence_columns():
    out = {d.info.list_id: d for d in read_path(DATA / "csl" / "consolidated_sample.csv",
                                                list_date=D(2025, 6, 25))}
    assert {"us-entity-list", "us-meu", "us-dpl", "us-sdn", "us-ssi", "us-uvl", "us-isn",
            "us-dtc", "us-plc", "us-fse"} <= set(out)
    el = out["us-entity-list"].entries[0]
    assert el.licence_requirement.startswith("For all items") and el.review_policy
    assert el.listed_on == D(2018, 8, 1) and el.country == "CN" and "83 FR 37423" in el.citation
    dpl = out["us-dpl"].entries[0]
    assert dpl.removed_on == D(2056, 6, 30)  # end_date 2056-06-29 is its last day
    only = read_path(DATA / "csl" / "consolidated_sample.csv", list_date=D(2025, 6, 25),
                     list_id="us-meu")
    assert [d.info.list_id for d in only] == ["us-meu"]


def test_china_merged_and_corrected():
    out = {d.info.list_id: d for d in read_path(DATA / "cn")}
    assert set(out) == {"cn-unreliable-entity-list", "cn-export-control-list", "cn-watch-list",
                        "cn-countermeasures"}
    uel = out["cn-unreliable-entity-list"]
    lm = [e for e in uel.entries if e.name == "Lockheed Martin Corporation"]
    assert len(lm) == 1  # the announcement, not also the entity JSON's row
    assert "art_123456" not in lm[0].url and "art_37761ceb" in lm[0].url  # placeholder fixed
    assert any("placeholder" in f for f in uel.fixes)
    # 〔2025〕7号: suspended 2025-05-14 .. 2026-11-09
    skydio = next(e for e in uel.entries if e.name.startswith("Skydio"))
    assert skydio.in_effect(D(2025, 5, 1)) == "listed"
    assert skydio.in_effect(D(2025, 6, 1)) == "suspended"
    assert skydio.in_effect(D(2026, 11, 10)) == "listed"
    # 〔2025〕8号: suspended from 2025-05-14, measures stopped 2025-08-12
    eight = [e for e in uel.entries if e.announcement and "〔2025〕8号" in e.announcement]
    assert eight and all(e.in_effect(D(2025, 8, 12)) == "removed" for e in eight)
    assert all(e.in_effect(D(2025, 6, 1)) == "suspended" for e in eight)
    # Illumina: 〔2025〕4号 stands, the measures of 〔2025〕6号 stopped 2025-11-10
    illumina = [e for e in uel.entries if e.name.startswith("Illumina")]
    assert sorted(e.in_effect(D(2026, 1, 1)) for e in illumina) == ["listed", "removed"]
    for e in uel.entries:
        assert e.announcement and e.url and e.measures and e.listed_on
    ctrl = out["cn-export-control-list"]
    assert any(e.listed_on == D(2026, 7, 24) for e in ctrl.entries)  # newer than the YAML
    no1 = [e for e in ctrl.entries if e.listed_on == D(2025, 1, 2)]
    assert len(no1) == 28 and "2025年第1号" in no1[0].announcement
    no13 = [e for e in ctrl.entries if e.announcement and "2025年第13号" in e.announcement]
    assert no13 and all(e.in_effect(D(2025, 11, 10)) == "removed" for e in no13)
    assert all(e.country is None for e in ctrl.entries)  # the JSON's "cn" is not theirs
    assert out["cn-watch-list"].entries[0].names_zh


def test_detect():
    assert detect(DATA / "nsfreg" / "bis_dpl.json") == "nsfreg"
    assert detect(DATA / "ofac_sdn" / "ofac-sdn.json") == "sdn-json"
    assert detect(DATA / "ofac_sdn" / "ofac-sdn.csv") == "sdn-csv"
    assert detect(DATA / "ofac_legacy") == "ofac-legacy"
    assert detect(DATA / "ofac_legacy" / "sdn.csv") == "ofac-legacy"
    assert detect(DATA / "csl" / "consolidated_sample.csv") == "csl"
    assert detect(DATA / "cn") == "cn"


# --- bad input: one located error per bad row -------------------------------------------


def test_bad_nsfreg_rows_are_located(tmp_path):
    d = json.loads((DATA / "nsfreg" / "bis_dpl.json").read_text())
    d["entities"][1]["effective_date"] = "2024-02-30"
    d["entities"][3]["name"] = ""
    p = tmp_path / "dpl.json"
    p.write_text(json.dumps(d))
    with pytest.raises(UserError) as exc:
        read_path(p)
    text = exc.value.render()
    assert f"{p}: entities[1].effective_date: '2024-02-30' is not a date" in text
    assert "entities[3]" in text and "-> fix:" in text


def test_bad_csv_rows_are_located(tmp_path):
    lines = (DATA / "ofac_sdn" / "ofac-sdn.csv").read_text().splitlines()
    lines[2] = "abc,SOMEONE,entity,SDGT,"
    lines.insert(4, "123,TOO,MANY,CELLS,HERE,EXTRA")
    p = tmp_path / "sdn.csv"
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(UserError) as exc:
        read_path(p, list_date=D(2026, 1, 1))
    text = exc.value.render()
    assert f"{p}:3: uid: uid 'abc' is not an OFAC entry number" in text
    assert f"{p}:5: 6 columns instead of 5" in text


def test_csl_with_a_wrong_header(tmp_path):
    p = tmp_path / "consolidated.csv"
    p.write_text("source,entity_number,name\nx,1,y\n")
    p.write_text("_id,source,entity_number,type,name\n1,x,1,y,z\n")
    with pytest.raises(UserError) as exc:
        read_path(p, fmt="csl", list_date=D(2026, 1, 1))
    assert f"{p}:1:" in exc.value.render() and "missing" in exc.value.render()


def test_unknown_format_and_list(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("hello\n")
    with pytest.raises(UserError, match="cannot read this list"):
        read_path(p)
    with pytest.raises(UserError) as exc:
        read_path(DATA / "nsfreg" / "bis_dpl.json", list_id="us-entty-list")
    assert "did you mean 'us-entity-list'" in exc.value.render()


def test_gzip_bomb_is_refused(tmp_path):
    p = tmp_path / "bomb.json.gz"
    with gzip.open(p, "wb") as f:
        chunk = b" " * 2**20
        for _ in range(MAX_LIST_BYTES // 2**20 + 2):
            f.write(chunk)
    with pytest.raises(UserError) as exc:
        read_path(p, fmt="nsfreg")
    assert "once decompressed" in exc.value.render()


def test_not_utf8_and_nul(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"uid,name,type,programs,alternate_names\n1,\xff\xfe,entity,X,\n")
    with pytest.raises(UserError) as exc:
        read_path(p, list_date=D(2026, 1, 1))
    assert "not UTF-8" in exc.value.render() and "fix:" in exc.value.render()


# --- the full snapshots ---------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} (the shared data "
                                  "beside the checkout) is absent; the samples are tested above")


@needs_shared
def test_full_us_snapshots_row_counts():
    nsf = SHARED / "screening_us" / "nsfreg_2026-07-09"
    want = {"bis_entity_list.json.gz": 3409, "bis_dpl.json": 564, "bis_meu.json": 70,
            "ofac_nscmic.json": 68, "ofac_eo14032_annex.json": 59, "dow_1260h.json": 80,
            "dow_1286.json": 134, "dhs_uflpa.json": 148, "fcc_covered.json": 15,
            "state_nonproliferation.json": 528, "state_debarred_statutory.json": 779,
            "state_debarred_admin.json": 8, "cbp_wro.json": 67}
    for name, rows in want.items():
        assert len(one(nsf / name).entries) == rows, name
    sdn = one(SHARED / "screening_us" / "ofac_sdn_2026-08-20" / "ofac-sdn.json.gz")
    assert len(sdn.entries) == 19_249 and sdn.info.list_date == D(2026, 8, 20)
    kinds = {k: sum(1 for e in sdn.entries if e.entity_type == k)
             for k in ("entity", "individual", "vessel", "aircraft")}
    assert kinds == {"entity": 9871, "individual": 7502, "vessel": 1534, "aircraft": 342}


@needs_shared
def test_full_china_lists_and_their_fixes():
    out = {d.info.list_id: d for d in read_path(SHARED / "screening_cn")}
    counts = {k: len(v.entries) for k, v in out.items()}
    assert counts == {"cn-unreliable-entity-list": 83, "cn-export-control-list": 153,
                      "cn-watch-list": 40, "cn-countermeasures": 138}
    uel = out["cn-unreliable-entity-list"].entries
    assert sum(1 for e in uel if e.listed_on == D(2025, 10, 9)) == 23  # 14 + 9, not 2 garbled
    assert any(e.name.startswith("PVH") and e.listed_on == D(2024, 9, 24) for e in uel)
    assert not any("参与对台湾地区军售" in e.name for e in uel)
    assert out["cn-export-control-list"].info.list_date == D(2026, 7, 24)
