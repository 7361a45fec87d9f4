"""Write the database back out as content files, in the layout the loader reads.

Edits made in admin can then be reviewed as a diff; loading the export changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import guide_format as fmt
from . import models


class _GuideDumper(yaml.SafeDumper):
    """Multi-line text as literal blocks and short lists inline, so files read like prose."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flow = all(isinstance(v, str) and "\n" not in v and len(v) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_GuideDumper.add_representer(str, _represent_str)
_GuideDumper.add_representer(list, _represent_list)


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_GuideDumper, sort_keys=False, allow_unicode=True, width=100_000)
    path.write_text(text, encoding="utf-8")


def _item(spec: fmt.ItemSpec, obj: Any) -> dict[str, Any]:
    """The item's keys in the documented layout; optional keys only when not the default."""
    data: dict[str, Any] = {}
    for key in spec.layout:
        if key == "sources":
            slugs = sorted(s.slug for s in obj.sources.all())
            if slugs:
                data["sources"] = slugs
            continue
        value = getattr(obj, key)
        if key in spec.optional and value == spec.optional[key] and key != "our_summary":
            continue
        if key == "assessed":
            value = _in_layout_order(spec, value)
        data[key] = value
    return data


def _in_layout_order(spec: fmt.ItemSpec, assessed: dict[str, str]) -> dict[str, str]:
    """Assessed fields in the order the item's fields are written (the database keeps no
    order), so the export is the same whatever order they were entered in."""
    position = {key: i for i, key in enumerate(spec.layout)}
    return {
        key: assessed[key]
        for key in sorted(assessed, key=lambda k: (position.get(k, len(position)), k))
    }


def _consideration(consideration: models.Consideration) -> dict[str, Any]:
    data: dict[str, Any] = {"topic": consideration.topic, "text": consideration.text}
    if consideration.assessed:
        data["assessed"] = True
    return data


def export_guide(directory: Path | str) -> list[Path]:
    """Write every item (drafts included, marked by status) under directory; return the files."""
    directory = Path(directory)
    written: list[Path] = []

    def write(data: Any, path: Path) -> None:
        _dump(data, path)
        written.append(path)

    write(
        [_item(fmt.SOURCE, s) for s in models.Source.objects.order_by("slug")],
        directory / fmt.SOURCES_FILE,
    )
    write(
        [_item(fmt.PRINCIPLE, p) for p in models.Principle.objects.all()],
        directory / fmt.PRINCIPLES_FILE,
    )
    write([_item(fmt.TOPIC, t) for t in models.Topic.objects.all()], directory / fmt.TOPICS_FILE)
    write(
        [
            _item(fmt.GLOSSARY_TERM, g)
            for g in models.GlossaryTerm.objects.prefetch_related("sources")
        ],
        directory / fmt.GLOSSARY_FILE,
    )

    approaches_dir = directory / fmt.APPROACHES_DIR
    for old in approaches_dir.glob("*.yaml"):
        old.unlink()
    methods = models.Method.objects.prefetch_related("sources", "considerations")
    for approach in models.Approach.objects.prefetch_related("sources"):
        data = _item(fmt.APPROACH, approach)
        data["methods"] = []
        for method in methods.filter(approach=approach):
            method_data = _item(fmt.METHOD, method)
            method_data["considerations"] = [_consideration(c) for c in method.considerations.all()]
            data["methods"].append(method_data)
        write(data, approaches_dir / f"{approach.order:02d}-{approach.slug}.yaml")

    cases_dir = directory / fmt.CASE_EXAMPLES_DIR
    for old in cases_dir.glob("*.yaml"):
        old.unlink()
    for case in models.CaseExample.objects.prefetch_related("sources", "steps__method"):
        data = _item(fmt.CASE_EXAMPLE, case)
        data["context"] = {key: getattr(case, key) for key in fmt.CONTEXT_KEYS}
        data["steps"] = [
            {
                "method": step.method.slug,
                "phase": step.phase,
                "phase_name": step.phase_name,
                "concurrent": step.concurrent,
                "what_it_did": step.what_it_did,
            }
            for step in case.steps.all()
        ]
        write(data, cases_dir / f"{case.slug}.yaml")
    return written
