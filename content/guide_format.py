"""The layout of the guide's content files, shared by the loader and the exporter.

See docs/content-format.md for the format as a reader sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from . import models
from .fields import ChoiceListField

DEFAULT_GUIDE_DIR = Path(settings.BASE_DIR) / "content" / "guide"


@dataclass(frozen=True)
class ItemSpec:
    """How one kind of item is written in a file."""

    model: type[Any]  # a guide model class
    label: str
    required: tuple[str, ...]
    optional: dict[str, Any] = field(default_factory=dict)
    sources: bool = False
    layout: tuple[str, ...] = ()  # the order keys are written in; the loader ignores order

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + tuple(self.optional)


SOURCE = ItemSpec(
    model=models.Source,
    label="source",
    layout=("slug", "title", "publisher", "year", "url", "note", "status"),
    required=("slug", "title", "publisher"),
    optional={"year": None, "url": "", "note": "", "status": "published"},
)
APPROACH = ItemSpec(
    model=models.Approach,
    label="approach",
    layout=(
        "slug",
        "name",
        "order",
        "status",
        "our_summary",
        "summary",
        "description",
        "effectiveness",
        "limitations",
        "standardisation",
        "motivation",
        "cost",
        "assessed",
        "sources",
    ),
    required=(
        "slug",
        "name",
        "summary",
        "description",
        "effectiveness",
        "limitations",
        "standardisation",
        "motivation",
        "cost",
    ),
    optional={"order": 0, "our_summary": False, "status": "published", "assessed": {}},
    sources=True,
)


def method_spec() -> ItemSpec:
    """A method in its approach's file, from the field groups on the model.

    A field the model lets be empty, or gives a default, may be left out of the file.
    """
    method = models.Method
    grouped = (*method.FIT_FIELDS, *method.ENGINE_FIELDS, *method.TABLE_PHRASES)
    optional_grouped = {
        name: _default(method._meta.get_field(name))
        for name in grouped
        if _may_be_left_out(method._meta.get_field(name))
    }
    return ItemSpec(
        model=method,
        label="method",
        layout=(
            *("slug", "name", "kind", "order", "status", "our_summary"),
            *method.TEXT_FIELDS,
            *grouped,
            "assessed",
            "sources",
        ),
        required=(
            *("slug", "name", "kind", "summary", "description"),
            *(name for name in grouped if name not in optional_grouped),
        ),
        optional={
            "order": 0,
            "our_summary": False,
            "examples": "",
            **optional_grouped,
            "status": "published",
            "assessed": {},
        },
        sources=True,
    )


def _may_be_left_out(model_field: Any) -> bool:
    # A list field always has a default (the empty list), so only blank=True lets it be empty.
    if isinstance(model_field, ChoiceListField):
        return model_field.blank
    return model_field.blank or model_field.has_default()


def _default(model_field: Any) -> Any:
    return model_field.get_default() if model_field.has_default() else ""


METHOD = method_spec()
CONSIDERATION_KEYS = ("topic", "text")
CONSIDERATION_OPTIONAL = {"assessed": False}
CASE_EXAMPLE = ItemSpec(
    model=models.CaseExample,
    label="case example",
    layout=(
        "slug",
        "title",
        "order",
        "status",
        "our_summary",
        "summary",
        "description",
        "outcomes",
        "sequencing",
        "assessed",
        "sources",
    ),
    required=("slug", "title", "summary", "description", "sequencing"),
    optional={
        "order": 0,
        "our_summary": False,
        "outcomes": "",
        "status": "published",
        "assessed": {},
    },
    sources=True,
)
CONTEXT_KEYS = ("complexity", "levels", "audience_size", "motivation", "timescale", "funding")
STEP_KEYS = ("method", "phase", "phase_name", "what_it_did")
STEP_OPTIONAL = {"concurrent": True}
PRINCIPLE = ItemSpec(
    model=models.Principle,
    label="principle",
    layout=("slug", "name", "order", "status", "our_summary", "summary", "description"),
    required=("slug", "name", "summary", "description"),
    optional={"order": 0, "our_summary": False, "status": "published"},
)
TOPIC = ItemSpec(
    model=models.Topic,
    label="topic",
    layout=("slug", "title", "order", "status", "our_summary", "summary", "body"),
    required=("slug", "title", "summary", "body"),
    optional={"order": 0, "our_summary": False, "status": "published"},
)
GLOSSARY_TERM = ItemSpec(
    model=models.GlossaryTerm,
    label="glossary term",
    layout=("slug", "term", "status", "our_summary", "definition", "sources"),
    required=("slug", "term", "definition"),
    optional={"our_summary": False, "status": "published"},
    sources=True,
)

SOURCES_FILE = "sources.yaml"
PRINCIPLES_FILE = "principles.yaml"
TOPICS_FILE = "topics.yaml"
GLOSSARY_FILE = "glossary.yaml"
APPROACHES_DIR = "approaches"
CASE_EXAMPLES_DIR = "case-examples"
