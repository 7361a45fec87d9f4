"""One vocabulary: the questions' values and the engine's scales come from content.choices."""

import pytest

from content import choices
from selector import scoring
from selector.questions import QUESTIONS, VOCABULARY


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_each_question_offers_exactly_its_vocabulary(question):
    assert set(question.values) == set(VOCABULARY[question.name].values)


@pytest.mark.parametrize(
    "scale",
    [
        choices.Amount,
        choices.Energy,
        choices.Capacity,
        choices.AudienceSize,
        choices.Timescale,
        choices.Complexity,
    ],
)
def test_engine_ranks_each_scale_in_the_vocabulary_order(scale):
    assert [scoring.ORDINAL[v] for v in scale.values] == list(range(len(scale.values)))


def test_a_value_at_two_places_on_two_scales_is_refused():
    # "limited" is the least capacity but the middle amount of funding.
    with pytest.raises(ValueError, match="limited"):
        choices.positions(choices.Capacity, choices.Funding)


@pytest.mark.parametrize(
    ("words", "scale"),
    [
        (scoring.STAGE_WORDS, choices.Stage),
        (scoring.AUDIENCE_WORDS, choices.Audience),
        (scoring.TIMESCALE_WORDS, choices.Timescale),
    ],
)
def test_sentences_have_words_for_every_value_and_no_other(words, scale):
    assert set(words) == set(scale.values)
