"""What the selector adds to content's admin: its health checks and the engine preview."""

import pytest

from content import admin_previews, models
from content.health import registry

pytestmark = pytest.mark.django_db


def test_wizard_glossary_link_to_a_missing_term_is_listed():
    models.GlossaryTerm.objects.filter(slug="pull").delete()
    (check,) = registry.run_checks(only=("glossary",))
    problems = check.problems
    assert any(p.item.startswith("Planning question") and "#pull" in p.detail for p in problems)


def test_guidance_rule_for_a_missing_principle_is_listed():
    models.Principle.objects.filter(slug="learning").delete()
    (check,) = registry.run_checks(only=("guidance",))
    assert [p.item for p in check.problems] == ["Guidance rule: principle 'learning'"]


def test_guidance_rules_all_reach_the_shipped_guide():
    (check,) = registry.run_checks(only=("guidance",))
    assert check.problems == []


def test_method_admin_gets_the_engine_preview_from_the_selector():
    method = models.Method.objects.get(slug="network")
    context = admin_previews.method_preview_context(method)
    assert context["engine_preview"].ranks
    assert context["scenarios"]
