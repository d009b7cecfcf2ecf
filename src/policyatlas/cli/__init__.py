"""The ``policyatlas`` command line (Typer + Rich): thin commands over the library.

Each module registers its commands on the one app (``common.app``): ``assess`` (assess,
program, calendar, report), ``batch``, ``compare``, ``laws`` (laws, law show, taxonomy,
schema, packs), ``export``, ``scenarios`` (scenario …, stats), ``bills``, ``cn`` (the CAC
filing lists) and ``serve``.
Heavy libraries are imported inside the commands that use them, so ``--version`` and ``--help``
stay fast.
"""

from __future__ import annotations

import sys

import typer

from policyatlas.cli import (  # noqa: F401  (register the commands)
    assess,
    batch,
    bills,
    cn,
    compare,
    export,
    init,
    laws,
    scenarios,
    screen,
    serve,
)
from policyatlas.cli.common import app, out
from policyatlas.errors import UserError
from policyatlas.version import __version__


def _version(value: bool) -> None:
    if value:
        out.print(f"policyatlas {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """AI regulation as code."""


def main() -> None:
    """Entry point: user errors print a clear message and exit 2, never a traceback."""
    try:
        app()
    except UserError as exc:
        sys.stderr.write(exc.render() + "\n")  # plain text: no wrapping inside file:line
        sys.exit(exc.exit_code)


__all__ = ["app", "main"]
