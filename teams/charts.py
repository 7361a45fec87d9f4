"""The distribution of a question's answers as the site's bar chart (``selector/_chart.html``)."""

from __future__ import annotations

from selector.charts import (
    BAR_HEIGHT,
    LABEL_HEIGHT,
    ROW_HEIGHT,
    TOP_PADDING,
    VALUE_GAP,
    VALUE_SPACE,
    WIDTH,
    Bar,
    BarChart,
)

from .tally import QuestionTally


def distribution_chart(tally: QuestionTally) -> BarChart:
    track = WIDTH - VALUE_SPACE
    scale = max(tally.answered, 1)
    bars = []
    for i, count in enumerate(tally.counts):
        top = TOP_PADDING + i * ROW_HEIGHT
        width = round(track * count.count / scale, 1)
        bars.append(
            Bar(
                label=count.label,
                value=count.count,
                url="",
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
                width=width,
                value_x=round(width + VALUE_GAP, 1),
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT - 3,
            )
        )
    people = "person" if tally.answered == 1 else "people"
    description = (
        f"{tally.answered} {people} answered, {tally.skipped} skipped. "
        + "; ".join(f"{c.label}: {c.count}" for c in tally.counts)
        + "."
    )
    return BarChart(
        id=f"team-{tally.question.name}",
        title=f"Answers to: {tally.question.short_label}",
        description=description,
        caption=f"Answers to: {tally.question.short_label}",
        unit="people",
        bars=tuple(bars),
        width=WIDTH,
        height=TOP_PADDING + len(bars) * ROW_HEIGHT,
        track_width=track,
        bar_height=BAR_HEIGHT,
    )
