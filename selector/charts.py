"""Score charts drawn as SVG by a template: the geometry is computed here, in Python.

No JavaScript and no chart library: the CSP allows neither inline code nor a CDN, and a
server-drawn SVG prints, works with JavaScript off and carries its own text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .recommendation import ScoredApproach

WIDTH = 640  # viewBox units; the SVG scales to its container (see .sg-chart)
ROW_HEIGHT = 48
LABEL_HEIGHT = 20  # the approach name sits above its bar, so long names need no left column
BAR_HEIGHT = 16
VALUE_GAP = 8
VALUE_SPACE = 48  # room right of the longest bar for its number
TOP_PADDING = 4
MAX_SCORE = 100


@dataclass(frozen=True)
class Bar:
    """One bar of any chart here; a table row's bar needs only label, value and width."""

    label: str
    value: int
    width: float  # of the filled bar, in SVG units: the CSP forbids inline styles
    url: str = ""
    # Where a chart of stacked rows draws the name, the bar and the number.
    label_y: int = 0
    bar_y: int = 0
    value_x: float = 0.0
    value_y: int = 0


@dataclass(frozen=True)
class BarChart:
    id: str  # prefix for the ids the SVG's title and desc use
    title: str
    description: str
    caption: str  # heading of the text alternative (the same data as a table)
    unit: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    track_width: int
    bar_height: int

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"


def proportional_bars(rows: Sequence[tuple[str, int]], length: int) -> list[Bar]:
    """A bar per (label, count), the largest ``length`` long and the rest in proportion."""
    top = max((count for _, count in rows), default=0) or 1
    return [Bar(label, count, round(count * length / top)) for label, count in rows]


def _clamp(value: int) -> int:
    return max(0, min(MAX_SCORE, value))


def approach_score_chart(
    approaches: Sequence[ScoredApproach], *, chart_id: str = "approach-scores"
) -> BarChart:
    """A horizontal bar per approach, best first, scored 0 to 100."""
    track = WIDTH - VALUE_SPACE
    bars = []
    for i, approach in enumerate(approaches):
        top = TOP_PADDING + i * ROW_HEIGHT
        value = _clamp(approach.score)
        width = round(track * value / MAX_SCORE, 1)
        bars.append(
            Bar(
                label=approach.name,
                value=approach.score,
                url=approach.url,
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
                width=width,
                value_x=round(width + VALUE_GAP, 1),
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT - 3,
            )
        )
    if approaches:
        best = approaches[0]
        description = (
            f"Scores out of 100 for {len(approaches)} approaches. "
            f"Highest: {best.name}, {best.score}. "
            + "; ".join(f"{a.name}: {a.score}" for a in approaches)
            + "."
        )
    else:
        description = "No approaches were scored."
    return BarChart(
        id=chart_id,
        title="How well each approach fits your answers",
        description=description,
        caption="Approach scores out of 100",
        unit="out of 100",
        bars=tuple(bars),
        width=WIDTH,
        height=TOP_PADDING + len(bars) * ROW_HEIGHT,
        track_width=track,
        bar_height=BAR_HEIGHT,
    )
