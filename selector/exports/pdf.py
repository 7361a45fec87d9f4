"""PDF: WeasyPrint renders the same summary template as the page, tagged as PDF/UA-1.

A4, page numbers from ``@page`` counters and bookmarks from the headings all come from
``static/css/summary-pdf.css``. Nothing is ever fetched over the network: the only resource the
document may load is that stylesheet, read from the filesystem.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

from ..summary import PlanSummary

STYLESHEET = "css/summary-pdf.css"
TEMPLATE = "selector/summary/pdf.html"


class LocalOnlyFetcher(URLFetcher):
    """Serves files from the stylesheet's folder and refuses every other URL."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._root = root.resolve()

    def fetch(self, url: str, headers: dict | None = None):
        if not url.startswith("file:"):
            raise ValueError("Spread Guide PDFs load nothing from the network.")
        response = super().fetch(url, headers)
        path = Path(response.path or "").resolve()
        if not path.is_relative_to(self._root):
            response.close()
            raise ValueError("Only Spread Guide's own stylesheet may be loaded.")
        return response


@lru_cache(maxsize=1)
def _resources() -> tuple[CSS, LocalOnlyFetcher, FontConfiguration, str]:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    path = Path(found)
    fetcher = LocalOnlyFetcher(path.parent)
    fonts = FontConfiguration()
    css = CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
    return css, fetcher, fonts, path2url(str(path.parent)) + "/"


def render_html(summary: PlanSummary) -> str:
    return render_to_string(TEMPLATE, {"summary": summary})


def render(summary: PlanSummary) -> bytes:
    css, fetcher, fonts, base_url = _resources()
    document = HTML(string=render_html(summary), base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[css],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
