"""What a party's list hit does to `export check`: Entity List, MEU, DPL, SDN, China's control
list and Unreliable Entity List, with listing, removal and suspension dates respected.

The lists are small fixtures ingested into a temporary screening store and screened through the
real ``policyatlas.screening.screen.screen``. The Huawei entry copies the real Entity List entry
(Supp. No. 4 to 15 CFR part 744, 84 FR 22963 of 2019-05-21, as parsed from the eCFR by nsfreg,
a US Government work); every other party is invented ("Example ...") so that no real listing is
misstated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from policyatlas.export.check import check
from policyatlas.export.shipment import Shipment
from policyatlas.screening.lists import ListData, list_info
from policyatlas.screening.model import ListEntry
from policyatlas.screening.store import ScreeningStore

D = dt.date
HUAWEI = ListEntry(
    list_id="us-entity-list", entry_id="el-huawei", name="Huawei Technologies Co., Ltd.",
    aliases=["Shenzhen Huawei Technologies", "Huawei Technology"], entity_type="entity",
    country="CN", addresses=["Bantian Huawei Base, Longgang District, Shenzhen, 518129, China"],
    listed_on=D(2019, 5, 21), citation="84 FR 22963, 5/21/19",
    url="https://www.federalregister.gov/d/2019-10616",
    licence_requirement="For all items subject to the EAR, see §§ 734.9(e) and 744.11 of the EAR",
    notes="For all items subject to the EAR, see §§ 734.9(e) and 744.11 of the EAR")
POLICY = ListEntry(
    list_id="us-entity-list", entry_id="el-policy", name="Example Photonics Research Institute",
    country="CN", listed_on=D(2021, 6, 1), citation="86 FR 99999, 6/1/21",
    url="https://www.federalregister.gov/d/example", licence_requirement="For all items "
    "subject to the EAR", review_policy="Presumption of denial")
REMOVED = ListEntry(
    list_id="us-entity-list", entry_id="el-removed", name="Example Removed Trading Co., Ltd.",
    country="HK", listed_on=D(2020, 1, 10), removed_on=D(2024, 3, 1),
    citation="85 FR 11111, 1/10/20; removed 89 FR 22222, 3/1/24",
    licence_requirement="For all items subject to the EAR")
MEU = ListEntry(list_id="us-meu", entry_id="meu-1", name="Example Aviation Industry Corp.",
                country="CN", listed_on=D(2020, 12, 23), citation="85 FR 83793, 12/23/20")
DPL = ListEntry(list_id="us-dpl", entry_id="dpl-1", name="Example Denied Exports LLC",
                country="US", listed_on=D(2021, 1, 4), citation="86 FR 33333, 1/4/21")
SDN = ListEntry(list_id="us-sdn", entry_id="sdn-1", name="Example Blocked Shipping Ltd",
                entity_type="entity", country="RU", listed_on=D(2022, 2, 24),
                measures=["RUSSIA-EO14024"], citation="OFAC program RUSSIA-EO14024")
CONTROL = ListEntry(
    list_id="cn-export-control-list", entry_id="cl-1", name="Example Defense Systems Inc.",
    names_zh=["示例防务系统公司"], country="US", listed_on=D(2025, 1, 2),
    suspended=[(D(2025, 11, 10), D(2026, 11, 10))],
    announcement="MOFCOM 2025 No. 1 (example)", url="https://aqygzj.mofcom.gov.cn/example",
    measures=["prohibited from receiving dual-use items exported from China"])
UEL = ListEntry(
    list_id="cn-unreliable-entity-list", entry_id="uel-1", name="Example Aerospace Corporation",
    names_zh=["示例航空航天公司"], country="US", listed_on=D(2025, 2, 4),
    announcement="UEL Working Mechanism [2025] No. 2 (example)",
    url="https://aqygzj.mofcom.gov.cn/example-uel",
    measures=["prohibited from engaging in import or export activities related to China",
              "prohibited from making new investments in China"])
UEL_DUAL_USE = ListEntry(
    list_id="cn-unreliable-entity-list", entry_id="uel-2", name="Example Drone Systems LLC",
    country="US", listed_on=D(2025, 10, 9), announcement="UEL [2025] No. 10 (example)",
    measures=["Prohibit the export of dual-use items to the above entity (禁止向其出口两用物项)"])
FIXTURES = [HUAWEI, POLICY, REMOVED, MEU, DPL, SDN, CONTROL, UEL, UEL_DUAL_USE]
LISTS = sorted({e.list_id for e in FIXTURES})

L20 = {"name": "NVIDIA L20", "vendor": "NVIDIA", "datacenter": True,
       "dense": {"fp16": 119.5, "int8": 239}, "die_area_mm2": 609}
GALLIUM = {"hs_code": "8112929010"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ScreeningStore:
    path: Path = tmp_path_factory.mktemp("screening") / "store.sqlite"
    st = ScreeningStore(path)
    datas = []
    for lid in LISTS:
        entries = [e for e in FIXTURES if e.list_id == lid]
        datas.append(ListData(list_info(lid, D(2026, 7, 9), "test fixture"), entries,
                              "tests/export/test_screening_effects.py", "fixture",
                              "fixture (see the module docstring)", True))
    st.ingest(datas)
    return st


def run(store: ScreeningStore, **ship: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"date": "2026-06-01", "item": {"origin": "US", "chip": L20},
                            "ship_from": "US", "destination": "CN"}
    return check(Shipment.model_validate(base | ship), store=store, lists=LISTS)


def regime(r: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(x for x in r["regimes"] if x["regime"] == rid)


def test_entity_list_hit_requires_a_licence_with_the_entry_cited(store) -> None:
    r = run(store, end_user={"name": "Huawei Technologies Co., Ltd.", "country": "CN"})
    us = regime(r, "us/ear")
    assert us["classification"]["status"] == "not_controlled"  # the chip alone: no licence
    assert us["outcome"] == "licence_required"
    req = next(q for q in us["requirements"] if q["id"] == "us-entity-list:el-huawei")
    assert "84 FR 22963" in req["citation"] and "744.11" in req["citation"]
    assert req["exceptions_allowed"] is False and req["url"]
    assert "For all items subject to the EAR" in req["note"]
    hit = req["screening"]
    assert (hit["list"], hit["entry"], hit["listed_on"]) == (
        "us-entity-list", "Huawei Technologies Co., Ltd.", "2019-05-21")
    # the trace names the hit, with its citation
    leaf = req["condition"]["children"][0]
    assert leaf["fact"] == "party.screening" and leaf["cite"] == "84 FR 22963, 5/21/19"
    # the nsfreg data has no review policy: "see the entry" with the FR citation
    assert us["review_policy"]["policy"] == "not_stated"
    assert "see the entry (84 FR 22963" in us["review_policy"]["title"]
    assert r["summary"] == [{"regime": "us/ear", "outcome": "licence_required"}]


def test_chinese_script_name_matches_the_english_listing(store) -> None:
    r = run(store, end_user={"name": "华为技术有限公司", "country": "CN"})
    us = regime(r, "us/ear")
    assert us["outcome"] == "licence_required"
    hit = next(h for h in us["parties"] if h["list"] == "us-entity-list")
    assert hit["party"] == "华为技术有限公司" and hit["entry"] == "Huawei Technologies Co., Ltd."
    assert hit["score"] >= 0.88 and hit["reasons"]


def test_review_policy_from_the_entry_when_it_has_one(store) -> None:
    r = run(store, consignee={"name": "Example Photonics Research Institute"})
    us = regime(r, "us/ear")
    assert us["outcome"] == "licence_required"
    assert us["review_policy"]["policy"] == "presumption_of_denial"
    assert us["review_policy"]["parties"][0]["text"] == "Presumption of denial"


def test_removed_entry_has_no_effect_after_its_removal(store) -> None:
    party = {"name": "Example Removed Trading Co., Ltd.", "country": "HK"}
    before = run(store, date="2023-06-01", destination="HK", intermediate_consignees=[party])
    assert regime(before, "us/ear")["outcome"] == "licence_required"
    after = run(store, date="2024-03-01", destination="HK", intermediate_consignees=[party])
    us = regime(after, "us/ear")
    assert us["outcome"] == "no_licence_required"
    hit = next(h for h in us["parties"] if h["entry_id"] == "el-removed")
    assert hit["status"] == "removed" and not hit["applies"]
    assert any("removed from the list on 2024-03-01" in n for n in us["notes"])


def test_entry_not_yet_listed_on_the_shipment_date(store) -> None:
    r = run(store, date="2019-05-20", end_user={"name": "Huawei Technologies Co., Ltd."})
    us = regime(r, "us/ear")
    assert not any(q["id"].startswith("us-entity-list:") for q in us["requirements"])
    assert any("listed only from 2019-05-21" in n for n in us["notes"])


def test_military_end_user_needs_a_licence_for_supplement_2_items(store) -> None:
    r = run(store, end_user={"name": "Example Aviation Industry Corp."})
    us = regime(r, "us/ear")
    possible = next(q for q in us["possible_requirements"] if q["id"] == "us-meu:meu-1")
    assert "item.in_744_supp2" in possible["missing"]
    assert us["outcome"] == "undetermined"


def test_denied_person_means_no_export(store) -> None:
    r = run(store, exporter={"name": "Example Denied Exports LLC"}, destination="DE")
    us = regime(r, "us/ear")
    assert us["outcome"] == "prohibited"
    assert us["prohibitions"][0]["kind"] == "prohibited"
    assert us["prohibitions"][0]["hit"]["role"] == "exporter"


def test_sdn_blocks_with_no_licence_exception(store) -> None:
    rtx = {"name": "NVIDIA GeForce RTX 4090", "vendor": "NVIDIA", "datacenter": False,
           "dense": {"fp16": 330, "int8": 661}, "die_area_mm2": 608}
    clean = run(store, item={"origin": "US", "chip": rtx}, date="2024-06-01")
    assert regime(clean, "us/ear")["outcome"] == "licence_exception_available"  # NAC
    r = run(store, item={"origin": "US", "chip": rtx}, date="2024-06-01",
            intermediate_consignees=[{"name": "Example Blocked Shipping Ltd"}])
    us = regime(r, "us/ear")
    assert us["outcome"] == "blocked"
    assert all(e["eligible"] is False for e in us["exceptions"])
    assert "OFAC" in us["prohibitions"][0]["text"]


def test_china_control_list_prohibits_dual_use_exports_and_respects_suspension(store) -> None:
    ship = {"item": {"origin": "CN", "material": GALLIUM}, "ship_from": "CN",
            "destination": "US", "end_user": {"name": "示例防务系统公司", "kind": "commercial"}}
    live = regime(run(store, date="2025-06-01", **ship), "cn/mofcom")
    assert live["outcome"] == "prohibited"
    party = next(p for p in live["parties"] if p["source"] == "screening")
    assert party["list"] == "control_list" and party["date"] == "2025-01-02"
    suspended = regime(run(store, date="2026-01-15", **ship), "cn/mofcom")
    assert suspended["outcome"] != "prohibited"
    party = next(p for p in suspended["parties"] if p["source"] == "screening")
    assert party["state"] == "suspended"
    assert any("suspended" in n for n in suspended["notes"])


def test_unreliable_entity_list_measures_apply_from_their_date(store) -> None:
    ship = {"item": {"origin": "CN", "material": {"hs_code": "8541"}}, "ship_from": "CN",
            "destination": "US", "end_user": {"name": "Example Aerospace Corporation"}}
    before = regime(run(store, date="2025-02-03", **ship), "cn/mofcom")
    assert before["outcome"] != "prohibited"
    after = regime(run(store, date="2025-02-04", **ship), "cn/mofcom")
    assert after["outcome"] == "prohibited"
    party = next(p for p in after["parties"] if p["source"] == "screening")
    assert party["effect"]["trade_ban"] and party["effect"]["investment_ban"]
    assert "import or export" in party["effect"]["text"]
    assert any("2025-02-04" in n for n in after["notes"])


def test_a_dual_use_only_measure_reaches_only_dual_use_items(store) -> None:
    party = {"end_user": {"name": "Example Drone Systems LLC"}, "ship_from": "CN",
             "destination": "US"}
    other = regime(run(store, date="2026-01-05", item={"origin": "CN", "material": {
        "hs_code": "8541"}}, **party), "cn/mofcom")
    assert other["outcome"] != "prohibited"
    assert any("no listed dual-use item" in n for n in other["notes"])
    dual = regime(run(store, date="2026-01-05", item={"origin": "CN", "material": GALLIUM},
                      **party), "cn/mofcom")
    assert dual["outcome"] == "prohibited"


def test_every_hit_in_the_json_is_cited(store) -> None:
    r = run(store, end_user={"name": "华为技术有限公司"},
            intermediate_consignees=[{"name": "Example Blocked Shipping Ltd"}])
    hits = r["screening"]["hits"]
    assert {h["role"] for h in hits} == {"end_user", "intermediate_consignee"}
    for h in hits:
        assert h["list"] and h["entry"] and h["status"] and h["list_name"]
        assert h["citation"] or h["announcement"]
    assert regime(r, "us/ear")["outcome"] == "blocked"  # the strongest effect wins


def test_no_party_named_screens_nothing(store) -> None:
    r = run(store)
    assert r["screening"]["screened"] is False and r["screening"]["hits"] == []


def test_example_entity_list_shipment_through_the_real_command(cli, tmp_path, monkeypatch) -> None:
    """examples/shipment-entity-list.yaml against the lists bundled with the package."""
    import json

    monkeypatch.setenv("POLICYATLAS_SCREENING_DB", str(tmp_path / "no-store.sqlite"))
    r = cli("export", "check", "examples/shipment-entity-list.yaml", "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    us = regime(data, "us/ear")
    assert us["outcome"] == "licence_required"
    assert us["classification"]["status"] == "not_controlled"
    listed = [q for q in us["requirements"] if q["id"].startswith("us-entity-list:")]
    assert len(listed) == 1  # the closest entry decides; weaker candidates are only shown
    req = listed[0]
    assert "Huawei Technologies Co., Ltd." in req["title"] and "84 FR 22963" in req["citation"]
    assert req["screening"]["party"] == "华为技术有限公司"
    assert req["screening"]["listed_on"] == "2019-05-21"
    table = cli("export", "check", "examples/shipment-entity-list.yaml")
    assert table.returncode == 0 and "LICENCE REQUIRED" in table.stdout
    assert "84 FR 22963" in table.stdout and "Entity List" in table.stdout
