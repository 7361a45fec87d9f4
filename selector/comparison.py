"""What if: the recommendation with one answer changed, and what moves between the two."""

from __future__ import annotations

from dataclasses import dataclass

from .questions import Question
from .recommendation import Recommendation, ScoredMethod


@dataclass(frozen=True)
class ApproachMove:
    slug: str
    name: str
    url: str
    rank_before: int
    rank_after: int
    score_before: int
    score_after: int

    @property
    def score_change(self) -> int:
        return self.score_after - self.score_before

    @property
    def rank_change(self) -> int:
        """Positive when the approach moves up the ranking."""
        return self.rank_before - self.rank_after


READINESS_LABELS = {
    "ready": "Ready to spread",
    "caution": "Spread with caution",
    "not-ready": "Not ready to spread yet",
}


@dataclass(frozen=True)
class WhatIfSide:
    heading: str
    recommendation: Recommendation
    changed: frozenset[str]  # slugs of methods that join (after) or leave (before)
    change_word: str

    @property
    def readiness(self) -> str:
        value = self.recommendation.readiness
        return READINESS_LABELS.get(value, value)


@dataclass(frozen=True)
class WhatIf:
    question: Question
    value_before: str
    value_after: str
    before: Recommendation
    after: Recommendation
    approaches: tuple[ApproachMove, ...]  # in the order of the new ranking
    methods_in: tuple[ScoredMethod, ...]  # join the combination
    methods_out: tuple[ScoredMethod, ...]  # leave the combination
    methods_kept: tuple[ScoredMethod, ...]

    @property
    def label_before(self) -> str:
        return self.question.label_for(self.value_before)

    @property
    def label_after(self) -> str:
        return self.question.label_for(self.value_after)

    @property
    def readiness_changed(self) -> bool:
        return self.before.readiness != self.after.readiness

    @property
    def readiness_before(self) -> str:
        return READINESS_LABELS.get(self.before.readiness, self.before.readiness)

    @property
    def readiness_after(self) -> str:
        return READINESS_LABELS.get(self.after.readiness, self.after.readiness)

    @property
    def sides(self) -> tuple[WhatIfSide, WhatIfSide]:
        """The two columns shown side by side: as answered, and with the one answer changed."""
        name = self.question.short_label.lower()
        return (
            WhatIfSide(
                f"Now: {name} {self.label_before.lower()}",
                self.before,
                frozenset(m.slug for m in self.methods_out),
                "leaves",
            ),
            WhatIfSide(
                f"If {name} were {self.label_after.lower()}",
                self.after,
                frozenset(m.slug for m in self.methods_in),
                "joins",
            ),
        )

    @property
    def anything_moved(self) -> bool:
        return bool(
            self.methods_in
            or self.methods_out
            or self.readiness_changed
            or any(m.score_change or m.rank_change for m in self.approaches)
        )


def compare(
    question: Question, value: str, before: Recommendation, after: Recommendation
) -> WhatIf:
    old_rank = {a.slug: (i, a) for i, a in enumerate(before.approaches, start=1)}
    moves = []
    for rank, approach in enumerate(after.approaches, start=1):
        was_rank, was = old_rank.get(approach.slug, (rank, approach))
        moves.append(
            ApproachMove(
                approach.slug,
                approach.name,
                approach.url,
                was_rank,
                rank,
                was.score,
                approach.score,
            )
        )
    old = {m.slug for m in before.recommended_methods}
    new = {m.slug for m in after.recommended_methods}
    return WhatIf(
        question=question,
        value_before=str(getattr(before.answers, question.name)),
        value_after=value,
        before=before,
        after=after,
        approaches=tuple(moves),
        methods_in=tuple(m for m in after.recommended_methods if m.slug not in old),
        methods_out=tuple(m for m in before.recommended_methods if m.slug not in new),
        methods_kept=tuple(m for m in after.recommended_methods if m.slug in old),
    )
