"""How fast the name matcher screens: 10,000 names against ~25,000 list entries.

    python benchmarks/bench_screening.py [--quick] [--entries N] [--names N]

The entries are made up (seeded) from company-name words, people's names and the Chinese list
names of tests/data/name_matching/, about one in eight with a Chinese name, one in three with
an alias; half the names screened are spellings of entries (capitals, legal form changed, a
letter doubled, Traditional script), half are new names. They are screened as `policyatlas
screen` does (``NameMatcher.match_many``: on every core for large files). Prints the index
build time and the median of the screening runs, with its ratio to the 10 s target (2 cores).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from opencc import OpenCC

from policyatlas.screening.match import NameMatcher
from policyatlas.screening.model import ListEntry

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "name_matching"
TARGET_S = 10.0


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words(
    "Pacific Atlantic Northern Golden Star Dragon Phoenix Eagle Harbor River Summit Crystal "
    "Apex Vertex Orion Nova Zenith Titan Falcon Cedar Maple Lotus Jade Silver Iron Steel "
    "Ocean Delta Alpha Omega Sigma Prime Unity Liberty Horizon Meridian Aurora Polaris "
    "Vanguard Pioneer Frontier Sterling Crown Royal Imperial Grand Central Eastern Western "
    "Shenzhen Beijing Shanghai Tianjin Wuhan Chengdu Harbin Xian Dalian Moscow Tehran Dubai "
    "Minsk Karachi Istanbul Almaty Tashkent Hong Kong Macau Busan")
TRADES = _words(
    "Electronics Technology Trading Logistics Shipping Aviation Machinery Chemical "
    "Semiconductor Energy Petroleum Engineering Systems Industries Materials Optics "
    "Instruments Software Network Aerospace Marine Research Institute Holdings")
FORMS = ("Co., Ltd.", "Ltd", "LLC", "Inc.", "GmbH", "JSC", "Limited", "Corporation", "OOO",
         "FZE", "Pte. Ltd.", "S.A.", "")
FIRST = _words(
    "Ali Ivan Wei Li Ming Omar Sergei Hassan Yuri Olga Anna Maria Jose Ahmed Reza Dmitry "
    "Elena Jun Hui Kim Park Lee Chen Wang Zhang Liu Yang Huang Zhao Wu Zhou")
LAST = _words(
    "Petrov Ivanov Hosseini Karimi Rahimi Chen Wang Zhang Smirnov Volkov Kuznetsov Popov "
    "Sokolov Lebedev Novikov Morozov Rezaei Ahmadi Mohammadi Hussain Khan Malik Nguyen Tran "
    "Pham Garcia Lopez Santos")


def _chinese_names() -> list[str]:
    path = SAMPLES / "cn_lists_en_zh_name_pairs.csv"
    with path.open(encoding="utf-8") as fh:
        return [r["name_zh"] for r in csv.DictReader(fh)]


def make_entries(n: int, rng: random.Random) -> list[ListEntry]:
    zh = _chinese_names()
    out = []
    for i in range(n):
        if rng.random() < 0.3:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            kind = "individual"
        else:
            k = rng.randint(1, 3)
            name = " ".join([*rng.sample(WORDS, k), rng.choice(TRADES), rng.choice(FORMS)])
            kind = "entity"
        aliases = [" ".join(rng.sample(WORDS, 2))] if rng.random() < 0.33 else []
        names_zh = [rng.choice(zh) + str(i)] if rng.random() < 0.125 else []
        out.append(ListEntry(list_id="bench", entry_id=str(i), name=name.strip(),
                             aliases=aliases, names_zh=names_zh, entity_type=kind))
    return out


def make_names(entries: list[ListEntry], n: int, rng: random.Random) -> list[str]:
    t2s = OpenCC("s2t")
    names = []
    for _ in range(n):
        if rng.random() < 0.5:
            e = rng.choice(entries)
            if e.names_zh and rng.random() < 0.5:
                names.append(t2s.convert(e.names_zh[0]))
                continue
            name = e.name
            pick = rng.random()
            if pick < 0.3:
                name = name.upper()
            elif pick < 0.6:
                name = f"{name.rsplit(' ', 1)[0]} {rng.choice(FORMS)}"
            else:
                i = rng.randrange(len(name))
                name = name[:i] + name[i] + name[i:]
            names.append(name)
        else:
            names.append(" ".join([*rng.sample(WORDS, 2), rng.choice(TRADES),
                                   rng.choice(FORMS)]).strip())
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run instead of three")
    parser.add_argument("--entries", type=int, default=25_000)
    parser.add_argument("--names", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(19)
    entries = make_entries(args.entries, rng)
    names = make_names(entries, args.names, rng)
    t0 = time.perf_counter()
    matcher = NameMatcher(entries)
    build = time.perf_counter() - t0
    runs = []
    hits = 0
    for _ in range(1 if args.quick else 3):
        t0 = time.perf_counter()
        hits = sum(bool(m) for m in matcher.match_many([(n, None, None) for n in names]))
        runs.append(time.perf_counter() - t0)
    median = statistics.median(runs)
    total = build + median
    print(f"entries {len(entries):,}, names {len(names):,}, names with a hit {hits:,}")
    print(f"index build {build:.2f} s; screening median {median:.2f} s over {len(runs)} run(s) "
          f"({median / len(names) * 1000:.2f} ms a name)")
    print(f"build + screening {total:.2f} s; ratio to the {TARGET_S:.0f} s target "
          f"{total / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
