"""Load the guide's content files into the database.

Reading and checking happen first, without touching the database; then every change is applied
in one transaction. A broken file is refused with a message naming the file and the entry.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from . import guide_format as fmt
from . import models
from .choices import ConsiderationTopic


class GuideFileError(Exception):
    """A content file that cannot be loaded; the message names the file and the entry."""

    def __init__(self, path: Path | str, entry: str, message: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.message = message
        super().__init__(f"{self.path}: {entry}: {message}")


@dataclass
class ParsedItem:
    spec: fmt.ItemSpec
    values: dict[str, Any]
    path: str
    entry: str
    sources: list[str] = field(default_factory=list)
    parent: str | None = None  # the approach slug, for methods
    children: list[tuple] = field(default_factory=list)  # considerations or steps

    @property
    def slug(self) -> str:
        return self.values["slug"]


@dataclass
class ParsedGuide:
    sources: list[ParsedItem] = field(default_factory=list)
    approaches: list[ParsedItem] = field(default_factory=list)
    methods: list[ParsedItem] = field(default_factory=list)
    case_examples: list[ParsedItem] = field(default_factory=list)
    principles: list[ParsedItem] = field(default_factory=list)
    topics: list[ParsedItem] = field(default_factory=list)
    glossary: list[ParsedItem] = field(default_factory=list)


@dataclass
class Change:
    label: str
    slug: str
    fields: tuple[str, ...] = ()


@dataclass
class ChangeReport:
    created: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.created or self.changed or self.removed)

    def lines(self) -> list[str]:
        out = [f"created {c.label} {c.slug}" for c in self.created]
        out += [f"changed {c.label} {c.slug} ({', '.join(c.fields)})" for c in self.changed]
        out += [f"removed {c.label} {c.slug}" for c in self.removed]
        return out

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.changed)} changed, {len(self.removed)} removed"
        )


# ---------------------------------------------------------------- reading and checking


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise GuideFileError(
            path, where, f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    except OSError as exc:
        raise GuideFileError(path, "file", f"cannot be read ({exc.strerror})") from exc


def _entry_name(spec: fmt.ItemSpec, raw: Any, index: int) -> str:
    slug = raw.get("slug") if isinstance(raw, dict) else None
    return f"{spec.label} '{slug}'" if slug else f"{spec.label} #{index + 1}"


def _parse_item(
    spec: fmt.ItemSpec,
    raw: Any,
    path: Path,
    index: int,
    *,
    extra_keys: Iterable[str] = (),
    extra_values: dict[str, Any] | None = None,
) -> ParsedItem:
    entry = _entry_name(spec, raw, index)
    if not isinstance(raw, dict):
        raise GuideFileError(path, entry, "expected a mapping of field names to values")
    allowed = set(spec.fields) | set(extra_keys) | ({"sources"} if spec.sources else set())
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise GuideFileError(path, entry, f"unknown field(s): {', '.join(unknown)}")
    missing = [key for key in spec.required if raw.get(key) in (None, "", [])]
    if missing:
        raise GuideFileError(path, entry, f"missing field(s): {', '.join(missing)}")
    values = {key: raw[key] for key in spec.required}
    for key, default in spec.optional.items():
        value = raw.get(key, default)
        # Defaults may be mutable ({} for no assessments): each item gets its own copy.
        values[key] = copy.deepcopy(default) if value is None and default is not None else value
    values.update(extra_values or {})
    _validate_values(spec, values, path, entry)
    sources = raw.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise GuideFileError(path, entry, "sources must be a list of source slugs")
    return ParsedItem(spec=spec, values=values, path=str(path), entry=entry, sources=sources)


def _validate_values(spec: fmt.ItemSpec, values: dict[str, Any], path: Path, entry: str) -> None:
    """Check values with the model's own field validation, so files and admin agree."""
    instance = spec.model(**values)
    exclude = [f.name for f in spec.model._meta.get_fields() if f.is_relation]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = []
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.append(f"field '{name}': {message}" if name != "__all__" else message)
        raise GuideFileError(path, entry, "; ".join(problems)) from exc
    # full_clean converts values (e.g. "3" to 3); keep what will be saved.
    for key in values:
        values[key] = getattr(instance, key)


