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


def test_every_data_file_is_packaged():
    """A non-editable install (CI's) gets every data file the package reads: each file under
    src/policyatlas that is not Python matches a package-data pattern of pyproject.toml."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[1]
    conf = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["policyatlas"]
    pkg = root / "src" / "policyatlas"
    missing = [str(p.relative_to(pkg)) for p in pkg.rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
               and not any(fnmatch.fnmatch(str(p.relative_to(pkg)), pat.replace("**/", "*/"))
                           or fnmatch.fnmatch(str(p.relative_to(pkg)), pat.replace("**/", ""))
                           for pat in patterns)]
    assert missing == [], f"add to [tool.setuptools.package-data]: {missing}"
