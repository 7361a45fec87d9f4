"""Limits on what members can send: a member cap per team and a rate limit on submissions.

The rate limit is a fixed window counted in the shared cache (Redis in production), so it holds
across every app server. It is generous for a person and stops a script.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def member_cap() -> int:
    return getattr(settings, "TEAM_MEMBER_CAP", 200)


def allow_join(team_id: int, client: str) -> bool:
    """Joins per client address: a whole team may join from one office network at once."""
    limit = getattr(settings, "TEAM_JOINS_PER_WINDOW", 200)
    return allow_submission("join", str(team_id), client, limit=limit)


def _window() -> tuple[int, int]:
    return (
        getattr(settings, "TEAM_SUBMISSIONS_PER_WINDOW", 60),
        getattr(settings, "TEAM_SUBMISSION_WINDOW_SECONDS", 60),
    )


def allow_submission(*parts: str, limit: int | None = None) -> bool:
    """Count one submission by whoever ``parts`` identify; False once over the limit."""
    default, seconds = _window()
    limit = limit or default
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    key = f"teams:rate:{digest}"
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.add(key, 1, timeout=seconds)
        return True
    return count <= limit