def _read_list_file(directory: Path, name: str, spec: fmt.ItemSpec) -> list[ParsedItem]:
    path = directory / name
    if not path.exists():
        raise GuideFileError(path, "file", "is missing")
    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise GuideFileError(path, "file", f"expected a list of {spec.label} entries")
    return [_parse_item(spec, raw, path, i) for i, raw in enumerate(data)]


def _parse_considerations(raw: Any, path: Path, entry: str) -> list[tuple]:
    if not isinstance(raw, list) or not raw:
        raise GuideFileError(path, entry, "needs at least one consideration")
    out = []
    for i, item in enumerate(raw):
        where = f"{entry} consideration #{i + 1}"
        if (
            not isinstance(item, dict)
            or not set(fmt.CONSIDERATION_KEYS) <= set(item)
            or set(item) - set(fmt.CONSIDERATION_KEYS) - set(fmt.CONSIDERATION_OPTIONAL)
        ):
            raise GuideFileError(
                path, where, "needs the fields topic and text, and optionally assessed"
            )
        if item["topic"] not in ConsiderationTopic.values:
            raise GuideFileError(
                path,
                where,
                f"field 'topic': '{item['topic']}' is not one of "
                f"{', '.join(ConsiderationTopic.values)}",
            )
        if not isinstance(item["text"], str) or not item["text"].strip():
            raise GuideFileError(path, where, "field 'text' is empty")
        assessed = item.get("assessed", fmt.CONSIDERATION_OPTIONAL["assessed"])
        if not isinstance(assessed, bool):
            raise GuideFileError(path, where, "field 'assessed' must be true or false")
        out.append((item["topic"], item["text"], assessed))
    return out


def _read_approach_file(path: Path) -> tuple[ParsedItem, list[ParsedItem]]:
    raw = _read_yaml(path)
    approach = _parse_item(fmt.APPROACH, raw, path, 0, extra_keys=("methods",))
    methods_raw = raw.get("methods")
    if not isinstance(methods_raw, list) or not methods_raw:
        raise GuideFileError(path, approach.entry, "needs a list of methods")
    methods = []
    for i, method_raw in enumerate(methods_raw):
        method = _parse_item(fmt.METHOD, method_raw, path, i, extra_keys=("considerations",))
        method.parent = approach.slug
        method.children = _parse_considerations(
            method_raw.get("considerations"), path, method.entry
        )
        methods.append(method)
    return approach, methods


def _read_case_example_file(path: Path) -> ParsedItem:
    raw = _read_yaml(path)
    entry = _entry_name(fmt.CASE_EXAMPLE, raw, 0)
    if not isinstance(raw, dict):
        raise GuideFileError(path, entry, "expected a mapping of field names to values")
    context = raw.get("context")
    if not isinstance(context, dict):
        raise GuideFileError(path, entry, "needs a context mapping")
    unknown = sorted(set(context) - set(fmt.CONTEXT_KEYS))
    missing = [k for k in fmt.CONTEXT_KEYS if context.get(k) in (None, "", [])]
    if unknown:
        raise GuideFileError(path, entry, f"unknown context field(s): {', '.join(unknown)}")
    if missing:
        raise GuideFileError(path, entry, f"missing context field(s): {', '.join(missing)}")
    item = _parse_item(
        fmt.CASE_EXAMPLE,
        raw,
        path,
        0,
        extra_keys=("context", "steps"),
        extra_values={key: context[key] for key in fmt.CONTEXT_KEYS},
    )
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise GuideFileError(path, item.entry, "needs a list of steps")
    for i, step in enumerate(steps):
        where = f"{item.entry} step #{i + 1}"
        if not isinstance(step, dict):
            raise GuideFileError(path, where, "expected a mapping")
        allowed = set(fmt.STEP_KEYS) | set(fmt.STEP_OPTIONAL)
        if set(step) - allowed:
            raise GuideFileError(
                path, where, f"unknown field(s): {', '.join(sorted(set(step) - allowed))}"
            )
        missing = [k for k in fmt.STEP_KEYS if step.get(k) in (None, "")]
        if missing:
            raise GuideFileError(path, where, f"missing field(s): {', '.join(missing)}")
        if not isinstance(step["phase"], int) or step["phase"] < 1:
            raise GuideFileError(path, where, "field 'phase' must be a whole number from 1")
        concurrent = step.get("concurrent", True)
        if not isinstance(concurrent, bool):
            raise GuideFileError(path, where, "field 'concurrent' must be true or false")
        item.children.append(
            (
                step["method"],
                step["phase"],
                str(step["phase_name"]),
                concurrent,
                str(step["what_it_did"]),
            )
        )
    return item


