import os

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real guide once; each test then runs in a transaction that is rolled back.

    Tests that use a live server (transactional) run last and load the guide themselves.
    """
    from content.guide_loader import load_guide

    with django_db_blocker.unblock():
        load_guide()


@pytest.fixture(autouse=True)
def _usage_counts_written_at_once(settings):
    """Tests read usage counts straight after a view, so write them on every view (counts an
    earlier test left pending are dropped by ``clear_caches``)."""
    settings.USAGE_FLUSH_SECONDS = 0


def clear_caches() -> None:
    """The shared cache and this process's copy of the guide snapshot (test transactions never
    commit, so the guide revision that would replace that copy is never bumped)."""
    from content.snapshot import forget_local_snapshots
    from selector.usage import discard_pending_usage

    cache.clear()
    forget_local_snapshots()
    discard_pending_usage()


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def empty_guide(db):
    """No guide content at all, for tests that build their own with factories."""
    from content import models

    models.CombinationStep.objects.all().delete()
    models.CaseExample.objects.all().delete()
    models.Consideration.objects.all().delete()
    models.Method.objects.all().delete()
    models.Approach.objects.all().delete()
    models.Principle.objects.all().delete()
    models.Topic.objects.all().delete()
    models.GlossaryTerm.objects.all().delete()
    models.Source.objects.all().delete()
    clear_caches()


@pytest.fixture
def loaded_guide(transactional_db):
    """The real guide, for transactional tests (live server) where the session copy is gone."""
    from content.guide_loader import load_guide

    load_guide()
    clear_caches()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database (live server, transactional) after all others.

    pytest-django runs them before tests that use no database fixture, but some of those read
    the session's guide through a cached snapshot, which a flush would have emptied.
    """

    def flushes(item) -> bool:
        fixtures = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        return (
            "live_server" in fixtures
            or "transactional_db" in fixtures
            or bool(marker and marker.kwargs.get("transaction"))
        )

    items.sort(key=flushes)
