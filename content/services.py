"""Writes to the guide made from admin: publish, unpublish, revert, slug redirects.

Each write is atomic and marks the guide as changed (``bump_revision``), so the engine, the API
and every page see it at once. Functions take keyword arguments only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.urls import reverse

from . import models
from .choices import Status
from .snapshot import bump_revision

PUBLISH_PERMISSION = "content.publish_content"

# The kinds of page whose address contains a slug, and where each lives.
REDIRECT_KINDS: dict[type[models.GuideItem], str] = {
    models.Approach: models.SlugRedirect.Kind.APPROACH,
    models.Method: models.SlugRedirect.Kind.METHOD,
    models.CaseExample: models.SlugRedirect.Kind.CASE_EXAMPLE,
}
_DETAIL_URLS: dict[str, str] = {
    models.SlugRedirect.Kind.APPROACH: "content:approach-detail",
    models.SlugRedirect.Kind.METHOD: "content:method-detail",
    models.SlugRedirect.Kind.CASE_EXAMPLE: "content:case-example-detail",
}
_MODEL_BY_KIND: dict[str, type[models.GuideItem]] = {
    kind: model for model, kind in REDIRECT_KINDS.items()
}

User = AbstractBaseUser | AnonymousUser


# ---------------------------------------------------------------- publishing


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


# ---------------------------------------------------------------- slug redirects


def record_slug_change(*, item: models.GuideItem, old_slug: str) -> models.SlugRedirect | None:
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


def slug_needs_redirect(*, item: models.GuideItem, old_slug: str, was_published: bool) -> bool:
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
