"""gunicorn's threaded worker, reading each request in full before a thread is given it.

gthread parks idle connections in its poller, but the moment a connection has any bytes to read
it hands it to a thread, which then blocks reading the rest. A client that sends half a request
and stops ("slowloris") therefore holds a thread; a few of them hold every thread, and a health
check queues behind them. Here the worker's own event loop reads what arrives, without blocking,
until the request's headers (and a small body) are complete, as a buffering proxy would; only
then does a thread take the request. A connection that has not sent a whole request within
``GUNICORN_READ_TIMEOUT`` seconds (5) of connecting, or of its first byte after a kept-alive
request, is closed.

Workers are recycled by memory, not by a request count: every ``GUNICORN_MEMORY_CHECK_EVERY``
requests (256) a worker reads its resident memory and, above ``GUNICORN_MAX_WORKER_MIB`` (190),
finishes the request in hand with ``Connection: close`` and exits for the arbiter to fork a fresh
one. A healthy worker is never recycled, so no request pays for a restart it did not need.

It also stops accepting once it is about to exit (recycled), since gthread would accept
connections in its last loop and drop them unanswered, and while every thread is busy, leaving
new connections to the other workers until a thread is free again.

A buffering front proxy (docs/deploy.md) is still the complete answer for slow readers and large
uploads; this keeps slow senders from starving the app when it is reached without one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import selectors
import time
from functools import partial

from gunicorn.http import RequestParser
from gunicorn.workers import gthread

READ_TIMEOUT = float(os.environ.get("GUNICORN_READ_TIMEOUT", 5))
# Bodies up to this size are read before a thread is given the request (plan and admin forms);
# a larger one (a guide import) is read by the thread, each read waiting at most READ_TIMEOUT.
BODY_BUFFER = 64 * 1024
# Headers larger than this go to the parser as they are, which refuses them with a clean 400.
HEADER_BUFFER = 64 * 1024
MAX_WORKER_MIB = float(os.environ.get("GUNICORN_MAX_WORKER_MIB", 190))
MEMORY_CHECK_EVERY = max(1, int(os.environ.get("GUNICORN_MEMORY_CHECK_EVERY", 256)))
_HEADERS_END = b"\r\n\r\n"
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d{1,12})[ \t]*\r\n", re.IGNORECASE)


def request_is_complete(data: bytes | bytearray) -> bool:
    """True once ``data`` holds a whole request's headers and (up to BODY_BUFFER) its body, or
    enough that reading more here would not help the parser decide."""
    end = data.find(_HEADERS_END)
    if end < 0:
        return len(data) >= HEADER_BUFFER
    match = _CONTENT_LENGTH.search(data, 0, end + 2)
    if match is None:
        return True  # no body, or a chunked one the thread reads with its time limit
    length = int(match.group(1))
    return length > BODY_BUFFER or len(data) - (end + 4) >= length


def resident_mib() -> float:
    """This process's resident memory now (its peak where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Buffered:
    """The connection's socket as the parser sees it: bytes already read by the event loop
    first, then reads of the socket that end (as a closed connection does) after READ_TIMEOUT
    instead of waiting for ever."""

    def __init__(self, sock):
        self._sock = sock
        self.pending = bytearray()

    def recv(self, size, *args):
        if self.pending:
            chunk = bytes(self.pending[:size])
            del self.pending[:size]
            return chunk
        try:
            return self._sock.recv(size, *args)
        except TimeoutError:
            return b""

    def __getattr__(self, name):
        return getattr(self._sock, name)


class ThreadWorker(gthread.ThreadWorker):
    alive: bool  # set by gunicorn's base worker; declared for the type checker

    def init_process(self):
        if self.cfg.is_ssl:
            # The event loop reads raw bytes before a thread parses them, which TLS would not
            # allow; TLS ends at the load balancer or proxy (docs/deploy.md).
            raise RuntimeError("Spread Guide's worker does not terminate TLS; unset certfile.")
        self._busy = 0
        self._paused: list = []  # listeners taken out of the poller while every thread is busy
        self._reading: dict = {}  # connection -> time by which its request must be complete
        super().init_process()

    def accept(self, server, listener):
        if not self.alive:
            # Recycling: leave new connections to the other workers. Accepted now, one would
            # be dropped unanswered when this process exits.
            return
        with self._lock:
            if self._busy >= self.cfg.threads:
                self.poller.unregister(listener)
                self._paused.append((server, listener))
                return
        try:
            sock, client = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        conn = gthread.TConn(self.cfg, sock, client, server)
        conn.buffered = _Buffered(conn.sock)
        self.nr_conns += 1
        self._reading[conn] = time.monotonic() + READ_TIMEOUT
        with self._lock:
            self.poller.register(
                conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn)
            )

    def on_client_socket_readable(self, conn, client):
        if conn not in self._reading:
            with self._lock:
                try:
                    self._keep.remove(conn)  # a kept-alive connection starts its next request
                except ValueError:
                    return  # gthread's race: the keep-alive sweep has closed it already
            self._reading[conn] = time.monotonic() + READ_TIMEOUT
        try:
            data = conn.sock.recv(HEADER_BUFFER)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn, client)
            return
        conn.buffered.pending += data
        if not request_is_complete(conn.buffered.pending):
            return
        del self._reading[conn]
        with self._lock:
            self.poller.unregister(client)
        self.enqueue_req(conn)

    def _drop(self, conn, client) -> None:
        self._reading.pop(conn, None)
        with self._lock, contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(client)
        self.nr_conns -= 1
        conn.close()

    def murder_keepalived(self):
        super().murder_keepalived()
        now = time.monotonic()
        for conn in [c for c, deadline in self._reading.items() if deadline <= now]:
            self._drop(conn, conn.sock)

    def handle_request(self, req, conn):
        # gthread counts requests in self.nr; checking before the response is made lets the
        # parent class close this connection and stop the worker, as max_requests would.
        if self.alive and (self.nr + 1) % MEMORY_CHECK_EVERY == 0:
            size = resident_mib()
            if size > MAX_WORKER_MIB:
                self.log.info(
                    "Recycling worker: %.0f MiB resident, above %.0f MiB", size, MAX_WORKER_MIB
                )
                self.alive = False
        return super().handle_request(req, conn)

    def finish_request(self, fs):
        super().finish_request(fs)
        with self._lock:
            self._busy -= 1
            while self._paused and self._busy < self.cfg.threads:
                server, listener = self._paused.pop()
                self.poller.register(listener, selectors.EVENT_READ, partial(self.accept, server))

    def enqueue_req(self, conn):
        with self._lock:
            self._busy += 1
        # Before init(), which would give the parser the bare socket: the parser reads the bytes
        # already buffered here first.
        if conn.parser is None:
            conn.parser = RequestParser(self.cfg, conn.buffered, conn.client)
        conn.init()  # makes the socket blocking again (no timeout)
        conn.sock.settimeout(READ_TIMEOUT)
        future = self.tpool.submit(self.handle, conn)
        self._wrap_future(future, conn)
