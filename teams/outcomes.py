"""What each disagreement changes: the team's recommendation, re-run under every answer given.

This is the wizard's what-if (``selector.comparison.compare``) applied to each contested question:
for every answer somebody gave that differs from the team answer, the recommendation is worked
out again with only that answer changed, and compared with the team's.

A disagreement **changes the plan** when, under at least one answer somebody gave, the top
approach or the recommended combination of methods is different.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content.snapshot import GuideSnapshot
from selector.answers import Answers, parse_answers
from selector.comparison import compare
from selector.engine import recommend
from selector.recommendation import Recommendation

from .tally import QuestionTally, TeamAnswer, Value, answer_data, value_label

CHANGES_PLAN_RULE = (
    "A disagreement changes the plan when, with one of the other answers given, the top "
    "approach or the recommended combination of methods would be different."
)


@dataclass(frozen=True)
class Alternative:
    value: Value
    label: str
    count: int  # members who gave it
    top_approach: str  # name of the top approach under this answer
    top_changes: bool
    methods_in: tuple[str, ...]  # names of methods that would join the combination
    methods_out: tuple[str, ...]  # names of methods that would leave it

    @property
    def changes_plan(self) -> bool:
        return self.top_changes or bool(self.methods_in or self.methods_out)

    @property
    def changes(self) -> str:
        """What changes, as a clause ("the top approach becomes X; Y join the methods")."""
        parts = []
        if self.top_changes:
            parts.append(f"the top approach becomes {self.top_approach}")
        if self.methods_in:
            parts.append(f"{', '.join(self.methods_in)} join the methods")
        if self.methods_out:
            parts.append(f"{', '.join(self.methods_out)} leave the methods")
        return "; ".join(parts)

    @property
    def sentence(self) -> str:
        if not self.changes_plan:
            return "The top approach and the methods stay the same."
        text = self.changes
        return (text[:1].upper() + text[1:] if text.startswith("the ") else text) + "."


@dataclass(frozen=True)
class Disagreement:
    tally: QuestionTally
    team_answer: TeamAnswer
    alternatives: tuple[Alternative, ...]

    @property
    def changes_plan(self) -> bool:
        return any(a.changes_plan for a in self.alternatives)

    @property
    def changes_top_approach(self) -> bool:
        return any(a.top_changes for a in self.alternatives)

    @property
    def outcome(self) -> str:
        """One sentence for the lead and the board paper."""
        changing = [a for a in self.alternatives if a.changes_plan]
        if not self.alternatives:
            return "Every answer given is the team answer."
        if not changing:
            return "Under every answer given, the top approach and the methods stay the same."
        worst = next((a for a in changing if a.top_changes), changing[0])
        return f"With “{worst.label}”, {worst.changes}."


def as_answers(answers: Sequence[TeamAnswer]) -> Answers | None:
    """The team answers as the engine takes them, or None while a required one is missing."""
    parsed, _errors = parse_answers(answer_data(answers))
    return parsed


def disagreements(
    answers: Answers,
    team: Sequence[TeamAnswer],
    tallies: Sequence[QuestionTally],
    snapshot: GuideSnapshot,
    base: Recommendation | None = None,
) -> tuple[Recommendation, tuple[Disagreement, ...]]:
    """The team recommendation, and each contested question with what its answers change."""
    base = base or recommend(answers, snapshot)
    top = base.approaches[0].slug if base.approaches else ""
    by_name = {a.question.name: a for a in team}
    out = []
    for t in tallies:
        if not t.contested:
            continue
        current = by_name[t.question.name]
        alternatives = []
        for value, count in t.given:
            if value == current.value:
                continue
            after = recommend(answers.replace(**{t.question.name: value}), snapshot)
            what_if = compare(t.question, value, base, after)  # type: ignore[arg-type]
            new_top = after.approaches[0] if after.approaches else None
            alternatives.append(
                Alternative(
                    value=value,
                    label=value_label(t.question, value),
                    count=count,
                    top_approach=new_top.name if new_top else "",
                    top_changes=new_top is not None and new_top.slug != top,
                    methods_in=tuple(m.name for m in what_if.methods_in),
                    methods_out=tuple(m.name for m in what_if.methods_out),
                )
            )
        out.append(Disagreement(t, current, tuple(alternatives)))
    return base, tuple(out)
