"""Select the hand-labelled evaluation sample from the Open States AI-bill data set.

Run once, from the repository root, with ../shared beside it:

    python tests/data/bills/select_sample.py \
        ../shared/data/bills/openstates_ai_bills_2019_2024.json.gz

It writes tests/data/bills/sample.json.gz: 240 records drawn at random (fixed seed) from the
1,318, with every field the ingester reads, so the labelled sample and the ingest tests run
without the full data set. Records 0-99 in the drawn order form the development split (the
classifier's terms were tuned on them), records 100-239 the held-out split.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

SEED = 20261123
SIZE = 240
DEV = 100
OUT = Path(__file__).with_name("sample.json.gz")


def main(path: str) -> None:
    with gzip.open(path) as fh:
        columns = json.loads(fh.read())
    rows = sorted(columns["openstates_id"], key=int)
    drawn = random.Random(SEED).sample(rows, SIZE)
    sample = {field: {str(i): values[r] for i, r in enumerate(drawn)}
              for field, values in columns.items()}
    blob = json.dumps(sample, ensure_ascii=False, sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(blob, mtime=0))
    print(f"{SIZE} records -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
