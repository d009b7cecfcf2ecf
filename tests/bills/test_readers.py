"""Readers: every supported layout gives the same normalised records; bad input names the
record and the field."""

from __future__ import annotations

import gzip
import json

import pytest

from policyatlas.bills.readers import read_path, records_from
from policyatlas.errors import UserError
from tests.bills.conftest import REPLIES, SAMPLE, sample_records


def test_flattened_open_states_sample():
    recs = sample_records()
    assert len(recs) == 240
    mi = next(r for r in recs if r.key == "MI 2023-2024 HB 5144")
    assert mi.uid.startswith("ocd-bill/")
    assert mi.actions[0].date <= mi.actions[-1].date  # oldest first
    assert any("executive-signature" in a.classification for a in mi.actions)


def test_list_of_records_reads_like_columns(tmp_path):
    columns = json.loads(gzip.decompress(SAMPLE.read_bytes()))
    rows = [{f: columns[f][str(i)] for f in columns} for i in range(5)]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows))
    [(_, recs)] = list(read_path(path))
    assert [r.uid for r in recs] == [r.uid for r in sample_records()[:5]]


def test_open_states_v3_pages_match_the_flattened_records():
    v3 = [r for page in sorted(REPLIES.glob("openstates-v3-*.json"))
          for _, batch in read_path(page) for r in batch]
    assert [r.key for r in v3] == ["MI 2023-2024 HB 5144", "AZ 55th-2nd-regular HB 2685",
                                   "AL 2023rs SJR 94"]
    flat = {r.uid: r for r in sample_records()}
    for rec in v3:
        assert [(a.date, a.classification) for a in rec.actions] == \
            [(a.date, a.classification) for a in flat[rec.uid].actions]
        assert rec.jurisdiction == flat[rec.uid].jurisdiction


def test_legiscan_get_bill():
    [(_, [rec])] = list(read_path(REPLIES / "legiscan-getbill-az-hb2685.json"))
    assert (rec.uid, rec.jurisdiction, rec.identifier) == ("legiscan:1", "AZ", "HB 2685")
    assert rec.session_ended is True
    events = [c for a in rec.actions for c in a.classification]
    assert events == ["introduction", "passage", "passage", "enrolled", "executive-veto"]


def _problems(data, fmt=None):
    with pytest.raises(UserError) as exc:
        records_from(data, source="bills.json", fmt=fmt)
    return exc.value


def test_missing_field_names_record_and_field():
    row = {"openstates_id": "ocd-bill/x", "session": "2024", "jurisdiction_code": "VA",
           "title": "t"}
    err = _problems([row])
    [p] = err.problems
    assert p.field == "record 0 (ocd-bill/x) identifier"
    assert "add 'identifier'" in p.fix
    assert "nothing was stored" in err.title


def test_bad_date_and_bad_progress_line():
    good = {"openstates_id": "ocd-bill/a", "identifier": "HB 1", "session": "2024",
            "jurisdiction_code": "VA", "title": "t"}
    err = _problems([{**good, "first_action_date": "2024-02-30"},
                     {**good, "openstates_id": "ocd-bill/b",
                      "detailed_progress": "2024-01-09: [House] #introduction\nyesterday"}])
    fields = [p.field for p in err.problems]
    assert fields == ["record 0 (ocd-bill/a) first_action_date",
                      "record 1 (ocd-bill/b) detailed_progress"]
    assert "line 2" in err.problems[1].message


def test_unrecognised_document():
    err = _problems({"hello": "world"})
    assert "not a recognised bill file" in err.title


def test_v3_action_without_date():
    page = json.loads((REPLIES / "openstates-v3-bills-page-2.json").read_text())
    del page["results"][0]["actions"][1]["date"]
    err = _problems(page)
    assert err.problems[0].field.endswith("actions.1.date")


def test_invalid_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"openstates_id": {"0": "ocd-bill/x"')
    with pytest.raises(UserError) as exc:
        list(read_path(path))
    assert exc.value.problems[0].file == str(path)
    assert "not valid JSON" in exc.value.title
