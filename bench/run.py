"""Spread Guide benchmarks: `python bench/run.py [throughput|stalls|abuse|all]` (or `make bench`).

Every part starts from a fresh PostgreSQL database (spreadguide_bench) with the guide loaded and
static files collected with the production storage, all with DJANGO_ENV=production, and runs
gunicorn with gunicorn.conf.py (its worker class, threads and pre-fork loading). Load comes from
wrk in a separate process, only to 127.0.0.1, for a bounded time.

* throughput: /healthz, a static file, a 404 page, a content page, the result page and the API
  with a new random answer set on every request (bench/answer_sets.py), and the result page on
  one repeated URL (labelled warm), at 1 and 16 connections, with the workers' CPU milliseconds
  per request and memory afterwards; then the in-process figures (bench/inprocess.py).
* stalls: /healthz at 1 connection for five minutes with worker recycling as configured for
  production (by a memory bound), then two minutes with a recycle forced about every 2000
  requests, so what a recycle costs the next request shows in the p99.
* abuse: 16 connections asking for PDFs of random answers for 20 s while /healthz is polled,
  once as configured and once with the rate limit lifted (many clients), then ten idle,
  half-open connections while /healthz is polled.

Results are merged into bench/results.json and bench/README.md is written from all of it.
Options: --duration SECONDS per throughput run (default 10), --workers N (default 2),
--cache-url URL (e.g. redis://127.0.0.1:6379/2; default local memory), --keep-db, --no-readme
(write only bench/results.json). BENCH_DATABASE and BENCH_PORT choose another database and port
than spreadguide_bench and 8101.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.answer_sets import write_lua
from bench.report import write_readme
from selector.scenarios import TYPICAL_QUERY

# Several people may benchmark on one machine: each names their own database and port.
DATABASE = os.environ.get("BENCH_DATABASE", "spreadguide_bench")
PORT = int(os.environ.get("BENCH_PORT", "8101"))
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
REPORTER = HERE / "wrk_report.lua"
STATUSES = HERE / "wrk_statuses.lua"
CONCURRENCY = [1, 16]
ROUNDS = 3  # interleaved healthz / result page / API runs at ROUND_CONNECTIONS
ROUND_CONNECTIONS = 16
STALL_SECONDS = 300
FORCED_SECONDS = 120  # enough for dozens of forced recycles
PDF_SECONDS = 20
IDLE_SOCKETS = int(os.environ.get("BENCH_IDLE_SOCKETS", 10))
IDLE_SECONDS = 15


# --------------------------------------------------------------------------- load generation
def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found: installing the Debian package", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: apt-get install wrk")
    return found


def ensure_font_subsetting() -> None:
    """WeasyPrint subsets fonts with HarfBuzz when the library is there and falls back to
    fontTools (pure Python, about a third slower per PDF here) when not: production has it
    (docs/deploy.md), so the PDF floods are measured with it too."""
    from ctypes.util import find_library

    if find_library("harfbuzz-subset"):
        return
    print("HarfBuzz subset library not found: installing the Debian package", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "libharfbuzz-subset0"], check=False)


def run_wrk(wrk: str, url: str, connections: int, seconds: int, script: Path = REPORTER) -> dict:
    command = [
        wrk,
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        *(arg for k, v in harness.PROXY_HEADERS.items() for arg in ("-H", f"{k}: {v}")),
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(next(x for x in out.splitlines() if x.startswith("JSON "))[5:])
    kinds = ("connect", "read", "write", "status", "timeout")
    result["errors"] = sum(result.get(k, 0) for k in kinds)
    return result


def get(base: str, path: str, timeout: float = 30) -> tuple[int, int, float]:
    """(status, body bytes, seconds) of one GET with the load balancer's headers."""
    request = urllib.request.Request(base + path, headers=harness.PROXY_HEADERS)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return response.status, len(body), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, 0, time.perf_counter() - started
    except OSError:
        return 0, 0, time.perf_counter() - started


def wait_until_idle(base: str, limit_seconds: float = 60.0) -> None:
    """Let the server finish what the last run queued, so each run starts from idle."""
    deadline = time.monotonic() + limit_seconds
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        quick = quick + 1 if get(base, "/healthz")[2] < 0.05 else 0


