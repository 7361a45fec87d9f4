"""The three-way merge of flat fields."""

from __future__ import annotations

from selector.plan_merge import three_way


def test_a_field_only_you_changed_takes_yours():
    merge = three_way({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 1})
    assert merge.values == {"a": 2, "b": 1} and merge.clashes == ()


def test_a_field_only_they_changed_keeps_theirs():
    merge = three_way({"a": 1, "b": 1}, {"a": 1, "b": 2}, {"a": 3, "b": 1})
    assert merge.values == {"a": 3, "b": 2}
    assert merge.theirs == ("a",) and merge.clashes == ()


def test_both_changing_a_field_differently_is_a_clash_and_the_saved_value_stands():
    merge = three_way({"a": "old"}, {"a": "mine"}, {"a": "theirs"})
    assert merge.values == {"a": "theirs"}
    assert [(c.key, c.base, c.yours, c.theirs) for c in merge.clashes] == [
        ("a", "old", "mine", "theirs")
    ]
    assert merge.theirs == ()  # told once, as the clash


def test_both_making_the_same_change_is_no_clash():
    merge = three_way({"a": 1}, {"a": 2}, {"a": 2})
    assert merge.values == {"a": 2} and merge.clashes == ()


def test_without_a_base_every_difference_is_a_clash():
    merge = three_way(None, {"a": 1, "b": 2}, {"a": 1, "b": 3})
    assert [c.key for c in merge.clashes] == ["b"] and merge.values == {"a": 1, "b": 3}


def test_a_field_gone_from_the_saved_version_is_dropped():
    merge = three_way({"gone": 1}, {"gone": 2}, {"other": 1})
    assert merge.values == {"other": 1} and merge.clashes == ()


def test_a_field_new_in_the_saved_version_is_kept():
    merge = three_way({"a": 1}, {"a": 1}, {"a": 1, "new": 5})
    assert merge.values == {"a": 1, "new": 5}
