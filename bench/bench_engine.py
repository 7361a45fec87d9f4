"""Time ``selector.engine.recommend`` over the real guide, and over 10x and 100x as many methods.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_engine.py [--wall]

Loads the guide into that database (migrating it first), then times recommendations for a
spread of answer sets. Bigger guides are made in memory by cloning the methods under new slugs.
"""

from __future__ import annotations

import io
import itertools
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
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench.sqlite3")

SAMPLES = 2000


def scaled(snapshot, factor: int):
    methods = [
        replace(m, slug=f"{m.slug}-{i}", name=f"{m.name} {i}") if i else m
        for i in range(factor)
        for m in snapshot.methods
    ]
    return replace(snapshot, methods=tuple(methods), version=f"{snapshot.version}-x{factor}")


def timings(snapshot, answer_sets) -> list[float]:
    from selector.engine import prepare, recommend

    prepare(snapshot)  # per-version tables are built once; time the steady state
    out = []
    for given in answer_sets:
        start = CLOCK()
        recommend(given, snapshot)
        out.append(CLOCK() - start)
    return out


# CPU time of this process: on a shared machine wall-clock time also counts the time other
# processes hold the CPU, which says nothing about the engine. ``--wall`` measures wall time.
CLOCK = time.perf_counter if "--wall" in sys.argv else time.process_time


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_guide", verbosity=0, stdout=io.StringIO())

    from content.snapshot import build_snapshot
    from selector.answers import Answers
    from selector.questions import REQUIRED_SINGLE_QUESTIONS

    names = [q.name for q in REQUIRED_SINGLE_QUESTIONS]
    every = list(itertools.product(*(q.values for q in REQUIRED_SINGLE_QUESTIONS)))
    rng = random.Random(42)
    answer_sets = [
        Answers(**dict(zip(names, rng.choice(every), strict=True))) for _ in range(SAMPLES)
    ]

    guide = build_snapshot()
    print(
        f"real guide: {len(guide.approaches)} approaches, {len(guide.methods)} methods, "
        f"{len(guide.case_examples)} case examples; {SAMPLES} random answer sets"
    )
    for factor in (1, 10, 100):
        snap = scaled(guide, factor)
        runs = timings(snap, answer_sets if factor < 100 else answer_sets[:300])
        runs.sort()
        median = statistics.median(runs) * 1000
        p95 = runs[int(len(runs) * 0.95)] * 1000
        print(
            f"{factor:>4}x ({len(snap.methods):>5} methods): median {median:.3f} ms, "
            f"p95 {p95:.3f} ms"
        )


if __name__ == "__main__":
    main()
