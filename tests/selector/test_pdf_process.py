"""The render process: PDFs are made outside the web process, a stuck render is stopped, and the
web process recovers from it."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from pypdf import PdfReader

from selector.exports import pdf
from selector.pdf_process import LocalOnlyFetcher, RenderFailed, RenderProcess, html_to_pdf
from selector.summary import summary_from_plan

from .plans_support import make_saved_plan


@pytest.fixture
def renders():
    process = RenderProcess(processes=1, renders_per_child=50, timeout=30)
    yield process
    process.stop()


def test_a_render_runs_in_another_process(renders):
    assert renders.run(os.getpid) != os.getpid()


def test_the_render_process_is_kept_for_the_next_render(renders):
    assert renders.run(os.getpid) == renders.run(os.getpid)


def test_the_render_process_is_replaced_after_its_quota(renders):
    renders.renders_per_child = 1
    assert renders.run(os.getpid) != renders.run(os.getpid)


def test_an_error_in_the_render_reaches_the_caller(renders):
    with pytest.raises(ValueError):
        renders.run(int, "not a number")


def test_a_render_past_the_time_limit_is_stopped(renders):
    renders.timeout = 0.5
    started = time.monotonic()
    with pytest.raises(RenderFailed):
        renders.run(time.sleep, 30)
    assert time.monotonic() - started < 5


def test_the_next_render_after_a_stopped_one_gets_a_fresh_process(renders):
    first = renders.run(os.getpid)
    renders.timeout = 0.5
    with pytest.raises(RenderFailed):
        renders.run(time.sleep, 30)
    renders.timeout = 30
    assert renders.run(os.getpid) not in (first, os.getpid())


def test_a_render_process_that_dies_mid_render_fails_at_once(renders):
    started = time.monotonic()
    with pytest.raises(RenderFailed, match="stopped"):
        renders.run(os._exit, 1)
    assert time.monotonic() - started < 5
    assert renders.run(os.getpid) != os.getpid()


def test_a_render_process_that_died_while_idle_is_replaced(renders):
    first = renders.run(os.getpid)
    os.kill(first, signal.SIGKILL)
    renders._idle[0].process.wait()
    assert renders.run(os.getpid) not in (first, os.getpid())


def test_what_a_render_prints_does_not_break_its_reply(renders):
    assert renders.run(print, "noise on stdout") is None
    assert renders.run(len, "abc") == 3


def test_render_processes_inherited_through_fork_are_not_used(renders):
    inherited = renders.run(os.getpid)
    renders._owner = -1  # as a forked child sees it: the processes belong to its parent
    assert renders.run(os.getpid) != inherited
    assert renders._owner == os.getpid()


def test_html_to_pdf_makes_a_tagged_pdf():
    body = html_to_pdf("<h1>Plan</h1><p>Text</p>", pdf.stylesheet_path())
    reader = PdfReader(io.BytesIO(body))
    assert "Plan" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_fetcher_refuses_the_network(tmp_path):
    with pytest.raises(ValueError, match="network"):
        LocalOnlyFetcher(tmp_path).fetch("https://example.com/x.png")


def test_the_fetcher_refuses_files_outside_the_stylesheet_folder(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    (tmp_path / "css").mkdir()
    with pytest.raises(ValueError, match="stylesheet"):
        LocalOnlyFetcher(tmp_path / "css").fetch(outside.as_uri())


@pytest.mark.django_db
def test_pdf_exports_go_through_the_render_process(settings, monkeypatch):
    calls = []
    settings.PDF_RENDER_PROCESS = True
    monkeypatch.setattr(pdf.render_process, "run", lambda f, *a: calls.append(f) or b"%PDF")
    assert pdf.render(_summary()) == b"%PDF"
    assert calls == [html_to_pdf]


@pytest.mark.django_db
def test_pdf_exports_render_in_this_process_when_the_render_process_is_off(settings, monkeypatch):
    settings.PDF_RENDER_PROCESS = False
    monkeypatch.setattr(pdf.render_process, "run", lambda *a: pytest.fail("used the process"))
    assert pdf.render(_summary()).startswith(b"%PDF")


def _summary():
    plan, _key = make_saved_plan()
    return summary_from_plan(plan, base_url="http://testserver/")
