"""Spread Guide benchmarks: one command, `python bench/run.py` (or `make bench`).

1. Creates a fresh PostgreSQL database (spreadguide_bench), loads the guide and collects static
   files with the production storage, all with DJANGO_ENV=production.
2. Starts two gunicorn servers (gunicorn.conf.py, a fixed number of sync workers each) on two
   ports, sharing that database.
3. Measures with wrk, a separate process, at 1 and 16 concurrent connections: /healthz, a content
   page, /plan/result, /api/recommendation and a PDF export; then /plan/result spread over both
   servers at once.
4. Times the recommendation engine in-process on the real guide and on synthetic guides with
   10x and 100x as many methods.
5. Writes bench/README.md with the figures, and bench/results.json with the raw numbers.

Options: --duration SECONDS per run (default 10), --workers N per server (default 2),
--cache-url URL (e.g. redis://127.0.0.1:6379/1; default: local memory), --keep-db.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from selector.scenarios import TYPICAL_QUERY

DATABASE = "spreadguide_bench"
PORTS = [8101, 8102]
QUERY = TYPICAL_QUERY
ENDPOINTS = [
    ("healthz", "/healthz"),
    ("content page", "/approaches/piloting-and-rolling-out/"),
    ("result page", f"/plan/result?{QUERY}"),
    ("API recommendation", f"/api/recommendation?{QUERY}"),
    ("PDF export", f"/plan/export/pdf?{QUERY}"),
]
CONCURRENCY = [1, 16]


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


def run_wrk(wrk: str, url: str, connections: int, duration: int) -> dict:
    threads = min(connections, 2)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "-s",
        str(Path(__file__).with_name("wrk_report.lua")),
        *(arg for k, v in harness.PROXY_HEADERS.items() for arg in ("-H", f"{k}: {v}")),
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    result = json.loads(line[5:])
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def smoke(base: str, path: str) -> tuple[int, str, int]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base + path, headers=harness.PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            return response.status, response.headers.get("Content-Type", ""), len(body)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), 0


def wait_until_idle(base: str, limit_seconds: float = 60.0) -> None:
    """Let a server finish requests still queued from the last run (slow PDFs pile up), so
    each measurement starts from an idle server."""
    deadline = time.monotonic() + limit_seconds
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        smoke(base, "/healthz")
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


# --------------------------------------------------------------------------- engine scaling
def engine_scaling() -> dict:
    """Run inside a Django process: time recommend() on 1x, 10x and 100x the real methods."""
    import django

    django.setup()
    from dataclasses import replace
    from itertools import product

    from content.snapshot import get_snapshot
    from selector import engine
    from selector.answers import Answers
    from selector.questions import QUESTIONS

    base = get_snapshot()
    singles = [q for q in QUESTIONS if not q.multiple]
    combos = list(product(*(q.values for q in singles)))
    rng = random.Random(7)
    out = {"methods_1x": len(base.methods), "sizes": []}
    for factor, samples in ((1, 400), (10, 200), (100, 60)):
        methods = tuple(
            replace(m, slug=f"{m.slug}--{i}" if i else m.slug, name=f"{m.name} {i}")
            for i in range(factor)
            for m in base.methods
        )
        snapshot = replace(base, methods=methods, version=f"bench-x{factor}")
        chosen = [
            Answers(**dict(zip([q.name for q in singles], c, strict=True)), audience=())
            for c in rng.sample(combos, samples)
        ]
        engine._PREPARED.clear()
        started = time.perf_counter()
        engine.recommend(chosen[0], snapshot)
        cold = time.perf_counter() - started
        times = []
        for answers in chosen:
            started = time.perf_counter()
            engine.recommend(answers, snapshot)
            times.append(time.perf_counter() - started)
        times.sort()
        out["sizes"].append(
            {
                "factor": factor,
                "methods": len(methods),
                "samples": samples,
                "cold_ms": cold * 1000,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
            }
        )
    return out


# --------------------------------------------------------------------------- report
def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
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
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def write_readme(results: dict) -> None:
    m = results["machine"]
    cfg = results["config"]
    lines = [
        "# Benchmarks",
        "",
        "Reproduce with one command (needs PostgreSQL on 127.0.0.1:5432 and `wrk`, which it",
        "installs with apt if missing):",
        "",
        "```sh",
        "make bench            # or: .venv/bin/python bench/run.py [--duration 10 --workers 2]",
        "```",
        "",
        "It is not part of the test suite. What it does: a fresh PostgreSQL database with the",
        "guide loaded, static files collected with the production storage, `DJANGO_ENV=production`;",
        f"two gunicorn servers (`gunicorn.conf.py`, {cfg['workers']} sync workers each) on ports "
        f"{PORTS[0]} and {PORTS[1]} sharing that database; cache: {cfg['cache']}. Load comes from",
        "`wrk` in a separate process, with the headers a TLS-terminating load balancer adds",
        f"(`X-Forwarded-Proto: https`). Each run lasts {cfg['duration']} s after a warm-up.",
        "",
        f"Run of {m['date']} on {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"PostgreSQL {m['postgres']}. The load generator shares these CPUs with the servers,",
        "so the figures are a floor, not a ceiling.",
        "",
        "## Throughput and latency (one server)",
        "",
        "| endpoint | clients | requests/s | p50 ms | p95 ms | requests | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["http"]:
        lines.append(
            f"| {row['name']} | {row['connections']} | {row['rps']:.1f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['requests']} | {row['errors']} |"
        )
    lines += ["", "Paths (answers: " + QUERY + "):", ""]
    lines += [f"- {name}: `{path.split('?')[0]}`" for name, path in ENDPOINTS]
    lines += ["", "## Result page against the stack's floor", ""]
    for c, ratio in results["ratio"].items():
        lines.append(
            f"- {c} client(s): `/plan/result` serves **{ratio:.0%}** of `/healthz`'s throughput "
            f"(target: at least 33%)."
        )
    two = results["two_servers"]
    lines += [
        "",
        "## Two servers, one database",
        "",
        f"`/plan/result` with {two['connections_each']} connections on each server at once: "
        f"**{two['rps']:.1f} requests/s** combined, p95 {two['p95_ms']:.1f} ms, "
        f"{two['errors']} errors. `bench/stateless_check.py` walks the wizard and edits a saved",
        "plan alternating between the two servers and checks both give the same answers.",
        "",
        "## Recommendation engine and content size",
        "",
        "`selector.engine.recommend` in-process on the real guide (1x) and on synthetic guides",
        "with every method repeated 10 and 100 times; random answer combinations.",
        "",
        "| content | methods | median ms | p95 ms | first call ms (builds tables) |",
        "|---|---:|---:|---:|---:|",
    ]
    for size in results["engine"]["sizes"]:
        lines.append(
            f"| {size['factor']}x | {size['methods']} | {size['median_ms']:.2f} | "
            f"{size['p95_ms']:.2f} | {size['cold_ms']:.1f} |"
        )
    sizes = results["engine"]["sizes"]
    lines += [
        "",
        f"From 1x to 100x methods the median grows {sizes[-1]['median_ms'] / sizes[0]['median_ms']:.0f}-fold "
        "(linear would be 100-fold).",
        "",
        f"Total errors across every HTTP run: **{results['total_errors']}**.",
        "",
        "Raw numbers: `bench/results.json`.",
        "",
    ]
    if results.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in results["notes"]], ""]
    Path(__file__).with_name("README.md").write_text("\n".join(lines))


# --------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-url", default="")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--engine-scaling", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.engine_scaling:  # the child process of step 4
        print("JSON " + json.dumps(engine_scaling()))
        return

    wrk = ensure_wrk()
    extra = {"CACHE_URL": args.cache_url} if args.cache_url else {}
    env = harness.production_env(DATABASE, **extra)
    print(f"Preparing database {DATABASE} and static files...", flush=True)
    harness.prepare(env, DATABASE)
    results: dict = {
        "machine": machine(),
        "config": {
            "workers": args.workers,
            "duration": args.duration,
            "cache": args.cache_url or "local memory (the default)",
        },
        "http": [],
        "notes": [],
    }
    try:
        with harness.servers(env, PORTS, args.workers) as (one, two):
            for name, path in ENDPOINTS:
                status, ctype, size = smoke(one.base, path)
                print(f"  {name}: {status} {ctype} {size} bytes", flush=True)
                if status != 200:
                    results["notes"].append(f"{name} ({path.split('?')[0]}) answered {status}.")
                for _ in range(3):  # warm every worker's caches
                    smoke(one.base, path)
            for name, path in ENDPOINTS:
                for connections in CONCURRENCY:
                    row = run_wrk(wrk, one.base + path, connections, args.duration)
                    wait_until_idle(one.base)
                    row.update(name=name, path=path, connections=connections)
                    results["http"].append(row)
                    print(
                        f"{name:>20} c={connections:<3} {row['rps']:8.1f} req/s "
                        f"p50 {row['p50_ms']:7.1f} ms p95 {row['p95_ms']:7.1f} ms "
                        f"errors {row['errors']}",
                        flush=True,
                    )
            # Both servers at once, one database.
            result_path = dict(ENDPOINTS)["result page"]
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        "import json,sys; sys.path.insert(0, sys.argv[1]);"
                        "from bench.run import run_wrk;"
                        "print(json.dumps(run_wrk(sys.argv[2], sys.argv[3], 8, int(sys.argv[4]))))",
                        str(harness.ROOT),
                        wrk,
                        server.base + result_path,
                        str(args.duration),
                    ],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for server in (one, two)
            ]
            both = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
            results["two_servers"] = {
                "connections_each": 8,
                "rps": sum(b["rps"] for b in both),
                "p95_ms": max(b["p95_ms"] for b in both),
                "errors": sum(b["errors"] for b in both),
                "per_server": both,
            }
            print(f"two servers: {results['two_servers']['rps']:.1f} req/s", flush=True)
    finally:
        pass

    child = subprocess.run(
        [sys.executable, __file__, "--engine-scaling"],
        env=env,
        cwd=harness.ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        raise SystemExit(child.stderr)
    results["engine"] = json.loads(
        next(x for x in child.stdout.splitlines() if x.startswith("JSON "))[5:]
    )
    for size in results["engine"]["sizes"]:
        print(f"engine {size['factor']:>3}x: median {size['median_ms']:.2f} ms", flush=True)

    rps = {(r["name"], r["connections"]): r["rps"] for r in results["http"]}
    results["ratio"] = {str(c): rps[("result page", c)] / rps[("healthz", c)] for c in CONCURRENCY}
    results["total_errors"] = (
        sum(r["errors"] for r in results["http"]) + results["two_servers"]["errors"]
    )
    if not args.keep_db:
        harness.drop_database(DATABASE)
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")
    write_readme(results)
    print("Wrote bench/README.md and bench/results.json")


if __name__ == "__main__":
    main()
