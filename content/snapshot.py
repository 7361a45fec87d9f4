"""An immutable snapshot of the published guide: what the engine, the API and exports read.

Built in a fixed handful of queries and cached per guide revision, so its cost does not grow
with the number of requests, and every app server sees a change as soon as it is saved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import models
from .choices import ConsiderationTopic
from .signals import guide_changed

CACHE_KEY = "guide-snapshot:{revision}"
CACHE_SECONDS = 60 * 60 * 24


# ``assessed`` on the data below: for an item, a mapping of field name to the one-line reason
# that value is our judgement (show it as "our assessment" beside the value); for a
# consideration, True when the whole row is ours. A method's always includes the engine
# ratings (``Method.RATED_BY_US``); ``considerations`` there marks its whole practical-
# considerations row (the approach table row and the method page's list).


@dataclass(frozen=True)
class ConsiderationData:
    topic: str
    topic_label: str
    text: str
    assessed: bool = False


@dataclass(frozen=True)
class SourceData:
    slug: str
    title: str
    publisher: str
    year: int | None
    url: str


@dataclass(frozen=True)
class ApproachData:
    slug: str
    name: str
    order: int
    summary: str
    standardisation: str
    motivation: str
    cost: str
    url: str
    limitations: str = ""
    assessed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MethodData:
    slug: str
    name: str
    kind: str
    approach: str
    order: int
    summary: str
    stages: tuple[str, ...]
    levels: tuple[str, ...]
    audience_sizes: tuple[str, ...]
    audiences: tuple[str, ...]
    complexity: tuple[str, ...]
    motivation: str
    energy: str
    cost: str
    capacity: str
    time_to_effect: str
    builds_evidence: bool
    resources_needed: str
    timeframe: str
    our_summary: bool
    considerations: tuple[ConsiderationData, ...]
    url: str
    # Read by the engine's feasibility rules and plan composition (defaults: no constraint).
    functions: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()  # empty: anyone can use it
    interventions: tuple[str, ...] = ()  # empty: suits any kind of intervention
    evidence_needed: str = "limited"
    assessed: dict[str, str] = field(default_factory=dict)
    # Fields of the model's groups (ENGINE_FIELDS, FIT_FIELDS, TABLE_PHRASES) not typed above
    # yet: a new attribute reaches the engine as ``method.<name>`` from its declaration alone.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not fields; guarded so copying and unpickling (which
        # look up attributes before ``extra`` exists) see a plain AttributeError.
        extra = self.__dict__.get("extra")
        if extra is None or name not in extra:
            raise AttributeError(name)
        return extra[name]


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


_TYPED_METHOD_FIELDS = frozenset(f.name for f in fields(MethodData))


@dataclass(frozen=True)
class StepData:
    method: str
    phase: int
    phase_name: str
    concurrent: bool
    what_it_did: str


@dataclass(frozen=True)
class CaseExampleData:
    slug: str
    title: str
    summary: str
    sequencing: str
    complexity: str
    levels: tuple[str, ...]
    audience_size: str
    motivation: str
    timescale: str
    funding: str
    steps: tuple[StepData, ...]
    url: str
    outcomes: str = ""
    assessed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PrincipleData:
    slug: str
    name: str
    summary: str
    url: str


@dataclass(frozen=True)
class TopicData:
    slug: str
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class GuideSnapshot:
    approaches: tuple[ApproachData, ...]
    methods: tuple[MethodData, ...]
    case_examples: tuple[CaseExampleData, ...]
    principles: tuple[PrincipleData, ...]
    topics: tuple[TopicData, ...]
    sources: tuple[SourceData, ...]
    version: str

    def approach(self, slug: str) -> ApproachData | None:
        return next((a for a in self.approaches if a.slug == slug), None)

    def method(self, slug: str) -> MethodData | None:
        return next((m for m in self.methods if m.slug == slug), None)


def approach_data(approach: models.Approach) -> ApproachData:
    """The engine's view of one approach, whatever its status."""
    return ApproachData(
        slug=approach.slug,
        name=approach.name,
        order=approach.order,
        summary=approach.summary,
        standardisation=approach.standardisation,
        motivation=approach.motivation,
        cost=approach.cost,
        url=approach.get_absolute_url(),
        limitations=approach.limitations,
        assessed=dict(approach.assessed),
    )


