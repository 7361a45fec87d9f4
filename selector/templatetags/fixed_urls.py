"""``{% path "name" arg %}``: ``{% url %}`` for links that are the same on every request.

A page's header, footer and export links reverse the same dozen URL names on every request;
reversing is pure for a given URL configuration and script prefix, so each is done once per
process (for that configuration and prefix) and kept.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _path(name: str, args: tuple[str, ...], urlconf: str | None, prefix: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@register.simple_tag
def path(name: str, *args: str) -> str:
    return _path(name, tuple(str(a) for a in args), get_urlconf(), get_script_prefix())
