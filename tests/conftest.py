"""Shared fixtures: a tiny pack factory and the CLI runner (the real command, in a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-ai.yaml"

PACK_HEAD = """\
schema_version: 1
law:
  id: us-ca/test-law
  jurisdiction: us-ca
  title: Test law
  short_title: Test law
  citation: Test Code §1
  sources: [{url: "https://example.org/law", title: Test law}]
  status: in_force
  dates: {signed: 2024-01-01, effective: 2024-07-01}
  verified_as_of: 2026-01-01
  confidence: high
  summary: A law used only in tests.
  applies_to: Everyone in the tests.
  enforcement: {enforcer: Nobody, citation: Test Code §9}
"""


@pytest.fixture
def make_pack(tmp_path: Path):
    """Write a pack with the given YAML body (parameters/definitions/rules) and return its dir."""

    def make(body: str, name: str = "law.yaml") -> Path:
        folder = tmp_path / "packs" / "us-ca" / "test-law"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(PACK_HEAD + textwrap.dedent(body), encoding="utf-8")
        return tmp_path / "packs"

    return make


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``policyatlas`` exactly as a user would (a new process, real argv)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "policyatlas", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120, env=env)


@pytest.fixture
def cli():
    return run_cli


def run_cli_here(*args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (Typer's runner), answered as ``main()`` answers it:
    a user error is exit 2 with its message; any other exception is re-raised (a traceback
    is a failure). For tests that run a command hundreds of times."""
    from typer.testing import CliRunner

    from policyatlas.cli import app
    from policyatlas.errors import UserError

    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    if isinstance(result.exception, UserError):
        return subprocess.CompletedProcess(args, 2, result.stdout, result.exception.render())
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
