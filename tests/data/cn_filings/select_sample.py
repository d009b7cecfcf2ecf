"""Make sample.csv: 200 rows of the CAC filing lists, chosen reproducibly.

Every filing of the companies the tests name (capped per company), rows whose remark records a
former company name or a cancellation, a filing number listed twice, a company name with Latin
letters, and the rest drawn at random (seed 20260507). Rows keep the source's columns and order.

    python tests/data/cn_filings/select_sample.py ../shared/data/ai_rules_texts/cn_cac/filings/\
cac_algorithm_filings_2022-08_to_2026-05.csv.gz
"""

from __future__ import annotations

import csv
import gzip
import random
import sys
from pathlib import Path

NAMED = {  # company -> how many of its filings to keep
    "北京百度网讯科技有限公司": 6, "深圳市腾讯计算机系统有限公司": 6,
    "腾讯云计算\uff08北京\uff09有限责任公司": 2,
    "杭州阿里巴巴广告有限公司": 3, "阿里巴巴达摩院\uff08杭州\uff09科技有限公司": 2,
    "阿里巴巴达摩院(杭州)科技有限公司": 2, "阿里云计算有限公司": 1, "浙江淘宝网络有限公司": 2,
    "北京抖音信息服务有限公司": 6, "科大讯飞股份有限公司": 4, "北京月之暗面科技有限公司": 2,
    "北京智谱华章科技有限公司": 4, "北京智谱华章科技股份有限公司": 1, "北京智谱领航科技有限公司": 1,
    "上海稀宇科技有限公司": 4, "杭州深度求索人工智能基础技术研究有限公司": 1,
    "北京深度求索人工智能基础技术研究有限公司": 1, "北京快手科技有限公司": 3,
    "北京三快科技有限公司": 3, "百川智能科技有限公司": 2, "深圳TCL新技术有限公司": 2,
}
SIZE = 200


def main(source: str) -> None:
    with gzip.open(source, "rt", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    keep: set[int] = set()
    taken: dict[str, int] = {}
    for i, r in enumerate(rows):
        if taken.get(r["entityName"], 0) < NAMED.get(r["entityName"], 0):
            keep.add(i)
            taken[r["entityName"]] = taken.get(r["entityName"], 0) + 1
    remarks = [i for i, r in enumerate(rows) if "原主体名称" in r["remark"]]
    cancelled = [i for i, r in enumerate(rows) if "已注销" in r["remark"]]
    keep |= set(remarks[:6]) | set(cancelled[:4])
    rng = random.Random(20260507)
    rest = [i for i in range(len(rows)) if i not in keep]
    keep |= set(rng.sample(rest, SIZE - len(keep)))
    out = Path(__file__).with_name("sample.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows[i] for i in sorted(keep))
    print(f"wrote {out} ({len(keep)} rows)")


if __name__ == "__main__":
    main(sys.argv[1])
