"""The layers hold (facts -> rules -> engine -> compliance and domains -> report -> API -> CLI,
no import cycles: the contracts in pyproject.toml) and the code is ruff-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    return str(BIN / name) if (BIN / name).exists() else (shutil.which(name) or name)


def test_import_layers_and_no_cycles():
    r = subprocess.run([_tool("lint-imports"), "--no-cache"], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "2 kept, 0 broken" in r.stdout


def test_ruff_clean():
    r = subprocess.run([_tool("ruff"), "check", "src", "tests", "benchmarks"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:]
