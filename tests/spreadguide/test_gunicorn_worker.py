"""The threaded worker ends a request read that waits too long, instead of holding a thread."""

import runpy
import socket
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from spreadguide import warmup
from spreadguide.gunicorn_worker import ThreadWorker, _EndOnTimeout


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


def _config() -> dict:
    return runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))


def test_the_configured_worker_is_this_one_and_loads_the_app_before_forking():
    config = _config()
    assert import_string(config["worker_class"]) is ThreadWorker
    assert config["preload_app"] is True
    assert config["threads"] > 1
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
