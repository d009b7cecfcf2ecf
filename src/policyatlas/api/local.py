"""Run the service in a background thread on a free local port (tests, benchmarks, screenshots)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

from policyatlas.api.app import create_app
from policyatlas.api.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(settings: Settings, app: Any = None) -> Iterator[str]:
    """Start uvicorn with ``settings`` (or the given ``app``); yields the base URL and stops
    the server on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app or create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def serve_process(database_url: str, *args: str) -> Iterator[str]:
    """Start ``policyatlas serve`` as its own process (so that clients measuring it do not share
    its interpreter); yields the base URL and stops it on exit."""
    import os
    import subprocess
    import sys
    import urllib.request

    port = free_port()
    env = {**os.environ, "POLICYATLAS_DATABASE_URL": database_url}
    proc = subprocess.Popen([sys.executable, "-m", "policyatlas", "serve", "--port", str(port),
                             *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v1/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the service did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
