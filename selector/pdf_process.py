"""HTML to PDF in a process of its own, so that a render never holds a web worker's interpreter
lock.

Some single calls inside WeasyPrint hold the interpreter lock for up to about 136 ms (measured on
a board paper). Rendered in a thread of a web worker, every other thread of that worker waited
behind it: with the rate limit lifted (many clients at once), ``/healthz`` took up to 1.0 to
1.4 s during a PDF flood. Rendered here, the render process competes with the worker only for
CPU, which the operating system shares out fairly, so the worker's other requests go on.

Each web process starts a render process when it first makes a PDF (a process that never
makes one pays nothing), keeps it for the next ones, and replaces it after
``renders_per_child`` renders (so a slow leak in a PDF library stays bounded), when a render
runs past ``timeout`` seconds (it is killed, and the caller gets ``RenderFailed``), or when it
dies or cannot start (``RenderFailed`` at once). A render process never outlives its web
process: it ends when its pipe closes, when its parent changes (the web process was killed),
or a few seconds after a render's own time limit.

The render process is ``python -c "...serve()"``, not a ``multiprocessing`` child: those re-run
the parent's main script on start, which turns a script without a ``__main__`` guard into an
endless series of failing starts, and bring a resource-tracker process of their own. Requests
and replies are pickles, each after its length, on the child's stdin and a copy of its stdout
(its own stdout goes to stderr, so nothing a library prints can break a reply).

This module imports nothing from Django: the render process imports only it and WeasyPrint.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

T = TypeVar("T")
logger = logging.getLogger(__name__)


class RenderFailed(Exception):
    """The render process did not answer in time, died or could not start; the next render
    starts a new one."""


class LocalOnlyFetcher(URLFetcher):
    """Serves files from the stylesheet's folder and refuses every other URL."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._root = root.resolve()

    def fetch(self, url: str, headers: dict | None = None):
        if not url.startswith("file:"):
            raise ValueError("Spread Guide PDFs load nothing from the network.")
        response = super().fetch(url, headers)
        path = Path(response.path or "").resolve()
        if not path.is_relative_to(self._root):
            response.close()
            raise ValueError("Only Spread Guide's own stylesheet may be loaded.")
        return response


@lru_cache(maxsize=4)
def _resources(stylesheet: str) -> tuple[CSS, LocalOnlyFetcher, FontConfiguration, str]:
    path = Path(stylesheet)
    fetcher = LocalOnlyFetcher(path.parent)
    fonts = FontConfiguration()
    css = CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
    return css, fetcher, fonts, path2url(str(path.parent)) + "/"


