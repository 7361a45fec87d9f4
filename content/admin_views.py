"""Admin pages beyond the model admins: guide import/export, content health, usage insight.

Every view is wrapped in ``admin_site.admin_view`` (staff only) and checks its own permission.
"""

from __future__ import annotations

import datetime
import io
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from . import archive, health, models, services
from .guide_exporter import export_guide

IMPORT_PERMISSIONS = (
    *(
        f"content.{action}_{model}"
        for model in ("source", "approach", "method", "caseexample", "principle", "topic")
        for action in ("add", "change", "delete")
    ),
    "content.add_glossaryterm",
    "content.change_glossaryterm",
    "content.delete_glossaryterm",
    services.PUBLISH_PERMISSION,
)


def _require(request: HttpRequest, *perms: str) -> None:
    if not all(request.user.has_perm(p) for p in perms):
        raise PermissionDenied


def _render(request: HttpRequest, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context})


# ---------------------------------------------------------------- tools index


@require_safe
def tools_index(request: HttpRequest) -> HttpResponse:
    _require(request, "content.view_method")
    user = request.user
    return _render(
        request,
        "admin/content/tools.html",
        {
            "title": "Guide tools",
            "can_import": all(user.has_perm(p) for p in IMPORT_PERMISSIONS),
            "can_see_usage": user.has_perm("content.view_usagecount"),
        },
    )


# ---------------------------------------------------------------- export


@require_safe
def export_zip(request: HttpRequest) -> HttpResponse:
    """The whole guide, drafts included, as a zip in the load_guide format."""
    _require(request, "content.view_method")
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="guide-export-") as tmp:
        root = Path(tmp)
        files = export_guide(root)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(files):
                archive.write(file, file.relative_to(root).as_posix())
    name = f"spread-guide-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- import


class UploadForm(forms.Form):
    guide = forms.FileField(
        label="Guide zip",
        help_text="A zip in the load_guide format, such as one downloaded from this page.",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_zip(request: HttpRequest) -> HttpResponse:
    """Upload a guide zip, see exactly what it changes, then confirm to apply it atomically."""
    _require(request, *IMPORT_PERMISSIONS)
    context = {"title": "Import the guide from a zip", "form": UploadForm()}
    template = "admin/content/import_guide.html"

    if request.method == "POST" and "payload" in request.POST:
        try:
            report = archive.confirm_import(request.POST["payload"])
        except archive.PreviewOutdated as outdated:
            messages.warning(request, "The guide changed since the preview. Check the new preview.")
            try:
                preview = archive.make_preview(outdated.data)
            except archive.ImportRefused as exc:
                context["error"] = str(exc)
            else:
                context.update(report=preview.report, payload=preview.payload)
            return _render(request, template, context)
        except archive.ImportRefused as exc:
            context["error"] = str(exc)
            return _render(request, template, context)
        messages.success(request, f"Guide imported: {report.summary()}.")
        return redirect(reverse("admin:content_tools"))

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["guide"]
            try:
                preview = archive.upload_preview(upload.read())
            except archive.ImportRefused as exc:
                context["error"] = str(exc)
            else:
                context.update(report=preview.report, payload=preview.payload)
    return _render(request, template, context)


# ---------------------------------------------------------------- content health


@require_http_methods(["GET", "HEAD", "POST"])
def content_health(request: HttpRequest) -> HttpResponse:
    _require(request, "content.view_method")
    if request.method == "POST" and "recompute" in request.POST:
        health.forget_coverage()
        return redirect(reverse("admin:content_health"))
    checks = health.run_checks()
    return _render(
        request,
        "admin/content/health.html",
        {
            "title": "Content health",
            "checks": checks,
            "problem_count": sum(1 for c in checks for p in c.problems if not p.explanation),
        },
    )


# ---------------------------------------------------------------- usage


CHART_WIDTH = 600
CHART_HEIGHT = 160
BAR_LENGTH = 300
PERIODS = (7, 30, 90, 365)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    length: int  # in SVG units, computed here: the CSP forbids inline styles


def _bars(rows: list[tuple[str, int]], scale: int = BAR_LENGTH) -> list[Bar]:
    top = max((count for _, count in rows), default=0) or 1
    return [Bar(label, count, round(count * scale / top)) for label, count in rows]


def _labels() -> dict[str, dict[str, str]]:
    """Readable labels for each dimension's values."""
    from selector.questions import QUESTIONS

    labels: dict[str, dict[str, str]] = {
        f"answer:{q.name}": {o.value: o.label for o in q.options} for q in QUESTIONS
    }
    labels["approach"] = dict(models.Approach.objects.values_list("slug", "name"))
    return labels


def _dimension_title(dimension: str) -> str:
    if dimension == "approach":
        return "Approaches in the top three"
    from selector.questions import QUESTION_BY_NAME

    name = dimension.removeprefix("answer:")
    question = QUESTION_BY_NAME.get(name)
    return f"Answer: {question.short_label}" if question else dimension


@require_safe
def usage(request: HttpRequest) -> HttpResponse:
    """Results viewed per day, and per approach and answer value, over a chosen period."""
    _require(request, "content.view_usagecount")
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    today = timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    rows = models.UsageCount.objects.filter(date__gte=start, date__lte=today)

    per_day = dict(
        rows.filter(dimension=services.RESULTS_DIMENSION)
        .values_list("date")
        .annotate(total=Sum("count"))
        .values_list("date", "total")
    )
    dates = [start + datetime.timedelta(days=i) for i in range(days)]
    day_counts = [(d, per_day.get(d, 0)) for d in dates]
    top = max((c for _, c in day_counts), default=0) or 1
    slot = CHART_WIDTH / days
    day_bars = [
        {
            "date": d,
            "count": c,
            "x": round(i * slot, 2),
            "width": max(round(slot * 0.8, 2), 1),
            "height": round(c * (CHART_HEIGHT - 20) / top),
            "y": CHART_HEIGHT - round(c * (CHART_HEIGHT - 20) / top),
        }
        for i, (d, c) in enumerate(day_counts)
    ]

    totals: dict[str, list[tuple[str, int]]] = defaultdict(list)
    labels = _labels()
    for dimension, value, total in (
        rows.exclude(dimension=services.RESULTS_DIMENSION)
        .values_list("dimension", "value")
        .annotate(total=Sum("count"))
        .order_by("dimension", "-total", "value")
    ):
        totals[dimension].append((labels.get(dimension, {}).get(value, value), total))
    order = ["approach"] + [f"answer:{n}" for n in labels if n.startswith("answer:")]
    groups = [
        {"dimension": d, "title": _dimension_title(d), "bars": _bars(totals[d])}
        for d in sorted(totals, key=lambda d: order.index(d) if d in order else len(order))
    ]
    return _render(
        request,
        "admin/content/usage.html",
        {
            "title": "Usage: results viewed",
            "days": days,
            "periods": PERIODS,
            "start": start,
            "end": today,
            "results_total": sum(c for _, c in day_counts),
            "day_bars": day_bars,
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
            "bar_length": BAR_LENGTH,
            "groups": groups,
        },
    )
