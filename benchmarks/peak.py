"""Peak resident memory of this process, for benchmark children started by ``subprocess``.

``getrusage``'s ``ru_maxrss`` is kept across ``fork`` and ``exec``: a child forked from a parent
that had just generated a large input reports the parent's peak (measured: 1.9 GiB for a job
whose own peak was 0.65 GiB). ``VmHWM`` in ``/proc/self/status`` belongs to the address space,
which ``exec`` replaces, so it is the child's own peak; elsewhere ``ru_maxrss`` is the fallback.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_mib() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
