"""Links that are the same on every request, each worked out once per process and kept.

``{% path "name" arg %}`` is ``{% url %}`` for fixed links: a page's header, footer and export
links reverse the same dozen URL names on every request, and reversing is pure for a given URL
configuration and script prefix. ``{% asset "css/app.css" %}`` is ``{% static %}`` for the
page's own files: the storage's answer (a manifest look-up and a URL join) is pure for a given
storage, so it is kept until the static-file settings change. ``{% header_navigation %}`` is the
header's links, rendered once for each section that can be the current one.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from selector.paths import fixed_reverse

register = template.Library()


@register.simple_tag
def path(name: str, *args: str) -> str:
    return fixed_reverse(name, *args)


@lru_cache(maxsize=256)
def _asset(name: str) -> str:
    return static(name)


@register.simple_tag
def asset(name: str) -> str:
    return _asset(name)


@receiver(setting_changed)
def _static_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_STORAGE"):
        _asset.cache_clear()


@lru_cache(maxsize=64)
def _navigation(items: tuple[tuple[str, str, bool], ...]) -> str:
    # The whitespace is the loop's that this replaced, so pages are byte for byte the same.
    out = []
    for text, href, active in items:
        text, href = escape(text), escape(href)
        if active:
            out.append(
                '\n          <li class="nhsuk-header__navigation-item '
                'nhsuk-header__navigation-item--current">\n'
                f'            <a class="nhsuk-header__navigation-link" href="{href}" aria-current="true">'
                f'<strong class="nhsuk-header__navigation-item-current-fallback">{text}</strong></a>\n'
                "          </li>\n          "
            )
        else:
            out.append(
                '\n          <li class="nhsuk-header__navigation-item">\n'
                f'            <a class="nhsuk-header__navigation-link" href="{href}">{text}</a>\n'
                "          </li>\n          "
            )
    return "".join(out)


@register.simple_tag(takes_context=True)
def header_navigation(context: template.Context) -> SafeString:
    """The header's links from the ``navigation`` context processor, current section marked."""
    items = context.get("navigation") or ()
    key = tuple((str(i["text"]), str(i["href"]), bool(i["active"])) for i in items)
    return mark_safe(_navigation(key))
