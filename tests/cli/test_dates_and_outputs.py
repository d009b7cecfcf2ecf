"""Every date a user can type gets an answer or a clear error (never a traceback); output files
get the user's permissions; every command runs as `policyatlas …` and `python -m policyatlas …`."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyatlas.dates import add_months, add_years, window
from policyatlas.errors import UserError
from tests.conftest import EXAMPLE, ROOT, run_cli, run_cli_here

EDGES = [dt.date(1, 1, 1), dt.date(1, 12, 31), dt.date(1970, 1, 1), dt.date(2024, 2, 29),
         dt.date(2028, 2, 29), dt.date(2100, 2, 28), dt.date(9997, 12, 31), dt.date(9998, 1, 1),
         dt.date(9999, 2, 28), dt.date(9999, 12, 31)]
SECOND = ROOT / "examples" / "frontier-companion.yaml"


def test_date_arithmetic_on_29_february_and_at_the_ends():
    assert add_years(dt.date(2028, 2, 29), 2) == dt.date(2030, 2, 28)
    assert add_years(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_years(dt.date(9999, 1, 1), 2) == dt.date.max
    assert add_months(dt.date(1, 1, 1), -1) == dt.date.min
    assert window("2028-02-29", None) == (dt.date(2028, 2, 29), dt.date(2030, 2, 28))
    assert window("9999-06-01", None)[1] == dt.date.max
    with pytest.raises(UserError):
        window("2027-01-01", "2026-01-01")


def _ok_or_clear(r: subprocess.CompletedProcess[str]) -> None:
    assert r.returncode in (0, 2), (r.args, r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    if r.returncode == 2:
        assert r.stderr.strip()


def _commands(day: str) -> list[tuple[str, ...]]:
    return [("assess", str(EXAMPLE), "--as-of", day, "-f", "json"),
            ("program", str(SECOND), "--as-of", day, "-f", "json"),
            ("calendar", str(SECOND), "--from", day),
            ("calendar", str(EXAMPLE), "--from", "0001-01-01", "--to", day, "-f", "json"),
            ("laws", "--as-of", day, "-f", "csv"),
            ("scenario", "diff", "cruz-blackburn-2025", "--inventory", str(EXAMPLE),
             "--as-of", day, "-f", "json"),
            ("scenario", "diff", "house-moratorium-2025", "--as-of", day, "--enacted", day,
             "-f", "json"),
            ("stats", "--as-of", day, "-f", "json")]


@pytest.mark.parametrize("day", EDGES, ids=str)
def test_edge_dates_answer_or_fail_clearly(day, tmp_path):
    iso = day.isoformat()
    for args in _commands(iso):
        _ok_or_clear(run_cli_here(*args))
    out = tmp_path / "r.xlsx"
    _ok_or_clear(run_cli_here("report", str(EXAMPLE), "-f", "xlsx", "--as-of", iso,
                              "-o", str(out)))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_date_answers_or_fails_clearly(day):
    for args in _commands(day.isoformat())[:4]:
        _ok_or_clear(run_cli_here(*args))


@pytest.mark.parametrize("bad", ["2024-02-30", "2026-13-01", "10000-01-01", "0000-12-31",
                                 "yesterday", ""])
def test_impossible_dates_are_refused_with_exit_2(bad):
    for args in (("assess", str(EXAMPLE), "--as-of", bad), ("calendar", str(EXAMPLE),
                                                          "--from", bad)):
        r = run_cli_here(*args)
        assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr, (args, r.stderr)


def test_the_real_command_on_29_february(tmp_path):
    ics = tmp_path / "d.ics"
    r = run_cli("calendar", str(SECOND), "--from", "2028-02-29", "--ics", str(ics))
    assert r.returncode == 0, r.stderr
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_output_files_follow_the_umask(tmp_path, mask):
    from policyatlas.outputs import write_atomic

    old = os.umask(mask)
    try:
        target = tmp_path / f"out-{mask:o}.json"
        write_atomic(target, "{}")
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
        target.chmod(0o640)  # an existing file keeps its mode
        write_atomic(target, "[]")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_cli_output_files_follow_the_umask(tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    files = {"a.json": ("assess", str(EXAMPLE), "-f", "json", "-o"),
             "c.ics": ("calendar", str(EXAMPLE), "--ics"),
             "r.pdf": ("report", str(EXAMPLE), "-f", "pdf", "-o"),
             "chart.svg": ("stats", "--chart")}
    for name, args in files.items():
        target = tmp_path / name
        r = subprocess.run(["/bin/sh", "-c", 'umask 027 && exec "$@"', "sh", sys.executable,
                            "-m", "policyatlas", *args, str(target)], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=120)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o640, name


def _paths(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append((*prefix, name))
        if hasattr(cmd, "commands"):  # a group of commands
            out += _paths(cmd, (*prefix, name))
    return out


def test_every_command_runs_through_both_entry_points():
    import typer

    from policyatlas.cli import app

    paths = _paths(typer.main.get_command(app))
    assert len(paths) >= 30 and ("export", "check") in paths and ("bills", "ingest") in paths
    # One process per entry point runs every command's --help (each a real dispatch).
    script = ("from typer.testing import CliRunner\n"
              "from policyatlas.cli import app\n"
              "bad = []\n"
              f"for p in {paths!r}:\n"
              "    r = CliRunner().invoke(app, [*p, '--help'])\n"
              "    if r.exit_code != 0: bad.append(p)\n"
              "print(bad)\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr
    for entry in (["-m", "policyatlas"], ["-m", "policyatlas.cli"]):
        for p in [("export", "check"), ("bills", "stats"), ("scenario", "list"), ("assess",),
                  ("packs", "validate")]:
            r = subprocess.run([sys.executable, *entry, *p, "--help"], capture_output=True,
                               text=True, cwd=ROOT, timeout=120)
            assert r.returncode == 0, (entry, p, r.stderr)
            assert "Usage:" in r.stdout
    version = subprocess.run([sys.executable, "-m", "policyatlas.cli", "--version"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert version.stdout.startswith("policyatlas ")
