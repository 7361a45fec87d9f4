"""The render process: PDFs are made outside the web process, a stuck render is stopped, and the
web process recovers from it."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from selector import pdf_process
from selector.exports import pdf
from selector.pdf_process import LocalOnlyFetcher, RenderFailed, RenderProcess, html_to_pdf
from selector.summary import summary_from_plan

from .plans_support import make_saved_plan
from .render_helpers import raise_two_part_error


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


def test_what_a_render_writes_to_its_stdout_does_not_break_its_reply(renders):
    assert renders.run(os.write, 1, b"noise") == 5
    assert renders.run(len, "abc") == 3


def test_an_exception_that_cannot_be_rebuilt_arrives_as_a_runtime_error(renders):
    with pytest.raises(RuntimeError, match="TwoPartError"):
        renders.run(raise_two_part_error)
    assert renders.run(len, "abc") == 3


def test_a_render_process_that_cannot_start_fails_at_once(renders, monkeypatch):
    monkeypatch.setattr(pdf_process, "_SERVE", "raise SystemExit(3)")
    started = time.monotonic()
    with pytest.raises(RenderFailed, match="did not start"):
        renders.run(os.getpid)
    assert time.monotonic() - started < 5


def test_a_render_process_ends_when_its_web_process_is_killed(tmp_path):
    # The web process is a child of this test, killed outright while its render is running.
    reported = tmp_path / "render-pid"
    web = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WEB_PROCESS.format(report=str(reported))],
        cwd=pdf_process._PROJECT,
    )
    deadline = time.monotonic() + 20
    while not reported.exists() or not reported.read_text():
        assert time.monotonic() < deadline, "the render never started"
        time.sleep(0.05)
    render = int(reported.read_text())
    web.kill()
    web.wait()
    deadline = time.monotonic() + 10
    while _alive(render):
        assert time.monotonic() < deadline, "the render process outlived its web process"
        time.sleep(0.1)


_KILLED_WEB_PROCESS = """
import os, time
from selector.pdf_process import RenderProcess
renders = RenderProcess(processes=1, renders_per_child=5, timeout=60)
pid = renders.run(os.getpid)
with open({report!r}, "w") as f:
    f.write(str(pid))
renders.run(time.sleep, 60)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_render_processes_inherited_through_fork_are_not_used(renders):
    inherited = renders.run(os.getpid)
    read, write = os.pipe()
    forked = os.fork()
    if forked == 0:  # the forked copy: it must start a render process of its own
        try:
            os.write(write, str(renders.run(os.getpid)).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(forked, 0)
    with os.fdopen(read) as answer:
        used = int(answer.read())
    assert used not in (inherited, forked, os.getpid())
    assert renders.run(os.getpid) == inherited  # and this one still has its own


def test_a_pdf_is_made_in_a_real_render_process(renders):
    body = renders.run(html_to_pdf, '<html lang="en"><h1>Plan</h1></html>', pdf.stylesheet_path())
    assert "Plan" in PdfReader(io.BytesIO(body)).pages[0].extract_text()


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
