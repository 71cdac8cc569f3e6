"""A whole-request deadline for urllib3 connections.

A socket timeout bounds one read, not a request: a server that sends a byte every second never
trips it and holds the fetch forever (slowloris, in reverse). Here every socket a request opens is
registered with a :class:`Deadline`, which shuts them when time is up, whatever phase the request
is in (connect, TLS handshake, headers or body). Imported only when fetching (urllib3 is an extra).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

import urllib3.connection


class Deadline:
    """Shuts every socket given to :meth:`watch` at ``deadline`` (a ``time.monotonic`` value)."""

    def __init__(self, deadline: float) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self.deadline = deadline
        self.seconds = max(0.0, deadline - time.monotonic())  # the limit, for messages
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left (at least 0.1: a socket timeout of 0 would mean non-blocking)."""
        return max(0.1, self.deadline - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to cut
        sock.shutdown(socket.SHUT_RDWR)


class HTTPConnection(urllib3.connection.HTTPConnection):
    """An HTTP connection whose socket its :class:`Deadline` can shut."""

    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self._deadline.watch(sock)
        return sock


class HTTPSConnection(HTTPConnection, urllib3.connection.HTTPSConnection):
    """An HTTPS connection whose socket (the TLS handshake included) its :class:`Deadline` can shut."""