def html_to_pdf(html: str, stylesheet: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of ``html`` styled by the stylesheet at that path, which is also
    the only file the document may load."""
    css, fetcher, fonts, base_url = _resources(stylesheet)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[css],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )


_LENGTH = 8  # bytes of the big-endian length before each pickle
_LARGEST = 512 * 2**20  # a longer "length" means the pipe is out of step: give up on it
_READY = b"R"  # written by a render process once it has imported what it needs
START_SECONDS = 15.0  # it takes about 0.6 s
_OVERRUN_SECONDS = 5  # a render process stops itself this long after a render's time limit
_SERVE = "from selector.pdf_process import serve; serve()"
_PROJECT = Path(__file__).resolve().parent.parent


def serve() -> None:
    """The render process: answer each request ``(function, args, timeout)`` from the web
    process with ``(True, result)`` or ``(False, exception)``, until the web process closes the
    pipe or goes away."""
    # Signals sent to the whole process group (Ctrl-C, a service manager stopping everything)
    # are for the web process to act on; this one ends when its pipe closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to the log, not into a reply
    replies.write(_READY)
    replies.flush()
    while True:
        header = requests.read(_LENGTH)
        if len(header) < _LENGTH:
            return  # the web process is done with us (or has gone)
        request = requests.read(int.from_bytes(header, "big"))
        try:
            function, args, timeout = pickle.loads(request)
        except Exception as error:  # a function this process cannot import, say
            reply: tuple[bool, Any] = (False, error)
        else:
            # Killed by SIGALRM's default action if a render hangs past anyone's waiting.
            signal.alarm(math.ceil(timeout) + _OVERRUN_SECONDS)
            try:
                reply = (True, function(*args))
            except Exception as error:
                reply = (False, error)
            finally:
                signal.alarm(0)
        try:
            replies.write(_framed(reply))
            replies.flush()
        except BrokenPipeError:
            return  # the web process stopped waiting (it timed out, or exited)


def _framed(reply: tuple[bool, Any]) -> bytes:
    """The reply as the web process will read it; an exception it could not rebuild (one that
    does not pickle, or does not unpickle) reaches it as a RuntimeError naming it."""
    try:
        payload = pickle.dumps(reply)
        pickle.loads(payload)
    except Exception:
        payload = pickle.dumps((False, RuntimeError(repr(reply[1]))))
    return len(payload).to_bytes(_LENGTH, "big") + payload


def _exit_when_orphaned(parent: int) -> None:
    # A web process killed outright (by the out-of-memory killer, or gunicorn for a timeout)
    # closes nothing gracefully; without this a render in progress would run on unobserved.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


class _Child:
    """One render process and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_PROJECT,  # so that ``selector`` imports as it does here
        )
        self.renders = 0
        try:
            ready = self._read(len(_READY), time.monotonic() + START_SECONDS)
        except (TimeoutError, EOFError, OSError):
            ready = b""
        if ready != _READY:
            self.kill()
            logger.error("A PDF render process did not start (see its error above).")
            raise RenderFailed("The render process did not start.")

    def call(self, function: Callable[..., Any], args: tuple, timeout: float) -> tuple[bool, Any]:
        request = pickle.dumps((function, args, timeout))
        stdin = cast(IO[bytes], self.process.stdin)
        # It is idle (it said so, or answered its last request), so it reads this at once.
        stdin.write(len(request).to_bytes(_LENGTH, "big") + request)
        stdin.flush()
        deadline = time.monotonic() + timeout
        size = int.from_bytes(self._read(_LENGTH, deadline), "big")
        if size > _LARGEST:
            raise EOFError("out of step")
        reply = pickle.loads(self._read(size, deadline))
        self.renders += 1
        return cast(tuple[bool, Any], reply)

    def _read(self, size: int, deadline: float) -> bytes:
        fd = cast(IO[bytes], self.process.stdout).fileno()
        data = bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while len(data) < size:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise TimeoutError
                chunk = os.read(fd, size - len(data))
                if not chunk:
                    raise EOFError
                data += chunk
        return bytes(data)

    def retire(self) -> None:
        """Close its pipes: it exits on its own; ``exited`` reaps it later."""
        self._close_pipes()

    def exited(self) -> bool:
        return self.process.poll() is not None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            with suppress(OSError):
                cast(IO[bytes], pipe).close()


class RenderProcess:
    """Up to ``processes`` idle render processes kept for this web process, started on first
    use. Safe to share between threads; a copy inherited through ``fork`` starts its own."""

    def __init__(self, *, processes: int, renders_per_child: int, timeout: float) -> None:
        self.processes = max(1, processes)
        self.renders_per_child = max(1, renders_per_child)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._idle: list[_Child] = []
        self._retired: list[_Child] = []  # pipes closed, not yet reaped
        self._owner = os.getpid()

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a render process; its exception, if any, is raised here.

        ``function`` and its arguments must be picklable (a module-level function)."""
        child = self._take()
        try:
            try:
                ok, value = child.call(function, args, self.timeout)
            except BrokenPipeError:
                # It died while idle (killed for memory, say): one fresh start, then the same.
                child.kill()
                child = _Child()
                ok, value = child.call(function, args, self.timeout)
        except TimeoutError:
            child.kill()
            raise RenderFailed(f"The render took longer than {self.timeout:g} s.") from None
        except (EOFError, OSError):
            child.kill()
            raise RenderFailed("The render process stopped before it answered.") from None
        except BaseException:
            child.kill()  # whatever went wrong, the pipe may be out of step now
            raise
        self._give_back(child)
        if not ok:
            raise value
        return cast(T, value)

    def stop(self) -> None:
        """Close every idle render process (each exits once its pipe closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
            mine = self._owner == os.getpid()
        if mine:
            for child in idle:
                child.retire()
                with suppress(subprocess.TimeoutExpired):
                    child.process.wait(timeout=5)

    def _take(self) -> _Child:
        with self._lock:
            if self._owner != os.getpid():
                # The parent's, inherited through fork: not ours to use, close or reap.
                self._idle, self._retired, self._owner = [], [], os.getpid()
            self._retired = [c for c in self._retired if not c.exited()]
            if self._idle:
                return self._idle.pop()
        return _Child()

    def _give_back(self, child: _Child) -> None:
        with self._lock:
            keep = child.renders < self.renders_per_child and len(self._idle) < self.processes
            if keep:
                self._idle.append(child)
            else:
                child.retire()
                self._retired.append(child)
