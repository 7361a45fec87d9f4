"""Everything the lead sees about a team, worked out once: the view-model of the lead page, the
API body and the team summary a saved plan keeps.

Three queries whatever the number of members (the team, its members' names, every answer);
the rest is plain Python over ``tally`` and ``outcomes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.snapshot import GuideSnapshot, get_snapshot
from selector.answers import Answers
from selector.engine import recommend
from selector.recommendation import Recommendation

from .models import Team
from .outcomes import Disagreement, as_answers, disagreements
from .selectors import member_names, responses
from .tally import QuestionTally, TeamAnswer, tally, team_answers


@dataclass(frozen=True)
class TeamReport:
    team: Team
    members: int
    named: tuple[str, ...]
    tallies: tuple[QuestionTally, ...]
    team_answers: tuple[TeamAnswer, ...]
    answers: Answers | None  # None while a required question has no team answer
    recommendation: Recommendation | None
    disagreements: tuple[Disagreement, ...]

    @property
    def missing(self) -> tuple[TeamAnswer, ...]:
        return tuple(a for a in self.team_answers if a.value is None and a.question.required)

    @property
    def contested(self) -> tuple[QuestionTally, ...]:
        return tuple(t for t in self.tallies if t.contested)

    def disagreement_for(self, name: str) -> Disagreement | None:
        return next((d for d in self.disagreements if d.tally.question.name == name), None)


def build_report(team: Team, *, snapshot: GuideSnapshot | None = None) -> TeamReport:
    members, named = member_names(team)
    tallies = tally(responses(team))
    chosen = team_answers(tallies, team.overrides or {})
    answers = as_answers(chosen)
    recommendation: Recommendation | None = None
    found: tuple[Disagreement, ...] = ()
    if answers is not None:
        snapshot = snapshot or get_snapshot()
        recommendation, found = disagreements(
            answers, chosen, tallies, snapshot, base=recommend(answers, snapshot)
        )
    return TeamReport(
        team=team,
        members=members,
        named=tuple(named),
        tallies=tallies,
        team_answers=chosen,
        answers=answers,
        recommendation=recommendation,
        disagreements=found,
    )


def team_summary(report: TeamReport) -> dict[str, Any]:
    """What a saved plan keeps about the team (the ``Plan.team_summary`` contract)."""
    closed = report.team.closed_on
    return {
        "title": report.team.title,
        "members": report.members,
        "named": list(report.named),
        "closed_at": closed.isoformat() if closed else None,
        "contested": [
            {
                "question": d.tally.question.short_label,
                "answers": [
                    {"label": c.label, "count": c.count} for c in d.tally.counts if c.count
                ],
                "changes_plan": d.changes_plan,
                "outcome": d.outcome,
            }
            for d in report.disagreements
        ],
    }


def _value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def api_body(report: TeamReport, serialised_recommendation: dict | None) -> dict[str, Any]:
    """The documented body of ``GET /api/teams/<lead key>`` (see ``selector.openapi``)."""
    by_name = {d.tally.question.name: d for d in report.disagreements}
    chosen = {a.question.name: a for a in report.team_answers}
    return {
        "title": report.team.title,
        "members": report.members,
        "open": report.team.is_open,
        "questions": [
            {
                "name": t.question.name,
                "label": t.question.short_label,
                "answered": t.answered,
                "skipped": t.skipped,
                "distribution": [
                    {"value": c.value, "label": c.label, "count": c.count} for c in t.counts
                ],
                "contested": t.contested,
                "why": t.why,
                "team_answer": _value(chosen[t.question.name].value),
                "overridden": chosen[t.question.name].overridden,
                "changes_plan": (
                    by_name[t.question.name].changes_plan if t.question.name in by_name else None
                ),
            }
            for t in report.tallies
        ],
        "team_answers": {
            a.question.name: _value(a.value) for a in report.team_answers if a.value is not None
        },
        "recommendation": serialised_recommendation,
    }
