"""The threaded worker ends a request read that waits too long, instead of holding a thread."""

import socket

from spreadguide.gunicorn_worker import _EndOnTimeout


def test_a_read_that_times_out_ends_like_a_closed_connection():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.settimeout(0.05)
        assert _EndOnTimeout(ours).recv(1024) == b""


def test_data_that_arrives_is_read():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.settimeout(1)
        theirs.sendall(b"GET / HTTP/1.1\r\n")
        assert _EndOnTimeout(ours).recv(1024) == b"GET / HTTP/1.1\r\n"
