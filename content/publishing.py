"""Publishing from admin: publish, unpublish and revert guide items.

Each write is atomic and marks the guide as changed (``bump_revision``), so the engine, the API
and every page see it at once. Functions take keyword arguments only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from . import models
from .choices import Status
from .slug_redirects import record_slug_change, slug_needs_redirect
from .snapshot import bump_revision

PUBLISH_PERMISSION = "content.publish_content"

User = AbstractBaseUser | AnonymousUser


def _set_status(*, items: Iterable[models.GuideItem], status: str, user: User | None) -> int:
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


def publish(*, items: Iterable[models.GuideItem], user: User | None = None) -> int:
    """Publish the given items; return how many changed. Each save is kept in their history."""
    return _set_status(items=items, status=Status.PUBLISHED, user=user)


def unpublish(*, items: Iterable[models.GuideItem], user: User | None = None) -> int:
    """Return the given items to draft; return how many changed."""
    return _set_status(items=items, status=Status.DRAFT, user=user)


def publish_blockers(*, items: Iterable[models.GuideItem]) -> list[str]:
    """Why some of these items would stay invisible once published (e.g. a draft approach)."""
    problems = []
    for item in items:
        if isinstance(item, models.Method) and not item.approach.is_published:
            problems.append(
                f"{item} belongs to the draft approach {item.approach}: publish the approach "
                "too, or the method stays hidden."
            )
    return problems


def revert(
    *, item: models.GuideItem, history_id: int, user: User | None = None
) -> models.GuideItem:
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
