"""The spread-and-scale guide as data: approaches, their methods and levers, practical
considerations, case examples and the reference material around them.

Every public read goes through ``published()`` so drafts never leak to pages, the engine or the API.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import (
    Amount,
    Audience,
    AudienceSize,
    Complexity,
    ConsiderationTopic,
    Energy,
    Evidence,
    Function,
    Funding,
    InterventionKind,
    Kind,
    Lead,
    Level,
    Motivation,
    Sequencing,
    Stage,
    Status,
    Timescale,
)
from .fields import ChoiceListField

MARKDOWN_HELP = "Markdown. Raw HTML is removed when the page is shown."


class GuideQuerySet(models.QuerySet):
    def published(self) -> GuideQuerySet:
        return self.filter(status=Status.PUBLISHED)


class GuideItem(models.Model):
    """Fields every curated item shares."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Part of the web address. Cannot change once published without a redirect.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Drafts are hidden from public pages, the recommendations and the API.",
    )
    our_summary = models.BooleanField(
        "our summary",
        default=False,
        help_text="Tick when the public NHS pages do not state this directly: the site then labels "
        "it as our summary, not NHS wording.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()
    # Set by django-simple-history (``history``) and by us before a save (``_history_user``,
    # who made the change), so the type checker knows every guide item has them.
    history: Any
    _history_user: Any

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Assessed(models.Model):
    """Fields whose value is our own judgement rather than something the NHS pages state.

    ``assessed`` maps a field name to a one-line justification; public pages and exports show
    each named field as "our assessment" with that justification beside the value.
    """

    assessed = models.JSONField(
        "our assessments",
        default=dict,
        blank=True,
        help_text="Fields whose values are our judgement, each with a one-line reason, e.g. "
        '{"cost": "The service usually needs new funding, so we rate it high."}. Each field '
        'named here is labelled "our assessment" on the public pages.',
    )

    # Housekeeping fields say nothing about the innovation, so they cannot be assessed.
    NOT_ASSESSABLE = frozenset(
        {"id", "slug", "status", "order", "our_summary", "updated_at", "assessed"}
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        problems = assessed_problems(type(self), self.assessed)
        if problems:
            raise ValidationError({"assessed": problems})


def assessable_fields(model: type[models.Model]) -> frozenset[str]:
    """The names an ``assessed`` mapping may use for this model: its content fields and the
    child rows shown with it (a case example's steps, a method's considerations)."""
    return frozenset(f.name for f in model._meta.get_fields()) - Assessed.NOT_ASSESSABLE


def assessed_problems(model: type[models.Model], assessed: object) -> list[str]:
    """What is wrong with an ``assessed`` mapping: unknown field names, empty reasons."""
    if assessed in (None, ""):
        return []
    if not isinstance(assessed, dict):
        return ["Give a mapping of field names to one-line justifications."]
    allowed = assessable_fields(model)
    problems = []
    for name, reason in assessed.items():
        if name not in allowed:
            problems.append(f"'{name}' is not a field of this item that can be assessed.")
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(f"'{name}' needs a one-line justification.")
        elif "\n" in reason.strip():
            problems.append(f"The justification for '{name}' must fit on one line.")
    return problems


class Source(GuideItem):
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField("web address", max_length=500, blank=True)
    note = models.TextField(blank=True, help_text="What the guide takes from this source.")

    history = HistoricalRecords()

    MARKDOWN_FIELDS = ("note",)

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("content:about") + f"#source-{self.slug}"


class Approach(Assessed, GuideItem):
    name = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(max_length=300, help_text="One sentence shown in lists.")
    description = models.TextField(help_text=MARKDOWN_HELP)
    effectiveness = models.TextField(help_text="Strengths. " + MARKDOWN_HELP)
    limitations = models.TextField(help_text=MARKDOWN_HELP)
    standardisation = models.CharField(
        "central standardisation",
        max_length=10,
        choices=Amount.choices,
        help_text="How far the approach relies on centrally standardised action.",
    )
    motivation = models.CharField(
        max_length=10,
        choices=Motivation.choices,
        help_text="Whether the approach works mainly through extrinsic motivators (money, rules) "
        "or intrinsic ones (purpose, peers), or both.",
    )
    cost = models.CharField(
        max_length=10,
        choices=Amount.choices,
        help_text="Money the approach typically needs. The engine keeps high-cost approaches out "
        "of the top three when there is no funding.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="approaches")

    history = HistoricalRecords(m2m_fields=[sources])

    MARKDOWN_FIELDS = (
        "summary",
        "description",
        "effectiveness",
        "limitations",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "approaches"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:approach-detail", kwargs={"slug": self.slug})


class Method(Assessed, GuideItem):
    """A method or lever, belonging to one approach."""

    approach = models.ForeignKey(Approach, on_delete=models.PROTECT, related_name="methods")
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.METHOD,
        help_text="A lever is pulled by a body with money or authority (payment, contract, "
        "regulation); a method is an activity people carry out.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(max_length=300, help_text="One sentence shown in lists.")
    description = models.TextField(help_text=MARKDOWN_HELP)
    examples = models.TextField(blank=True, help_text=MARKDOWN_HELP)

    # The practical considerations table, as structured values.
    stages = ChoiceListField(
        "stages of development",
        choice_set=Stage,
        help_text="The stages of an intervention's development this method fits.",
    )
    levels = ChoiceListField(
        "system levels",
        choice_set=Level,
        help_text="Where in the system it can be used (audience and scale).",
    )
    audience_sizes = ChoiceListField(
        "audience sizes",
        choice_set=AudienceSize,
        help_text="The sizes of audience it reaches well.",
    )
    audiences = ChoiceListField(
        "audiences",
        choice_set=Audience,
        blank=True,
        help_text="The groups it is best at moving. Leave empty if it suits anyone.",
    )
    resources_needed = models.CharField(
        max_length=300, help_text="Short phrase for the considerations table."
    )
    timeframe = models.CharField(max_length=200, help_text="Short phrase for the table.")

    # What the recommendation engine scores.
    complexity = ChoiceListField(
        "suits complexity",
        choice_set=Complexity,
        help_text="The kinds of intervention it suits: simple, complicated and/or complex.",
    )
    motivation = models.CharField(
        "motivation it relies on",
        max_length=10,
        choices=Motivation.choices,
        help_text="Extrinsic (money, rules, targets), intrinsic (purpose, peers) or both.",
    )
    energy = models.CharField(
        "energy for change it needs",
        max_length=10,
        choices=Energy.choices,
        help_text="How much existing energy for change the audience needs for it to work.",
    )
    cost = models.CharField(
        max_length=10, choices=Amount.choices, help_text="Money it needs to work."
    )
    capacity = models.CharField(
        max_length=10,
        choices=Amount.choices,
        help_text="People and skills it needs to work.",
    )
    time_to_effect = models.CharField(
        max_length=10,
        choices=Timescale.choices,
        help_text="How long before it typically shows an effect.",
    )
    builds_evidence = models.BooleanField(
        default=False,
        help_text="Tick when the method itself generates evidence (piloting, evaluation): the "
        "engine puts these first when evidence is limited.",
    )
    # What the engine's feasibility rules and plan composition read.
    functions = ChoiceListField(
        "functions in a plan",
        choice_set=Function,
        blank=True,
        help_text="The jobs it does in a spread plan; plans are composed to cover the jobs the "
        "situation needs. A method with none is never chosen (content health lists it).",
    )
    leads = ChoiceListField(
        "who can use it",
        choice_set=Lead,
        blank=True,
        help_text="The leaders who hold this method or lever. Leave empty if anyone can use it.",
    )
    interventions = ChoiceListField(
        "kinds of intervention it suits",
        choice_set=InterventionKind,
        blank=True,
        help_text="Leave empty if it suits any kind of intervention.",
    )
    evidence_needed = models.CharField(
        "evidence it needs",
        max_length=10,
        choices=Evidence.choices,
        default=Evidence.LIMITED,
        help_text="The least evidence it is right to use it with: scale-up levers need at least "
        "promising evidence, and levers that lock an intervention in need strong evidence.",
    )
    plan_role = models.CharField(
        "what it does in a plan",
        max_length=160,
        blank=True,
        help_text='How it does its job, as the start of a sentence, e.g. "Writes it into '
        "contracts\". The result adds what that achieves for the leader's answers; left empty, "
        "the method's role is said from its job alone (content health lists it).",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="methods")

    history = HistoricalRecords(m2m_fields=[sources])

    # Field groups, declared once. The admin form and its fieldsets, the CSV/XLSX resource, the
    # YAML format and the snapshot read these: a new engine attribute is a model field above,
    # its name in ENGINE_FIELDS, a migration, its YAML values and the engine's use of it.
    # (docs/structure.md, "Adding an engine attribute".)
    TEXT_FIELDS = ("summary", "description", "examples")
    # The practical considerations table: where the method fits, then two short phrases.
    FIT_FIELDS = ("stages", "levels", "audience_sizes", "audiences")
    TABLE_PHRASES = ("resources_needed", "timeframe")
    # What the recommendation engine scores, besides where the method fits.
    ENGINE_FIELDS = (
        "complexity",
        "motivation",
        "energy",
        "cost",
        "capacity",
        "time_to_effect",
        "builds_evidence",
        "evidence_needed",
        "functions",
        "leads",
        "interventions",
        "plan_role",
    )
    MARKDOWN_FIELDS = TEXT_FIELDS
    # The NHS pages describe methods but never rate them, so what the engine scores is always
    # our assessment, whether or not the item gives a more specific reason of its own (whether a
    # method builds evidence is a fact about it, and what it does in a plan a description).
    RATED_BY_US = tuple(
        name for name in ENGINE_FIELDS if name not in ("builds_evidence", "plan_role")
    )
    RATING_REASON = "The NHS pages describe this method but do not rate it; the rating is ours."

    class Meta:
        ordering = ["approach__order", "order", "name"]
        # One permission for publishing any guide content; it lives here only because a
        # permission needs a model. Checked as "content.publish_content".
        permissions = [("publish_content", "Can publish and unpublish guide content")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:method-detail", kwargs={"slug": self.slug})

    @property
    def assessments(self) -> dict[str, str]:
        """Every field that is our assessment, with its reason: the ratings, then the item's own."""
        return {**dict.fromkeys(self.RATED_BY_US, self.RATING_REASON), **(self.assessed or {})}

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        for field in ("complexity", "levels", "audience_sizes", "stages"):
            if not getattr(self, field):
                label = getattr(self._meta.get_field(field), "verbose_name", field)
                errors[field] = f"Choose at least one of the {label}: the engine needs it."
        if errors:
            raise ValidationError(errors)


class Consideration(models.Model):
    """A practical consideration for using a method, under one column of the guide's table."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="considerations")
    topic = models.CharField(max_length=10, choices=ConsiderationTopic.choices)
    text = models.TextField(help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0)
    assessed = models.BooleanField(
        "our assessment",
        default=False,
        help_text="Tick when this row is our judgement, not something the NHS pages state: the "
        'site then labels it "our assessment".',
    )

    history = HistoricalRecords()

    MARKDOWN_FIELDS = ("text",)

    class Meta:
        ordering = ["method", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.text[:60]}"


class CaseExample(Assessed, GuideItem):
    title = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text=MARKDOWN_HELP)
    outcomes = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    sequencing = models.CharField(
        max_length=12,
        choices=Sequencing.choices,
        help_text="Whether its methods ran at the same time, one after another, or both.",
    )
    # The situation it worked in, matched against a leader's answers.
    complexity = models.CharField(max_length=12, choices=Complexity.choices)
    levels = ChoiceListField("system levels", choice_set=Level)
    audience_size = models.CharField(max_length=10, choices=AudienceSize.choices)
    motivation = models.CharField(max_length=10, choices=Motivation.choices)
    timescale = models.CharField(max_length=10, choices=Timescale.choices)
    funding = models.CharField(max_length=12, choices=Funding.choices)
    sources = models.ManyToManyField(Source, blank=True, related_name="case_examples")

    history = HistoricalRecords(m2m_fields=[sources])

    MARKDOWN_FIELDS = (
        "summary",
        "description",
        "outcomes",
    )

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:case-example-detail", kwargs={"slug": self.slug})


class CombinationStep(models.Model):
    """One method used in a case example, placed in a phase of its timeline."""

    case_example = models.ForeignKey(CaseExample, on_delete=models.CASCADE, related_name="steps")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="case_steps")
    phase = models.PositiveSmallIntegerField(help_text="Phases run in order, starting at 1.")
    phase_name = models.CharField(max_length=120)
    concurrent = models.BooleanField(
        default=True, help_text="Runs alongside the other steps of the same phase."
    )
    what_it_did = models.TextField(help_text=MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    MARKDOWN_FIELDS = ("what_it_did",)

    class Meta:
        ordering = ["case_example", "phase", "order", "pk"]

    def __str__(self) -> str:
        return f"Phase {self.phase}: {self.method}"


class Principle(GuideItem):
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text=MARKDOWN_HELP)

    history = HistoricalRecords()

    MARKDOWN_FIELDS = ("summary", "description")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:principles") + f"#{self.slug}"


class Topic(GuideItem):
    """A piece of guidance around the approaches, such as systems convening."""

    title = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text=MARKDOWN_HELP)

    history = HistoricalRecords()

    MARKDOWN_FIELDS = ("summary", "body")

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:principles") + f"#{self.slug}"


class GlossaryTerm(GuideItem):
    term = models.CharField(max_length=120, unique=True)
    definition = models.TextField(help_text=MARKDOWN_HELP)
    sources = models.ManyToManyField(Source, blank=True, related_name="glossary_terms")

    history = HistoricalRecords(m2m_fields=[sources])

    MARKDOWN_FIELDS = ("definition",)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("content:glossary") + f"#{self.slug}"


# The guide's curated models, in the order they load. A change to any of them is a change to
# the guide (the snapshot's revision); importing a guide writes all of them; content health
# checks the links in each one's MARKDOWN_FIELDS. Migration 0003 keeps its own frozen copy, as
# a migration must.
GUIDE_MODELS = (
    Source,
    Approach,
    Method,
    Consideration,
    CaseExample,
    CombinationStep,
    Principle,
    Topic,
    GlossaryTerm,
)


class GuideRevision(models.Model):
    """A counter bumped whenever guide content changes.

    Every app server reads it (one small query) to know whether its cached copy of the published
    guide is current, so servers never serve stale content whatever cache they use.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Guide revision {self.number}"


class SlugRedirect(models.Model):
    """An old address kept when a published item's slug changes, so old links still work."""

    class Kind(models.TextChoices):
        APPROACH = "approach", "Approach"
        METHOD = "method", "Method or lever"
        CASE_EXAMPLE = "case-example", "Case example"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_slug = models.SlugField(max_length=120)
    new_slug = models.SlugField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "old_slug"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_redirect_per_slug")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_slug} → {self.new_slug}"


class UsageCount(models.Model):
    """How many results were viewed per day for one answer value or recommended approach.

    Anonymous by design: counts only, no user, address, browser or plan is ever stored.
    """

    date = models.DateField(db_index=True)
    dimension = models.CharField(
        max_length=40, help_text='What is counted, e.g. "approach" or "answer:funding".'
    )
    value = models.CharField(max_length=120)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "dimension", "value"], name="unique_usage_count_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.dimension}={self.value}: {self.count}"
