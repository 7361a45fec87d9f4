"""In-process costs, without the network: CPU milliseconds per request for /healthz, a cold
result page and the API (a new random answer set every time), and the engine and API at 1x,
10x and 100x content with audiences and the per-request snapshot load included.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/inprocess.py

Run by bench/run.py on its benchmark database; prints one ``JSON {...}`` line.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spreadguide.settings")

REQUESTS = 400
FACTORS = ((1, 400), (10, 300), (100, 200))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _summary(cpu_seconds: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(cpu_seconds) * 1000,
        "p95_ms": _percentile(cpu_seconds, 0.95) * 1000,
    }


class WSGICaller:
    """Requests straight to the WSGI application, as gunicorn makes them: Django's test client
    adds its own work to every request (it records each template rendered, with a copy of its
    context), which made a page look cheaper next to ``/healthz`` than it is."""

    def __init__(self, headers: dict[str, str]) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.application = WSGIHandler()
        self.headers = headers
        self.status = ""

    def get(self, url: str) -> int:
        import io

        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **self.headers,
        }
        body = self.application(environ, self._start_response)
        try:
            b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        return int(self.status.split()[0])

    def _start_response(self, status: str, headers: list, exc_info: object = None) -> None:
        self.status = status


def pages(client: WSGICaller) -> dict:
    from bench.answer_sets import random_queries

    queries = iter(random_queries(REQUESTS * 3, seed=3))
    paths = {
        "healthz": lambda: "/healthz",
        "result page (cold)": lambda: f"/plan/result?{next(queries)}",
        "API (cold)": lambda: f"/api/recommendation?{next(queries)}",
    }
    out = {}
    for name, path in paths.items():
        for _ in range(20):  # warm up on this path's code
            client.get(path())
        cpu = []
        for _ in range(REQUESTS):
            url = path()
            started = time.process_time()
            status = client.get(url)
            cpu.append(time.process_time() - started)
            assert status == 200, (url, status)
        out[name] = _summary(cpu)
    out["result_over_healthz"] = (
        out["result page (cold)"]["median_ms"] / out["healthz"]["median_ms"]
    )
    return out


def scaled(snapshot, factor: int):
    methods = tuple(
        replace(m, slug=f"{m.slug}--{i}", name=f"{m.name} {i}") if i else m
        for i in range(factor)
        for m in snapshot.methods
    )
    return replace(snapshot, methods=methods, version=f"{snapshot.version}-x{factor}")


def content_scaling() -> dict:
    """CPU time of the engine alone, and of the API's whole path (revision read, snapshot from process memory,
    engine, body, JSON), at 1x, 10x and 100x methods; random answers with audiences."""
    from django.core.serializers.json import DjangoJSONEncoder

    from bench.answer_sets import random_answers
    from content import snapshot as snapshots
    from selector.api import serialise
    from selector.engine import prepare, recommend
    from selector.summary import summary_from_recommendation

    base = snapshots.get_snapshot()
    rng = random.Random(11)
    out = []
    for factor, samples in FACTORS:
        guide = scaled(base, factor)
        # Stand in for the current revision's snapshot, as a worker holds it in memory.
        snapshots.forget_local_snapshots()
        snapshots._LOCAL[snapshots.guide_version()] = guide
        started = time.perf_counter()
        prepare(guide)
        first = time.perf_counter() - started
        engine, api, sizes, sizes_all = [], [], [], []
        for _ in range(samples):
            answers = random_answers(rng)
            started = time.process_time()
            recommend(answers, guide)
            engine.append(time.process_time() - started)
            started = time.process_time()
            snapshot = snapshots.get_snapshot()
            result = recommend(answers, snapshot)
            summary = summary_from_recommendation(result, base_url="https://x", snapshot=snapshot)
            body = json.dumps(serialise(summary, result, all_methods=False), cls=DjangoJSONEncoder)
            api.append(time.process_time() - started)
            sizes.append(len(body))
        for _ in range(5):
            result = recommend(random_answers(rng), guide)
            summary = summary_from_recommendation(result, base_url="https://x", snapshot=guide)
            body = json.dumps(serialise(summary, result, all_methods=True), cls=DjangoJSONEncoder)
            sizes_all.append(len(body))
        out.append(
            {
                "factor": factor,
                "methods": len(guide.methods),
                "samples": samples,
                "first_call_ms": first * 1000,
                "engine": {k: v * 1000 for k, v in _wall(engine).items()},
                "api": {k: v * 1000 for k, v in _wall(api).items()},
                "api_kb": statistics.median(sizes) / 1024,
                "api_all_kb": statistics.median(sizes_all) / 1024,
            }
        )
    snapshots.forget_local_snapshots()
    return {"sizes": out, "gc_threshold": gc.get_threshold(), "gc_frozen": gc.get_freeze_count()}


def _wall(seconds: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(seconds),
        "p95": _percentile(seconds, 0.95),
        "max": max(seconds),
    }


def main() -> None:
    import django

    django.setup()
    from spreadguide.warmup import warm

    warm()  # as the gunicorn master does before forking
    headers = {"HTTP_HOST": os.environ.get("BENCH_HOST", "127.0.0.1")}
    if os.environ.get("DJANGO_ENV") == "production":
        headers["HTTP_X_FORWARDED_PROTO"] = "https"
    result = {"pages": pages(WSGICaller(headers)), "content": content_scaling()}
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
