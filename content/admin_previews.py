"""Previews other apps add to a method's admin page, so content's admin needs none of them.

The selector registers the engine preview (where the method ranks in typical scenarios). A
preview is a function of the method (saved or not) and the slug it had, returning the context
its template reads; ``templates/admin/content/method/change_form.html`` shows what it finds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import models

MethodPreview = Callable[..., dict[str, Any]]  # (method, *, previous_slug=None) -> context

_method_previews: list[MethodPreview] = []


def register_method_preview(preview: MethodPreview) -> None:
    if preview not in _method_previews:
        _method_previews.append(preview)


def method_preview_context(
    method: models.Method, *, previous_slug: str | None = None
) -> dict[str, Any]:
    """The context every registered preview adds for this method (empty when none is)."""
    context: dict[str, Any] = {}
    for preview in _method_previews:
        context.update(preview(method, previous_slug=previous_slug))
    return context
