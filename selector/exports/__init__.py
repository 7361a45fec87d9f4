"""Every export format, by the name used in URLs: ``EXPORTERS[fmt].render(summary)`` -> bytes.

Each exporter reads only a ``PlanSummary``, so every format says the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from ..summary import PlanSummary
from . import csv, docx, json, markdown, pdf


@dataclass(frozen=True)
class Exporter:
    fmt: str
    label: str
    extension: str
    content_type: str
    render: Callable[[PlanSummary], bytes]

    def filename(self, summary: PlanSummary) -> str:
        return f"{summary.filename_stem}.{self.extension}"


EXPORTERS: dict[str, Exporter] = {
    e.fmt: e
    for e in (
        Exporter("pdf", "PDF", "pdf", "application/pdf", pdf.render),
        Exporter(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            docx.render,
        ),
        Exporter("md", "Markdown", "md", "text/markdown; charset=utf-8", markdown.render),
        Exporter("csv", "CSV (one row per method)", "csv", "text/csv; charset=utf-8", csv.render),
        Exporter("json", "JSON", "json", "application/json", json.render),
    )
}


def get_exporter(fmt: str) -> Exporter | None:
    return EXPORTERS.get(fmt)


def export_response(summary: PlanSummary, exporter: Exporter) -> HttpResponse:
    response = HttpResponse(exporter.render(summary), content_type=exporter.content_type)
    # The stem is slugified ASCII, so it needs no quoting beyond the plain form.
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(summary)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
