"""Median time to produce each export format for a typical saved plan, on the real guide.

Run: .venv/bin/python bench/bench_exports.py [--runs N]

Works in a throw-away test database (the real guide is loaded into it), so it never touches
the development database. Times cover building the summary from the saved plan and rendering
the format, which is what an export request does beyond routing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spreadguide.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from selector.scenarios import TYPICAL_ANSWERS  # noqa: E402

PDF_BUDGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from content.guide_loader import load_guide
        from selector.exports import EXPORTERS
        from selector.plans import create_plan_from_answers
        from selector.summary import summary_from_plan

        load_guide()
        plan, _key = create_plan_from_answers(answers=TYPICAL_ANSWERS)
        plan.title = "Frailty spread: board paper"
        plan.note = "Start small and report monthly to the programme board."
        plan.save()
        for row in plan.methods.all():
            row.note = f"Who leads {row.name}, and by when. " * 3
            row.save()
        plan = type(plan).objects.prefetch_related("methods").get(pk=plan.pk)

        rows = []
        for fmt, exporter in EXPORTERS.items():
            exporter.render(summary_from_plan(plan))  # warm up: fonts, templates, caches
            times, size = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                size = len(exporter.render(summary_from_plan(plan)))
                times.append(time.perf_counter() - started)
            rows.append((fmt, statistics.median(times), max(times), size))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    methods = sum(1 for m in plan.methods.all() if m.included)
    print(f"Export timings: typical plan ({methods} methods, real guide), {args.runs} runs each")
    print(f"{'format':<8}{'median ms':>12}{'max ms':>10}{'bytes':>10}")
    for fmt, median, worst, size in rows:
        print(f"{fmt:<8}{median * 1000:>12.1f}{worst * 1000:>10.1f}{size:>10}")
    pdf_median = next(m for f, m, _, _ in rows if f == "pdf")
    ok = pdf_median < PDF_BUDGET_SECONDS
    print(
        f"PDF median {pdf_median:.3f} s: {'within' if ok else 'OVER'} the {PDF_BUDGET_SECONDS} s budget"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
