"""The threaded worker reads each request in full before a thread takes it, so clients that
send half a request cannot hold the threads a health check needs."""

import contextlib
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from spreadguide import warmup
from spreadguide.gunicorn_worker import BODY_BUFFER, ThreadWorker, _Buffered, request_is_complete

ROOT = Path(__file__).resolve().parents[2]


def test_a_read_that_times_out_ends_like_a_closed_connection():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.settimeout(0.05)
        assert _Buffered(ours).recv(1024) == b""


def test_bytes_read_by_the_event_loop_come_first_then_the_socket():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.settimeout(1)
        buffered = _Buffered(ours)
        buffered.pending += b"GET / HTTP/1.1\r\n"
        theirs.sendall(b"Host: x\r\n\r\n")
        assert buffered.recv(4) == b"GET "
        assert buffered.recv(1024) == b"/ HTTP/1.1\r\n"
        assert buffered.recv(1024) == b"Host: x\r\n\r\n"


@pytest.mark.parametrize(
    ("data", "complete"),
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\n", False),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", True),
        (b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nhello", False),
        (b"POST / HTTP/1.1\r\ncontent-length: 10\r\n\r\nhelloworld", True),
        # A body too large to hold here is read by the thread, with its time limit.
        (b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (BODY_BUFFER + 1), True),
        # Headers that never end are passed on at the limit, for the parser to refuse.
        (b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000, True),
    ],
)
def test_a_request_is_complete_once_its_headers_and_small_body_are_in(data, complete):
    assert request_is_complete(data) is complete


@contextlib.contextmanager
def _gunicorn(port: int, read_timeout: float = 3, **settings: str):
    """gunicorn with this worker, one process and two threads, serving a bare WSGI app."""
    env = {
        **os.environ,
        "GUNICORN_READ_TIMEOUT": str(read_timeout),
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "/dev/null",
            "--chdir",
            str(Path(__file__).parent),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--worker-class",
            "spreadguide.gunicorn_worker.ThreadWorker",
            "slow_client_app:app",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _response(sock: socket.socket) -> bytes:
    """One whole response: its headers, then as many bytes as its Content-Length says."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body


def _ask(port: int, request: bytes, *, timeout: float = 10) -> tuple[bytes, float]:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = _response(sock)
    return answer, time.monotonic() - started


@pytest.fixture(scope="module")
def server():
    with _gunicorn(_free_port()) as port:
        yield port


def test_half_sent_requests_do_not_hold_the_threads(server):
    # Four times as many half requests as threads: each used to hold a thread for 3 s.
    held = [socket.create_connection(("127.0.0.1", server)) for _ in range(8)]
    with contextlib.ExitStack() as stack:
        for sock in held:
            stack.enter_context(sock)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.2)
        answer, took = _ask(server, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")
    assert took < 1


def test_a_half_sent_request_is_closed_after_the_read_timeout(server):
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert sock.recv(100) == b""
    assert 2 < time.monotonic() - started < 6


def test_a_body_sent_in_parts_arrives_whole(server):
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        time.sleep(0.3)
        sock.sendall(b"world")
        assert _response(sock).endswith(b"read 10")


def test_a_kept_alive_connection_is_answered_again(server):
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        for _ in range(2):
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _response(sock).endswith(b"read 0")


def _pid(answer: bytes) -> bytes:
    return answer.split(b"X-Pid: ")[1].split(b"\r\n")[0]


def test_a_worker_above_its_memory_bound_closes_the_connection_and_is_replaced():
    with (
        _gunicorn(
            _free_port(), GUNICORN_MAX_WORKER_MIB="1", GUNICORN_MEMORY_CHECK_EVERY="2"
        ) as port,
        socket.create_connection(("127.0.0.1", port), timeout=10) as sock,
    ):
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        first = _response(sock)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        checked = _response(sock)  # the second request is the one the worker checks
        assert b"Connection: close" in checked
        time.sleep(1.5)  # the arbiter forks a new worker
        after, _ = _ask(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert _pid(first) == _pid(checked) != _pid(after)


def test_a_worker_within_its_memory_bound_keeps_serving():
    with _gunicorn(_free_port(), GUNICORN_MEMORY_CHECK_EVERY="1") as port:
        answers = [
            _ask(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0]
            for _ in range(5)
        ]
    assert len({_pid(a) for a in answers}) == 1


def _config() -> dict:
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_the_configured_worker_is_this_one_and_loads_the_app_before_forking():
    config = _config()
    assert import_string(config["worker_class"]) is ThreadWorker
    assert config["preload_app"] is True
    assert config["threads"] > 1
    assert config["max_requests"] == 0  # recycled by memory instead (the worker class)
    assert callable(config["on_starting"])


class _Resolver:
    def __init__(self, calls):
        self.calls = calls

    @property
    def url_patterns(self):
        self.calls.append("urls")  # importing every view, and the exporters with them
        return []


@pytest.mark.django_db
def test_the_warm_up_loads_what_a_first_request_would(monkeypatch, settings):
    calls = []
    monkeypatch.setattr("django.urls.get_resolver", lambda: _Resolver(calls))
    monkeypatch.setattr("selector.engine.prepare", lambda snapshot: calls.append("snapshot"))
    monkeypatch.setattr("django.db.connections.close_all", lambda: calls.append("closed"))
    monkeypatch.setattr(warmup.gc, "set_threshold", lambda *t: calls.append(t))
    monkeypatch.setattr(warmup.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(warmup.sys, "setswitchinterval", lambda seconds: None)

    warmup.warm()

    # Everything is loaded, then the connection closed (none may cross the fork), then the
    # collector tuned and the loaded objects frozen.
    assert calls == ["urls", "snapshot", "closed", tuple(settings.GC_THRESHOLD), "freeze"]
