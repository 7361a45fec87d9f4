"""Anonymous usage counts of viewed results, per day, held in this process and written in bulk.

Only known questions and values are counted, so nothing free-form is ever stored; the counts
live in ``content.models.UsageCount``, which editors read on the usage page (``usage_admin``).
"""

from __future__ import annotations

import atexit
import datetime
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import connection
from django.utils import timezone

from content import models

from .questions import QUESTION_BY_NAME

RESULTS_DIMENSION = "results"  # one count per result viewed, whatever the answers


def _usage_pairs(answers: Mapping[str, object], top_approach_slugs: list[str]) -> set[tuple]:
    """Only known questions and values are counted, so nothing free-form is ever stored."""
    pairs: set[tuple[str, str]] = {(RESULTS_DIMENSION, "all")}
    for slug in top_approach_slugs[:3]:
        if isinstance(slug, str) and 0 < len(slug) <= 120:
            pairs.add(("approach", slug))
    for name, raw in answers.items():
        question = QUESTION_BY_NAME.get(name)
        if question is None:
            continue
        values = raw if isinstance(raw, list | tuple) else [raw]
        for value in values:
            if value in question.values:
                pairs.add((f"answer:{name}", value))
    return pairs


class _UsageBuffer:
    """Counts held in this process and written to the database at most every few seconds.

    The result page is the busiest page; writing counters on every view cost it a third of its
    throughput. Counts reach the database within ``USAGE_FLUSH_SECONDS`` (and when the process
    exits); a process that is killed outright loses at most that many seconds of counts.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[datetime.date, str, str]] = Counter()
        self._last_flush = time.monotonic()

    def add(self, keys: Iterable[tuple[datetime.date, str, str]]) -> bool:
        """Count the keys; say whether a flush is due."""
        with self._lock:
            self._counts.update(keys)
            return time.monotonic() - self._last_flush >= settings.USAGE_FLUSH_SECONDS

    def take(self) -> dict[tuple[datetime.date, str, str], int]:
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
            self._last_flush = time.monotonic()
            return counts


_usage = _UsageBuffer()


def record_result_view(*, answers: Mapping[str, object], top_approach_slugs: list[str]) -> None:
    """Count one viewed result: each answer value and each of the top three approaches, per day.

    Anonymous: no user, address, browser or plan is recorded, only counters.
    """
    day = timezone.localdate()
    keys = [
        (day, dimension, value) for dimension, value in _usage_pairs(answers, top_approach_slugs)
    ]
    if _usage.add(keys):
        flush_usage()


def discard_pending_usage() -> None:
    """Forget counts not yet written (tests: a test's views must not be counted in the next)."""
    _usage.take()


def flush_usage() -> None:
    """Write this process's pending counts to the database in one statement."""
    counts = _usage.take()
    if not counts:
        return
    table = models.UsageCount._meta.db_table
    # One statement adds every pending count, creating missing rows, with no lost counts under
    # concurrency. The ORM cannot say "insert, or add on conflict" (its upsert only overwrites),
    # and SQLite and PostgreSQL share this syntax.
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(counts))
    sql = (
        f"INSERT INTO {table} (date, dimension, value, count) VALUES {rows} "
        f"ON CONFLICT (date, dimension, value) DO UPDATE SET count = {table}.count + EXCLUDED.count"
    )
    params = [
        item for (day, dim, value), n in sorted(counts.items()) for item in (day, dim, value, n)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Best effort on a graceful exit (gunicorn recycling a worker, a deploy).
atexit.register(lambda: flush_usage() if _usage._counts else None)