def _check_unique(items: list[ParsedItem], *keys: str) -> None:
    for key in keys:
        seen: dict[Any, ParsedItem] = {}
        for item in items:
            value = item.values[key]
            if value in seen:
                raise GuideFileError(
                    item.path,
                    item.entry,
                    f"duplicate {key} '{value}' (also used by {seen[value].entry} "
                    f"in {seen[value].path})",
                )
            seen[value] = item


def read_guide(directory: Path | str = fmt.DEFAULT_GUIDE_DIR) -> ParsedGuide:
    """Read and check every content file; raise GuideFileError on the first problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise GuideFileError(directory, "folder", "does not exist")
    guide = ParsedGuide()
    guide.sources = _read_list_file(directory, fmt.SOURCES_FILE, fmt.SOURCE)
    guide.principles = _read_list_file(directory, fmt.PRINCIPLES_FILE, fmt.PRINCIPLE)
    guide.topics = _read_list_file(directory, fmt.TOPICS_FILE, fmt.TOPIC)
    guide.glossary = _read_list_file(directory, fmt.GLOSSARY_FILE, fmt.GLOSSARY_TERM)
    for path in sorted((directory / fmt.APPROACHES_DIR).glob("*.yaml")):
        approach, methods = _read_approach_file(path)
        guide.approaches.append(approach)
        guide.methods.extend(methods)
    for path in sorted((directory / fmt.CASE_EXAMPLES_DIR).glob("*.yaml")):
        guide.case_examples.append(_read_case_example_file(path))

    _check_unique(guide.sources, "slug")
    _check_unique(guide.approaches, "slug", "name")
    _check_unique(guide.methods, "slug", "name")
    _check_unique(guide.case_examples, "slug", "title")
    _check_unique(guide.principles, "slug", "name")
    _check_unique(guide.topics, "slug", "title")
    _check_unique(guide.glossary, "slug", "term")

    source_slugs = {s.slug for s in guide.sources}
    method_slugs = {m.slug for m in guide.methods}
    for item in guide.approaches + guide.methods + guide.case_examples + guide.glossary:
        for slug in item.sources:
            if slug not in source_slugs:
                raise GuideFileError(item.path, item.entry, f"unknown source '{slug}'")
    for case in guide.case_examples:
        for i, step in enumerate(case.children):
            if step[0] not in method_slugs:
                raise GuideFileError(
                    case.path, f"{case.entry} step #{i + 1}", f"unknown method '{step[0]}'"
                )
    return guide


# ---------------------------------------------------------------- applying


class _DryRun(Exception):
    pass


def _changed_fields(obj: Any, values: dict[str, Any]) -> list[str]:
    return [key for key, value in values.items() if getattr(obj, key) != value]


def _sync_items(
    items: list[ParsedItem],
    model: type,
    report: ChangeReport,
    *,
    related: dict[str, Any] | None = None,
    sources: dict[str, models.Source] | None = None,
    children: Any = None,
) -> dict[str, Any]:
    """Create or update each item by slug; return the saved objects by slug."""
    queryset = model.objects.all()
    if sources is not None:
        queryset = queryset.prefetch_related("sources")
    existing = {obj.slug: obj for obj in queryset}
    saved = {}
    label = items[0].spec.label if items else model._meta.verbose_name
    for item in items:
        values = dict(item.values)
        if related is not None:
            values["approach"] = related[item.parent]
        obj = existing.get(item.slug)
        if obj is None:
            obj = model(**values)
            obj.save()
            if sources is not None:
                obj.sources.set([sources[s] for s in item.sources])
            if children is not None:
                children(obj, item.children, created=True)
            report.created.append(Change(label, item.slug))
        else:
            changed = _changed_fields(obj, values)
            if changed:
                for key in changed:
                    setattr(obj, key, values[key])
                obj.save()
            if sources is not None:
                current = sorted(s.slug for s in obj.sources.all())
                if current != sorted(item.sources):
                    obj.sources.set([sources[s] for s in item.sources])
                    changed.append("sources")
            if children is not None and children(obj, item.children, created=False):
                changed.append("considerations" if model is models.Method else "steps")
            if changed:
                report.changed.append(Change(label, item.slug, tuple(changed)))
        saved[item.slug] = obj
    return saved


def _remove_missing(model: type, keep: Iterable[str], label: str, report: ChangeReport) -> None:
    for obj in model.objects.exclude(slug__in=list(keep)).order_by("slug"):
        obj.delete()
        report.removed.append(Change(label, obj.slug))


def _sync_considerations(method: models.Method, wanted: list[tuple], *, created: bool) -> bool:
    current = (
        [] if created else [(c.topic, c.text, c.assessed) for c in method.considerations.all()]
    )
    if current == wanted:
        return False
    method.considerations.all().delete()
    models.Consideration.objects.bulk_create(
        models.Consideration(method=method, topic=topic, text=text, assessed=assessed, order=i)
        for i, (topic, text, assessed) in enumerate(wanted)
    )
    return True


def _step_syncer(methods: dict[str, models.Method]):
    def sync(case: models.CaseExample, wanted: list[tuple], *, created: bool) -> bool:
        current = (
            []
            if created
            else [
                (s.method.slug, s.phase, s.phase_name, s.concurrent, s.what_it_did)
                for s in case.steps.select_related("method")
            ]
        )
        if current == wanted:
            return False
        case.steps.all().delete()
        models.CombinationStep.objects.bulk_create(
            models.CombinationStep(
                case_example=case,
                method=methods[slug],
                phase=phase,
                phase_name=phase_name,
                concurrent=concurrent,
                what_it_did=what,
                order=i,
            )
            for i, (slug, phase, phase_name, concurrent, what) in enumerate(wanted)
        )
        return True

    return sync


def apply_guide(guide: ParsedGuide, *, dry_run: bool = False) -> ChangeReport:
    """Make the database match the parsed guide, in one transaction."""
    report = ChangeReport()
    try:
        with transaction.atomic():
            sources = _sync_items(guide.sources, models.Source, report)
            approaches = _sync_items(guide.approaches, models.Approach, report, sources=sources)
            methods = _sync_items(
                guide.methods,
                models.Method,
                report,
                related=approaches,
                sources=sources,
                children=_sync_considerations,
            )
            _sync_items(
                guide.case_examples,
                models.CaseExample,
                report,
                sources=sources,
                children=_step_syncer(methods),
            )
            _sync_items(guide.principles, models.Principle, report)
            _sync_items(guide.topics, models.Topic, report)
            _sync_items(guide.glossary, models.GlossaryTerm, report, sources=sources)

            _remove_missing(
                models.CaseExample, [c.slug for c in guide.case_examples], "case example", report
            )
            _remove_missing(models.Method, methods, "method", report)
            _remove_missing(models.Approach, approaches, "approach", report)
            _remove_missing(
                models.Principle, [p.slug for p in guide.principles], "principle", report
            )
            _remove_missing(models.Topic, [t.slug for t in guide.topics], "topic", report)
            _remove_missing(
                models.GlossaryTerm, [g.slug for g in guide.glossary], "glossary term", report
            )
            _remove_missing(models.Source, sources, "source", report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if not report.is_empty and not dry_run:
        from .signals import guide_changed

        guide_changed.send(sender=apply_guide)
    return report


def load_guide(
    directory: Path | str = fmt.DEFAULT_GUIDE_DIR, *, dry_run: bool = False
) -> ChangeReport:
    return apply_guide(read_guide(directory), dry_run=dry_run)
