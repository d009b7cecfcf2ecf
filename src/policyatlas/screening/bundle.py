"""Rebuild the bundled lists (``screening/data/``) from the source snapshots:

    python -m policyatlas.screening.bundle ../shared/data

Bundled: what may be redistributed — the US lists (US Government works, public domain; the
packagers' CC0 / Apache-2.0 / no-licence packaging of facts) and China's lists (PRC state-organ
documents, Copyright Law Art. 5). OpenSanctions data (CC BY-NC 4.0) is never bundled:
``write_bundle`` refuses any list whose reader marks it not redistributable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

from policyatlas.screening.lists import ListData, read_path
from policyatlas.screening.store import write_bundle

# (path under the data folder, list date where the file has none, note)
SOURCES: tuple[tuple[str, dt.date | None, str], ...] = (
    *((f"screening_us/nsfreg_2026-07-09/{n}", None, "") for n in (
        "bis_entity_list.json.gz", "bis_dpl.json", "bis_meu.json", "ofac_nscmic.json",
        "ofac_eo14032_annex.json", "dow_1260h.json", "dow_1286.json", "dhs_uflpa.json",
        "fcc_covered.json", "state_nonproliferation.json", "state_debarred_statutory.json",
        "state_debarred_admin.json", "cbp_wro.json")),
    ("screening_us/ofac_sdn_2026-08-20/ofac-sdn.json.gz", None, ""),
    ("screening_us/watchman_fixtures/ofac_non_sdn_2025-12", dt.date(2025, 12, 19),
     "OFAC CONS_PRIM/CONS_ALT/CONS_ADD.CSV as kept in github.com/moov-io/watchman test data "
     "(Apache-2.0), dated by its commit of 2025-12-19"),
    ("screening_cn", None, ""),
)


def _sha(path: Path) -> str:
    if path.is_dir():
        h = hashlib.sha256()
        for p in sorted(path.rglob("*")):
            if p.is_file():
                h.update(p.name.encode() + p.read_bytes())
        return h.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(data_dir: Path, out: Path) -> list[ListData]:
    datas: list[ListData] = []
    for rel, day, note in SOURCES:
        path = data_dir / rel
        for d in read_path(path, list_date=day):
            prov = d.info.provenance + (f"; {note}" if note else "") + \
                f"; source {rel} sha256 {_sha(path)[:16]}"
            d.info = d.info.model_copy(update={"provenance": prov})
            datas.append(d)
    write_bundle(datas, out)
    return datas


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m policyatlas.screening.bundle DATA_DIR\n")
        return 2
    out = Path(__file__).parent / "data"
    for d in build(Path(args[0]), out):
        print(f"{d.info.list_id:28} {d.info.list_date}  {len(d.entries):6}  {d.licence[:60]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
