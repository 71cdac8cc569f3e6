"""`newsbrief serve` as a real process on a free loopback port, for tests that need a server a
client outside this process talks to (several workers, schemathesis)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    stderr: bytes = b""  # the server's log, once it has stopped


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def newsbrief_serve(*options: str, wait_s: float = 60.0) -> Iterator[Served]:
    """``newsbrief serve OPTIONS`` until the block ends; the block starts once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-m", "newsbrief", "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = Served(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                with urllib.request.urlopen(served.base + "/healthz", timeout=1) as response:
                    assert json.load(response)["status"] == "ok"
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"newsbrief serve did not answer within {wait_s:g} s")
                time.sleep(0.1)
        yield served
    finally:
        server.terminate()
        _, served.stderr = server.communicate(timeout=30)
