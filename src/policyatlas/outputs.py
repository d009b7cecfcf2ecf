"""Writing output files safely: all or nothing, never a partial file, with the permissions any
new file of the user's gets (0666 less the umask; an existing file keeps its mode)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from policyatlas.errors import Problem, UserError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{target} is a directory", [Problem("give a file name", file=str(target))])
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"cannot write {target}",
                        [Problem(f"folder {parent} does not exist", file=str(target),
                                 fix="create the folder first or choose another path")])
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The mode a plain ``open(target, "w")`` would give: keep an existing file's, else
    0666 less the process umask (mkstemp's 0600 would hide reports from the user's group)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
