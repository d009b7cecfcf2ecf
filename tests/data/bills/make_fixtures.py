"""Build the 2025 fixtures from the shared 2025-2026 data (run once, from the repository root,
with ../shared beside it):

    python tests/data/bills/make_fixtures.py

- ca2025/techequity_ca_ai_bills_2025.csv: 12 of the 44 TechEquity California bills of 2025
  (every outcome kind), rows as published (MIT, TechEquity; digests and histories are
  California public records); ca2025/techequity_ca_ai_bills_2025_floor_votes.csv: their votes.
- ca2025/tracker_2025_2026.csv: 25 rows of the Open States tracker union list (identifiers
  and titles, public legislative records): the first five (by identifier) of California, New
  York, Washington, Illinois and Florida (the list holds no Texas row).
- legiscan-dataset/ and openstates-csv/ and openstates-json/: the same California bills laid out
  in the LegiScan dataset and Open States bulk shapes (documented field names), with
  placeholder LegiScan ids; the tests zip them.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
SHARED = HERE.parents[2].parent / "shared" / "data" / "bills_2025_2026"
PICK = ["SB 274", "SB 361", "AB 853", "AB 1018", "AB 1331", "SB 813", "AB 1221", "AB 446",
        "AB 1043", "SB 524", "AB 2", "AB 1337", "SB 243", "AB 316", "AB 979", "SB 44"]


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    csv.field_size_limit(2**24)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    from policyatlas.bills.feeds import parse_ca_history

    header, rows = _rows(SHARED / "techequity_ca_ai_bills_2025.csv")
    chosen = [r for r in rows if r["bill_number"] in PICK][:12]
    (HERE / "ca2025").mkdir(exist_ok=True)
    _write(HERE / "ca2025" / "techequity_ca_ai_bills_2025.csv", header, chosen)
    vh, votes = _rows(SHARED / "techequity_ca_ai_bills_2025_floor_votes.csv")
    numbers = {r["bill_number"] for r in chosen}
    _write(HERE / "ca2025" / "techequity_ca_ai_bills_2025_floor_votes.csv", vh,
           [v for v in votes if v["bill_number"] in numbers])
    th, tracker = _rows(SHARED / "nikzei_openstates_ai_bills_2023_2026_union.csv")
    first = ("California", "New York", "Texas", "Washington", "Illinois", "Florida")
    tracker.sort(key=lambda r: (r["jurisdiction"], r["identifier"]))
    picked = [r for state in first for r in [x for x in tracker if x["jurisdiction"] == state][:5]]
    _write(HERE / "ca2025" / "tracker_2025_2026.csv", th, picked)

    events = {"introduction": 1, "passage": 2, "became-law": 4, "executive-veto": 5,
              "referral-committee": 9, "committee-passage-favorable": 10}
    ls = HERE / "legiscan-dataset" / "CA" / "2025-2026_Regular_Session" / "bill"
    ls.mkdir(parents=True, exist_ok=True)
    os_bills, os_actions = [], []
    for n, r in enumerate(chosen[:4], 1):
        ident = r["bill_number"]
        origin = "upper" if ident.startswith("S") else "lower"
        actions = parse_ca_history(r["bill_history"], origin)
        chamber = {"upper": "S", "lower": "A", "executive": "A"}
        bill = {"bill": {
            "bill_id": 2000000 + n, "change_hash": f"placeholder{n:04d}",
            "session": {"session_id": 2172, "state_id": 5, "year_start": 2025,
                        "year_end": 2026, "prefile": 0, "sine_die": 0, "prior": 0,
                        "special": 0, "session_tag": "Regular Session",
                        "session_title": "2025-2026 Regular Session",
                        "session_name": "2025-2026 Regular Session"},
            "url": f"https://legiscan.com/CA/bill/{ident.replace(' ', '')}/2025",
            "state_link": r["leginfo_link"], "completed": 0, "status": 0,
            "status_date": actions[-1].date, "progress": [
                {"date": a.date, "event": events[c]} for a in actions
                for c in a.classification if c in events],
            "state": "CA", "state_id": 5, "bill_number": ident.replace(" ", ""),
            "bill_type": "B", "bill_type_id": "1", "body": origin[0].upper(),
            "body_id": 1, "current_body": origin[0].upper(), "current_body_id": 1,
            "title": r["bill_name"], "description": r["bill_name"],
            "pending_committee_id": 0, "committee": [], "referrals": [],
            "history": [{"date": a.date, "action": a.description,
                         "chamber": chamber[a.chamber], "chamber_id": 1,
                         "importance": int(bool(a.classification))} for a in actions],
            "sponsors": [{"people_id": 1, "name": r["author"], "sponsor_type_id": 1}],
            "sasts": [], "subjects": [], "texts": [], "votes": [], "amendments": [],
            "supplements": [], "calendar": []}}
        (ls / f"{ident.replace(' ', '')}.json").write_text(
            json.dumps(bill, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os_bills.append({"id": r["openstates_bill_id"], "identifier": ident,
                         "title": r["bill_name"], "classification": "['bill']",
                         "subject": "[]", "session_identifier": "20252026",
                         "jurisdiction": "California",
                         "organization_classification": origin})
        for k, a in enumerate(actions):
            os_actions.append({"id": f"{r['openstates_bill_id']}-{k}",
                               "bill_id": r["openstates_bill_id"],
                               "organization_id": f"ocd-organization/ca-{a.chamber}",
                               "description": a.description, "date": a.date,
                               "classification": repr(list(a.classification)),
                               "order": str(k)})
    oc = HERE / "openstates-csv" / "CA" / "20252026"
    oc.mkdir(parents=True, exist_ok=True)
    _write(oc / "CA_20252026_bills.csv", list(os_bills[0]), os_bills)
    _write(oc / "CA_20252026_bill_actions.csv", list(os_actions[0]), os_actions)
    orgs = [{"id": f"ocd-organization/ca-{c}", "name": n, "classification": c}
            for c, n in (("upper", "Senate"), ("lower", "Assembly"), ("executive", "Governor"))]
    _write(oc / "CA_20252026_organizations.csv", ["id", "name", "classification"], orgs)
    _write(oc / "CA_20252026_bill_abstracts.csv", ["id", "bill_id", "abstract", "note"],
           [{"id": f"a{n}", "bill_id": r["openstates_bill_id"], "abstract": r["bill_text"],
             "note": "Legislative Counsel's Digest"} for n, r in enumerate(chosen[:4])])
    oj = HERE / "openstates-json" / "CA" / "20252026"
    oj.mkdir(parents=True, exist_ok=True)
    for b in os_bills[:2]:
        acts = [a for a in os_actions if a["bill_id"] == b["id"]]
        (oj / f"bill_{b['id'].split('/')[1]}.json").write_text(json.dumps({
            "id": b["id"], "identifier": b["identifier"], "title": b["title"],
            "legislative_session": "20252026", "classification": ["bill"], "subject": [],
            "from_organization": {"classification": b["organization_classification"]},
            "abstracts": [], "sponsorships": [], "sources": [],
            "actions": [{"description": a["description"], "date": a["date"],
                         "classification": eval(a["classification"]),  # our own repr() above
                         "organization_id": "~" + json.dumps({"classification":
                                                              a["organization_id"].rsplit(
                                                                  "-", 1)[1]}),
                         "order": int(a["order"])} for a in acts]},
            indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(chosen)} California bills; fixtures written under {HERE}")


if __name__ == "__main__":
    main()
