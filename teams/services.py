"""Writes to team plans, each one atomic and safe when many members answer at once.

Joining locks the team row, so the member cap holds under concurrency; a membership and an
answer are each got-or-created against a unique constraint, so a repeat or a race updates the
one row rather than adding a second.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from content.snapshot import GuideSnapshot, get_snapshot
from selector.models import Plan, hash_key
from selector.plans import create_plan_from_answers, new_key
from selector.questions import QUESTION_BY_NAME

from . import limits
from .keys import join_key_for
from .models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, Member, MemberAnswer, Team
from .report import build_report, team_summary
from .tally import Value, clean_value


class TeamClosed(Exception):
    """The team takes no more answers."""


class TeamFull(Exception):
    """The team has as many members as it may have."""


class TeamError(ValueError):
    """Input a team plan cannot take."""


@dataclass(frozen=True)
class NewTeam:
    team: Team
    lead_key: str  # shown once, never stored
    join_key: str


def new_secret() -> str:
    return new_key()


def create_team(*, title: str, closes_on: datetime.date | None = None) -> NewTeam:
    lead_key = new_key()
    join_key = join_key_for(lead_key)
    team = Team.objects.create(
        title=title,
        closes_on=closes_on,
        lead_key_hash=hash_key(lead_key),
        join_key_hash=hash_key(join_key),
    )
    return NewTeam(team, lead_key, join_key)


def join(*, team_id: int, secret: str, display_name: str = "") -> tuple[Member, bool]:
    """The member this browser secret belongs to, created on first use; (member, created)."""
    digest = hash_key(secret)
    name = display_name.strip()[:NAME_MAX_LENGTH]
    existing = Member.objects.filter(team_id=team_id, secret_hash=digest).first()
    if existing is None:
        with transaction.atomic():
            team = Team.objects.select_for_update().get(pk=team_id)
            if not team.is_open:
                raise TeamClosed
            existing = Member.objects.filter(team=team, secret_hash=digest).first()
            if existing is None:
                if Member.objects.filter(team=team).count() >= limits.member_cap():
                    raise TeamFull
                try:
                    with transaction.atomic():
                        return Member.objects.create(
                            team=team, secret_hash=digest, display_name=name
                        ), True
                except IntegrityError:  # the same browser joined at the same moment
                    existing = Member.objects.get(team=team, secret_hash=digest)
    if name and existing.display_name != name:
        Member.objects.filter(pk=existing.pk).update(display_name=name)
        existing.display_name = name
    return existing, False


def save_answer(
    *, member: Member, question: str, value: Value | None, comment: str = ""
) -> MemberAnswer:
    """Record (or change) a member's answer; ``value`` None means they skipped the question."""
    q = QUESTION_BY_NAME.get(question)
    if q is None:
        raise TeamError(f"Not a question: {question[:40]}")
    cleaned = clean_value(q, value)
    if value is not None and cleaned is None:
        raise TeamError(f"Not an answer to {q.short_label}")
    stored = list(cleaned) if isinstance(cleaned, tuple) else cleaned
    team = Team.objects.only("closed_at", "closes_on").get(pk=member.team_id)
    if not team.is_open:
        raise TeamClosed
    answer, _created = MemberAnswer.objects.update_or_create(
        member=member,
        question=question,
        defaults={"value": stored, "comment": comment.strip()[:COMMENT_MAX_LENGTH]},
    )
    return answer


def close(*, team: Team) -> None:
    if team.closed_at is None:
        team.closed_at = timezone.now()
        team.save(update_fields=["closed_at", "updated_at"])


def reopen(*, team: Team) -> None:
    team.closed_at = None
    if team.closes_on and team.closes_on < timezone.localdate():
        team.closes_on = None
    team.save(update_fields=["closed_at", "closes_on", "updated_at"])


def set_sharing(*, team: Team, share: bool) -> None:
    team.share_summary = share
    team.save(update_fields=["share_summary", "updated_at"])


@transaction.atomic
def set_override(*, team_id: int, question: str, value: Value | None, reason: str) -> None:
    """Set the lead's answer for a question (``value`` None removes it)."""
    q = QUESTION_BY_NAME.get(question)
    if q is None:
        raise TeamError(f"Not a question: {question[:40]}")
    team = Team.objects.select_for_update().get(pk=team_id)
    overrides = dict(team.overrides)
    if value is None:
        overrides.pop(question, None)
    else:
        cleaned = clean_value(q, value)
        if cleaned is None:
            raise TeamError(f"Not an answer to {q.short_label}")
        overrides[question] = {
            "value": list(cleaned) if isinstance(cleaned, tuple) else cleaned,
            "reason": reason.strip()[:COMMENT_MAX_LENGTH],
        }
    team.overrides = overrides
    team.save(update_fields=["overrides", "updated_at"])


def delete_team(*, team: Team) -> None:
    """Remove the team with every membership and answer (a saved plan made from it stays)."""
    team.delete()


@transaction.atomic
def convert_to_plan(*, team: Team, snapshot: GuideSnapshot | None = None) -> tuple[Plan, str]:
    """Save the team answers as a plan with a team summary; returns it and its key."""
    snapshot = snapshot or get_snapshot()
    report = build_report(team, snapshot=snapshot)
    if report.answers is None:
        raise TeamError("Some questions have no team answer yet.")
    plan, key = create_plan_from_answers(
        answers=report.answers,
        recommendation=report.recommendation,
        title=team.title,
        snapshot=snapshot,
    )
    plan.team_summary = team_summary(report)
    plan.save(update_fields=["team_summary"])
    team.plan = plan
    team.save(update_fields=["plan", "updated_at"])
    return plan, key
