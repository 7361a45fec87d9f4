"""gunicorn's threaded worker, with a time limit on reading each request, that stops accepting
connections while every one of its threads is busy.

gthread parks idle connections in its poller, so a client that connects and sends nothing
holds no thread. But a client that sends half a request and stops ("slowloris") holds a thread
for as long as it likes: gthread reads with no timeout. Here every read of a request waits at
most ``GUNICORN_READ_TIMEOUT`` seconds (5); then the connection is closed as if the client had
gone, which gunicorn logs at debug level rather than as an error.

It also stops accepting once it is about to exit (recycled after ``max_requests``): gthread
would accept connections in its last loop and drop them unanswered. And gthread keeps
accepting while all its threads are taken, queueing new requests (a health
check among them) behind the slow ones. Here a worker with no free thread leaves new
connections to the other workers until a thread is free again.

A buffering front proxy (docs/deploy.md) is the complete answer; this bounds the damage when
the app is reached without one.
"""

from __future__ import annotations

import os
import selectors
from functools import partial

from gunicorn.http import RequestParser
from gunicorn.workers import gthread

READ_TIMEOUT = float(os.environ.get("GUNICORN_READ_TIMEOUT", 5))


class _EndOnTimeout:
    """A socket whose reads end (as a closed connection does) instead of waiting for ever."""

    def __init__(self, sock):
        self._sock = sock

    def recv(self, *args):
        try:
            return self._sock.recv(*args)
        except TimeoutError:
            return b""

    def __getattr__(self, name):
        return getattr(self._sock, name)


class ThreadWorker(gthread.ThreadWorker):
    def init_process(self):
        self._busy = 0
        self._paused: list = []  # listeners taken out of the poller while every thread is busy
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
        super().accept(server, listener)

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
        conn.init()  # makes the socket blocking again (no timeout)
        if not getattr(conn, "read_limited", False):
            conn.parser = RequestParser(self.cfg, _EndOnTimeout(conn.sock), conn.client)
            conn.read_limited = True
        conn.sock.settimeout(READ_TIMEOUT)
        future = self.tpool.submit(self.handle, conn)
        self._wrap_future(future, conn)