class HealthPoller:
    """Polls /healthz (a new connection each time, as a load balancer does) in a thread."""

    def __init__(self, base: str, every: float = 0.05):
        self.base, self.every = base, every
        self.samples: list[tuple[int, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            status, _, seconds = get(self.base, "/healthz", timeout=10)
            self.samples.append((status, seconds))
            self._stop.wait(self.every)

    def __enter__(self) -> HealthPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        times = sorted(s for _, s in self.samples)
        return {
            "polls": len(times),
            "not_ok": sum(1 for status, _ in self.samples if status != 200),
            "p50_ms": times[len(times) // 2] * 1000,
            "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
            "max_ms": times[-1] * 1000,
        }


# --------------------------------------------------------------------------- parts
def static_path(env: dict[str, str]) -> str:
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/app.css"]


def throughput(wrk: str, env: dict[str, str], args) -> dict:
    scripts = harness.WORK / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    random_result = write_lua(scripts / "result.lua", "/plan/result", REPORTER)
    random_api = write_lua(scripts / "api.lua", "/api/recommendation", REPORTER)
    endpoints = [
        ("healthz", "/healthz", REPORTER),
        ("static file", static_path(env), REPORTER),
        ("404 page", "/no-such-page/", REPORTER),
        ("content page", "/approaches/piloting-and-rolling-out/", REPORTER),
        ("result page, random answers", "/plan/result", random_result),
        ("API, random answers", "/api/recommendation", random_api),
        ("result page, one repeated URL (warm)", f"/plan/result?{TYPICAL_QUERY}", REPORTER),
    ]
    rows = []
    with harness.servers(env, [PORT], args.workers) as (server,):
        for name, path, script in endpoints:
            if script is not REPORTER:  # the script adds random answers; check one set
                path = f"{path}?{TYPICAL_QUERY}"
            status, size, _ = get(server.base, path)
            print(f"  {name}: {status}, {size} bytes", flush=True)
            for _ in range(5):
                get(server.base, path)
        for name, path, script in endpoints:
            for connections in CONCURRENCY:
                row = measure(wrk, server, path, connections, args.duration, script)
                if name == "404 page":  # a 404 is what is asked for, not an error
                    row["errors"] -= row.get("status", 0)
                row.update(name=name, path=path.split("?")[0], connections=connections)
                rows.append(row)
                print(
                    f"{name:>38} c={connections:<3} {row['rps']:8.1f} req/s "
                    f"p50 {row['p50_ms']:6.1f} p99 {row['p99_ms']:6.1f} ms "
                    f"cpu {row['cpu_ms_per_request']:5.2f} ms/req errors {row['errors']}",
                    flush=True,
                )
        rounds = interleaved_rounds(wrk, server, endpoints, args.duration)
        memory = server.worker_memory_mib()
    rps = {(r["name"], r["connections"]): r for r in rows}
    ratios = {
        str(c): {
            label: rps[(name, c)]["rps"] / rps[("healthz", c)]["rps"]
            for label, name in (
                ("result", "result page, random answers"),
                ("api", "API, random answers"),
                ("warm result", "result page, one repeated URL (warm)"),
            )
        }
        for c in CONCURRENCY
    }
    return {"rows": rows, "ratios": ratios, "rounds": rounds, "memory_mib": memory}


def measure(wrk: str, server, path: str, connections: int, seconds: int, script: Path) -> dict:
    """One wrk run against ``path`` with the workers' CPU milliseconds per request, then a wait
    until the server is idle again (so one run's backlog does not count against the next)."""
    cpu_before = server.worker_cpu_seconds()
    row = run_wrk(wrk, server.base + path, connections, seconds, script)
    cpu = server.worker_cpu_seconds() - cpu_before
    row["cpu_ms_per_request"] = cpu * 1000 / max(1, row["requests"])
    wait_until_idle(server.base)
    return row


def interleaved_rounds(wrk: str, server, endpoints, seconds: int) -> list[dict]:
    """``/healthz``, the result page and the API at 16 clients, one after another, ROUNDS times.

    The rows above run each endpoint once, a minute or more apart; on a shared machine the
    load drifts in between, and one pass moved the shares by a third from one run to the next.
    Each round's shares come from runs seconds apart, and the median of the rounds is reported
    beside every round."""
    wanted = {"healthz", "result page, random answers", "API, random answers"}
    out = []
    for number in range(1, ROUNDS + 1):
        figures = {}
        for name, path, script in endpoints:
            if name not in wanted:
                continue
            row = measure(wrk, server, path, ROUND_CONNECTIONS, seconds, script)
            figures[name] = {k: row[k] for k in ("rps", "errors", "cpu_ms_per_request")}
        healthz = figures["healthz"]["rps"]
        out.append(
            {
                "round": number,
                "figures": figures,
                "result": figures["result page, random answers"]["rps"] / healthz,
                "api": figures["API, random answers"]["rps"] / healthz,
            }
        )
        print(
            f"  round {number}: result page {out[-1]['result']:.0%}, API {out[-1]['api']:.0%}",
            flush=True,
        )
    return out


def in_process(env: dict[str, str]) -> dict:
    child = subprocess.run(
        [sys.executable, str(HERE / "inprocess.py")],
        env={**env, "BENCH_HOST": harness.HOST},
        cwd=harness.ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        raise SystemExit(child.stderr)
    return json.loads(next(x for x in child.stdout.splitlines() if x.startswith("JSON "))[5:])


def stalls(wrk: str, env: dict[str, str], args) -> dict:
    forced = {**env, "GUNICORN_MAX_WORKER_MIB": "1", "GUNICORN_MEMORY_CHECK_EVERY": "2000"}
    out = {}
    runs = (("as configured", env, STALL_SECONDS), ("recycling forced", forced, FORCED_SECONDS))
    for label, server_env, seconds in runs:
        with harness.servers(server_env, [PORT], args.workers, recycle=True) as (server,):
            for _ in range(20):
                get(server.base, "/healthz")
            row = run_wrk(wrk, server.base + "/healthz", 1, seconds)
            memory = server.worker_memory_mib()
        log = (harness.WORK / f"gunicorn-{PORT}.log").read_text()
        row["recycles"] = log.count("Recycling worker") + log.count("Autorestarting worker")
        row["memory_mib"] = memory
        out[label] = row
        print(f"stalls, {label}: {row}", flush=True)
    return out


def abuse(wrk: str, env: dict[str, str], args) -> dict:
    (harness.WORK / "scripts").mkdir(parents=True, exist_ok=True)
    script = write_lua(harness.WORK / "scripts" / "pdf.lua", "/plan/export/pdf", STATUSES)
    out: dict = {}
    unlimited = {**env, "EXPORT_RATE": "100000/m", "RENDER_RATE": "100000/m"}
    for label, server_env in (("as configured", env), ("rate limit lifted", unlimited)):
        with harness.servers(server_env, [PORT], args.workers) as (server,):
            get(server.base, "/plan/export/pdf?" + TYPICAL_QUERY, timeout=60)
            with HealthPoller(server.base) as poller:
                flood = run_wrk(wrk, server.base + "/plan/export/pdf", 16, PDF_SECONDS, script)
            out[label] = {"pdf": flood, "healthz": poller.summary()}
            print(f"PDF flood, {label}: {out[label]}", flush=True)
            if label == "as configured":
                for kind, partial in (("silent", False), ("half a request", True)):
                    out.setdefault("idle sockets", {})[kind] = idle_sockets(
                        server.base, partial=partial
                    )
                print(f"idle sockets: {out['idle sockets']}", flush=True)
            out.setdefault("memory_mib", {})[label] = server.worker_memory_mib()
            out.setdefault("render_process_mib", {})[label] = server.render_process_memory_mib()
    return out


def idle_sockets(base: str, *, partial: bool) -> dict:
    """Connections held open while /healthz is polled: silent ones (connect, send nothing) or,
    with ``partial``, ones that send half a request and stop. With sync workers each held a
    whole worker until it closed."""
    host, port = base.removeprefix("http://").split(":")
    held = []
    with contextlib.ExitStack() as stack:
        for _ in range(IDLE_SOCKETS):
            sock = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
            if partial:
                sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {harness.HOST}\r\n".encode())
            held.append(sock)
        with HealthPoller(base) as poller:
            time.sleep(IDLE_SECONDS)
    return {
        "sockets": len(held),
        "partial": partial,
        "seconds": IDLE_SECONDS,
        "healthz": poller.summary(),
    }


# --------------------------------------------------------------------------- report
def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgres": pg,
        "load_before": os.getloadavg()[0],
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "part", nargs="?", default="all", choices=["throughput", "stalls", "abuse", "all"]
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-url", default="")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()

    wrk = ensure_wrk()
    ensure_font_subsetting()
    extra = {"CACHE_URL": args.cache_url} if args.cache_url else {}
    env = harness.production_env(DATABASE, **extra)
    print(f"Preparing database {DATABASE} and static files...", flush=True)
    harness.prepare(env, DATABASE)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results = {k: v for k, v in results.items() if k in ("throughput", "stalls", "abuse")}
    config = {
        "workers": args.workers,
        "duration": args.duration,
        "cache": args.cache_url or "local memory (the default)",
    }
    try:
        parts = ["throughput", "stalls", "abuse"] if args.part == "all" else [args.part]
        for part in parts:
            started = machine()
            if part == "throughput":
                section = throughput(wrk, env, args)
                section["in_process"] = in_process(env)
            elif part == "stalls":
                section = stalls(wrk, env, args)
            else:
                section = abuse(wrk, env, args)
            section["machine"], section["config"] = started, config
            results[part] = section
            RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    finally:
        if not args.keep_db:
            harness.drop_database(DATABASE)
    if args.no_readme:
        print("Wrote bench/results.json")
        return
    write_readme(results, HERE / "README.md")
    print("Wrote bench/README.md and bench/results.json")


if __name__ == "__main__":
    main()
