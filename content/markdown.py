"""Markdown to safe HTML: editors write Markdown, readers get sanitised HTML only."""

import html
from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str | None) -> SafeString:
    """Render Markdown and strip anything not on the allow-list (scripts, handlers, styles)."""
    if not text:
        return mark_safe("")
    return mark_safe(_render(text))


def markdown_to_text(text: str | None) -> str:
    """Plain text of Markdown, for exports that cannot carry HTML."""
    if not text:
        return ""
    return _plain(text)


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    # A pure function of the text: a result page asks for about a hundred of these, the same
    # content fields on every page, so they are stripped once per text, not once per request.
    return html.unescape(nh3.clean(_render(text), tags=set())).strip()
