"""Reads of saved plans."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Plan, PlanMethod, hash_key

KEY_MAX_LENGTH = 200


def get_plan_by_key(key: str) -> Plan | None:
    """The plan this key opens, or None.

    The key is hashed and matched with one indexed equality look-up, so the time taken does not
    depend on how much of a guess is right, and the same work is done for every key (an absurdly
    long one is cut short first, still hashed and still looked up).
    """
    digest = hash_key(key[:KEY_MAX_LENGTH])
    return (
        Plan.objects.filter(key_hash=digest)
        .prefetch_related(
            Prefetch("methods", queryset=PlanMethod.objects.order_by("order", "pk")), "phases"
        )
        .first()
    )
