"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app.

Every operation in ``/api/schema`` is called with schema-valid (positive) and schema-breaking
(negative) inputs, within a small fixed budget: no 5xx, and every response conforms to the
schema (status code documented, body valid, content type right).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

EXAMPLES = {GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 25}


def _api_schema():
    return schemathesis.openapi.from_wsgi("/api/schema", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
def test_api_conforms_to_its_schema(mode):
    schema = _api_schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the schema lists no operations"
    # Negative inputs must not crash and must be answered as documented; whether a particular
    # mutation is "really" invalid (e.g. a repeated parameter) is the API's call, not ours.
    excluded = [negative_data_rejection] if mode is GenerationMode.NEGATIVE else []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call_and_validate(excluded_checks=excluded)
            assert response.status_code < 500, (case.as_curl_command(), response.text[:500])

        check()
