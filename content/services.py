"""Writes to the guide made from admin: publish, unpublish, revert, slug redirects, usage counts.

Each write is atomic and marks the guide as changed (``bump_revision``), so the engine, the API
and every page see it at once. Functions take keyword arguments only.
"""

from __future__ import annotations

import atexit
import datetime
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from . import models
from .choices import Status
from .snapshot import bump_revision

PUBLISH_PERMISSION = "content.publish_content"
RESULTS_DIMENSION = "results"  # one count per result viewed, whatever the answers

# The kinds of page whose address contains a slug, and where each lives.
REDIRECT_KINDS: dict[type[Model], str] = {
    models.Approach: models.SlugRedirect.Kind.APPROACH,
    models.Method: models.SlugRedirect.Kind.METHOD,
    models.CaseExample: models.SlugRedirect.Kind.CASE_EXAMPLE,
}
_DETAIL_URLS = {
    models.SlugRedirect.Kind.APPROACH: "content:approach-detail",
    models.SlugRedirect.Kind.METHOD: "content:method-detail",
    models.SlugRedirect.Kind.CASE_EXAMPLE: "content:case-example-detail",
}
_MODEL_BY_KIND = {kind: model for model, kind in REDIRECT_KINDS.items()}

User = AbstractBaseUser | AnonymousUser


# ---------------------------------------------------------------- publishing


def _set_status(*, items: Iterable[Model], status: str, user: User | None) -> int:
    changed = 0
    with transaction.atomic():
        for item in items:
            if item.status == status:
                continue
            item.status = status
            if user is not None and user.is_authenticated:
                item._history_user = user  # recorded by django-simple-history
            item.save(update_fields=["status", "updated_at"])
            changed += 1
        if changed:
            bump_revision()
    return changed


def publish(*, items: Iterable[Model], user: User | None = None) -> int:
    """Publish the given items; return how many changed. Each save is kept in their history."""
    return _set_status(items=items, status=Status.PUBLISHED, user=user)


def unpublish(*, items: Iterable[Model], user: User | None = None) -> int:
    """Return the given items to draft; return how many changed."""
    return _set_status(items=items, status=Status.DRAFT, user=user)


def publish_blockers(*, items: Iterable[Model]) -> list[str]:
    """Why some of these items would stay invisible once published (e.g. a draft approach)."""
    problems = []
    for item in items:
        if isinstance(item, models.Method) and not item.approach.is_published:
            problems.append(
                f"{item} belongs to the draft approach {item.approach}: publish the approach "
                "too, or the method stays hidden."
            )
    return problems


def revert(*, item: Model, history_id: int, user: User | None = None) -> Model:
    """Restore one item's fields to an earlier version from its history (a new history entry)."""
    record = item.history.get(history_id=history_id)
    with transaction.atomic():
        restored = record.instance
        if user is not None and user.is_authenticated:
            restored._history_user = user
        restored._change_reason = f"Reverted to version {history_id}"
        if slug_needs_redirect(item=restored, old_slug=item.slug, was_published=item.is_published):
            record_slug_change(item=restored, old_slug=item.slug)
        restored.save()
        bump_revision()
    return restored


# ---------------------------------------------------------------- slug redirects


def record_slug_change(*, item: Model, old_slug: str) -> models.SlugRedirect | None:
    """Keep the old address of a published page working when its slug changes.

    Redirects already pointing at the old slug are moved to the new one, so there are no chains;
    a redirect from the new slug (an item moved back) is removed.
    """
    kind = REDIRECT_KINDS.get(type(item))
    new_slug = item.slug
    if kind is None or not old_slug or old_slug == new_slug:
        return None
    with transaction.atomic():
        models.SlugRedirect.objects.filter(kind=kind, old_slug=new_slug).delete()
        for redirect in models.SlugRedirect.objects.filter(kind=kind, new_slug=old_slug):
            redirect.new_slug = new_slug
            redirect.save(update_fields=["new_slug"])
        redirect, _ = models.SlugRedirect.objects.update_or_create(
            kind=kind, old_slug=old_slug, defaults={"new_slug": new_slug}
        )
    return redirect


def slug_needs_redirect(*, item: Model, old_slug: str, was_published: bool) -> bool:
    return was_published and type(item) in REDIRECT_KINDS and old_slug != item.slug


def redirect_for(kind: str, slug: str) -> str | None:
    """The current address for an old slug of this kind of page, or None.

    Only answers when the target is published, so a redirect never reveals a draft.
    """
    new_slug = (
        models.SlugRedirect.objects.filter(kind=kind, old_slug=slug)
        .values_list("new_slug", flat=True)
        .first()
    )
    model = _MODEL_BY_KIND.get(kind)
    if new_slug is None or model is None:
        return None
    if not model.objects.published().filter(slug=new_slug).exists():
        return None
    return reverse(_DETAIL_URLS[kind], kwargs={"slug": new_slug})


_PATH_PREFIXES = {
    "approaches": models.SlugRedirect.Kind.APPROACH,
    "methods": models.SlugRedirect.Kind.METHOD,
    "case-examples": models.SlugRedirect.Kind.CASE_EXAMPLE,
}


def redirect_for_path(path: str) -> str | None:
    """The new address for an old detail-page path such as /methods/<old-slug>/, or None."""
    parts = [p for p in path.split("/") if p]
    if len(parts) != 2 or parts[0] not in _PATH_PREFIXES:
        return None
    return redirect_for(_PATH_PREFIXES[parts[0]], parts[1])


# ---------------------------------------------------------------- usage


def _usage_pairs(answers: Mapping[str, object], top_approach_slugs: list[str]) -> set[tuple]:
    """Only known questions and values are counted, so nothing free-form is ever stored."""
    from selector.questions import QUESTION_BY_NAME

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
