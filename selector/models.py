"""Saved plans: a recommendation a leader has tailored, reached only through its secret link.

The link's key is never stored: only its SHA-256 hash, which is what every look-up uses. A
database copy therefore cannot be turned back into working links, and a look-up is one indexed
equality match whose time does not depend on how much of a guessed key is right.
"""

from __future__ import annotations

import hashlib

from django.db import models

TITLE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000


def hash_key(key: str) -> str:
    """The stored form of a plan key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class Plan(models.Model):
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    organisation = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    owner = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    note = models.TextField("overall note", blank=True)
    # What a board needs to see beside the methods.
    decision_sought = models.TextField(
        blank=True, help_text="The decision the board is asked to make, in a sentence or two."
    )
    key_risks = models.TextField(blank=True, help_text="The main risks to the plan, one a line.")
    # Written when a team plan becomes this plan: who took part and where they disagreed.
    team_summary = models.JSONField(null=True, blank=True, editable=False)
    # What the plan was computed from, so it stays traceable and can be recomputed.
    answers = models.JSONField(help_text="The answers to the planning questions.")
    content_version = models.CharField(max_length=64)
    recommendation = models.JSONField(help_text="The engine's result when last computed.")
    # Optimistic concurrency: each save bumps it; a form carrying an older number is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"Plan {self.pk}"


class PlanMethod(models.Model):
    """A method in a plan: one the engine recommended, or one the leader added."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="methods")
    slug = models.SlugField(max_length=120)
    name = models.CharField(max_length=200, help_text="As named when it was added.")
    recommended = models.BooleanField(default=False, help_text="The engine proposed it.")
    included = models.BooleanField(default=True, help_text="Kept in the plan.")
    phase = models.CharField(max_length=20, help_text="The 'when' of the phase it sits in.")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="plan_method_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


PHASE_KEYS = ("now", "next", "later")


class PlanPhase(models.Model):
    """What a board asks of each phase of a saved plan: when, who, how much, and how we know."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    when = models.CharField(max_length=20, help_text="The phase key: now, next or later.")
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Month the phase starts, counting the plan's start as 1."
    )
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Month the phase ends, counting the plan's start as 1."
    )
    owner = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    cost_estimate = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    success_measure = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "when"], name="plan_phase_unique_when"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} / {self.when}"
