"""The usage page in admin: results viewed per day, and per approach and answer value."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from content import models
from spreadguide.admin_site import guide_admin_site

from .charts import proportional_bars
from .questions import QUESTION_BY_NAME, QUESTIONS
from .usage import RESULTS_DIMENSION

CHART_WIDTH = 600
CHART_HEIGHT = 160
BAR_LENGTH = 300
PERIODS = (7, 30, 90, 365)


def _labels() -> dict[str, dict[str, str]]:
    """Readable labels for each dimension's values."""
    labels: dict[str, dict[str, str]] = {
        f"answer:{q.name}": {o.value: o.label for o in q.options} for q in QUESTIONS
    }
    labels["approach"] = dict(models.Approach.objects.values_list("slug", "name"))
    return labels


def _dimension_title(dimension: str) -> str:
    if dimension == "approach":
        return "Approaches in the top three"
    name = dimension.removeprefix("answer:")
    question = QUESTION_BY_NAME.get(name)
    return f"Answer: {question.short_label}" if question else dimension


@require_GET
def usage(request: HttpRequest) -> HttpResponse:
    """Results viewed per day, and per approach and answer value, over a chosen period."""
    if not request.user.has_perm("content.view_usagecount"):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    today = timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    rows = models.UsageCount.objects.filter(date__gte=start, date__lte=today)

    per_day = dict(
        rows.filter(dimension=RESULTS_DIMENSION)
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
        rows.exclude(dimension=RESULTS_DIMENSION)
        .values_list("dimension", "value")
        .annotate(total=Sum("count"))
        .order_by("dimension", "-total", "value")
    ):
        totals[dimension].append((labels.get(dimension, {}).get(value, value), total))
    order = ["approach"] + [f"answer:{n}" for n in labels if n.startswith("answer:")]
    groups = [
        {
            "dimension": d,
            "title": _dimension_title(d),
            "bars": proportional_bars(totals[d], BAR_LENGTH),
        }
        for d in sorted(totals, key=lambda d: order.index(d) if d in order else len(order))
    ]
    return guide_admin_site().render_tool(
        request,
        "admin/selector/usage.html",
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
