"""Bars for charts drawn by templates as HTML: the geometry is computed here, in Python.

No JavaScript and no chart library: the CSP allows neither inline code nor a CDN, and bars drawn
by the server print, work with JavaScript off and sit beside their own table of figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value and its length in the chart's units."""

    label: str
    value: int
    width: float
    url: str = ""


def proportional_bars(rows: Sequence[tuple[str, int]], length: int) -> list[Bar]:
    """A bar per (label, count), the largest ``length`` long and the rest in proportion."""
    top = max((count for _, count in rows), default=0) or 1
    return [Bar(label, count, round(count * length / top)) for label, count in rows]
