"""The distribution of a question's answers, drawn with the site's HTML bars (``sg-bars``)."""

from __future__ import annotations

from dataclasses import dataclass

from selector.charts import Bar

from .tally import QuestionTally

BAR_LENGTH = 100  # the bar's track is a 0-100 viewBox, as on the result page


@dataclass(frozen=True)
class DistributionChart:
    caption: str
    description: str
    bars: tuple[Bar, ...]


def distribution_chart(tally: QuestionTally) -> DistributionChart:
    # Bars in proportion to everyone who answered, so "3 of 4" looks like three quarters.
    scale = max(tally.answered, 1)
    bars = tuple(Bar(c.label, c.count, round(c.count * BAR_LENGTH / scale)) for c in tally.counts)
    people = "person" if tally.answered == 1 else "people"
    description = (
        f"{tally.answered} {people} answered, {tally.skipped} skipped. "
        + "; ".join(f"{c.label}: {c.count}" for c in tally.counts)
        + "."
    )
    return DistributionChart(
        caption=f"Answers to: {tally.question.short_label}",
        description=description,
        bars=bars,
    )
