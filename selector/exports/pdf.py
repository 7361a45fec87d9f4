"""PDF: WeasyPrint renders the same summary template as the page, tagged as PDF/UA-1.

A4, page numbers from ``@page`` counters and bookmarks from the headings all come from
``static/css/summary-pdf.css``. Nothing is ever fetched over the network: the only resource the
document may load is that stylesheet, read from the filesystem.

The HTML is rendered here, with Django; WeasyPrint turns it into a PDF in a render process
(``selector.pdf_process``) unless ``PDF_RENDER_PROCESS`` is off.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from ..pdf_process import RenderProcess, html_to_pdf
from ..summary import PlanSummary

STYLESHEET = "css/summary-pdf.css"
TEMPLATE = "selector/summary/pdf.html"

render_process = RenderProcess(
    processes=settings.RENDERS_PER_PROCESS,
    renders_per_child=settings.PDF_RENDERS_PER_CHILD,
    timeout=settings.PDF_RENDER_TIMEOUT,
)


@lru_cache(maxsize=1)
def stylesheet_path() -> str:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return str(found)


def render_html(summary: PlanSummary) -> str:
    return render_to_string(TEMPLATE, {"summary": summary})


def render(summary: PlanSummary) -> bytes:
    html = render_html(summary)
    if settings.PDF_RENDER_PROCESS:
        return render_process.run(html_to_pdf, html, stylesheet_path())
    return html_to_pdf(html, stylesheet_path())
