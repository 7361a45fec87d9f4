"""Saved plans keep the "our assessment" marker on the considerations they store."""

import pytest

from content import models
from content.snapshot import build_snapshot
from selector.engine import recommend
from selector.plans import recommendation_from_data, recommendation_to_data
from tests.selector.test_engine_support import answers

pytestmark = pytest.mark.django_db


def test_a_saved_recommendation_keeps_which_considerations_are_our_assessment():
    models.Consideration.objects.update(assessed=True)

    restored = recommendation_from_data(
        recommendation_to_data(recommend(answers(), build_snapshot()))
    )

    considerations = [c for m in restored.methods for c in m.considerations]
    assert considerations and all(c.assessed for c in considerations)


def test_a_plan_saved_before_the_marker_existed_still_loads():
    data = recommendation_to_data(recommend(answers(), build_snapshot()))
    for method in data["methods"]:
        for consideration in method["considerations"]:
            del consideration["assessed"]

    restored = recommendation_from_data(data)

    assert not any(c.assessed for m in restored.methods for c in m.considerations)
