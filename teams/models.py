"""Team plans: several people answer the planning questions; a lead sees where they disagree.

Keys work exactly like saved plans' (``selector.models``): 256-bit random keys of which only the
SHA-256 hash is stored. A team has two: the lead key (manage, see everything) and the join key
(answer). A member is known by a third secret, kept in a cookie scoped to the team's join path,
of which again only the hash is stored: no account, and no way back from a database copy.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from selector.models import TITLE_MAX_LENGTH, Plan

NAME_MAX_LENGTH = 80
COMMENT_MAX_LENGTH = 1000
QUESTION_NAME_MAX_LENGTH = 40


class Team(models.Model):
    lead_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    join_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    closes_on = models.DateField(
        null=True, blank=True, help_text="After this day no new answers are taken."
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the lead closed it.")
    share_summary = models.BooleanField(
        default=False, help_text="Members may see the group's answers (never names or comments)."
    )
    # The lead's choices where the group's answer is not the one to plan with:
    # {question name: {"value": str or [str], "reason": str}}.
    overrides = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The saved plan made from this team plan, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        if self.closed_at is not None:
            return False
        return self.closes_on is None or timezone.localdate() <= self.closes_on

    @property
    def closed_on(self):
        """The day it stopped taking answers, or None while it is open."""
        if self.closed_at is not None:
            return timezone.localdate(self.closed_at)
        if not self.is_open:
            return self.closes_on
        return None


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    secret_hash = models.CharField(max_length=64, editable=False)
    display_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "pk"]
        constraints = [
            # One membership per browser secret: a second join from the same browser finds it.
            models.UniqueConstraint(fields=["team", "secret_hash"], name="team_member_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or f"Member {self.pk}"


class MemberAnswer(models.Model):
    """One member's answer to one question; ``value`` is null when they skipped it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=QUESTION_NAME_MAX_LENGTH)
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "question"], name="team_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.question}"
