"""Old addresses of renamed pages: recorded when a published slug changes, then redirected."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from . import models

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
