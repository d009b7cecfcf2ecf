"""The BIS affiliates ("50 %") rule in `export check`: declared owners are screened, and an
entity 50 % or more owned by Entity List / MEU parties is treated as listed — on the dates the
rule is in force (2025-09-29 to 2025-11-09), shown as suspended (2025-11-10 to 2026-11-09), and
flagged as uncertain from 2026-11-10 (packs/us/ear/guidance.yaml, `affiliates:`).

Owners are real entries of the lists bundled with the package (Entity List and MEU, as parsed
from the official supplements by nsfreg, US Government works); the owned parties and the
shareholdings are invented ("Example ...") so that no real ownership is misstated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policyatlas.export.check import check
from policyatlas.export.shipment import Shipment

LISTS = ["us-entity-list", "us-meu"]
HUAWEI = "Huawei Technologies Co., Ltd."          # 84 FR 22963, 2019-05-21
SUZHOU = "Suzhou Huawei Investment Co., Ltd."     # 84 FR 22963, 2019-05-21
HISILICON = "Shenzhen HiSilicon Technologies Co."  # 84 FR 43495, 2019-08-21
MEU = "AECC Harbin Dongan Engine Co., Ltd."       # MEU List, 85 FR 83799, 2020-12-23
PARTY = "Example Cloud Services (Malaysia) Sdn. Bhd."
L20 = {"name": "NVIDIA L20", "vendor": "NVIDIA", "datacenter": True,
       "dense": {"fp16": 119.5, "int8": 239}, "die_area_mm2": 609}
EXAMPLE = "examples/shipment-affiliate-of-listed-party.yaml"


@pytest.fixture(autouse=True, scope="module")
def bundled_lists_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Screen against the bundled lists only (no user store)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYATLAS_SCREENING_DB",
                  str(tmp_path_factory.mktemp("store") / "none.sqlite"))
        yield


def run(date: str, owners: list[dict[str, Any]] | None, **ship: Any) -> dict[str, Any]:
    end_user: dict[str, Any] = {"name": PARTY, "country": "MY", "kind": "commercial"}
    if owners is not None:
        end_user["owners"] = owners
    base: dict[str, Any] = {"date": date, "item": {"origin": "US", "chip": L20},
                            "ship_from": "US", "destination": "MY", "end_user": end_user}
    return check(Shipment.model_validate(base | ship), lists=LISTS)


def us(r: dict[str, Any]) -> dict[str, Any]:
    return next(x for x in r["regimes"] if x["regime"] == "us/ear")


def affiliate_req(rs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(q for q in rs if q["id"].startswith("affiliates-rule-2025:"))


def test_without_owners_the_shipment_needs_no_licence() -> None:
    assert us(run("2025-10-01", []))["outcome"] == "no_licence_required"


def test_sixty_percent_entity_list_owner_requires_a_licence_while_in_force() -> None:
    r = us(run("2025-10-01", [{"name": HUAWEI, "country": "CN", "share": 0.6}]))
    assert r["outcome"] == "licence_required"
    req = affiliate_req(r["requirements"])
    # the rule, its paragraph and the owner's entry are all cited
    assert "90 FR 47201" in req["citation"] and "744.11(a)" in req["citation"]
    assert "Supp. No. 8 to part 744" in req["citation"] and "84 FR 22963" in req["citation"]
    assert req["exceptions_allowed"] is False and "all items subject to the EAR" in req["note"]
    [entry] = req["affiliates"]["entries"]
    assert (entry["list"], entry["entry"], entry["listed_on"], entry["owner"]) == (
        "us-entity-list", HUAWEI, "2019-05-21", HUAWEI)
    assert entry["citation"].startswith("84 FR 22963") and entry["share"] == 0.6
    leaves = {c["fact"]: c for c in req["condition"]["children"]}
    assert leaves["party.owners"]["actual"] == 0.6 and leaves["affiliates_rule.in_force"][
        "result"] is True
    rule = r["affiliates"]["rule"]
    assert rule["on_date"]["state"] == "in_force" and rule["on_date"]["from"] == "2025-09-29"
    assert r["affiliates"]["parties"][0]["outcome"] == "applies"


def test_two_listed_owners_count_in_aggregate() -> None:
    r = us(run("2025-10-01", [{"name": SUZHOU, "country": "CN", "share": 0.3},
                              {"name": HISILICON, "country": "CN", "share": 0.25},
                              {"name": "Example Pension Trust", "country": "MY", "share": 0.45}]))
    assert r["outcome"] == "licence_required"
    req = affiliate_req(r["requirements"])
    a = req["affiliates"]
    assert a["share"] == pytest.approx(0.55)
    assert {e["entry"] for e in a["entries"]} == {SUZHOU, HISILICON}
    assert "84 FR 22963" in req["citation"] and "84 FR 43495" in req["citation"]


def test_forty_percent_has_no_effect() -> None:
    r = us(run("2025-10-01", [{"name": HUAWEI, "country": "CN", "share": 0.4}]))
    assert r["outcome"] == "no_licence_required"
    assert not any(q["id"].startswith("affiliates") for q in
                   r["requirements"] + r["possible_requirements"])
    assert r["affiliates"]["parties"][0]["outcome"] == "below_threshold"
    assert any("40 %, below 50 %" in n for n in r["notes"])


def test_suspended_rule_is_shown_with_its_dates_and_requires_nothing() -> None:
    r = us(run("2026-06-01", [{"name": HUAWEI, "country": "CN", "share": 0.6}]))
    assert r["outcome"] == "no_licence_required"
    assert not any(q["id"].startswith("affiliates") for q in
                   r["requirements"] + r["possible_requirements"])
    [note] = [n for n in r["notes"] if "Affiliates rule" in n]
    assert "would apply but for the suspension" in note
    assert "2025-11-10 to 2026-11-09" in note and "90 FR 50857" in note and HUAWEI in note
    assert r["affiliates"]["parties"][0]["outcome"] == "suspended"
    assert r["affiliates"]["rule"]["on_date"]["state"] == "suspended"


def test_uncertain_period_is_undetermined_with_both_readings() -> None:
    r = us(run("2026-12-01", [{"name": HUAWEI, "country": "CN", "share": 0.6}]))
    assert r["outcome"] == "undetermined"  # never a silent guess
    assert not any(q["id"].startswith("affiliates") for q in r["requirements"])
    req = affiliate_req(r["possible_requirements"])
    assert req["missing"] == ["affiliates_rule.in_force"]
    assert "reading 1: in force" in req["uncertain"]
    assert "reading 2: suspended until 2027-01-10" in req["uncertain"]
    period = r["affiliates"]["rule"]["on_date"]
    assert period["state"] == "uncertain" and period["from"] == "2026-11-10"
    assert {x["state"] for x in period["readings"]} == {"in_force", "suspended"}
    assert all(x["sources"] and x["sources"][0]["url"] for x in period["readings"])


def test_owners_not_declared_are_noted_only_while_the_rule_may_apply() -> None:
    live = us(run("2025-10-01", None))
    assert any("ownership of end user" in n and "was not given" in n for n in live["notes"])
    uncertain = us(run("2026-12-01", None))
    assert any("was not given" in n and "uncertain" in n for n in uncertain["notes"])
    suspended = us(run("2026-06-01", None))
    assert not any("Affiliates rule" in n for n in suspended["notes"])
    before = us(run("2025-06-01", None))
    assert not any("Affiliates rule" in n for n in before["notes"])
    declared = us(run("2025-10-01", []))
    assert not any("was not given" in n for n in declared["notes"])


def test_before_the_rule_an_owned_party_is_not_restricted() -> None:
    r = us(run("2025-09-28", [{"name": HUAWEI, "country": "CN", "share": 0.6}]))
    assert r["outcome"] == "no_licence_required"
    assert any("takes effect only on 2025-09-29" in n for n in r["notes"])


def test_most_restrictive_owner_decides_and_meu_alone_needs_supplement_2() -> None:
    mixed = us(run("2025-10-01", [{"name": HUAWEI, "country": "CN", "share": 0.1},
                                  {"name": MEU, "country": "CN", "share": 0.45}]))
    assert mixed["outcome"] == "licence_required"  # the Entity List owner's requirement
    meu = us(run("2025-10-01", [{"name": MEU, "country": "CN", "share": 0.6}]))
    req = affiliate_req(meu["possible_requirements"])
    assert "item.in_744_supp2" in req["missing"] and "Supplement No. 2" in req["note"]


def test_indirect_ownership_through_an_unlisted_holding_company() -> None:
    holding = {"name": "Example Holdings (BVI) Ltd.", "country": "VG", "share": 0.6,
               "owners": [{"name": HUAWEI, "country": "CN", "share": 1.0}]}
    r = us(run("2025-10-01", [holding]))
    assert r["outcome"] == "licence_required"
    [entry] = affiliate_req(r["requirements"])["affiliates"]["entries"]
    assert entry["owner"] == HUAWEI and entry["via"] == "Example Holdings (BVI) Ltd."


@pytest.mark.parametrize(("share", "needle"), [
    ("60", "share '60' is not a number"),
    (60, "write 0.6, not 60"),
    (0, "an owner holds more than nothing"),
])
def test_bad_owner_share_is_a_user_error_naming_the_field(cli, tmp_path: Path, share: Any,
                                                          needle: str) -> None:
    doc = json.dumps({"date": "2025-10-01", "item": {"origin": "US", "chip": L20},
                      "ship_from": "US", "destination": "MY",
                      "end_user": {"name": PARTY, "owners": [{"name": HUAWEI,
                                                              "share": share}]}})
    f = tmp_path / "shipment.yaml"
    f.write_text(doc, encoding="utf-8")
    r = cli("export", "check", str(f))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "end_user.owners[0].share" in r.stderr and needle in r.stderr
    assert "fix:" in r.stderr and "Traceback" not in r.stderr


def test_owner_shares_above_the_whole_party_are_refused(cli, tmp_path: Path) -> None:
    f = tmp_path / "shipment.yaml"
    f.write_text(json.dumps({"date": "2025-10-01", "item": {"origin": "US", "chip": L20},
                             "ship_from": "US", "destination": "MY",
                             "end_user": {"name": PARTY, "owners": [
                                 {"name": HUAWEI, "share": 0.7},
                                 {"name": SUZHOU, "share": 0.6}]}}), encoding="utf-8")
    r = cli("export", "check", str(f))
    assert r.returncode == 2 and "130 %" in r.stderr and "Traceback" not in r.stderr


def test_example_file_through_the_real_command(cli) -> None:
    r = cli("export", "check", EXAMPLE, "-f", "json")
    assert r.returncode == 0, r.stderr
    answer = us(json.loads(r.stdout))
    assert answer["outcome"] == "licence_required"
    req = affiliate_req(answer["requirements"])
    assert req["affiliates"]["entries"][0]["entry"] == HUAWEI
    table = cli("export", "check", EXAMPLE)
    assert table.returncode == 0 and "LICENCE REQUIRED" in table.stdout
    assert "Affiliates rule" in table.stdout and "90 FR 47201" in table.stdout
    assert "Owner of end user" in table.stdout
