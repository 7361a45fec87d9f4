"""Where a cold result page and a cold API answer spend their CPU, stage by stage, with the
engine's results computed beforehand so that changes to the engine do not blur the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> DJANGO_ENV=production \\
        .venv/bin/python bench/page_stages.py [requests]

Each request gets a new random answer set (as real visitors do); ``recommend`` is replaced by a
lookup of that set's precomputed recommendation. Stages are timed with ``time.process_time``
around the functions the views call; "request path" is the rest of the request (middleware,
the revision read, URL resolution, conditional headers). Requests go straight to the WSGI
application, as in ``bench/inprocess.py``.
Prints a table and one ``JSON {...}`` line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spreadguide.settings")

_spent: defaultdict[str, float] = defaultdict(float)


def _timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _spent[stage] += time.process_time() - started

    return wrapper


def _patch(module: Any, name: str, stage: str) -> None:
    # Tolerant of names a version of the code does not have, so one script times both sides
    # of a change.
    if hasattr(module, name):
        setattr(module, name, _timed(stage, getattr(module, name)))


def main() -> None:
    import django

    django.setup()
    from bench.answer_sets import random_queries
    from content.snapshot import get_snapshot
    from selector import api, views
    from selector.answers import parse_answers
    from selector.engine import recommend
    from spreadguide.warmup import warm

    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    warm()
    if os.environ.get("BENCH_GC") == "off":  # to see what collections add to each stage
        import gc

        gc.disable()
    headers = {"HTTP_HOST": os.environ.get("BENCH_HOST", "127.0.0.1")}
    if os.environ.get("DJANGO_ENV") == "production":
        headers["HTTP_X_FORWARDED_PROTO"] = "https"

    queries = random_queries(2 * requests + 40, seed=5)
    snapshot = get_snapshot()
    precomputed = {}
    for query in queries:
        answers, _ = parse_answers(django.http.QueryDict(query))
        precomputed[answers] = recommend(answers, snapshot)

    # Keep the precomputed results out of the collector's way, as warm() does for what a
    # worker loads before it forks: otherwise every full collection walks them.
    import gc

    gc.collect()
    gc.freeze()
    collecting = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.process_time()
        else:
            _spent["(of which garbage collection)"] += time.process_time() - collecting[0]

    gc.callbacks.append(on_gc)

    def fixed(answers: Any, _snapshot: Any = None) -> Any:
        return precomputed[answers]

    views.recommend = api.recommend = _timed("engine (lookup)", fixed)
    _patch(views, "parse_answers", "parse answers")
    _patch(api, "parse_answers", "parse answers")
    _patch(views, "get_snapshot", "snapshot")
    _patch(api, "get_snapshot", "snapshot")
    _patch(views, "record_result_view", "usage counter")
    _patch(views, "summary_from_recommendation", "plan summary")
    _patch(api, "summary_from_recommendation", "plan summary")
    _patch(views, "_answer_rows", "context")
    _patch(views.wizard, "change_urls", "context")
    _patch(views, "what_if_choices", "context")
    _patch(views.wizard, "answer_pairs", "context")
    _patch(views.wizard, "check_url", "context")
    _patch(views, "render", "render")
    _patch(views, "render_page", "render")
    _patch(api, "serialise", "API body")
    _patch(api, "JsonResponse", "JSON encoding")
    from spreadguide import http

    _patch(http, "content_version", "revision read (at most one query)")
    _patch(http, "compute_etag", "conditional headers")
    _patch(http, "patch_vary_headers", "conditional headers")
    _patch(http, "patch_cache_control", "conditional headers")
    _patch(views, "public_base_url", "context")
    _patch(api, "public_base_url", "API body")

    from bench.inprocess import WSGICaller

    client = WSGICaller(headers)
    pages = iter(queries)
    paths = {
        "healthz": lambda: "/healthz",
        "result page": lambda: f"/plan/result?{next(pages)}",
        "API": lambda: f"/api/recommendation?{next(pages)}",
    }
    report: dict[str, dict[str, float]] = {}
    for name, path in paths.items():
        for _ in range(10):
            client.get(path())
        totals = []
        gc_time: list[float] = []
        stages: defaultdict[str, list[float]] = defaultdict(list)
        for _ in range(requests):
            url = path()
            _spent.clear()
            started = time.process_time()
            status = client.get(url)
            total = time.process_time() - started
            assert status == 200, (url, status)
            totals.append(total)
            for stage, seconds in _spent.items():
                stages[stage].append(seconds)
            gc_time.append(_spent.get("(of which garbage collection)", 0.0))
            counted = sum(v for k, v in _spent.items() if not k.startswith("("))
            stages["request path (the rest)"].append(total - counted)
        report[name] = {"total": statistics.median(totals) * 1000}
        report[name].update(
            {stage: statistics.median(values) * 1000 for stage, values in stages.items()}
        )
        # Collections are rare and long, so their median is meaningless: say their mean.
        report[name]["(of which garbage collection)"] = statistics.mean(gc_time) * 1000
        report[name]["(collections: requests with one)"] = sum(1 for t in gc_time if t)
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"{requests} requests each; median CPU ms per request; load average {load}")
    for name, figures in report.items():
        print(f"\n{name}: total {figures['total']:.2f} ms")
        for stage, ms in figures.items():
            if stage != "total":
                print(f"  {stage:28s} {ms:6.2f}")
    print(
        f"\nresult page / healthz: {report['result page']['total'] / report['healthz']['total']:.1f}"
        f"; with the engine's real cost it would add that back"
    )
    print("JSON " + json.dumps({"load": float(load), "stages": report}))


if __name__ == "__main__":
    main()
