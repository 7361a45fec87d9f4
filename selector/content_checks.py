"""What the selector adds to content's admin: health checks only the engine and the questions
can make, and the engine preview on a method's page.

Registered when the app starts (``SelectorConfig.ready``), so content's health page runs them
without content importing the selector.
"""

from __future__ import annotations

from content import admin_previews, models
from content.health import registry
from content.health.links import Published, published_slugs
from content.health.problems import Problem

from . import coverage, engine_preview
from .matching import GUIDANCE_RULES
from .questions import QUESTIONS


def _question_glossary_problems(published: Published) -> list[Problem]:
    return [
        Problem(
            item=f"Planning question: {question.short_label}",
            detail=f"Its help links to the glossary term '{term}' (#{slug}), which is not "
            "defined or not published. Add the term to the glossary.",
        )
        for question in QUESTIONS
        for term, slug in question.glossary
        if slug not in published.glossary
    ]


def question_glossary_problems() -> tuple[list[Problem], str]:
    return _question_glossary_problems(published_slugs()), ""


def guidance_problems() -> tuple[list[Problem], str]:
    """Guidance rules naming a principle or topic that is not published (renamed or retired)."""
    published = {
        "principle": set(models.Principle.objects.published().values_list("slug", flat=True)),
        "topic": set(models.Topic.objects.published().values_list("slug", flat=True)),
    }
    problems = [
        Problem(
            item=f"Guidance rule: {kind} '{slug}'",
            detail=f"The result page points some plans to the {kind} '{slug}', which is not "
            f"published, so that guidance is silently dropped ({why}). Publish it, restore its "
            "slug, or change the rule in selector/matching.py.",
        )
        for kind, slug, _applies, why in GUIDANCE_RULES
        if slug not in published[kind]
    ]
    return problems, ""


def register() -> None:
    admin_previews.register_method_preview(engine_preview.preview_context)
    registry.extend_check("glossary", question_glossary_problems)
    registry.register_check(
        "never-recommended",
        f"Methods never in the top {coverage.TOP}",
        f"Published methods that no combination of answers ranks in the top {coverage.TOP}.",
        coverage.never_recommended,
        forget=coverage.forget_coverage,
    )
    registry.register_check(
        "guidance",
        "Guidance rules with no principle or topic",
        "The result page recommends principles and topics by slug; renaming or unpublishing "
        "one drops that guidance.",
        guidance_problems,
    )
