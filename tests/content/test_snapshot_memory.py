"""The snapshot is held in process memory per revision, and the revision is read once a request."""

import time
from unittest import mock

import pytest
from django.db.models import F

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


def _read_in_a_request(*, may_reuse: bool = True) -> tuple[int, object]:
    with one_revision_read(may_reuse=may_reuse):
        return guide_version()


def _change_revision_elsewhere() -> None:
    """As another process publishing would: the row changes, this process is not told."""
    snapshot.models.GuideRevision.objects.filter(pk=1).update(number=F("number") + 1)


@pytest.fixture
def long_recheck(settings):
    """An interval no slow test machine can overrun between two requests."""
    settings.GUIDE_REVISION_RECHECK_SECONDS = 60


def test_a_request_soon_after_another_takes_its_revision_read(
    long_recheck, django_assert_num_queries
):
    _read_in_a_request()
    with django_assert_num_queries(0):
        _read_in_a_request()


def test_a_revision_changed_elsewhere_is_seen_once_the_recheck_interval_has_passed(settings):
    settings.GUIDE_REVISION_RECHECK_SECONDS = 1.0
    read_at = time.monotonic()
    with mock.patch.object(snapshot.time, "monotonic", return_value=read_at):
        before, _ = _read_in_a_request()
    _change_revision_elsewhere()
    with mock.patch.object(snapshot.time, "monotonic", return_value=read_at + 0.9):
        assert _read_in_a_request()[0] == before  # within the interval: the recent read stands
    with mock.patch.object(snapshot.time, "monotonic", return_value=read_at + 1.0):
        assert _read_in_a_request()[0] == before + 1


def test_with_no_recheck_interval_every_request_reads_the_revision(
    settings, django_assert_num_queries
):
    settings.GUIDE_REVISION_RECHECK_SECONDS = 0
    _read_in_a_request()
    with django_assert_num_queries(1):
        _read_in_a_request()


def test_a_request_that_may_write_reads_the_revision_itself(long_recheck):
    before, _ = _read_in_a_request()
    _change_revision_elsewhere()
    assert _read_in_a_request(may_reuse=False)[0] == before + 1


def test_a_publish_in_this_process_is_seen_by_its_next_request_at_once(
    long_recheck, django_capture_on_commit_callbacks
):
    before, _ = _read_in_a_request()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot.bump_revision()
    assert _read_in_a_request()[0] == before + 1


def test_a_read_overtaken_by_a_publish_serves_no_later_request(long_recheck):
    """A read begun before a publish in this process may return the old revision to its own
    request, but must not be kept for the next ones."""
    before, _ = _read_in_a_request()
    snapshot.forget_recent_revision()
    read = snapshot._read_version

    def read_then_publish() -> tuple[int, object]:
        old = read()
        _change_revision_elsewhere()
        snapshot.forget_recent_revision()  # what a publish does, while this read was under way
        return old

    with mock.patch.object(snapshot, "_read_version", read_then_publish):
        assert _read_in_a_request()[0] == before
    assert _read_in_a_request()[0] == before + 1


def test_a_bump_during_a_request_is_not_undone_by_a_recent_read(
    long_recheck, django_capture_on_commit_callbacks
):
    before, _ = _read_in_a_request()  # a recent read, of the old revision
    with one_revision_read():
        assert guide_version()[0] == before
        with django_capture_on_commit_callbacks(execute=True):
            snapshot.bump_revision()
        assert guide_version()[0] == before + 1
