"""Shared by bench/run.py and bench/stateless_check.py: a production-mode deployment of the app
on this machine. One fresh PostgreSQL database with the guide loaded, static files collected
with the production storage, and N gunicorn servers on N ports sharing that database."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WORK = ROOT / "var" / "bench"  # git-ignored
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "spread.bench"  # one public host name, as behind a load balancer
# The load balancer terminates TLS and says so; production settings redirect plain HTTP.
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}


def production_env(database: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="spreadguide.settings",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS=f"{HOST},127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{database}",
        STATIC_ROOT=str(WORK / "staticfiles"),
        RELEASE="bench",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env: dict[str, str], database: str, *, collectstatic: bool = True) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    recreate_database(database)
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_guide")
    if collectstatic:
        manage(env, "collectstatic", "--no-input", "-v0")


class Server:
    """One gunicorn (gunicorn.conf.py) on one port; stopped by the pid it was started with."""

    def __init__(
        self,
        env: dict[str, str],
        port: int,
        workers: int,
        log: Path,
        *,
        recycle: bool = False,
    ):
        self.port = port
        self.log = log.open("w")
        # The worker class, threads and hooks are gunicorn.conf.py's; recycling stays off in
        # throughput runs unless asked for (then it is the configured production value).
        recycling = [] if recycle else ["--max-requests", "0"]
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                *recycling,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the current workers."""
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def render_process_memory_mib(self) -> list[float]:
        """Resident memory of each worker's render processes (selector/pdf_process.py). A
        thread of the worker starts them, so they are listed under that thread."""
        out = []
        for pid in self.worker_pids():
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    out += [m["rss"] for c in children.read_text().split() if (m := _memory(c))]
        return out

    def worker_memory_mib(self) -> list[dict[str, float]]:
        """Resident and proportional (shared pages split between processes) memory."""
        return [m for pid in self.worker_pids() if (m := _memory(pid))]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn on {self.port} exited; see {self.log.name}")
            with contextlib.suppress(OSError):
                request = urllib.request.Request(self.base + "/healthz", headers=PROXY_HEADERS)
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            time.sleep(0.2)
        raise SystemExit(f"gunicorn on {self.port} did not answer /healthz in {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _memory(pid: int | str) -> dict[str, float] | None:
    """A process's resident and proportional memory in MiB (None once it has gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    values = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:]}
    return {"rss": values["Rss"] / 1024, "pss": values["Pss"] / 1024}


@contextlib.contextmanager
def servers(env: dict[str, str], ports: list[int], workers: int, *, recycle: bool = False):
    started = []
    try:
        for port in ports:
            log = WORK / f"gunicorn-{port}.log"
            started.append(Server(env, port, workers, log, recycle=recycle))
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()


class FormParser(HTMLParser):
    """The fields of every <form> in a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []}
            )
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button"):
                return
            fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields.append([self._select, a.get("value", "")])
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields.append([self._textarea, ""])

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][-1][1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms
