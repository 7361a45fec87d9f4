"""Plan keys never reach the logs, whichever logger or handler writes the line."""

import io
import logging
import runpy
import secrets
from pathlib import Path

import pytest

from spreadguide.logging import RedactPlanKeys, redact

KEY = secrets.token_urlsafe(32)
ROOT = Path(__file__).resolve().parents[2]


def _record(msg, args=()):
    return logging.LogRecord("test", logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.parametrize(
    ("msg", "args"),
    [
        (f"Not Found: /plans/{KEY}/", ()),
        ("Not Found: %s", (f"/plans/{KEY}/export/pdf",)),
        # gunicorn's access log: a format with a dict of atoms, the key in the request line
        # and in the referrer
        (
            '%(h)s "%(r)s" %(s)s "%(f)s"',
            (
                {
                    "h": "1.2.3.4",
                    "r": f"GET /plans/{KEY}/ HTTP/1.1",
                    "s": "200",
                    "f": f"https://x/plans/{KEY}/",
                },
            ),
        ),
        (f"GET /plans%2F{KEY}/export/csv", ()),
        (f"redirect to /plan/result?key={KEY}&plan={KEY}", ()),
    ],
)
def test_filter_removes_plan_keys(msg, args):
    record = _record(msg, args)
    assert RedactPlanKeys().filter(record) is True
    assert KEY not in record.getMessage()
    assert "[redacted]" in record.getMessage()


def test_filter_leaves_other_lines_alone():
    record = _record("GET %s %s", ("/plan/result?evidence=strong", 200))
    RedactPlanKeys().filter(record)
    assert record.getMessage() == "GET /plan/result?evidence=strong 200"
    assert redact("/plans/") == "/plans/"


def test_filter_redacts_tracebacks():
    try:
        raise ValueError(f"no plan /plans/{KEY}/")
    except ValueError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    RedactPlanKeys().filter(record)
    assert KEY not in logging.Formatter().format(record)


def test_a_malformed_record_does_not_break_logging():
    record = _record("%s %s", ("only one",))
    assert RedactPlanKeys().filter(record) is True


def _filtered_handlers(logger):
    return [h for h in logger.handlers if any(isinstance(f, RedactPlanKeys) for f in h.filters)]


def test_django_logging_redacts_a_real_request(client, db):
    """A 404 for a forged plan key goes through the configured handlers, redacted."""
    handlers = _filtered_handlers(logging.getLogger("django"))
    assert handlers, "the django logger must write only through the redacting handler"
    stream = io.StringIO()
    old = [h.setStream(stream) for h in handlers]
    try:
        response = client.get(f"/plans/{KEY}/")
    finally:
        for handler, previous in zip(handlers, old, strict=True):
            handler.setStream(previous)
    assert response.status_code == 404
    logged = stream.getvalue()
    assert "/plans/[redacted]/" in logged
    assert KEY not in logged


def test_django_logger_has_no_unfiltered_handler():
    """Django's default handlers (console in DEBUG, mail_admins) would bypass the filter."""
    for name in ("django", "django.request", "django.server", ""):
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue  # pytest's own capture
            assert any(isinstance(f, RedactPlanKeys) for f in handler.filters), (name, handler)


def test_gunicorn_logs_go_through_the_filter():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    logconfig = config["logconfig_dict"]
    assert logconfig["filters"]["redact"]["()"] == "spreadguide.logging.RedactPlanKeys"
    for handler in logconfig["handlers"].values():
        assert "redact" in handler["filters"]
    for name in ("gunicorn.access", "gunicorn.error"):
        assert logconfig["loggers"][name]["handlers"]
