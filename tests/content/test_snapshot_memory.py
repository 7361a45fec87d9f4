"""The snapshot is held in process memory per revision, and the revision is read once a request."""

from unittest import mock

import pytest

from content import snapshot
from content.snapshot import get_snapshot, guide_version, one_revision_read

pytestmark = pytest.mark.django_db


def test_a_held_snapshot_is_not_read_from_the_cache_again():
    first = get_snapshot()
    with mock.patch.object(snapshot.cache, "get") as cache_get:
        again = get_snapshot()
    assert again is first
    cache_get.assert_not_called()


def test_a_new_revision_replaces_the_held_snapshot(django_capture_on_commit_callbacks):
    before = get_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot.bump_revision()
    assert get_snapshot() is not before


def test_within_a_request_the_revision_is_read_once(django_assert_num_queries):
    get_snapshot()  # held in memory from here on
    with one_revision_read(), django_assert_num_queries(1):
        guide_version()
        guide_version()
        get_snapshot()


def test_outside_a_request_each_call_reads_the_revision(django_assert_num_queries):
    with django_assert_num_queries(2):
        guide_version()
        guide_version()


def test_a_bump_during_the_request_is_seen_by_the_rest_of_it(django_capture_on_commit_callbacks):
    with one_revision_read():
        number, _ = guide_version()
        with django_capture_on_commit_callbacks(execute=True):
            snapshot.bump_revision()
        assert guide_version()[0] == number + 1
