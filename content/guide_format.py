"""The layout of the guide's content files, shared by the loader and the exporter.

See docs/content-format.md for the format as a reader sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from . import models

DEFAULT_GUIDE_DIR = Path(settings.BASE_DIR) / "content" / "guide"


@dataclass(frozen=True)
class ItemSpec:
    """How one kind of item is written in a file."""

    model: type
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
METHOD = ItemSpec(
    model=models.Method,
    label="method",
    layout=(
        "slug",
        "name",
        "kind",
        "order",
        "status",
        "our_summary",
        "summary",
        "description",
        "examples",
        "stages",
        "levels",
        "audience_sizes",
        "audiences",
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
        "resources_needed",
        "timeframe",
        "assessed",
        "sources",
    ),
    required=(
        "slug",
        "name",
        "kind",
        "summary",
        "description",
        "stages",
        "levels",
        "audience_sizes",
        "complexity",
        "motivation",
        "energy",
        "cost",
        "capacity",
        "time_to_effect",
        "resources_needed",
        "timeframe",
    ),
    optional={
        "order": 0,
        "our_summary": False,
        "examples": "",
        "audiences": [],
        "builds_evidence": False,
        "evidence_needed": "limited",
        "functions": [],
        "leads": [],
        "interventions": [],
        "status": "published",
        "assessed": {},
    },
    sources=True,
)
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