def method_data(
    method: models.Method, considerations: Iterable[models.Consideration] | None = None
) -> MethodData:
    """The engine's view of one method, whatever its status (previews of drafts use it too)."""
    labels = dict(ConsiderationTopic.choices)
    if considerations is None:
        considerations = method.considerations.all() if method.pk else []
    declared = (*method.FIT_FIELDS, *method.ENGINE_FIELDS, *method.TABLE_PHRASES)
    values = {name: _frozen(getattr(method, name)) for name in declared}
    return MethodData(
        slug=method.slug,
        name=method.name,
        kind=method.kind,
        approach=method.approach.slug,
        order=method.order,
        summary=method.summary,
        our_summary=method.our_summary,
        considerations=tuple(
            ConsiderationData(c.topic, labels.get(c.topic, c.topic), c.text, c.assessed)
            for c in considerations
        ),
        url=method.get_absolute_url(),
        assessed=method.assessments,
        **{name: value for name, value in values.items() if name in _TYPED_METHOD_FIELDS},
        extra={name: value for name, value in values.items() if name not in _TYPED_METHOD_FIELDS},
    )


def _hashed(item: Any) -> dict[str, Any]:
    data = asdict(item)
    if not data.get("extra", True):
        del data["extra"]  # so a guide with no untyped attribute keeps the version it had
    return data


def build_snapshot() -> GuideSnapshot:
    """Read the published guide from the database (nine queries whatever its size)."""
    approaches = tuple(approach_data(a) for a in models.Approach.objects.published())
    published_approaches = {a.slug for a in approaches}
    methods = tuple(
        method_data(m)
        for m in models.Method.objects.published()
        .select_related("approach")
        .prefetch_related("considerations")
        if m.approach.slug in published_approaches
    )
    published_methods = {m.slug for m in methods}
    case_examples = tuple(
        CaseExampleData(
            slug=c.slug,
            title=c.title,
            summary=c.summary,
            sequencing=c.sequencing,
            complexity=c.complexity,
            levels=tuple(c.levels),
            audience_size=c.audience_size,
            motivation=c.motivation,
            timescale=c.timescale,
            funding=c.funding,
            steps=tuple(
                StepData(s.method.slug, s.phase, s.phase_name, s.concurrent, s.what_it_did)
                for s in c.steps.all()
                if s.method.slug in published_methods
            ),
            url=c.get_absolute_url(),
            outcomes=c.outcomes,
            assessed=dict(c.assessed),
        )
        for c in models.CaseExample.objects.published().prefetch_related("steps__method")
    )
    principles = tuple(
        PrincipleData(p.slug, p.name, p.summary, p.get_absolute_url())
        for p in models.Principle.objects.published()
    )
    topics = tuple(
        TopicData(t.slug, t.title, t.summary, t.get_absolute_url())
        for t in models.Topic.objects.published()
    )
    sources = tuple(
        SourceData(s.slug, s.title, s.publisher, s.year, s.url)
        for s in models.Source.objects.published()
    )
    body = json.dumps(
        [
            [_hashed(x) for x in group]
            for group in (approaches, methods, case_examples, principles, topics, sources)
        ],
        sort_keys=True,
    )
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return GuideSnapshot(approaches, methods, case_examples, principles, topics, sources, version)


def current_revision() -> int:
    revision = models.GuideRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    return revision or 0


def get_snapshot() -> GuideSnapshot:
    """The published guide, from the cache when it is current (one query to check)."""
    key = CACHE_KEY.format(revision=current_revision())
    snapshot: GuideSnapshot | None = cache.get(key)
    if snapshot is None:
        snapshot = build_snapshot()
        cache.set(key, snapshot, CACHE_SECONDS)
    return snapshot


def _bump() -> None:
    # update() skips auto_now, so set the time here: it is the pages' Last-Modified.
    updated = models.GuideRevision.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        models.GuideRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def bump_revision() -> None:
    """Mark the guide as changed, so every server rebuilds its snapshot.

    Inside a transaction it runs once, on commit, however many items the transaction saves.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
    elif not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


_CONTENT_MODELS = models.GUIDE_MODELS
_CONTENT_SENDERS = frozenset(
    [*_CONTENT_MODELS] + [m.sources.through for m in _CONTENT_MODELS if hasattr(m, "sources")]
)


def _on_content_change(sender: object, **kwargs: object) -> None:
    if sender in _CONTENT_SENDERS:
        bump_revision()


@receiver(guide_changed)
def _on_guide_changed(sender: object, **kwargs: object) -> None:
    bump_revision()


post_save.connect(_on_content_change, dispatch_uid="guide-snapshot-save")
post_delete.connect(_on_content_change, dispatch_uid="guide-snapshot-delete")
m2m_changed.connect(_on_content_change, dispatch_uid="guide-snapshot-m2m")
