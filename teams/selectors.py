"""Reads of team plans. Every key is matched by its hash, like saved plans' keys."""

from __future__ import annotations

from selector.models import hash_key
from selector.plan_selectors import KEY_MAX_LENGTH

from .models import Member, MemberAnswer, Team
from .tally import Response


def _digest(key: str) -> str:
    # Cut absurd keys short, but still hash and look them up, so every key costs the same.
    return hash_key(key[:KEY_MAX_LENGTH])


def team_by_lead_key(key: str) -> Team | None:
    return Team.objects.filter(lead_key_hash=_digest(key)).first()


def team_by_join_key(key: str) -> Team | None:
    return Team.objects.filter(join_key_hash=_digest(key)).first()


def member_by_secret(team: Team, secret: str | None) -> Member | None:
    if not secret:
        return None
    return Member.objects.filter(team=team, secret_hash=_digest(secret)).first()


def responses(team: Team) -> list[Response]:
    """Every answer of every member, in one query."""
    rows = (
        MemberAnswer.objects.filter(member__team=team)
        .order_by("member_id", "pk")
        .values_list("member_id", "member__display_name", "question", "value", "comment")
    )
    return [
        Response(member_id, name, question, tuple(value) if isinstance(value, list) else value, c)
        for member_id, name, question, value, c in rows
    ]


def member_names(team: Team) -> tuple[int, list[str]]:
    """How many members the team has, and the names given (in joining order), in one query."""
    names = list(
        Member.objects.filter(team=team).order_by("pk").values_list("display_name", flat=True)
    )
    return len(names), [n for n in names if n]


def member_answers(member: Member) -> dict[str, MemberAnswer]:
    return {a.question: a for a in MemberAnswer.objects.filter(member=member)}
