"""OneRevisionReadMiddleware: reading requests may take the process's recent revision read; a
request that may write reads the revision itself."""

import pytest
from django.db.models import F
from django.http import HttpResponse
from django.test import RequestFactory

from content import snapshot
from spreadguide.middleware import OneRevisionReadMiddleware

pytestmark = pytest.mark.django_db


def _revision_seen(method: str) -> int:
    def view(request):
        return HttpResponse(str(snapshot.guide_version()[0]))

    request = RequestFactory().generic(method, "/")
    return int(OneRevisionReadMiddleware(view)(request).content)


@pytest.fixture
def read_before_a_publish_elsewhere(settings) -> int:
    settings.GUIDE_REVISION_RECHECK_SECONDS = 60
    before = _revision_seen("GET")
    snapshot.models.GuideRevision.objects.filter(pk=1).update(number=F("number") + 1)
    return before


def test_a_get_soon_after_takes_the_recent_read(read_before_a_publish_elsewhere):
    assert _revision_seen("GET") == read_before_a_publish_elsewhere


def test_a_post_reads_the_revision_itself(read_before_a_publish_elsewhere):
    assert _revision_seen("POST") == read_before_a_publish_elsewhere + 1
