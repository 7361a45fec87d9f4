"""An immutable snapshot of the published guide: what the engine, the API and exports read.

Built in a fixed handful of queries and cached per guide revision, so its cost does not grow
with the number of requests. The process that publishes a change sees it at once, every other
process on any server within ``GUIDE_REVISION_RECHECK_SECONDS``.

Per request the guide revision is read at most once (``guide_version``, memoised for the
request by ``spreadguide.middleware.OneRevisionReadMiddleware``), and not at all by a reading
request when another of the process read it within that interval; the snapshot of that
revision is kept in process memory, so a request pays neither a second query nor an unpickle.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from functools import cached_property
from threading import Lock
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import models
from .choices import ConsiderationTopic
from .signals import guide_changed

CACHE_KEY = "guide-snapshot:{revision}:{changed}"
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
    plan_role: str = ""  # how it does its job, as the start of a sentence
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
        return self._approaches_by_slug.get(slug)

    def method(self, slug: str) -> MethodData | None:
        return self._methods_by_slug.get(slug)

    # Built on first use and kept with the snapshot, which lives for its revision: a page looks
    # up every approach and method in its plan, and a scan per look-up grows with the guide.
    @cached_property
    def _approaches_by_slug(self) -> dict[str, ApproachData]:
        return _first_by_slug(self.approaches)

    @cached_property
    def _methods_by_slug(self) -> dict[str, MethodData]:
        return _first_by_slug(self.methods)


def _first_by_slug(items: Iterable[Any]) -> dict[str, Any]:
    by_slug: dict[str, Any] = {}
    for item in items:
        by_slug.setdefault(item.slug, item)  # as the scan it replaces, the first one wins
    return by_slug


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


GuideVersion = tuple[int, datetime | None]


class _RequestRevision:
    """What one request knows of the guide revision."""

    __slots__ = ("may_reuse", "version")

    def __init__(self, *, may_reuse: bool) -> None:
        self.version: GuideVersion | None = None
        self.may_reuse = may_reuse  # may take another request's recent read (see below)


# The revision read once per request; None outside a request (every call then reads it afresh).
_request_version: ContextVar[_RequestRevision | None] = ContextVar("guide_version", default=None)


@contextmanager
def one_revision_read(*, may_reuse: bool = True) -> Iterator[None]:
    """Within this block the guide revision is read from the database at most once, and not at
    all when ``may_reuse`` and another request of this process read it within the recheck
    interval. A request that may write (anything but GET and HEAD) should not reuse: a plan
    recomputed from a guide a second old would drop what was just published."""
    token = _request_version.set(_RequestRevision(may_reuse=may_reuse))
    try:
        yield
    finally:
        _request_version.reset(token)


# The revision a request read lately: (revision, monotonic seconds when the read began). Reading
# requests within GUIDE_REVISION_RECHECK_SECONDS of it take
# it instead of querying: on a cold page the query cost more than the rest of the request's
# database work, for a value that changes a few times a day. A publish in this process starts a
# new generation (``_bump``), which no read begun before it may fill, so this process sees the
# new revision at once; every other process, on any server, within that many seconds.
_recent_read: tuple[GuideVersion, float] | None = None
_generation = 0
_RECENT_LOCK = Lock()


def guide_version() -> GuideVersion:
    """The guide revision number and when it last changed: once per request at most, and not
    even that when another request of this process read it within the recheck interval.
    Outside a request (commands, jobs) it is read afresh on every call."""
    global _recent_read
    memo = _request_version.get()
    if memo is None:
        return _read_version()
    if memo.version is not None:
        return memo.version
    recent, generation, now = _recent_read, _generation, time.monotonic()
    if (
        memo.may_reuse
        and recent is not None
        and now - recent[1] < settings.GUIDE_REVISION_RECHECK_SECONDS
    ):
        version = recent[0]
    else:
        version = _read_version()
        with _RECENT_LOCK:
            # A publish while this read was under way may have made it old: keep it only if
            # no new generation began, and never over a read that began later.
            current = _recent_read
            if generation == _generation and (current is None or current[1] <= now):
                _recent_read = (version, now)
    memo.version = version
    return version


def forget_recent_revision() -> None:
    """No read begun before now serves another request: the next one reads the database."""
    global _recent_read, _generation
    with _RECENT_LOCK:
        _generation += 1
        _recent_read = None


def _read_version() -> GuideVersion:
    # Every conditional page runs this, so it is plain SQL: building the ORM query cost more
    # CPU than the database's answer (about a fifth of an API request).
    meta = models.GuideRevision._meta
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = %s", [1])
        row = cursor.fetchone()
    if row is None:
        return (0, None)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite keeps it as text, in UTC
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, UTC)
    return (int(number), changed_at)


def current_revision() -> int:
    return guide_version()[0]


# Snapshots of the latest revisions, in this process: a cache read would unpickle the whole
# guide on every request (27 ms at 100x content). Keyed by number and time, so a revision
# number reused after a rollback (tests) never returns an older guide.
_LOCAL: OrderedDict[GuideVersion, GuideSnapshot] = OrderedDict()
_LOCAL_KEEP = 2
_LOCAL_LOCK = Lock()


def forget_local_snapshots() -> None:
    """This process's snapshots and its recent revision read."""
    forget_recent_revision()
    with _LOCAL_LOCK:
        _LOCAL.clear()


def get_snapshot() -> GuideSnapshot:
    """The published guide for the current revision: process memory, else the shared cache,
    else built from the database."""
    version = guide_version()
    with _LOCAL_LOCK:
        snapshot = _LOCAL.get(version)
    if snapshot is not None:
        return snapshot
    key = CACHE_KEY.format(
        revision=version[0], changed=version[1].timestamp() if version[1] else ""
    )
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = build_snapshot()
        cache.set(key, snapshot, CACHE_SECONDS)
    with _LOCAL_LOCK:
        _LOCAL[version] = snapshot
        while len(_LOCAL) > _LOCAL_KEEP:
            _LOCAL.popitem(last=False)
    return snapshot


def _bump() -> None:
    memo = _request_version.get()
    if memo is not None:
        memo.version = None  # this request reads the new revision from here on
    # update() skips auto_now, so set the time here: it is the pages' Last-Modified.
    updated = models.GuideRevision.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        models.GuideRevision.objects.get_or_create(pk=1, defaults={"number": 1})
    forget_recent_revision()


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
