"""``{% fixed %}...{% endfixed %}``: a stretch of a template that prints the same on every
request, rendered once per process and kept.

Every page's header and footer, and the static parts of the result page's save form, are text
and fixed links (``{% asset %}``, ``{% path %}``) that Django's template engine would otherwise
walk node by node on every request. What is inside a ``fixed`` block is rendered without the
view's variables or the context processors' (``Context.new``), so a variable put there by
mistake prints empty on every page rather than one visitor's value on another's page. Tags that
read the request itself (``{% csrf_token %}``, ``{% header_navigation %}``) belong outside.

Kept by the block itself (a reloaded template has new blocks), the URL configuration and the
script prefix (which reversed links depend on); emptied when any setting changes, since static
addresses and links follow settings.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A handful of blocks in practice; the bound only matters while templates are reloaded in
# development, where each reload brings new blocks.
_KEEP = 256
_kept: dict[tuple[Any, str | None, str], SafeString] = {}


class FixedNode(template.Node):
    # Not walked for blocks: a block inside would be rendered once for every page that extends
    # the template, and ``{% extends %}`` walks the parent's whole tree on every render.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        key = (self, get_urlconf(), get_script_prefix())
        html = _kept.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context.new()))
            if len(_kept) >= _KEEP:
                _kept.clear()
            _kept[key] = html
        return html


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% fixed %} takes no arguments.")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    _kept.clear()
