"""What the selector adds to content's admin: its health checks and the engine preview."""

import pytest

from content import models
from content.health import registry

pytestmark = pytest.mark.django_db


def test_wizard_glossary_link_to_a_missing_term_is_listed():
    models.GlossaryTerm.objects.filter(slug="pull").delete()
    (check,) = registry.run_checks(only=("glossary",))
    problems = check.problems
    assert any(p.item.startswith("Planning question") and "#pull" in p.detail for p in problems)
